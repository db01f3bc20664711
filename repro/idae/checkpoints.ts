/**
 * Where a model's checkpoint and its cached evaluation live: file names that carry a hash of
 * every setting they depend on, so that a changed setting starts afresh and another script that
 * trains the same model (a trend run) can hand its checkpoint to the grid.
 *
 * @module
 */
import { EXPLOSION_DEFAULTS } from "../../lib/eval/fixed_points.ts";
import { hashHex } from "../../lib/hash.ts";
import { readCheckpoint } from "../../lib/train/checkpoint.ts";
import { type IdaeConfig, type IdaeModelSpec, idaeSpecKey } from "./config.ts";

/**
 * The epochs a model's checkpoint holds: 0 when there is none, the model's epochs when it is
 * finished.
 *
 * @param checkpoint the model's checkpoint file (`idaeCheckpointPath`)
 * @returns the epochs trained
 *
 * @example
 * ```ts
 * import { idaeEpochsDone } from "./checkpoints.ts";
 *
 * console.log(await idaeEpochsDone("no/such/file.ckpt")); // 0
 * ```
 */
export async function idaeEpochsDone(checkpoint: string): Promise<number> {
  const ck = await readCheckpoint(checkpoint);
  return ck ? Number(ck.meta.epoch) + 1 : 0;
}

/**
 * A short hash (FNV-1a of the JSON) of any settings, for file names: a checkpoint or a cached
 * evaluation is reused only by the run with the same settings.
 *
 * @example
 * ```ts
 * import { settingsHash } from "./checkpoints.ts";
 *
 * console.log(settingsHash({ a: 1 }) === settingsHash({ a: 1 }), settingsHash({ a: 2 }).length); // true 8
 * ```
 */
export function settingsHash(value: unknown): string {
  return hashHex(value);
}

/**
 * The settings hash of one trained model: the spec and every setting that shapes its training.
 * The grid (`idaeReproduction`) names its checkpoints with it, so another script that trains
 * the same model (a trend run, see {@link idaeCheckpointPath}) can hand its checkpoint over.
 *
 * @param spec the model
 * @param config the settings the model is trained with
 * @param dataset the dataset's name
 * @returns 8 hex digits
 *
 * @example
 * ```ts
 * import { idaeModelHash } from "./checkpoints.ts";
 * import { IDAE_PRESETS } from "./config.ts";
 * const spec = { k: 2, sigma: 0.3, epochs: 250, annealingRate: 0.99, paperEpochs: 250, seed: 1 };
 * const once = idaeModelHash(spec, IDAE_PRESETS.paper, "mnist");
 * const every = idaeModelHash(spec, { ...IDAE_PRESETS.paper, chainNoise: "every" }, "mnist");
 * console.log(once !== every, once.length); // true 8
 * ```
 */
export function idaeModelHash(
  spec: IdaeModelSpec,
  config: Pick<IdaeConfig, "hidden" | "batchSize" | "learningRate" | "sizes" | "chainNoise">,
  dataset: string,
): string {
  return settingsHash({
    // the spec under the key names its checkpoints were first written with, so they keep them
    spec: {
      k: spec.k,
      sigma: spec.sigma,
      epochs: spec.epochs,
      alpha: spec.annealingRate,
      paperEpochs: spec.paperEpochs,
      seed: spec.seed,
    },
    hidden: config.hidden,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    sizes: config.sizes ?? null,
    dataset,
    // the models trained before the chain had a choice were corrupted every step: "every"
    // keeps their names, so `--chain-noise every` finds them; k = 1 is the same model either way
    ...((config.chainNoise ?? "first") === "every" || spec.k === 1 ? {} : { chainNoise: "first" }),
  });
}

/**
 * The grid's checkpoint file of one model, in the folder `dir`.
 *
 * @param dir the checkpoint folder
 * @param spec the model
 * @param config the settings the model is trained with
 * @param dataset the dataset's name
 * @returns the path
 *
 * @example
 * ```ts
 * import { idaeCheckpointPath } from "./checkpoints.ts";
 * import { IDAE_PRESETS } from "./config.ts";
 * const spec = { k: 4, sigma: 0.7, epochs: 100, annealingRate: 0.99, paperEpochs: 100, seed: 1 };
 * console.log(idaeCheckpointPath("ck", spec, IDAE_PRESETS.paper, "mnist"));
 * // ck/idae-mnist-k4-sigma0.7-N100-a0.99-seed1-9a392f0b.ckpt
 * ```
 */
export function idaeCheckpointPath(
  dir: string,
  spec: IdaeModelSpec,
  config: Pick<IdaeConfig, "hidden" | "batchSize" | "learningRate" | "sizes" | "chainNoise">,
  dataset: string,
): string {
  return `${dir}/idae-${dataset}-${idaeSpecKey(spec)}-${idaeModelHash(spec, config, dataset)}.ckpt`;
}

/**
 * The grid's cached evaluation (Sec. 5.5) of one model, in the folder `dir`: its name holds the
 * model's hash and every setting of the evaluation, so a cached evaluation is reused only by
 * an evaluation that would give the same numbers.
 *
 * @param dir the checkpoint folder
 * @param spec the model
 * @param config the settings of the model and of its evaluation
 * @param dataset the dataset's name
 * @returns the path
 *
 * @example
 * ```ts
 * import { idaeEvaluationPath } from "./checkpoints.ts";
 * import { IDAE_PRESETS } from "./config.ts";
 * const spec = { k: 4, sigma: 0.7, epochs: 100, annealingRate: 0.99, paperEpochs: 100, seed: 1 };
 * console.log(idaeEvaluationPath("ck", spec, IDAE_PRESETS.paper, "mnist"));
 * // ck/idae-mnist-k4-sigma0.7-N100-a0.99-seed1-3b7601c8.eval.json
 * ```
 */
export function idaeEvaluationPath(
  dir: string,
  spec: IdaeModelSpec,
  config: IdaeConfig,
  dataset: string,
): string {
  const hash = settingsHash({
    model: idaeModelHash(spec, config, dataset),
    iteration: config.iteration,
    evaluation: config.evaluation,
    probe: config.probe,
    explosion: EXPLOSION_DEFAULTS, // a cached count made with other thresholds is redone
  });
  return `${dir}/idae-${dataset}-${idaeSpecKey(spec)}-${hash}.eval.json`;
}
