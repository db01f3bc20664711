/**
 * The one training loop. Every model in the package trains through {@link train}: it owns
 * batching with seeded shuffling, the optimizer, schedules, constraints, validation with
 * early stopping, progress, checkpoints and resume, and the check for divergence.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { NamedArray } from "./checkpoint.ts";
import { assignFrom, readRunState, snapshot, writeRunCheckpoint } from "./_state.ts";
import { checkProvenance, type RunProvenance, runProvenance } from "./_provenance.ts";
import {
  checkOptions,
  disposeBatch,
  divergence,
  epochPlan,
  progressOf,
  trainEpoch,
} from "./_epoch.ts";
import { type Optimizer, sgd } from "./optimizers.ts";
import { asSchedule, checkScheduleNames, type ScheduleLike } from "./schedules.ts";
import type { ProgressReporter, ScheduleNames, StepContext, Trainable } from "../types.ts";
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
  /**
   * Entries of the caller's own that a checkpoint must match to be resumed, beside what the
   * trainer records itself (the model's config, a fingerprint of the data, the backend, the
   * optimizer, batch size, seed, and each epoch's learning rate and schedule values), e.g. where
   * the data came from.
   */
  provenance?: Record<string, unknown>;
  /**
   * The run counts as diverged when an epoch's mean loss exceeds this many times the lowest
   * loss seen (the first step's, or an earlier epoch's), or any parameter is not finite; its
   * state is then not written. Default 1000.
   */
  divergenceFactor?: number;
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
 * A checkpoint records what made it (see {@link TrainOptions.provenance}); resuming one made
 * by another model, other data or settings, another backend, or holding more epochs than
 * asked for is refused with the difference and the fix. A diverged epoch (a non-finite or
 * exploded loss, or non-finite parameters) is never written: the checkpoint keeps the last
 * good epoch, and the error says which.
 *
 * @param model anything {@link Trainable}
 * @param data training rows
 * @param options epochs, optimizer, schedules, validation, checkpoints
 * @returns the run's history and summary
 * @throws DivergenceError when the run diverges
 * @throws InterruptedError when `signal` aborts it
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
  checkOptions(model, options as TrainOptions);
  const label = options.label ?? "train";
  const scheduleList: [string, ScheduleLike | undefined][] = Object.entries(
    options.schedules ?? {},
  );
  checkScheduleNames(scheduleList.map(([k]) => k), model.scheduled, label);
  if (options.validation) checkData(options.validation, "validation data");
  const schedules = scheduleList.flatMap(([k, s]) =>
    s === undefined ? [] : [[k, asSchedule(s)] as const]
  );
  const plan = epochPlan(options.epochs, asSchedule(options.learningRate ?? 0.01), schedules);
  const optimizer = options.optimizer ?? sgd();
  try {
    return await runEpochs(model, data, options as TrainOptions, { label, plan, optimizer });
  } finally {
    if (!options.optimizer) optimizer.dispose();
  }
}

/** What one run keeps between epochs. */
interface RunState {
  history: EpochRecord[];
  bestEpoch: number;
  bestValidation: number;
  best: Record<string, NamedArray> | null;
  sinceBest: number;
  /** The last epoch written to the checkpoint (-1: none). */
  lastSaved: number;
  /** The lowest loss seen: the first step's, or an epoch's. */
  lowestLoss: number;
}

/** The run's provenance and its state: fresh, or read from its checkpoint after checking it. */
async function startRun(
  model: Trainable,
  data: ArrayData,
  options: TrainOptions,
  optimizer: Optimizer,
  plan: { learningRate: number; values: Record<string, number> }[],
) {
  const epochs = options.epochs;
  const params = model.params;
  const provenance: RunProvenance = runProvenance(model, data, {
    backend: tf.getBackend(),
    optimizer: optimizer.name,
    batchSize: options.batchSize ?? 100,
    seed: options.seed ?? 0,
    shuffle: options.shuffle !== false,
    epochs: plan,
    extra: options.provenance,
  });

  const resumed = options.checkpoint && (options.resume ?? true)
    ? await readRunState(options.checkpoint, params, optimizer, (saved, done) =>
      checkProvenance(
        options.checkpoint!,
        saved as RunProvenance | undefined,
        provenance,
        done,
        epochs,
      ))
    : undefined;
  const state: RunState = {
    history: resumed?.history ?? [],
    bestEpoch: resumed?.bestEpoch ?? -1,
    bestValidation: resumed?.bestValidation ?? NaN,
    best: resumed?.best ?? null,
    sinceBest: resumed?.sinceBest ?? 0,
    lastSaved: resumed?.epoch ?? -1,
    lowestLoss: Math.min(Infinity, ...(resumed?.history ?? []).map((h) => h.loss)),
  };
  const resumedFrom = resumed?.epoch ?? -1;
  const priorSeconds = resumed?.seconds ?? 0;

  return { provenance, state, resumedFrom, priorSeconds };
}

/**
 * Validate after `epoch`, keeping the best metric (and its parameters, with `restoreBest`) in
 * `state`; undefined when the metric is not finite.
 */
async function validateEpoch(
  model: Trainable,
  options: TrainOptions,
  state: RunState,
  epoch: number,
  values: Record<string, number>,
  restoreBest: boolean,
): Promise<number | undefined> {
  const validation = options.validate
    ? await options.validate(epoch)
    : await meanLoss(model, options.validation!, { values });
  if (!Number.isFinite(validation)) return undefined;
  if (Number.isNaN(state.bestValidation) || validation < state.bestValidation) {
    state.bestValidation = validation;
    state.bestEpoch = epoch;
    state.sinceBest = 0;
    if (restoreBest) state.best = await snapshot(model.params, "best:");
  } else state.sinceBest += 1;
  return validation;
}

async function runEpochs(
  model: Trainable,
  data: ArrayData,
  options: TrainOptions,
  run: {
    label: string;
    plan: { learningRate: number; values: Record<string, number> }[];
    optimizer: Optimizer;
  },
): Promise<TrainResult> {
  const { label, plan, optimizer } = run;
  const epochs = options.epochs;
  const batchSize = options.batchSize ?? 100;
  const seed = options.seed ?? 0;
  const progress = options.progress;
  const validating = Boolean(options.validation || options.validate);
  const validateEvery = options.validateEvery ?? 1;
  const restoreBest = options.restoreBest ?? validating;
  const checkpointEvery = options.checkpointEvery ?? 1;
  const factor = options.divergenceFactor ?? 1000;
  const params = model.params;
  const steps = Math.ceil(data.n / batchSize);
  const { provenance, state, resumedFrom, priorSeconds } = await startRun(
    model,
    data,
    options,
    optimizer,
    plan,
  );

  const save = async (epoch: number, seconds: number, path = options.checkpoint) => {
    if (!path) return;
    await writeRunCheckpoint(path, params, optimizer, state, provenance, epoch, seconds);
    if (path === options.checkpoint) state.lastSaved = epoch;
  };
  const kept = () =>
    options.checkpoint
      ? state.lastSaved >= 0
        ? `The last good checkpoint (${
          state.lastSaved + 1
        } epochs done) is kept at ${options.checkpoint}. `
        : "No good epoch was written to the checkpoint. "
      : "";

  await progress?.start?.({ label, epochs, steps });
  const clock = { runStart: performance.now(), samplesDone: 0 };
  // a run resumed after it stopped early is finished: it trains no further epochs
  let stoppedEarly = resumedFrom >= 0 && options.patience !== undefined &&
    state.sinceBest >= options.patience;
  // messages count epochs from 1, as the progress line does
  const nth = (e: number) => `epoch ${e + 1} of ${epochs}`;
  const secondsSoFar = () => priorSeconds + (performance.now() - clock.runStart) / 1000;

  for (let epoch = resumedFrom + 1; epoch < epochs && !stoppedEarly; epoch++) {
    const epochStart = performance.now();
    const { learningRate: eta, values } = plan[epoch];
    const epochLoss = await trainEpoch(model, data, options, {
      epoch,
      steps,
      batchSize,
      seed,
      eta,
      values,
      optimizer,
      clock,
      onFirstLoss: (loss) => state.lowestLoss = Math.min(state.lowestLoss, loss),
      interrupted: () =>
        new InterruptedError(
          `${label} interrupted in ${nth(epoch)}` +
            (options.checkpoint
              ? `; resume from ${options.checkpoint} (${state.lastSaved + 1} epochs done)`
              : ""),
        ),
    });
    const diverged = await divergence(params, epochLoss, state.lowestLoss, factor);
    if (diverged) {
      throw new DivergenceError(
        `${label} diverged: ${diverged} in ${nth(epoch)}. ${kept()}` +
          `Lower the learning rate (it was ${eta}) or check the inputs for NaN`,
      );
    }
    state.lowestLoss = Math.min(state.lowestLoss, epochLoss);

    const isLast = epoch === epochs - 1;
    let validation: number | undefined;
    if (validating && ((epoch + 1) % validateEvery === 0 || isLast)) {
      validation = await validateEpoch(model, options, state, epoch, values, restoreBest);
      if (validation === undefined) {
        throw new DivergenceError(
          `${label} diverged: the validation metric became non-finite in ${nth(epoch)}. ` +
            kept(),
        );
      }
      if (options.patience !== undefined && state.sinceBest >= options.patience) {
        stoppedEarly = true;
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
    state.history.push(record);
    await progress?.epochEnd(progressOf(clock, data, batchSize, epoch, epochs, steps, {
      step: steps,
      loss: epochLoss,
      validation,
      values,
    }));
    // the hook belongs to its epoch: should it fail or be cut short, the epoch's checkpoint is
    // not written, and a resumed run trains the epoch again and calls the hook again
    await options.onEpochEnd?.(record);
    if ((epoch + 1) % checkpointEvery === 0 || isLast || stoppedEarly) {
      await save(epoch, secondsSoFar());
    }
    const keep = options.keepCheckpoints?.[epoch + 1];
    if (keep) await save(epoch, secondsSoFar(), keep);
  }

  if (restoreBest && state.best) {
    assignFrom(params, state.best, "best:", "the best-epoch snapshot");
  }
  const seconds = secondsSoFar();
  await progress?.end?.(
    `${state.history.length} epochs, ${seconds.toFixed(1)} s` +
      (state.bestEpoch >= 0
        ? `, best validation ${state.bestValidation.toPrecision(4)} after epoch ${
          state.bestEpoch + 1
        }`
        : ""),
  );
  return {
    epochs: state.history.length,
    history: state.history,
    bestEpoch: state.bestEpoch,
    bestValidation: state.bestValidation,
    stoppedEarly,
    resumedFrom,
    seconds,
    optimizer: optimizer.name,
  };
}
export { CheckpointMismatchError } from "./_provenance.ts";
