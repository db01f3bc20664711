/**
 * The trainer's epoch loop and its checks: options that cannot train, each epoch's learning
 * rate and schedule values, the steps of one epoch, progress reports. Private to `./train.ts`.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor } from "../tf.ts";
import { permutation, randomStream } from "../random.ts";
import type { Optimizer } from "./optimizers.ts";
import type { Schedule } from "./schedules.ts";
import type { Batch, Progress, StepContext, Trainable } from "../types.ts";
import { type ArrayData, gatherBatch } from "../data/rows.ts";
import type { TrainOptions } from "./train.ts";

/** A seed unique to (run seed, epoch, step), for tfjs random ops. */
export function stepSeed(seed: number, epoch: number, step: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (epoch + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (step + 0x165667b1), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Free a batch's tensors. */
export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.y?.dispose();
}

/** Refuse options that cannot train, naming the option, its value and what is allowed. */
export function checkOptions(model: Trainable, options: TrainOptions): void {
  const integer = (name: string, v: unknown, min: number) => {
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < min)) {
      throw new Error(`train: ${name} must be an integer >= ${min}, got ${v}`);
    }
  };
  integer("epochs", options.epochs, 0);
  if (options.epochs === undefined) throw new Error("train: pass epochs, the number of passes");
  integer("batchSize", options.batchSize, 1);
  integer("validateEvery", options.validateEvery, 1);
  integer("checkpointEvery", options.checkpointEvery, 1);
  integer("patience", options.patience, 1);
  const factor = options.divergenceFactor;
  if (factor !== undefined && !(factor > 1)) {
    throw new Error(`train: divergenceFactor must be a number > 1, got ${factor}`);
  }
  for (const [k, v] of Object.entries(model.params)) {
    if (v.isDisposed) {
      throw new Error(`train: the model's parameter "${k}" is disposed: build a new model`);
    }
  }
}

/** Each epoch's learning rate and schedule values, checked before any training. */
export function epochPlan(
  epochs: number,
  lr: Schedule,
  schedules: readonly (readonly [string, Schedule])[],
): { learningRate: number; values: Record<string, number> }[] {
  return Array.from({ length: epochs }, (_, epoch) => {
    const learningRate = lr(epoch, epochs);
    if (!Number.isFinite(learningRate) || learningRate < 0) {
      throw new Error(
        `train: the learning rate must be a finite number >= 0, got ${learningRate} for epoch ` +
          `${epoch + 1}: a negative rate climbs the loss`,
      );
    }
    const values: Record<string, number> = {};
    for (const [k, s] of schedules) values[k] = s(epoch, epochs);
    return { learningRate, values };
  });
}

/** True when every parameter is finite (one device read). */
export async function parametersFinite(params: Record<string, Tensor>): Promise<boolean> {
  const ok = tf.tidy(() =>
    tf.stack(Object.values(params).map((p) => tf.all(tf.isFinite(p)))).all()
  );
  const value = (await ok.data())[0];
  ok.dispose();
  return value === 1;
}

/** A progress report of the run so far. */
export function progressOf(
  clock: { runStart: number; samplesDone: number },
  data: ArrayData,
  batchSize: number,
  epoch: number,
  epochs: number,
  steps: number,
  at: { step: number; loss: number; validation?: number; values: Record<string, number> },
): Progress {
  const elapsed = (performance.now() - clock.runStart) / 1000;
  const rate = clock.samplesDone / Math.max(elapsed, 1e-9);
  const left = (epochs - epoch) * data.n - at.step * batchSize;
  return {
    epoch,
    epochs,
    step: at.step,
    steps,
    loss: at.loss,
    validation: at.validation,
    samplesPerSecond: rate,
    secondsLeft: rate > 0 ? Math.max(0, left) / rate : NaN,
    values: at.values,
  };
}

/** One epoch of minibatch steps; returns the epoch's mean loss (NaN or infinite if diverged). */
export async function trainEpoch(
  model: Trainable,
  data: ArrayData,
  options: TrainOptions,
  e: {
    epoch: number;
    steps: number;
    batchSize: number;
    seed: number;
    eta: number;
    values: Record<string, number>;
    optimizer: Optimizer;
    clock: { runStart: number; samplesDone: number };
    onFirstLoss: (loss: number) => void;
    interrupted: () => Error;
  },
): Promise<number> {
  const { epoch, steps, batchSize, seed, eta, values, optimizer } = e;
  const params = model.params;
  const varList = Object.values(params);
  const keyOf = new Map(Object.entries(params).map(([k, v]) => [v.name, k]));
  const updateMs = (options.updateSeconds ?? 2) * 1000;
  const order = options.shuffle === false
    ? null
    : permutation(randomStream(seed, `shuffle:${epoch}`), data.n);
  let lossSum: Tensor = tf.scalar(0);
  let lastUpdate = performance.now();
  let lastYield = performance.now();
  try {
    for (let step = 0; step < steps; step++) {
      if (options.signal?.aborted) throw e.interrupted();
      const from = step * batchSize;
      const to = Math.min(data.n, from + batchSize);
      const batch = gatherBatch(data, order, from, to);
      const ctx: StepContext = {
        epoch,
        step,
        values,
        seed: stepSeed(seed, epoch, step),
        training: true,
      };
      // The gradients leave their tidy alone: the tensors the backward pass saved (clones of
      // the parameters among them) are freed before the update, so an optimizer can update a
      // parameter in place (../ops/_kernels/wasm_inplace.ts).
      const { value, grads } = tf.tidy(() =>
        tf.variableGrads(() => model.loss(batch, ctx), varList)
      );
      // the first step's loss, at the initial parameters, is the reference of divergence
      if (step === 0 && epoch === 0) e.onFirstLoss((await value.data())[0]);
      const newSum = tf.tidy(() => {
        const named: Record<string, Tensor> = {};
        for (const [name, g] of Object.entries(grads)) named[keyOf.get(name)!] = g;
        optimizer.apply(params, named, eta, model.learningRateScale);
        return tf.add(lossSum, tf.mul(value, to - from));
      });
      tf.dispose([value, ...Object.values(grads)]);
      lossSum.dispose();
      lossSum = newSum;
      if (model.constrain) model.constrain();
      disposeBatch(batch);
      e.clock.samplesDone += to - from;
      if (performance.now() - lastYield > 200) {
        // let timers and signal handlers (Ctrl-C) run: device reads alone never yield
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      if (options.progress && performance.now() - lastUpdate > updateMs) {
        const shown = (await lossSum.data())[0] / to;
        if (!Number.isFinite(shown)) return shown; // reported as divergence by the caller
        await options.progress.update(
          progressOf(e.clock, data, batchSize, epoch, options.epochs, steps, {
            step: step + 1,
            loss: shown,
            values,
          }),
        );
        lastUpdate = performance.now();
      }
    }
    return (await lossSum.data())[0] / data.n;
  } finally {
    lossSum.dispose();
  }
}

/**
 * Why an epoch counts as diverged, or null: a non-finite loss, a loss over `factor` times the
 * lowest seen, or a non-finite parameter.
 */
export async function divergence(
  params: Record<string, Tensor>,
  loss: number,
  lowest: number,
  factor: number,
): Promise<string | null> {
  if (!Number.isFinite(loss)) return `the training loss became ${loss}`;
  if (Number.isFinite(lowest) && lowest > 0 && loss > factor * lowest) {
    return `the training loss rose to ${loss.toPrecision(3)}, over ${factor} times the lowest ` +
      `so far (${lowest.toPrecision(3)})`;
  }
  if (!(await parametersFinite(params))) return "a parameter became NaN or infinite";
  return null;
}
