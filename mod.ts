/**
 * Sparse and energy-based autoencoders, reproduced from their papers, on tfjs in Deno
 * (WebGPU, wasm or cpu).
 *
 * - k-sparse autoencoders (Makhzani & Frey, 2014): {@link kSparseAutoencoder}
 * - the one trainer every model uses: {@link train}, with {@link sgd}, {@link adam},
 *   {@link linearSchedule}, checkpoints and resume
 * - datasets: {@link loadDataset} (MNIST, Fashion-MNIST) and {@link splitDataset}
 * - evaluation: {@link linearProbe}, {@link classificationError}, {@link codeStatistics}
 * - results: {@link writeResultsTable}, {@link runMetadata}, {@link writeFilterGridPng}
 *
 * @example
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
export type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor3D, Variable } from "./lib/tf.ts";
export * from "./lib/backend.ts";
export * from "./lib/random.ts";
export * from "./lib/data/mod.ts";
export * from "./lib/ops/topk.ts";
export * from "./lib/models/ksparse.ts";
export * from "./lib/models/softmax.ts";
export * from "./lib/types.ts";
export * from "./lib/train/train.ts";
export * from "./lib/train/optimizers.ts";
export * from "./lib/train/schedules.ts";
export * from "./lib/train/checkpoint.ts";
export * from "./lib/train/progress.ts";
export * from "./lib/eval/metrics.ts";
export * from "./lib/eval/probe.ts";
export * from "./lib/io/mod.ts";
export * from "./lib/plot/mod.ts";
export * from "./lib/models/autoencoder.ts";
export * from "./lib/models/classifier.ts";
export * from "./lib/models/stack.ts";
export * from "./lib/ops/wasm_matmul.ts";
export * from "./lib/native/blas.ts";
export * from "./lib/models/walkback.ts";
export * from "./lib/eval/fixed_points.ts";
export * from "./lib/models/drsae.ts";
export * from "./lib/eval/drsae_analysis.ts";
export * from "./lib/ops/relu_recurrence.ts";
export * from "./lib/ops/wasm_sum.ts";
export * from "./lib/ops/wasm_identity.ts";
export * from "./lib/ops/wasm_inplace.ts";
export * from "./lib/ops/wasm_native.ts";
export * from "./lib/native/elementwise.ts";
export * from "./lib/ops/dense.ts";
export { recordingGradients } from "./lib/tf.ts";
export * from "./lib/ops/drsae_head.ts";
