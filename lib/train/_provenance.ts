/**
 * What a checkpoint was made from, so that a resume from another model, other settings, other
 * data or another backend is refused instead of silently continuing. Private to the trainer.
 *
 * @module
 */
import { fnv1a } from "../hash.ts";
import type { ArrayData } from "../data/rows.ts";
import type { Trainable } from "../types.ts";

/** Values the trainer compares between a checkpoint and the run that would resume it. */
export type Provenance = Record<string, unknown>;

/** Thrown when a checkpoint was made from other settings, data, model or backend. */
export class CheckpointMismatchError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "CheckpointMismatchError";
  }
}

/**
 * A fingerprint of the rows actually trained on: their count, width, and a hash of up to
 * 65,536 values spread evenly over the inputs and of the labels, so that another dataset (or
 * the same one scaled, split or shuffled otherwise) gives another fingerprint.
 */
export function dataFingerprint(data: ArrayData): string {
  const words = new Uint32Array(data.x.buffer, data.x.byteOffset, data.x.length);
  const stride = Math.max(1, Math.floor(words.length / 65536));
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i += stride) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  if (data.y) {
    const ys = Array.from(data.y.subarray(0, Math.min(data.y.length, 65536))).join(",");
    h = (h ^ fnv1a(ys)) >>> 0;
  }
  return `${data.n}x${data.features}:${h.toString(16).padStart(8, "0")}`;
}

/** The model's settings: its `config` when it has one, else its parameters' shapes. */
function modelSettings(model: Trainable): unknown {
  const config = (model as { config?: unknown }).config;
  const shapes = Object.fromEntries(
    Object.entries(model.params).map(([k, v]) => [k, v.shape.join("x")]),
  );
  if (config === undefined) return { params: shapes };
  try {
    return { params: shapes, config: JSON.parse(JSON.stringify(config)) };
  } catch {
    return { params: shapes };
  }
}

/** What a run's checkpoint records of where it came from. */
export interface RunProvenance {
  /** The model's config and parameter shapes. */
  model: unknown;
  /** The training rows' fingerprint ({@link dataFingerprint}). */
  data: string;
  /** The tfjs backend. */
  backend: string;
  /** Optimizer, batch size, seed and shuffling. */
  training: Provenance;
  /** Learning rate and schedule values of each epoch, in order. */
  epochs: { learningRate: number; values: Record<string, number> }[];
  /** The caller's own entries (`TrainOptions.provenance`). */
  extra: Provenance;
}

/** The provenance of a run, for its checkpoints. */
export function runProvenance(
  model: Trainable,
  data: ArrayData,
  settings: {
    backend: string;
    optimizer: string;
    batchSize: number;
    seed: number;
    shuffle: boolean;
    epochs: { learningRate: number; values: Record<string, number> }[];
    extra?: Provenance;
  },
): RunProvenance {
  return {
    model: modelSettings(model),
    data: dataFingerprint(data),
    backend: settings.backend,
    training: {
      optimizer: settings.optimizer,
      batchSize: settings.batchSize,
      seed: settings.seed,
      shuffle: settings.shuffle,
    },
    epochs: settings.epochs,
    extra: settings.extra ?? {},
  };
}

const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? "none" : text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The leaf paths where two JSON values differ, as "path: saved, now". */
function differences(saved: unknown, now: unknown, path: string, out: string[]): void {
  if (JSON.stringify(saved) === JSON.stringify(now)) return;
  const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(saved) && Array.isArray(now) && saved.length === now.length) {
    saved.forEach((v, i) => differences(v, now[i], `${path}.${i}`, out));
    return;
  }
  if (isObject(saved) && isObject(now)) {
    const a = saved as Record<string, unknown>;
    const b = now as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences(a[k], b[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  out.push(`${path}: checkpoint ${show(saved)}, this run ${show(now)}`);
}

/**
 * Refuse to resume `path` when the run it was made by differs from this one: the model, the
 * data, the backend, the training settings, or the learning rate and schedules of the epochs
 * it holds. A checkpoint written before provenance was recorded is taken as it is.
 *
 * @param epochsDone how many epochs the checkpoint holds
 * @throws CheckpointMismatchError naming every difference and the fix
 */
export function checkProvenance(
  path: string,
  saved: RunProvenance | undefined,
  now: RunProvenance,
  epochsDone: number,
  epochsAsked: number,
): void {
  const fix = "start afresh (the scripts' --fresh, or train's resume: false) or use another " +
    "checkpoint folder (--checkpoints)";
  if (epochsDone > epochsAsked) {
    throw new CheckpointMismatchError(
      `${path} holds ${epochsDone} epochs but this run asks for ${epochsAsked}: ask for at ` +
        `least ${epochsDone} epochs, or ${fix}`,
    );
  }
  if (!saved) return;
  const out: string[] = [];
  const { epochs: savedEpochs, ...savedRest } = saved;
  const { epochs: nowEpochs, ...nowRest } = now;
  differences(savedRest, nowRest, "", out);
  // the epochs the checkpoint holds must have been trained with this run's rates and schedules
  differences(savedEpochs.slice(0, epochsDone), nowEpochs.slice(0, epochsDone), "epochs", out);
  if (out.length) {
    throw new CheckpointMismatchError(
      `${path} was made by another run (${out.slice(0, 4).join("; ")}` +
        `${out.length > 4 ? `; ${out.length - 4} more` : ""}): ${fix}`,
    );
  }
}
