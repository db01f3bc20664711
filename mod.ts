/**
 * Sparse and energy-based autoencoders on tfjs in Deno (WebGPU, wasm or cpu): models as
 * functional constructors, one trainer, energies, datasets, metrics and figures.
 *
 * - backends: {@link useBackend} (with the fast CPU paths' switches in {@link setKernelOptions})
 * - data: {@link loadDataset} (MNIST, Fashion-MNIST), {@link splitDataset}, rows and batches
 * - models: {@link kSparseAutoencoder} (Makhzani & Frey), {@link drsae} (Rolfe & LeCun),
 *   {@link walkbackDae} (Bahdanau & Jaeger), {@link contractiveAutoencoder},
 *   {@link classSpecificAutoencoders}, {@link rbm} and {@link classRbm} (Kamyshanska &
 *   Memisevic), {@link autoencoder}, {@link denseClassifier}, {@link softmaxRegression}
 * - training: {@link train} with {@link sgd}, {@link adam}, {@link linearSchedule}, progress,
 *   checkpoints and resume
 * - evaluation: {@link linearProbe}, metrics, fixed points, DrSAE unit analysis
 * - energies: {@link energy}, {@link energyField}, {@link laplacian}
 *
 * Two more entry points: `./output` (results tables, run metadata, atomic result sets, charts
 * and image grids) and `./repro` (the reproductions of the papers).
 *
 * @example Train a k-sparse autoencoder on 200 MNIST digits
 * ```ts
 * import { kSparseAutoencoder, loadDataset, splitDataset, train, useBackend } from "./mod.ts";
 * await useBackend("cpu");
 * const { train: rows } = splitDataset(await loadDataset("mnist"), { trainSize: 200 });
 * const ae = kSparseAutoencoder({ hidden: 50, k: 10, seed: 1 });
 * const result = await train(ae, rows, { epochs: 1 });
 * console.log(result.history[0].loss > 0); // true
 * ae.dispose();
 * ```
 *
 * @module
 */

// tfjs types in signatures
export type { Scalar, Tensor, Tensor1D, Tensor2D, Variable } from "./lib/tf.ts";

// backends and seeded randomness
export {
  BACKENDS,
  currentBackend,
  kernelOptions,
  probeWebGpu,
  setKernelOptions,
  useBackend,
} from "./lib/backend.ts";
export type {
  BackendName,
  BackendReport,
  GpuAdapterInfo,
  KernelOptions,
  UseBackendOptions,
} from "./lib/backend.ts";
export { randomStream } from "./lib/random.ts";
export type { Random } from "./lib/random.ts";

// data
export { datasetLocation, loadDataset, splitDataset, subset } from "./lib/data/mod.ts";
export type {
  Dataset,
  DatasetLocation,
  DatasetName,
  DatasetSplits,
  ImageSplit,
  LoadDatasetOptions,
  PixelScale,
  Split,
  SplitIndices,
  SplitOptions,
  SplitSizes,
} from "./lib/data/mod.ts";
export { firstRows, mapRows, pickRows } from "./lib/data/rows.ts";
export type { ArrayData } from "./lib/data/rows.ts";

// ops: non-linearities, noise, the top-k op
export type { ActivationName } from "./lib/ops/activations.ts";
export { dropout, gaussianNoise, maskingNoise } from "./lib/ops/noise.ts";
export type { WeightInit } from "./lib/ops/noise.ts";
export { kSparse } from "./lib/ops/topk.ts";

// models and the contract they share with the trainer
export type {
  Batch,
  NoiseContext,
  Progress,
  ProgressReporter,
  ScheduleNames,
  StepContext,
  Trainable,
} from "./lib/types.ts";
export { kSparseAutoencoder } from "./lib/models/ksparse.ts";
export type {
  KSparseAutoencoder,
  KSparseOptions,
  KSparseParams,
  KSparseScheduled,
} from "./lib/models/ksparse.ts";
export { autoencoder } from "./lib/models/autoencoder.ts";
export type {
  Autoencoder,
  AutoencoderLoss,
  AutoencoderOptions,
  AutoencoderOutput,
  AutoencoderParams,
  AutoencoderPass,
} from "./lib/models/autoencoder.ts";
export {
  classifierFromAutoencoders,
  classifierFromKSparse,
  denseClassifier,
} from "./lib/models/classifier.ts";
export type {
  DenseClassifier,
  DenseClassifierConfig,
  DenseClassifierOptions,
  DenseLayerSpec,
  FromAutoencodersOptions,
  FromEncodersOptions,
  FromKSparseOptions,
  LayerActivation,
  LayerIndex,
  OutputLayerInit,
} from "./lib/models/classifier.ts";
export { fineTuningStages, stackCodes } from "./lib/models/stack.ts";
export { softmaxRegression } from "./lib/models/softmax.ts";
export type { SoftmaxOptions, SoftmaxRegression } from "./lib/models/softmax.ts";
export { drsae, istaInit } from "./lib/models/drsae.ts";
export type {
  Drsae,
  DrsaeConfig,
  DrsaeOptions,
  DrsaeParams,
  DrsaePhase,
  IstaInitOptions,
} from "./lib/models/drsae.ts";
export { walkbackDae } from "./lib/models/walkback.ts";
export type { WalkbackDae, WalkbackDaeOptions, WalkbackNoise } from "./lib/models/walkback.ts";
export { rbm } from "./lib/models/rbm.ts";
export type { Rbm, RbmOptions, RbmParams } from "./lib/models/rbm.ts";
export { classRbm } from "./lib/models/class_rbm.ts";
export type { ClassRbm, ClassRbmObjective, ClassRbmOptions } from "./lib/models/class_rbm.ts";
export { contractiveAutoencoder } from "./lib/models/contractive.ts";
export type { ContractiveAutoencoder, ContractiveOptions } from "./lib/models/contractive.ts";
export { classSpecificAutoencoders, csaeFromAutoencoders } from "./lib/models/csae.ts";
export type {
  Csae,
  CsaeLearn,
  CsaeLoss,
  CsaeModel,
  CsaeOptions,
  CsaeTrainingOptions,
} from "./lib/models/csae.ts";
export { addClass, energyLinearClassifier } from "./lib/models/csae_extend.ts";
export type {
  AddClassOptions,
  AddedClassLearning,
  EnergyClassifier,
  EnergyClassifierOptions,
  ExtendedCsae,
} from "./lib/models/csae_extend.ts";
export { factoredCsae } from "./lib/models/csae_factored.ts";
export type { FactoredCsae, FactoredCsaeOptions } from "./lib/models/csae_factored.ts";

// the one trainer
export {
  CheckpointMismatchError,
  DivergenceError,
  InterruptedError,
  meanLoss,
  train,
} from "./lib/train/train.ts";
export type { EpochRecord, TrainOptions, TrainResult } from "./lib/train/train.ts";
export { adam, sgd } from "./lib/train/optimizers.ts";
export type { AdamOptions, Optimizer, SgdOptions } from "./lib/train/optimizers.ts";
export { exponentialSchedule, linearSchedule } from "./lib/train/schedules.ts";
export type { LinearScheduleOptions, Schedule, ScheduleLike } from "./lib/train/schedules.ts";
export { autoProgress, silentProgress, terminalProgress } from "./lib/train/progress.ts";
export type { ProgressFormatOptions, TerminalProgressOptions } from "./lib/train/progress.ts";

// evaluation
export { linearProbe } from "./lib/eval/probe.ts";
export type { ProbeOptions, ProbeResult, Splits } from "./lib/eval/probe.ts";
export {
  classificationError,
  codeStatistics,
  mutualCoherence,
  reconstructionError,
} from "./lib/eval/metrics.ts";
export type { CodeStats, ReconstructionStats } from "./lib/eval/metrics.ts";
export { countExplosions, iterateToFixedPoints } from "./lib/eval/fixed_points.ts";
export type {
  ExplosionCount,
  ExplosionOptions,
  FixedPointOptions,
  FixedPointResult,
  FixedPointTrack,
} from "./lib/eval/fixed_points.ts";
export { classifyUnits, encoderDecoderAngles } from "./lib/eval/drsae/units.ts";
export type { UnitClasses, UnitKind, UnitThresholds } from "./lib/eval/drsae/units.ts";

// energies (Kamyshanska & Memisevic)
export {
  absorbing,
  contractionPenalty,
  energy,
  ENERGY_ACTIVATIONS,
  energyField,
  laplacian,
  reconstruct,
} from "./lib/energy/mod.ts";
export type {
  EnergyActivation,
  EnergyActivationName,
  EnergyOptions,
  TiedWeights,
} from "./lib/energy/mod.ts";
