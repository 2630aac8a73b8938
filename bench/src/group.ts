import { runMatmul } from './cases/matmul.js';
import { runCnnSteps, runMlpEpoch } from './cases/train.js';
import type { MnistArrays } from './data.js';
import type { GcMeter } from './gc.js';
import { DEFAULT_OPTIONS, type MeasureOptions } from './measure.js';
import type { Row } from './result.js';
import type { SystemContext, SystemId } from './systems.js';

/** Everything that sizes a run (the defaults are the full benchmark). */
export interface BenchOptions {
  measure: MeasureOptions;
  matmulSizes: number[];
  /** Batch sizes of the MLP epochs: groups `mlp-<batch>`. */
  mlpBatches: number[];
  /** Batch size of the CNN: group `cnn-<batch>`. */
  cnnBatch: number;
  cnnWarmupSteps: number;
  cnnSteps: number;
  /** A CNN first step longer than this (s) marks the system too slow. */
  slowStepSeconds: number;
  /** Steps on a throwaway MLP before the timed epoch. */
  mlpWarmupSteps: number;
  /** Use only the first samples of MNIST's splits (smoke tests); undefined: all of them. */
  limit?: { train: number; test: number };
}

export const FULL: BenchOptions = {
  measure: DEFAULT_OPTIONS,
  matmulSizes: [128, 512, 1024],
  mlpBatches: [32, 128],
  cnnBatch: 128,
  cnnWarmupSteps: 3,
  cnnSteps: 20,
  slowStepSeconds: 20,
  mlpWarmupSteps: 10,
};

/** `--quick`: shorter matmul timing and fewer CNN steps; the MLP epochs stay full. */
export const QUICK: BenchOptions = {
  ...FULL,
  measure: { warmupMs: 50, targetMs: 200, maxMs: 1000, minSamples: 3, sampleMs: 10 },
  cnnWarmupSteps: 1,
  cnnSteps: 5,
};

/** The case groups of a run, in order; each runs in its own process per system. */
export function groupsOf(o: BenchOptions): string[] {
  return ['matmul', ...o.mlpBatches.map((b) => `mlp-${b}`), `cnn-${o.cnnBatch}`];
}

/** Whether a system runs a group (plain JS has only the matmul loop). */
export function runsGroup(system: SystemId, group: string): boolean {
  return system !== 'plain-js' || group === 'matmul';
}

/** Runs one case group on a system that is set up, with the data for the training groups. */
export async function runGroup(
  ctx: SystemContext,
  group: string,
  o: BenchOptions,
  data: MnistArrays | undefined,
  gc?: GcMeter,
  log?: (line: string) => void,
): Promise<Row[]> {
  if (group === 'matmul') return runMatmul(ctx, o.measure, o.matmulSizes, gc);
  const batchSize = Number(group.split('-')[1]);
  if (!data) throw new Error(`bench: group ${group} needs the MNIST data`);
  if (group.startsWith('mlp-'))
    return [await runMlpEpoch(ctx, data, { batchSize, warmupSteps: o.mlpWarmupSteps, gc, log })];
  if (group.startsWith('cnn-'))
    return [
      await runCnnSteps(ctx, data, {
        batchSize,
        warmupSteps: o.cnnWarmupSteps,
        steps: o.cnnSteps,
        slowStepSeconds: o.slowStepSeconds,
        gc,
        log,
      }),
    ];
  throw new Error(`bench: unknown case group '${group}'`);
}
