import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from './program.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsgrad-cli-'));
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command line in-process; resolves to what it printed and its exit code. */
async function tsgrad(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  let err = '';
  const program = createProgram({ out: (l) => void out.push(l), err: (t) => void (err += t) });
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(['node', 'tsgrad', ...args]);
    return { out: out.join('\n'), err, code: 0 };
  } catch (e) {
    if (e instanceof CommanderError) return { out: out.join('\n'), err, code: e.exitCode };
    throw e;
  }
}

describe('tsgrad train / evaluate / summary', { timeout: 180_000 }, () => {
  it('trains a tiny MNIST MLP end to end, then evaluates and summarizes the saved model', async () => {
    const save = join(dir, 'mlp');
    const train = await tsgrad(
      'train',
      'mnist',
      '--model',
      'mlp',
      '--epochs',
      '2',
      '--batch-size',
      '32',
      '--train-limit',
      '400',
      '--test-limit',
      '200',
      '--backend',
      'cpu',
      '--verbose',
      '2',
      '--save',
      save,
      '--report',
      join(dir, 'reports', 'mlp.html'),
    );
    expect(train.err).toBe('');
    expect(train.code).toBe(0);
    expect(train.out).toContain('MNIST: 400 training and 200 test images');
    expect(train.out).toMatch(/Epoch 1\/2 - .* - loss: \d\.\d{4} - accuracy: .* - val_loss/);
    expect(train.out).toMatch(/Test accuracy: \d+\.\d\d% \(loss \d\.\d{4}, 200 images\)/);
    expect(train.out).toContain('precision    recall  f1-score   support');
    expect(train.out).toContain('Confusion matrix (rows: true class, columns: predicted class)');
    expect((await readdir(save)).sort()).toEqual([
      'best-checkpoint',
      'model.json',
      'optimizer.safetensors',
      'training.csv',
      'weights.safetensors',
    ]);
    const html = await readFile(join(dir, 'reports', 'mlp.html'), 'utf8');
    expect(html).toContain('<svg');
    expect((await readFile(join(save, 'training.csv'), 'utf8')).split('\n')[0]).toBe(
      'epoch,accuracy,loss,lr,val_accuracy,val_loss',
    );

    const evaluated = await tsgrad('evaluate', save, '--test-limit', '200', '--backend', 'cpu');
    expect(evaluated.code).toBe(0);
    const accuracy = /Test accuracy: (\d+\.\d\d)%/.exec(train.out)![1];
    expect(evaluated.out).toContain(`Test accuracy: ${accuracy}%`);
    expect(evaluated.out).toMatch(/^0 +\| +\d+/m);

    const summary = await tsgrad('summary', save);
    expect(summary.out).toContain('Total params: 109,386');
    expect(summary.out).toContain('Epochs trained: 2');
  });

  it('trains the CNN on the WebAssembly backend', async () => {
    const run = await tsgrad(
      'train',
      'mnist',
      '--model',
      'cnn',
      '--epochs',
      '1',
      '--train-limit',
      '128',
      '--test-limit',
      '64',
      '--validation-split',
      '0',
      '--verbose',
      '0',
      '--save',
      join(dir, 'cnn'),
    );
    expect(run.code).toBe(0);
    expect(run.out).toBe('');
    const summary = await tsgrad('summary', join(dir, 'cnn'));
    expect(summary.out).toContain('Total params: 34,826');
  });

  it('says what is wrong with a bad flag or value in one line, with a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['train', 'mnist', '--epochs', '0'],
        /^tsgrad: error: option '-e, --epochs <n>' argument '0' is invalid\. --epochs must be an integer >= 1, got '0'\.\n$/,
      ],
      [['train', 'mnist', '--batch-size', 'x'], /--batch-size must be an integer >= 1, got 'x'/],
      [['train', 'mnist', '--lr', '-1'], /--lr must be a number > 0, got '-1'/],
      [['train', 'mnist', '--modle', 'cnn'], /unknown option '--modle' \(Did you mean --model\?\)/],
      [['train', 'mnist', '--model', 'rnn'], /Allowed choices are mlp, cnn/],
      [
        ['train', 'cifar'],
        /value 'cifar' is invalid for argument 'dataset'\. Allowed choices are mnist, fashion-mnist/,
      ],
      [['evaluate'], /missing required argument 'dir'/],
    ];
    for (const [args, message] of cases) {
      const r = await tsgrad(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('reports a missing model directory clearly', async () => {
    await expect(tsgrad('evaluate', join(dir, 'nope'), '--backend', 'cpu')).rejects.toThrow(
      /loadModel: .*nope\/model\.json is missing/,
    );
  });
});
