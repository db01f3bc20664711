/**
 * Our side of the peer benchmark: the package's real `train()` loop and
 * `iterateToFixedPoints`, each checked from the initial parameters, warmed up and timed; and
 * the raw float32 files the two sides exchange (initial parameters, rows, fixed points).
 *
 * @module
 */
import type { Tensor2D, Variable } from "../../lib/tf.ts";
import { tf } from "../../lib/tf.ts";
import { iterateToFixedPoints } from "../../lib/eval/fixed_points.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { meanLoss, train } from "../../lib/train/train.ts";
import type { Trainable } from "../../lib/types.ts";
import { type ArrayData, firstRows } from "../../lib/data/rows.ts";
import {
  type CheckLosses,
  FIXED_POINT_BATCH,
  FIXED_POINT_CHECK_ROWS,
  FIXED_POINT_ITERATIONS,
  median,
  type OursResult,
  type StepSettings,
} from "./types.ts";

/** `make()` inside `tf.tidy`, so the tensors a constructor leaves behind are freed. */
export function built<T>(make: () => T): T {
  let out!: T;
  tf.tidy(() => {
    out = make();
  });
  return out;
}

/** How {@link timeTraining} trains. */
export interface TrainingSettings {
  /** Minibatch size. */
  batchSize: number;
  /** Base learning rate (the trainer multiplies it by the model's `learningRateScale`). */
  learningRate: number;
  /** SGD momentum; 0 is plain SGD. */
  momentum: number;
  /**
   * The model the consistency check trains, when it is not `model` itself: a twin with the
   * same initial weights (the walkback DAE without noise). Default `model`.
   */
  checkModel?: Trainable;
}

/**
 * Check, warm up and time `model` with the package's trainer (SGD with `hp.momentum`; the
 * trainer applies the model's `learningRateScale` and `constrain()`); labels go along when
 * `s.data` has them.
 */
export async function timeTraining(
  model: Trainable,
  hp: TrainingSettings,
  s: StepSettings,
): Promise<Omit<OursResult, "params">> {
  const { batchSize, learningRate, momentum } = hp;
  const rows = (n: number) => firstRows(s.data, n);

  // Consistency check: unshuffled steps from the initial parameters, then the loss.
  const checkModel = hp.checkModel ?? model;
  const checkData = rows(s.checkSteps * batchSize);
  const checkOpt = sgd({ momentum });
  let check: CheckLosses;
  try {
    const r = await train(checkModel, checkData, {
      epochs: 1,
      batchSize,
      optimizer: checkOpt,
      learningRate,
      shuffle: false,
    });
    check = {
      steps: s.checkSteps,
      rows: checkData.n,
      epochLoss: r.history[0].loss,
      finalLoss: await meanLoss(checkModel, checkData),
    };
  } finally {
    checkOpt.dispose();
  }

  const optimizer = sgd({ momentum });
  try {
    await train(model, rows(s.warmupSteps * batchSize), {
      epochs: 1,
      batchSize,
      optimizer,
      learningRate,
      shuffle: false,
    });
    // Timed: whole epochs, shuffled with a fixed seed; the trainer's per-epoch seconds end
    // with reading the epoch's loss, which waits for every step to finish.
    const r = await train(model, s.data, {
      epochs: s.repeats,
      batchSize,
      optimizer,
      learningRate,
      seed: s.seed,
    });
    const epochSeconds = r.history.map((h) => h.seconds);
    return {
      samplesPerSecond: median(epochSeconds.map((t) => s.data.n / t)),
      epochSeconds,
      check,
    };
  } finally {
    optimizer.dispose();
  }
}

/**
 * Check, warm up and time the fixed-point iteration x <- r(x) of `iterateToFixedPoints` over
 * `s.data`, for {@link FIXED_POINT_ITERATIONS} iterations (it never stops early), in batches
 * of {@link FIXED_POINT_BATCH}. The rate is samples x iterations per second.
 */
export async function timeFixedPoints(
  reconstruct: (x: Tensor2D) => Tensor2D,
  s: StepSettings,
): Promise<Omit<OursResult, "params">> {
  const run = (data: ArrayData, iterations: number) =>
    iterateToFixedPoints(reconstruct, data, {
      maxIterations: iterations,
      convergedFraction: 1, // never stop by the rule: a fixed amount of work
      batchSize: FIXED_POINT_BATCH,
    });
  const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

  const checkData = firstRows(s.data, FIXED_POINT_CHECK_ROWS);
  const c = await run(checkData, s.checkSteps);
  const check: CheckLosses = {
    steps: c.iterations,
    rows: checkData.n,
    epochLoss: mean(c.meanStepLengths),
    finalLoss: c.meanStepLengths[c.iterations - 1],
  };

  await run(firstRows(s.data, FIXED_POINT_BATCH), s.warmupSteps);
  const epochSeconds: number[] = [];
  for (let i = 0; i < s.repeats; i++) {
    const t0 = performance.now();
    const r = await run(s.data, FIXED_POINT_ITERATIONS); // ends with reading the points back
    epochSeconds.push((performance.now() - t0) / 1000);
    if (r.iterations !== FIXED_POINT_ITERATIONS) throw new Error("the iteration stopped early");
  }
  return {
    samplesPerSecond: median(epochSeconds.map((t) => s.data.n * FIXED_POINT_ITERATIONS / t)),
    epochSeconds,
    check,
    checkPoints: c.points.x,
  };
}

/** Write each parameter as raw little-endian float32 to `dir/<prefix>-init-<name>.f32`. */
export async function writeParams(
  dir: string,
  prefix: string,
  params: Record<string, Variable>,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [name, v] of Object.entries(params)) {
    const path = `${dir}/${prefix}-init-${name}.f32`;
    await Deno.writeFile(path, float32Le((await v.data()) as Float32Array));
    files[name] = path;
  }
  return files;
}

/** `values` as raw little-endian float32 bytes. */
export function float32Le(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** Read a raw little-endian float32 file. */
export async function readFloat32Le(path: string): Promise<Float32Array> {
  const bytes = await Deno.readFile(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** ||a - b|| / ||b|| over all values. */
export function relativeL2(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}
