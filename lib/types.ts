/**
 * The contract between models and the one trainer.
 *
 * @module
 */
import type { Scalar, Tensor1D, Tensor2D, Variable } from "./tf.ts";

/** One minibatch: inputs and, for supervised losses, integer class labels. */
export interface Batch {
  /** Inputs, shape [batch, features]. */
  x: Tensor2D;
  /** Class labels, shape [batch], int32; absent for unsupervised data. */
  y?: Tensor1D;
}

/** What the trainer tells a loss at each step. */
export interface StepContext {
  /** Zero-based epoch. */
  epoch: number;
  /** Zero-based step within the epoch. */
  step: number;
  /**
   * Values of the named schedules at this epoch (e.g. `k` for the k-sparse autoencoder); only
   * names the model lists in {@link Trainable.scheduled}.
   */
  values: Readonly<Record<string, number>>;
  /** A seed unique to this step, for tfjs random ops (corruption, dropout). */
  seed: number;
  /** True while training, false during validation. */
  training: boolean;
}

/** What a loss or forward pass needs of the trainer's {@link StepContext} to draw its noise. */
export type NoiseContext = Pick<StepContext, "training" | "seed">;

/**
 * What every model gives the trainer: parameters, a loss, optional constraints, and the names
 * of the settings a schedule may drive. Model constructors return objects that satisfy this
 * interface.
 *
 * @typeParam S the names of the schedules the model reads from `ctx.values`
 */
export interface Trainable<S extends string = string> {
  /** Trainable parameters, by name. Names are used in checkpoints. */
  params: Record<string, Variable>;
  /** The mean loss of a batch. Called inside `tf.tidy`. */
  loss(batch: Batch, ctx: StepContext): Scalar;
  /**
   * The names of the settings the loss reads from `ctx.values`, each of which a schedule of
   * `train`'s `schedules` option may drive (the k-sparse autoencoder's `["k"]`). `train`
   * refuses a schedule of any other name, so a misspelled one is an error rather than a
   * schedule nothing reads. Absent: the model reads no schedules.
   */
  readonly scheduled?: readonly S[];
  /** Applied after every optimizer step (norm projections). */
  constrain?(): void;
  /** Per-parameter multipliers of the learning rate (DrSAE divides by repetitions). */
  learningRateScale?: Readonly<Record<string, number>>;
}

/**
 * The schedule names a model accepts: the `S` of its `Trainable<S>` when it lists them in
 * `scheduled` with literal types (`"k"` for the k-sparse autoencoder), `string` for a model
 * typed only as {@link Trainable}, `never` for one that reads no schedules. `train` types its
 * `schedules` option with it, so a misspelled name in an object literal fails to compile.
 */
export type ScheduleNames<M> = M extends {
  readonly scheduled?: readonly (infer S extends string)[];
} ? S
  : never;

/** Progress of a run, handed to a {@link ProgressReporter}. */
export interface Progress {
  /** Zero-based epoch in progress or just finished. */
  epoch: number;
  /** Total epochs planned. */
  epochs: number;
  /** Steps done within this epoch. */
  step: number;
  /** Steps per epoch. */
  steps: number;
  /** Mean training loss so far in this epoch (NaN when not yet read). */
  loss: number;
  /** Validation metric at the end of the epoch, when there is one. */
  validation?: number;
  /** Training throughput over the run so far. */
  samplesPerSecond: number;
  /** Estimated seconds left in the run. */
  secondsLeft: number;
  /** Values of the schedules this epoch. */
  values: Readonly<Record<string, number>>;
}

/**
 * Receives progress from the trainer: terminal lines, a notebook display, or nothing. The
 * trainer awaits each call, so a notebook display is final when training returns.
 */
export interface ProgressReporter {
  /** Called at the start of the run. */
  start?(info: { label: string; epochs: number; steps: number }): void | Promise<void>;
  /** Called during an epoch, at most every `updateSeconds`. */
  update(p: Progress): void | Promise<void>;
  /** Called at the end of every epoch. */
  epochEnd(p: Progress): void | Promise<void>;
  /** Called when the run ends, with a summary line. */
  end?(summary: string): void | Promise<void>;
}
