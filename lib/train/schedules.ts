/**
 * Schedules: values that change with the epoch (learning rate, the k of a k-sparse
 * autoencoder, a penalty weight). A schedule is a plain function of the zero-based epoch
 * and the planned number of epochs. A schedule that drives a model setting is named after it,
 * and the model lists the names it reads (`Trainable.scheduled`), so `train` refuses any
 * other ({@link checkScheduleNames}).
 *
 * @module
 */

/** A value as a function of the zero-based epoch and the total planned epochs. */
export type Schedule = (epoch: number, epochs: number) => number;

/** Either a constant or a schedule. */
export type ScheduleLike = number | Schedule;

/**
 * Turn a constant or a schedule into a schedule.
 *
 * @example
 * ```ts
 * import { asSchedule } from "./schedules.ts";
 * console.log(asSchedule(0.1)(5, 10)); // 0.1
 * ```
 */
export function asSchedule(s: ScheduleLike): Schedule {
  return typeof s === "number" ? () => s : s;
}

/** Options for {@link linearSchedule}. */
export interface LinearScheduleOptions {
  /** Value at epoch 0. */
  from: number;
  /** Value reached at the end of the ramp and held afterwards. */
  to: number;
  /** Fraction of the planned epochs over which the ramp runs (default 1). */
  fraction?: number;
  /** Round to the nearest integer (for k). Default false. */
  round?: boolean;
}

/**
 * A linear ramp from `from` to `to` over the first `fraction` of the epochs, then constant.
 *
 * The k schedule of Makhzani & Frey (Sec. 4.2.1) is
 * `linearSchedule({ from: 100, to: k, fraction: 0.5, round: true })`; their supervised
 * learning rate (Sec. 4.2.2) is `linearSchedule({ from: 1, to: 0.001 })`.
 *
 * @example
 * ```ts
 * import { linearSchedule } from "./schedules.ts";
 * const k = linearSchedule({ from: 100, to: 25, fraction: 0.5, round: true });
 * console.log(k(0, 10), k(5, 10), k(9, 10)); // 100 25 25
 * ```
 */
export function linearSchedule(options: LinearScheduleOptions): Schedule {
  const { from, to, fraction = 1, round = false } = options;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new Error(`fraction must be in (0, 1], got ${fraction}`);
  }
  return (epoch: number, epochs: number) => {
    const rampEpochs = Math.max(1, Math.round(epochs * fraction));
    // epoch 0 takes `from`, epoch rampEpochs - 1 takes `to`
    const t = rampEpochs <= 1 ? 1 : Math.min(1, epoch / (rampEpochs - 1));
    const v = from + (to - from) * t;
    return round ? Math.round(v) : v;
  };
}

/**
 * Multiply by `factor` after each epoch (the learning-rate decay of Bahdanau & Jaeger,
 * Sec. 5.3: 0.1 times alpha per epoch).
 *
 * @example
 * ```ts
 * import { exponentialSchedule } from "./schedules.ts";
 * console.log(exponentialSchedule(0.1, 0.5)(2, 10)); // 0.025
 * ```
 */
export function exponentialSchedule(initial: number, factor: number): Schedule {
  return (epoch: number) => initial * Math.pow(factor, epoch);
}

/**
 * Divide by `1 + decay * epoch`: a learning rate with a decrease constant, which damps the
 * epoch-to-epoch noise of stochastic updates without stopping them as an exponential decay
 * does. `decay` 0 is the constant rate.
 *
 * @example
 * ```ts
 * import { inverseTimeSchedule } from "./schedules.ts";
 * console.log(inverseTimeSchedule(0.1, 0.5)(2, 10)); // 0.05
 * ```
 */
export function inverseTimeSchedule(initial: number, decay: number): Schedule {
  if (!(decay >= 0 && Number.isFinite(decay))) {
    throw new Error(`decay must be a finite number >= 0, got ${decay}`);
  }
  return (epoch: number) => initial / (1 + decay * epoch);
}

/**
 * Checks that every schedule name is one the model reads (its `scheduled` list), before any
 * training: a schedule nothing reads, such as a misspelled `kk` for the k of a k-sparse
 * autoencoder, would otherwise train with the model's default silently.
 *
 * @param names the names of the schedules given
 * @param accepted the model's `scheduled` list (absent: it reads none)
 * @param label the run's name, for the message
 * @throws Error naming the unknown schedules and the accepted ones
 *
 * @example
 * ```ts
 * import { checkScheduleNames } from "./schedules.ts";
 * checkScheduleNames(["k"], ["k"]); // fine
 * try {
 *   checkScheduleNames(["kk"], ["k"], "k-sparse");
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // k-sparse: the model reads no schedule "kk"; it accepts schedules for "k" only: ...
 * }
 * ```
 */
export function checkScheduleNames(
  names: readonly string[],
  accepted: readonly string[] | undefined,
  label = "train",
): void {
  const unknown = names.filter((n) => !(accepted ?? []).includes(n));
  if (unknown.length === 0) return;
  const given = unknown.map((n) => `"${n}"`).join(", ");
  throw new Error(
    `${label}: the model reads no schedule ${given}; ` +
      (accepted && accepted.length > 0
        ? `it accepts schedules for ${accepted.map((n) => `"${n}"`).join(", ")} only: ` +
          "fix the name or drop the schedule"
        : "it accepts no schedules (its `scheduled` list is empty): drop the `schedules` " +
          "option, or list the setting in the model's `scheduled` if its loss reads " +
          "`ctx.values`"),
  );
}
