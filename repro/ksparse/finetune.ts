/**
 * Table 3 of Makhzani & Frey (2014): supervised fine-tuning of networks initialised from the
 * trained autoencoders (Sec. 4.5), shallow and deep (layer-wise, Sec. 4.6), with the paper's
 * SGD (Sec. 4.2.2). A run that diverges is a result too: its outcome says so.
 *
 * @module
 */
import type { Tensor2D } from "../../lib/tf.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { classificationError } from "../../lib/eval/metrics.ts";
import {
  type Autoencoder,
  autoencoder,
  KSPARSE_TABLE1_AUTOENCODERS,
} from "../../lib/models/autoencoder.ts";
import {
  classifierFromAutoencoders,
  classifierFromKSparse,
  classifierFromRbms,
  type DenseClassifier,
  denseClassifier,
} from "../../lib/models/classifier.ts";
import type { KSparseAutoencoder } from "../../lib/models/ksparse.ts";
import type { Rbm } from "../../lib/models/rbm.ts";
import { fineTuningStages, stackCodes } from "../../lib/models/stack.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { linearSchedule } from "../../lib/train/schedules.ts";
import { DivergenceError, train } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { KSparseConfig } from "./config.ts";
import { KSPARSE_PAPER_SETTINGS as P } from "./paper.ts";
import { trainKSparse } from "./train.ts";

/** Table 3's networks, in the paper's order. */
export const KSPARSE_FINE_TUNE_NETWORKS = [
  "scratch",
  "rbm",
  "dropout",
  "denoising",
  "deepDropout",
  "ksparse",
  "deepKSparse",
] as const;

/** One of Table 3's networks. */
export type KSparseFineTuneNetwork = typeof KSPARSE_FINE_TUNE_NETWORKS[number];

/** A fine-tuned network's errors (fractions), epochs over all stages and wall seconds. */
export interface KSparseFineTuneErrors {
  /** Test error, a fraction. */
  testError: number;
  /** Validation error, a fraction. */
  validationError: number;
  /** Epochs over all stages. */
  epochs: number;
  /** Wall seconds over all stages. */
  seconds: number;
}

/** One row of Table 3: the network, its errors (null when not run) and why not. */
export interface KSparseFineTuneOutcome {
  /** The network. */
  network: KSparseFineTuneNetwork;
  /** Its errors, or null when it was not run or diverged. */
  errors: KSparseFineTuneErrors | null;
  /** "not run yet", "diverged: ..." or null. */
  note: string | null;
}

/** The autoencoders pre-trained for Table 1 that Table 3 starts from. */
export interface Pretrained {
  /** The k = 25 k-sparse autoencoder. */
  ksparse?: KSparseAutoencoder;
  /** The denoising autoencoder. */
  denoising?: Autoencoder;
  /** The dropout autoencoder. */
  dropout?: Autoencoder;
  /** The RBM of Table 1's RBM row. */
  rbm?: Rbm;
}

/** Free every model of `pre` (those that are there). */
export function disposePretrained(pre: Pretrained): void {
  for (const m of [pre.rbm, pre.dropout, pre.denoising, pre.ksparse]) m?.dispose();
}

/** What fine-tuning needs from the run. */
export interface FineTuneContext {
  /** The data. */
  splits: DatasetSplits;
  /** The run's settings. */
  config: KSparseConfig;
  /** Seed of the new layers. */
  seed: number;
  /** The checkpoint file of a named training run. */
  checkpoint: (name: string) => Promise<string | undefined>;
  /** Progress, interrupt and seed of every training run. */
  trainOptions: { progress?: ProgressReporter; signal?: AbortSignal; seed: number };
}

/**
 * Table 3: fine-tune each network the run can build (Sec. 4.5, 4.6).
 *
 * @param ctx the run's data, settings and checkpoints
 * @param pre the pre-trained autoencoders (not disposed here)
 * @param networks the networks to fine-tune (default all of Table 3)
 * @returns one outcome per network asked for, in the paper's order
 */
export async function fineTune(
  ctx: FineTuneContext,
  pre: Pretrained,
  networks: readonly KSparseFineTuneNetwork[] = KSPARSE_FINE_TUNE_NETWORKS,
): Promise<KSparseFineTuneOutcome[]> {
  const { splits, config } = ctx;
  // Sec. 4.5-4.6: fine-tuning keeps the alpha*k largest units of the k = 25 model
  const alphaK = Math.min(config.hidden, P.fineTuneAlpha * P.fineTuneK);
  const { dropout, denoising, ksparse } = pre;
  const shallow = (name: string, make: () => DenseClassifier) => () => {
    const net = make();
    return fineTuneStages(ctx, net, name, [net]);
  };
  const work: Record<KSparseFineTuneNetwork, (() => Promise<KSparseFineTuneErrors>) | null> = {
    // the same 784-1000-10 network with an alpha*k layer, random initialisation
    scratch: shallow("scratch", () =>
      denseClassifier({
        inputs: splits.train.features,
        layers: [{ units: config.hidden, activation: { kind: "ksparse", k: alphaK } }],
        seed: ctx.seed,
      })),
    // the RBM's weights and hidden biases as a sigmoid layer under a new softmax
    rbm: pre.rbm ? shallow("rbm", () => classifierFromRbms(pre.rbm!, { seed: ctx.seed })) : null,
    dropout: dropout
      ? shallow("dropout", () => classifierFromAutoencoders(dropout, { seed: ctx.seed }))
      : null,
    denoising: denoising
      ? shallow("denoising", () => classifierFromAutoencoders(denoising, { seed: ctx.seed }))
      : null,
    deepDropout: dropout && config.fineTune.deep ? () => deepDropout(ctx, dropout) : null,
    ksparse: ksparse
      ? shallow("ksparse", () => classifierFromKSparse(ksparse, { seed: ctx.seed }))
      : null,
    deepKSparse: ksparse && config.fineTune.deep ? () => deepKSparse(ctx, ksparse) : null,
  };
  const outcomes: KSparseFineTuneOutcome[] = [];
  for (const network of KSPARSE_FINE_TUNE_NETWORKS) {
    if (networks.includes(network)) outcomes.push(await attempt(network, work[network]));
  }
  return outcomes;
}

/** Run one network's fine-tuning; a divergence becomes a note instead of ending the run. */
async function attempt(
  network: KSparseFineTuneNetwork,
  work: (() => Promise<KSparseFineTuneErrors>) | null,
): Promise<KSparseFineTuneOutcome> {
  if (!work) return { network, errors: null, note: "not run yet" };
  try {
    return { network, errors: await work(), note: null };
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    return { network, errors: null, note: `diverged: ${e.message.split(". ")[0]}` };
  }
}

/**
 * Sec. 4.6: a second k-sparse autoencoder on the first one's alpha*k codes, then staged
 * fine-tuning: softmax alone, then layer 2 + softmax, then everything.
 */
async function deepKSparse(
  ctx: FineTuneContext,
  first: KSparseAutoencoder,
): Promise<KSparseFineTuneErrors> {
  const codes = { train: await stackCodes(ctx.splits.train, (x) => first.features(x)) };
  const { model: second } = await trainKSparse(codes, P.fineTuneK, ctx.config, {
    ...ctx.trainOptions,
    checkpoint: await ctx.checkpoint(`k${P.fineTuneK}-layer2`),
  });
  const deep = classifierFromKSparse([first, second], { seed: ctx.seed });
  second.dispose();
  return fineTuneStages(ctx, deep, "deep-ksparse", fineTuningStages(deep));
}

/**
 * Table 3's deep dropout network: a second dropout autoencoder (50% hidden, 1000 units, as
 * Table 3's caption) trained on the first one's hidden units with the comparison
 * autoencoders' SGD (greedy layer-wise pre-training), then the staged fine-tuning of Sec. 4.6,
 * with each layer's dropout as in pre-training (Sec. 4.5).
 */
async function deepDropout(
  ctx: FineTuneContext,
  first: Autoencoder,
): Promise<KSparseFineTuneErrors> {
  const { config } = ctx;
  const codes = await stackCodes(ctx.splits.train, (x) => first.encode(x));
  const second = autoencoder({
    inputs: first.config.hidden,
    hidden: config.hidden,
    seed: ctx.seed + 1,
    initStd: config.comparisonTraining.initStd,
    output: config.comparisonTraining.output,
    loss: config.comparisonTraining.loss,
    ...KSPARSE_TABLE1_AUTOENCODERS.dropout,
  });
  const optimizer = sgd({ momentum: config.momentum });
  try {
    await train(second, codes, {
      ...ctx.trainOptions,
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer,
      learningRate: config.comparisonTraining.learningRate,
      checkpoint: await ctx.checkpoint("dropout-layer2"),
      label: "dropout autoencoder, layer 2",
    });
  } finally {
    optimizer.dispose();
  }
  const deep = classifierFromAutoencoders([first, second], { seed: ctx.seed });
  second.dispose();
  return fineTuneStages(ctx, deep, "deep-dropout", fineTuningStages(deep));
}

/** Train `net` through its stages with the paper's fine-tuning SGD; dispose it; its errors. */
async function fineTuneStages(
  ctx: FineTuneContext,
  net: DenseClassifier,
  name: string,
  stages: DenseClassifier[],
): Promise<KSparseFineTuneErrors> {
  const { splits } = ctx;
  const ft = ctx.config.fineTune;
  const scores = (x: Tensor2D) => net.logits(x);
  let seconds = 0, epochs = 0;
  for (const [i, stage] of stages.entries()) {
    // the deep network's stages past the softmax-only one train at a lower rate
    const scale = stages.length > 1 && i > 0 ? ft.deepScale : 1;
    const optimizer = sgd({ momentum: ft.momentum });
    const result = await train(stage, splits.train, {
      ...ctx.trainOptions,
      epochs: ft.epochs,
      batchSize: ft.batchSize,
      optimizer,
      // Sec. 4.2.2: learning rate decreased linearly, momentum 0.25
      learningRate: linearSchedule({
        from: scale * ft.learningRate[0],
        to: scale * ft.learningRate[1],
      }),
      validate: () => classificationError(splits.validation, scores),
      checkpoint: await ctx.checkpoint(`ft-${name}-stage${i}`),
      label: `${name} (stage ${i + 1}/${stages.length})`,
    });
    optimizer.dispose();
    seconds += result.seconds;
    epochs += result.epochs;
  }
  const testError = await classificationError(splits.test, scores);
  const validationError = await classificationError(splits.validation, scores);
  net.dispose();
  return { testError, validationError, epochs, seconds };
}
