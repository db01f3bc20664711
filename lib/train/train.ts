/**
 * The one training loop. Every model in the package trains through {@link train}: it owns
 * batching with seeded shuffling, the optimizer, schedules, constraints, validation with
 * early stopping, progress, checkpoints and resume, and the check for divergence.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor } from "../tf.ts";
import { permutation, randomStream } from "../random.ts";
import { type NamedArray, writeCheckpoint } from "./checkpoint.ts";
import { assignFrom, readRunState, snapshot } from "./_state.ts";
import { type Optimizer, sgd } from "./optimizers.ts";
import { asSchedule, checkScheduleNames, type Schedule, type ScheduleLike } from "./schedules.ts";
import type {
  Batch,
  Progress,
  ProgressReporter,
  ScheduleNames,
  StepContext,
  Trainable,
} from "../types.ts";
import { type ArrayData, checkData, gatherBatch } from "../data/rows.ts";

/**
 * Options for {@link train}.
 *
 * @typeParam S the schedule names the model accepts (see {@link ScheduleNames})
 */
export interface TrainOptions<S extends string = string> {
  /** Number of epochs (passes over the data). */
  epochs: number;
  /** Minibatch size. Default 100. */
  batchSize?: number;
  /**
   * The optimizer; the caller owns (and disposes) one it passes. Default SGD with momentum
   * 0.9 (Makhzani & Frey, Sec. 4.2.2), disposed at the end of the run.
   */
  optimizer?: Optimizer;
  /** Learning rate, constant or per epoch. Default 0.01. */
  learningRate?: ScheduleLike;
  /**
   * Schedules of model settings, by the setting's name, handed to the loss as `ctx.values`
   * (e.g. `{ k: ... }` for the k-sparse autoencoder). Only the names the model lists in
   * `scheduled` are accepted: any other is refused before training starts.
   */
  schedules?: { readonly [K in S]?: ScheduleLike };
  /** Seed of the shuffling and of the per-step seeds. Default 0. */
  seed?: number;
  /** Shuffle each epoch. Default true. */
  shuffle?: boolean;
  /** Validation data; by default its mean loss is the validation metric. */
  validation?: ArrayData;
  /** A custom validation metric (lower is better), evaluated after each epoch. */
  validate?: (epoch: number) => number | Promise<number>;
  /** Validate every this many epochs (and always after the last). Default 1. */
  validateEvery?: number;
  /** Stop after this many validations without improvement; the best parameters are restored. */
  patience?: number;
  /** Restore the best-validation parameters at the end. Default true when validating. */
  restoreBest?: boolean;
  /** Checkpoint file, written atomically after every `checkpointEvery` epochs. */
  checkpoint?: string;
  /** Epochs between checkpoints. Default 1. */
  checkpointEvery?: number;
  /**
   * Further checkpoint files, by the number of epochs done: after that many epochs the run's
   * state is also written (atomically) to that file, whatever `checkpointEvery` says. A run
   * whose schedule does not depend on its length leaves there the checkpoint of a finished
   * shorter run, which that run then loads instead of training again.
   */
  keepCheckpoints?: Readonly<Record<number, string>>;
  /** Resume from `checkpoint` when it exists. Default true when `checkpoint` is set. */
  resume?: boolean;
  /** Where progress goes. Default none. */
  progress?: ProgressReporter;
  /** A name for progress lines. */
  label?: string;
  /** Read the loss (a device sync) at most this often, in seconds. Default 2. */
  updateSeconds?: number;
  /** Aborting stops the run after the current step; the last epoch's checkpoint stays. */
  signal?: AbortSignal;
  /**
   * Called after every epoch, before its checkpoint is written: if the hook throws or the
   * process ends inside it, a resumed run trains that epoch again and calls the hook again, so
   * work done in the hook (an evaluation along the run) is never skipped.
   */
  onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
}

/** One epoch's record in the run history. */
export interface EpochRecord {
  /** Zero-based epoch. */
  epoch: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** The validation metric, when validated this epoch. */
  validation?: number;
  /** Learning rate used. */
  learningRate: number;
  /** Schedule values used. */
  values: Record<string, number>;
  /** Seconds spent in this epoch. */
  seconds: number;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** Epochs completed (including those before a resume). */
  epochs: number;
  /** One record per completed epoch. */
  history: EpochRecord[];
  /** Index (from 0) of the epoch with the best validation metric, or -1 without validation. */
  bestEpoch: number;
  /** Best validation metric, or NaN. */
  bestValidation: number;
  /** True when early stopping ended the run. */
  stoppedEarly: boolean;
  /** Epoch the run resumed after, or -1 for a fresh run. */
  resumedFrom: number;
  /** Training seconds over all sessions of the run. */
  seconds: number;
  /** Optimizer description. */
  optimizer: string;
}

/**
 * Thrown when the loss becomes NaN or infinite.
 *
 * @example
 * ```ts
 * import { DivergenceError } from "./train.ts";
 * console.log(new DivergenceError("loss became NaN") instanceof Error); // true
 * ```
 */
export class DivergenceError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "DivergenceError";
  }
}

/**
 * Thrown when a run is aborted through `signal`; the last epoch's checkpoint stays.
 *
 * @example
 * ```ts
 * import { InterruptedError } from "./train.ts";
 * console.log(new InterruptedError("stopped").name); // InterruptedError
 * ```
 */
export class InterruptedError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "InterruptedError";
  }
}

/** A seed unique to (run seed, epoch, step), for tfjs random ops. */
function stepSeed(seed: number, epoch: number, step: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (epoch + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (step + 0x165667b1), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.y?.dispose();
}

/**
 * The mean loss of `model` over `data` (no gradient, `training: false`).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { meanLoss } from "./train.ts";
 * const w = tf.variable(tf.scalar(2));
 * const model = { params: { w }, loss: () => tf.mul(w, w) as tf.Scalar };
 * console.log(await meanLoss(model, { x: new Float32Array(4), n: 4, features: 1 })); // 4
 * ```
 */
export async function meanLoss(
  model: Trainable,
  data: ArrayData,
  options: { batchSize?: number; values?: Readonly<Record<string, number>> } = {},
): Promise<number> {
  checkScheduleNames(Object.keys(options.values ?? {}), model.scheduled, "meanLoss");
  const batchSize = options.batchSize ?? 1000;
  let total = 0;
  for (let from = 0; from < data.n; from += batchSize) {
    const to = Math.min(data.n, from + batchSize);
    const batch = gatherBatch(data, null, from, to);
    const ctx: StepContext = {
      epoch: 0,
      step: 0,
      values: options.values ?? {},
      seed: 0,
      training: false,
    };
    const l = tf.tidy(() => model.loss(batch, ctx));
    total += (await l.data())[0] * (to - from);
    l.dispose();
    disposeBatch(batch);
  }
  return total / data.n;
}

/**
 * Train `model` on `data`. The same seed, data and backend give the same numbers; a run
 * interrupted (abort signal, crash, end of a session) and resumed from its checkpoint ends
 * with the same numbers as one that was not.
 *
 * @param model anything with `params` and `loss` (see {@link Trainable})
 * @param data training rows
 * @param options epochs, optimizer, schedules, validation, checkpoints
 * @returns the history and the outcome
 * @throws DivergenceError when the loss becomes NaN or infinite (the checkpoint on disk
 *   is the last good one)
 * @throws Error before training, for a schedule whose name the model does not list in
 *   `scheduled`
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { train } from "./train.ts";
 * // fit w so that w * x = 3 x
 * const w = tf.variable(tf.scalar(0));
 * const model = {
 *   params: { w },
 *   loss: ({ x }: { x: tf.Tensor2D }) =>
 *     tf.mean(tf.square(tf.sub(tf.mul(x, w), tf.mul(x, 3)))) as tf.Scalar,
 * };
 * const x = Float32Array.from({ length: 20 }, (_, i) => i / 20);
 * await train(model, { x, n: 20, features: 1 }, { epochs: 30, batchSize: 5, learningRate: 0.5 });
 * console.log(w.dataSync()[0].toFixed(2)); // 3.00
 * ```
 */
export async function train<M extends Trainable>(
  model: M,
  data: ArrayData,
  options: TrainOptions<ScheduleNames<M>>,
): Promise<TrainResult> {
  checkData(data, "training data");
  const label = options.label ?? "train";
  const scheduleList: [string, ScheduleLike | undefined][] = Object.entries(
    options.schedules ?? {},
  );
  checkScheduleNames(scheduleList.map(([k]) => k), model.scheduled, label);
  if (options.validation) checkData(options.validation, "validation data");
  const epochs = options.epochs;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new Error(`epochs must be a non-negative integer, got ${epochs}`);
  }
  const batchSize = options.batchSize ?? 100;
  const seed = options.seed ?? 0;
  const lr: Schedule = asSchedule(options.learningRate ?? 0.01);
  const schedules = scheduleList.flatMap(([k, s]) =>
    s === undefined ? [] : [[k, asSchedule(s)] as const]
  );
  const optimizer = options.optimizer ?? sgd();
  const progress = options.progress;
  const updateMs = (options.updateSeconds ?? 2) * 1000;
  const validating = Boolean(options.validation || options.validate);
  const validateEvery = options.validateEvery ?? 1;
  const restoreBest = options.restoreBest ?? validating;
  const checkpointEvery = options.checkpointEvery ?? 1;
  const params = model.params;
  const varList = Object.values(params);
  const keyOf = new Map(Object.entries(params).map(([k, v]) => [v.name, k]));
  const steps = Math.ceil(data.n / batchSize);

  const resumed = options.checkpoint && (options.resume ?? true)
    ? await readRunState(options.checkpoint, params, optimizer)
    : undefined;
  const history: EpochRecord[] = resumed?.history ?? [];
  let bestEpoch = resumed?.bestEpoch ?? -1;
  let bestValidation = resumed?.bestValidation ?? NaN;
  let best: Record<string, NamedArray> | null = resumed?.best ?? null;
  let sinceBest = resumed?.sinceBest ?? 0;
  const resumedFrom = resumed?.epoch ?? -1;
  const startEpoch = resumedFrom + 1;
  const priorSeconds = resumed?.seconds ?? 0;

  const save = async (epoch: number, seconds: number, path = options.checkpoint) => {
    if (!path) return;
    await writeCheckpoint(path, {
      arrays: {
        ...await snapshot(params, "param:"),
        ...Object.fromEntries(
          Object.entries(await optimizer.getState()).map(([k, a]) => [`opt:${k}`, a]),
        ),
        ...(best ?? {}),
      },
      meta: {
        epoch,
        history,
        bestEpoch,
        bestValidation: Number.isNaN(bestValidation) ? null : bestValidation,
        sinceBest,
        seconds,
        optimizer: optimizer.name,
      },
    });
  };

  await progress?.start?.({ label, epochs, steps });
  const runStart = performance.now();
  let samplesDone = 0;
  // a run resumed after it stopped early is finished: it trains no further epochs
  let stoppedEarly = resumedFrom >= 0 && options.patience !== undefined &&
    sinceBest >= options.patience;
  let lastEpochDone = startEpoch - 1;
  // messages count epochs from 1, as the progress line does
  const nth = (e: number) => `epoch ${e + 1} of ${epochs}`;
  const secondsSoFar = () => priorSeconds + (performance.now() - runStart) / 1000;

  for (let epoch = startEpoch; epoch < epochs && !stoppedEarly; epoch++) {
    const epochStart = performance.now();
    const eta = lr(epoch, epochs);
    const values: Record<string, number> = {};
    for (const [k, s] of schedules) values[k] = s(epoch, epochs);
    const order = options.shuffle === false
      ? null
      : permutation(randomStream(seed, `shuffle:${epoch}`), data.n);
    let lossSum: Tensor = tf.scalar(0);
    let lastUpdate = performance.now();
    let lastYield = performance.now();
    let shownLoss = NaN;
    const makeProgress = (step: number, loss: number, validation?: number): Progress => {
      const elapsed = (performance.now() - runStart) / 1000;
      const rate = samplesDone / Math.max(elapsed, 1e-9);
      const left = (epochs - epoch) * data.n - step * batchSize;
      return {
        epoch,
        epochs,
        step,
        steps,
        loss,
        validation,
        samplesPerSecond: rate,
        secondsLeft: rate > 0 ? Math.max(0, left) / rate : NaN,
        values,
      };
    };

    for (let step = 0; step < steps; step++) {
      if (options.signal?.aborted) {
        lossSum.dispose();
        throw new InterruptedError(
          `${label} interrupted in ${nth(epoch)}` +
            (options.checkpoint
              ? `; resume from ${options.checkpoint} (${lastEpochDone + 1} epochs done)`
              : ""),
        );
      }
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
      samplesDone += to - from;
      if (performance.now() - lastYield > 200) {
        // let timers and signal handlers (Ctrl-C) run: device reads alone never yield
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      if (progress && performance.now() - lastUpdate > updateMs) {
        shownLoss = (await lossSum.data())[0] / to;
        if (!Number.isFinite(shownLoss)) break; // reported as divergence below
        await progress.update(makeProgress(step + 1, shownLoss));
        lastUpdate = performance.now();
      }
    }
    const epochLoss = (await lossSum.data())[0] / data.n;
    lossSum.dispose();
    if (!Number.isFinite(epochLoss)) {
      throw new DivergenceError(
        `${label} diverged: the training loss became ${epochLoss} in ${nth(epoch)}. ` +
          (options.checkpoint
            ? lastEpochDone >= 0
              ? `The last good checkpoint (${
                lastEpochDone + 1
              } epochs done) is kept at ${options.checkpoint}. `
              : "No epoch finished, so no checkpoint was written. "
            : "") +
          `Lower the learning rate (it was ${eta}) or check the inputs for NaN`,
      );
    }

    let validation: number | undefined;
    const isLast = epoch === epochs - 1;
    if (validating && ((epoch + 1) % validateEvery === 0 || isLast)) {
      validation = options.validate
        ? await options.validate(epoch)
        : await meanLoss(model, options.validation!, { values });
      if (!Number.isFinite(validation)) {
        throw new DivergenceError(
          `${label} diverged: the validation metric became ${validation} in ${nth(epoch)}`,
        );
      }
      if (Number.isNaN(bestValidation) || validation < bestValidation) {
        bestValidation = validation;
        bestEpoch = epoch;
        sinceBest = 0;
        if (restoreBest) best = await snapshot(params, "best:");
      } else {
        sinceBest += 1;
        if (options.patience !== undefined && sinceBest >= options.patience) stoppedEarly = true;
      }
    }
    const record: EpochRecord = {
      epoch,
      loss: epochLoss,
      validation,
      learningRate: eta,
      values,
      seconds: (performance.now() - epochStart) / 1000,
    };
    history.push(record);
    lastEpochDone = epoch;
    await progress?.epochEnd(makeProgress(steps, epochLoss, validation));
    // the hook belongs to its epoch: should it fail or be cut short, the epoch's checkpoint is
    // not written, and a resumed run trains the epoch again and calls the hook again
    await options.onEpochEnd?.(record);
    if ((epoch + 1) % checkpointEvery === 0 || isLast || stoppedEarly) {
      await save(epoch, secondsSoFar());
    }
    const keep = options.keepCheckpoints?.[epoch + 1];
    if (keep) await save(epoch, secondsSoFar(), keep);
  }

  if (!options.optimizer) optimizer.dispose();
  if (restoreBest && best) assignFrom(params, best, "best:", "the best-epoch snapshot");
  const seconds = secondsSoFar();
  await progress?.end?.(
    `${history.length} epochs, ${seconds.toFixed(1)} s` +
      (bestEpoch >= 0
        ? `, best validation ${bestValidation.toPrecision(4)} after epoch ${bestEpoch + 1}`
        : ""),
  );
  return {
    epochs: history.length,
    history,
    bestEpoch,
    bestValidation,
    stoppedEarly,
    resumedFrom,
    seconds,
    optimizer: optimizer.name,
  };
}
