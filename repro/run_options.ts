/**
 * What every paper's reproduction run takes: names recorded in its rows, the seed, resume and
 * progress. Each run's own options extend it.
 *
 * @module
 */
import type { ProgressReporter } from "../lib/types.ts";

/** Options shared by `ksparseReproduction`, `drsaeReproduction` and `idaeReproduction`. */
export interface ReproRunOptions {
  /** The dataset's name; the paper's numbers are shown for MNIST only. */
  dataset: string;
  /** The preset's name, recorded in each row (and in checkpoint names). */
  preset: string;
  /** The backend's name, recorded in each row. */
  backend: string;
  /** Base seed. Default 1. */
  seed?: number;
  /** Folder of checkpoints (and cached evaluations) for resume; none when absent. */
  checkpointDir?: string;
  /** Delete the run's checkpoints first instead of resuming. */
  fresh?: boolean;
  /** Progress of each training run. */
  progress?: ProgressReporter;
  /** Stops training cleanly. */
  signal?: AbortSignal;
}
