/**
 * The data layer: IDX parsing with validation, MNIST and Fashion-MNIST, and seeded splits.
 *
 * @example Load MNIST and split it 50,000 / 10,000 / 10,000
 * ```ts
 * import { loadDataset, splitDataset } from "./mod.ts";
 * const { train, validation, test } = splitDataset(await loadDataset("mnist"), { seed: 0 });
 * if (train.n + validation.n + test.n !== 70000) throw new Error("wrong sizes");
 * ```
 *
 * @module
 */
export { parseIdx, readIdx } from "./idx.ts";
export type { IdxArray, IdxData, IdxDtype, ReadIdxOptions } from "./idx.ts";
export { clearDatasetCache, datasetLocation, loadDataset } from "./mnist.ts";
export type {
  Dataset,
  DatasetLocation,
  DatasetName,
  ImageSplit,
  LoadDatasetOptions,
  PixelScale,
  Split,
} from "./mnist.ts";
export { splitDataset, subset } from "./splits.ts";
export type { DatasetSplits, SplitIndices, SplitOptions, SplitSizes } from "./splits.ts";
