#!/usr/bin/env node
import { createProgram } from './cli/program.js';

createProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    console.error(`tsgrad: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
