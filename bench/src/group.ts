import { runMatmul } from './cases/matmul.js';
import { runMlpEpoch, runSteps } from './cases/train.js';
import type { MnistArrays } from './data.js';
import type { GcMeter } from './gc.js';
import { DEFAULT_OPTIONS, type MeasureOptions } from './measure.js';
import type { Row } from './result.js';
import { type SystemContext, type SystemId, isGpujs } from './systems.js';

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
  /**
   * The gpu.js systems' training steps. Their GL and WebGPU modes run on software rasterizers
   * here (tens of ms per MLP step, seconds per CNN step), so the MLP runs a fixed number of steps
   * instead of an epoch, and the CNN fewer steps than the others.
   */
  gpujs: GpujsSteps;
}

export interface GpujsSteps {
  mlpWarmupSteps: number;
  mlpSteps: number;
  cnnWarmupSteps: number;
  cnnSteps: number;
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
  // About 3–6 s of timed MLP steps and 10–15 s of CNN steps per gpu.js system on a quiet 2-core
  // machine (llvmpipe: ~60 ms per MLP step at batch 128, 2–3 s per CNN step): ~2.5 minutes for
  // the twelve gpu.js processes of a full run.
  gpujs: { mlpWarmupSteps: 5, mlpSteps: 100, cnnWarmupSteps: 2, cnnSteps: 5 },
};

/**
 * `--quick`: shorter matmul timing and fewer CNN steps (and gpu.js MLP steps); the MLP epochs
 * stay full.
 */
export const QUICK: BenchOptions = {
  ...FULL,
  measure: { warmupMs: 50, targetMs: 200, maxMs: 1000, minSamples: 3, sampleMs: 10 },
  cnnWarmupSteps: 1,
  cnnSteps: 5,
  gpujs: { mlpWarmupSteps: 3, mlpSteps: 20, cnnWarmupSteps: 1, cnnSteps: 2 },
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
  const gpujs = isGpujs(ctx.id);
  if (group.startsWith('mlp-')) {
    if (!gpujs)
      return [await runMlpEpoch(ctx, data, { batchSize, warmupSteps: o.mlpWarmupSteps, gc, log })];
    return [
      await runSteps(ctx, data, 'mlp', {
        batchSize,
        warmupSteps: o.gpujs.mlpWarmupSteps,
        steps: o.gpujs.mlpSteps,
        slowStepSeconds: o.slowStepSeconds,
        gc,
        log,
      }),
    ];
  }
  if (group.startsWith('cnn-'))
    return [
      await runSteps(ctx, data, 'cnn', {
        batchSize,
        warmupSteps: gpujs ? o.gpujs.cnnWarmupSteps : o.cnnWarmupSteps,
        steps: gpujs ? o.gpujs.cnnSteps : o.cnnSteps,
        slowStepSeconds: o.slowStepSeconds,
        gc,
        log,
      }),
    ];
  throw new Error(`bench: unknown case group '${group}'`);
}
