/**
 * The trainer's state in checkpoints: parameters to named arrays and back, and the state a
 * resumed run starts from. Private to `./train.ts`.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Variable } from "../tf.ts";
import { type NamedArray, readCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import type { Optimizer } from "./optimizers.ts";
import type { EpochRecord } from "./train.ts";

/**
 * The values of `params` as named arrays, each name prefixed (`param:`, `best:`), for a
 * checkpoint or the best-epoch snapshot.
 */
export async function snapshot(
  params: Record<string, Variable>,
  prefix: string,
): Promise<Record<string, NamedArray>> {
  const out: Record<string, NamedArray> = {};
  for (const [k, v] of Object.entries(params)) {
    out[`${prefix}${k}`] = { shape: v.shape, data: (await v.data()) as Float32Array };
  }
  return out;
}

/**
 * Assign to each of `params` the array of its prefixed name in `arrays`; `source` names where
 * they came from, for the message when one is missing or of another shape.
 */
export function assignFrom(
  params: Record<string, Variable>,
  arrays: Record<string, NamedArray>,
  prefix: string,
  source: string,
): void {
  for (const [k, v] of Object.entries(params)) {
    const a = arrays[`${prefix}${k}`];
    if (!a) throw new Error(`${source} lacks parameter "${k}": it belongs to another model`);
    if (a.shape.join("x") !== v.shape.join("x")) {
      throw new Error(
        `${source} has "${k}" of shape [${a.shape}] but the model's is [${v.shape}]: ` +
          `it belongs to a model of another size`,
      );
    }
    tf.tidy(() => v.assign(tf.tensor(a.data, a.shape)));
  }
}

/** What a checkpoint's metadata holds of a run, and its best-epoch snapshot. */
export interface RunState {
  /** The last epoch done (zero-based). */
  epoch: number;
  /** The records of the epochs done. */
  history: EpochRecord[];
  /** The best validation's epoch, or -1. */
  bestEpoch: number;
  /** The best validation metric, or NaN. */
  bestValidation: number;
  /** Validations since the best one. */
  sinceBest: number;
  /** Training seconds so far. */
  seconds: number;
  /** The best-epoch parameters (`best:` arrays), when kept. */
  best: Record<string, NamedArray> | null;
  /** What made the checkpoint (see `./_provenance.ts`), absent in older checkpoints. */
  provenance?: unknown;
}

/**
 * Load the checkpoint at `path` into `params` and `optimizer` and return the run's state, or
 * undefined when there is no checkpoint there. `check` sees the checkpoint's provenance and
 * epochs first and may refuse it by throwing.
 */
export async function readRunState(
  path: string,
  params: Record<string, Variable>,
  optimizer: Optimizer,
  check?: (provenance: unknown, epochsDone: number) => void,
): Promise<RunState | undefined> {
  const ck = await readCheckpoint(path);
  if (!ck) return undefined;
  // refuse a checkpoint of another run before any of its numbers reach the model
  check?.((ck.meta as { provenance?: unknown }).provenance, (ck.meta.epoch as number) + 1);
  assignFrom(params, ck.arrays, "param:", path);
  const opt: Record<string, NamedArray> = {};
  const best: Record<string, NamedArray> = {};
  for (const [k, a] of Object.entries(ck.arrays)) {
    if (k.startsWith("opt:")) opt[k.slice(4)] = a;
    if (k.startsWith("best:")) best[k] = a;
  }
  optimizer.setState(opt);
  const m = ck.meta as Omit<RunState, "best" | "bestValidation"> & {
    bestValidation: number | null;
  };
  return {
    epoch: m.epoch,
    history: m.history,
    bestEpoch: m.bestEpoch,
    bestValidation: m.bestValidation ?? NaN,
    sinceBest: m.sinceBest,
    seconds: m.seconds,
    best: Object.keys(best).length ? best : null,
    provenance: (ck.meta as { provenance?: unknown }).provenance,
  };
}

/** Write the run's state after `epoch` to `path` (atomically). */
export async function writeRunCheckpoint(
  path: string,
  params: Record<string, Variable>,
  optimizer: Optimizer,
  state: {
    history: unknown[];
    bestEpoch: number;
    bestValidation: number;
    best: Record<string, NamedArray> | null;
    sinceBest: number;
  },
  provenance: unknown,
  epoch: number,
  seconds: number,
): Promise<void> {
  await writeCheckpoint(path, {
    arrays: {
      ...await snapshot(params, "param:"),
      ...Object.fromEntries(
        Object.entries(await optimizer.getState()).map(([k, a]) => [`opt:${k}`, a]),
      ),
      ...(state.best ?? {}),
    },
    meta: {
      epoch,
      history: state.history,
      bestEpoch: state.bestEpoch,
      bestValidation: Number.isNaN(state.bestValidation) ? null : state.bestValidation,
      sinceBest: state.sinceBest,
      seconds,
      optimizer: optimizer.name,
      provenance,
    },
  });
}
