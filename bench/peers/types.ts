/**
 * The settings and shapes shared by the peer benchmark's modules: the fixed numbers of a run
 * (warm-up, check steps, tolerances, the fixed-point iteration's size) and what a step
 * definition is, gets and returns.
 *
 * @module
 */
import type { ArrayData } from "../../lib/data/rows.ts";

/** Untimed steps before timing, on each side. */
export const WARMUP_STEPS = 5;
/** Unshuffled steps of the consistency check (fewer when --samples is small). */
export const CHECK_STEPS = 10;
/** Largest relative difference of the check losses that passes. */
export const CHECK_TOLERANCE = 1e-3;
/** Largest relative difference of the fixed points (and their step lengths) that passes. */
export const FIXED_POINT_TOLERANCE = 1e-4;
/** Iterations x <- r(x) of the fixed-point step, never stopping early. */
export const FIXED_POINT_ITERATIONS = 20;
/** Rows stepped in one call of r in the fixed-point step (iterateToFixedPoints' default). */
export const FIXED_POINT_BATCH = 1000;
/** Rows of the fixed-point consistency check (fewer when the step has fewer). */
export const FIXED_POINT_CHECK_ROWS = 1000;

/** What a step's `ours` function gets. */
export interface StepSettings {
  /** The step's rows, with labels when it needs them (the same rows the Python side reads). */
  data: ArrayData;
  /** Seed of the initialisation and of the shuffles. */
  seed: number;
  /**
   * Threads the backend may use, already applied by the bench through
   * `useBackend(name, { kernels: { blasThreads } })` where the backend's matrix products run
   * on a BLAS. tfjs itself runs single-threaded on cpu and wasm in Deno; steps may ignore it.
   */
  threads: number;
  /** Timed epochs. */
  repeats: number;
  /** Untimed steps before timing. */
  warmupSteps: number;
  /** Unshuffled steps of the consistency check (iterations, for the fixed-point step). */
  checkSteps: number;
  /** Temp folder where the initial parameters are written for the Python side. */
  dir: string;
}

/** Losses after the consistency check's steps. */
export interface CheckLosses {
  /** Steps taken, in row order from the first row, from the shared initial parameters. */
  steps: number;
  /** Rows those steps covered. */
  rows: number;
  /**
   * Mean over the steps of each step's (pre-update) loss; for the fixed-point step, the mean
   * over the iterations of the mean step length ||x^i - x^(i-1)||.
   */
  epochLoss: number;
  /** The loss over the same rows after the steps; fixed points: the last mean step length. */
  finalLoss: number;
}

/** What a step's `ours` function returns. */
export interface OursResult {
  /** Median over the timed epochs. */
  samplesPerSecond: number;
  /** Seconds of each timed epoch. */
  epochSeconds: number[];
  /** The consistency check, run first, from the initial parameters. */
  check: CheckLosses;
  /** Initial parameters as raw little-endian float32 files, by name, for the Python side. */
  params: Record<string, string>;
  /** Arguments for the Python side known only once the model exists (its settings). */
  pythonArgs?: Record<string, unknown>;
  /** The fixed-point step's check: the points after the iterations, row-major. */
  checkPoints?: Float32Array;
}

/** One training step to compare. */
export interface StepDefinition {
  /** Short id, used in file names. */
  id: string;
  /** What the step is, for tables. */
  label: string;
  /** The function in bench/peers/torch_steps.py. */
  python: string;
  /** Extra JSON arguments for the Python function (sizes, k, learning rate, batch). */
  pythonArgs: { batch: number } & Record<string, unknown>;
  /** MNIST pixels: in [0, 1] (default) or each row scaled to unit L2 norm (DrSAE). */
  scale?: "unit-interval" | "unit-norm";
  /** Whether the step needs the class labels (a supervised loss); both sides get them. */
  labels?: boolean;
  /** The rows the step runs on, from `--samples`. Default `--samples` itself. */
  rows?(samples: number): number;
  /** Whether the step is the fixed-point iteration (checked on its points, not on losses). */
  fixedPoints?: boolean;
  /** Largest relative difference of the check that passes. Default {@link CHECK_TOLERANCE}. */
  tolerance?: number;
  /** Our side on the active backend: check, warm up, time. */
  ours(settings: StepSettings): Promise<OursResult>;
}

/** What bench/peers/torch_steps.py prints. */
export interface TorchResult {
  /** The step function that ran. */
  step: string;
  /** Timing or the consistency check. */
  mode: "time" | "check";
  /** torch.get_num_threads() as the process saw it. */
  threads: number;
  /** Versions of torch, numpy and Python. */
  torch: string;
  /** numpy's version. */
  numpy: string;
  /** Python's version. */
  python: string;
  /** The thread variables of the process's environment. */
  env: Record<string, string | null>;
  /** Median over the timed epochs (mode "time"). */
  samplesPerSecond?: number;
  /** Seconds of each timed epoch (mode "time"). */
  epochSeconds?: number[];
  /** Mean loss of each timed epoch (mode "time"). */
  epochLosses?: number[];
  /** The consistency check (mode "check"). */
  check?: CheckLosses;
  /** GFLOP/s of a square float32 torch.mm, when the call asked for it (`sgemm`). */
  sgemmGflops?: number;
  /** Why the Python side failed. */
  error?: string;
}

/**
 * The median of `xs`.
 *
 * @example
 * ```ts
 * import { median } from "./types.ts";
 * console.log(median([3, 1, 2]), median([4, 1, 2, 3])); // 2 2.5
 * ```
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
