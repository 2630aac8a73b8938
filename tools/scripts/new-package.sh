#!/usr/bin/env bash
# Scaffolds packages/<name> with the shared layout: tsup (ESM + CJS + .d.ts), vitest beside the
# source, an exports map with types first. Usage: tools/scripts/new-package.sh <name> "<description>"
set -euo pipefail
name=$1; desc=$2
dir=packages/$name
mkdir -p "$dir/src"
cat > "$dir/package.json" <<JSON
{
  "name": "@tsgrad/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "sideEffects": false,
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "files": ["dist"],
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc -p tsconfig.json",
    "test": "vitest run"
  },
  "devDependencies": {
    "@tsgrad/tsconfig": "workspace:*",
    "@types/node": "^20.19.0"
  }
}
JSON
cp packages/tensor/tsconfig.json "$dir/tsconfig.json"
cat > "$dir/tsup.config.ts" <<'TS'
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
TS
cp packages/tensor/vitest.config.ts "$dir/vitest.config.ts"
echo "scaffolded $dir"
