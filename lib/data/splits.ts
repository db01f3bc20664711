/**
 * Training, validation and test splits, chosen by a seeded permutation so every run with the
 * same seed sees the same examples.
 *
 * @module
 */
import { permutation, randomStream } from "../random.ts";
import {
  type Dataset,
  type DatasetName,
  type ImageSplit,
  loadDataset,
  type PixelScale,
  type Split,
} from "./mnist.ts";

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Seed of the permutation that picks the validation images (default 0). */
  seed?: number;
  /** How many official training images are held out for validation (default 10,000). */
  holdout?: number;
  /** Keep only the first `trainSize` shuffled training images (default all), for smoke runs. */
  trainSize?: number;
  /** Keep only the first `validationSize` shuffled validation images (default all). */
  validationSize?: number;
  /** Keep only the first `testSize` official test images (default all). */
  testSize?: number;
}

/** Which examples each split took, as indices into the official training or test set. */
export interface SplitIndices {
  /** Indices into the official training set, in the order of the training split. */
  train: Uint32Array;
  /** Indices into the official training set, in the order of the validation split. */
  validation: Uint32Array;
  /** Indices into the official test set. */
  test: Uint32Array;
}

/** The three splits made by {@link splitDataset}. */
export interface DatasetSplits {
  /** Training images: the official training set less the held-out images, shuffled. */
  train: ImageSplit;
  /** Validation images, held out from the official training set, shuffled. */
  validation: ImageSplit;
  /** The official test set, in its published order. */
  test: ImageSplit;
  /** Which examples each split took. */
  indices: SplitIndices;
}

/**
 * Copy the examples at `indices` into a new split of the same kind.
 *
 * @param split the examples to pick from
 * @param indices which examples, in the order wanted; each in 0..split.n-1
 * @returns a new split with its own arrays
 * @throws {Error} when an index is out of range
 *
 * @example Pick the last and first of three examples
 * ```ts
 * import { subset } from "./splits.ts";
 * const split = { x: new Float32Array([1, 1, 2, 2, 3, 3]), y: new Uint8Array([0, 1, 2]), n: 3, features: 2 };
 * const picked = subset(split, [2, 0]);
 * if (picked.n !== 2 || picked.x[0] !== 3 || picked.y[1] !== 0) throw new Error("wrong subset");
 * ```
 */
export function subset<S extends Split>(split: S, indices: ArrayLike<number>): S {
  const { features } = split;
  const n = indices.length;
  const x = new Float32Array(n * features);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= split.n) {
      throw new Error(
        `Index ${j} at position ${i} is outside the split of ${split.n} examples; pass indices in 0..${
          split.n - 1
        }`,
      );
    }
    x.set(split.x.subarray(j * features, (j + 1) * features), i * features);
    y[i] = split.y[j];
  }
  return { ...split, x, y, n };
}

function count(name: string, value: number | undefined, fallback: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(`Split option ${name} is ${v}; pass a whole number of at least 0`);
  }
  if (v > max) {
    throw new Error(
      `Split option ${name} is ${v} but only ${max} are available; pass at most ${max}`,
    );
  }
  return v;
}

/**
 * Split a dataset into training, validation and test sets.
 *
 * The official training set is shuffled by a permutation from `randomStream(seed, "split")`;
 * the last `holdout` images of the permutation (10,000 by default) become the validation
 * set and the rest (50,000 for MNIST) the training set. The test set is the official test
 * set. `trainSize`, `validationSize` and `testSize` keep only the first examples of each,
 * for quick runs.
 *
 * @param ds a dataset from {@link loadDataset}, or any object with `train` and `test`
 * @param options `seed`, `holdout` and size caps
 * @returns the three splits and the indices they took
 * @throws {Error} when a size is not a whole number or exceeds what is available
 *
 * @example 50,000 / 10,000 / 10,000 MNIST digits
 * ```ts
 * import { loadDataset } from "./mnist.ts";
 * import { splitDataset } from "./splits.ts";
 * const { train, validation, test } = splitDataset(await loadDataset("mnist"), { seed: 1 });
 * if (train.n !== 50000 || validation.n !== 10000 || test.n !== 10000) {
 *   throw new Error("wrong sizes");
 * }
 * ```
 *
 * @example A smoke-test sized split
 * ```ts
 * import { loadDataset } from "./mnist.ts";
 * import { splitDataset } from "./splits.ts";
 * const s = splitDataset(await loadDataset("mnist"), { trainSize: 1000, validationSize: 200, testSize: 500 });
 * if (s.train.n !== 1000 || s.validation.x.length !== 200 * 784) throw new Error("wrong sizes");
 * ```
 */
export function splitDataset(
  ds: Pick<Dataset, "train" | "test">,
  options: SplitOptions = {},
): DatasetSplits {
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) {
    throw new Error(`Split option seed is ${seed}; pass an integer`);
  }
  const total = ds.train.n;
  const holdout = count("holdout", options.holdout, 10000, total);
  const trainSize = count("trainSize", options.trainSize, total - holdout, total - holdout);
  const validationSize = count("validationSize", options.validationSize, holdout, holdout);
  const testSize = count("testSize", options.testSize, ds.test.n, ds.test.n);
  const order = permutation(randomStream(seed, "split"), total);
  const indices: SplitIndices = {
    train: order.slice(0, trainSize),
    validation: order.slice(total - holdout, total - holdout + validationSize),
    test: Uint32Array.from({ length: testSize }, (_, i) => i),
  };
  return {
    train: subset(ds.train, indices.train),
    validation: subset(ds.train, indices.validation),
    test: subset(ds.test, indices.test),
    indices,
  };
}

/** Caps on the split sizes (smoke runs); absent means every image. */
export interface SplitSizes {
  /** Training images kept. */
  train?: number;
  /** Validation images kept. */
  validation?: number;
  /** Test images kept. */
  test?: number;
}

/**
 * Load a dataset and split it the way every reproduction does: 50,000 training and 10,000
 * validation images from the official training set (split seed 0), the official test images,
 * each cut to `sizes` when given.
 *
 * @param dataset the dataset
 * @param sizes caps on the split sizes
 * @param scale how pixels are scaled (default `"unit-interval"`)
 *
 * @example
 * ```ts
 * import { loadSplits } from "./splits.ts";
 * const s = await loadSplits("mnist", { train: 100, validation: 20, test: 30 });
 * console.log(s.train.n, s.validation.n, s.test.n); // 100 20 30
 * ```
 */
export async function loadSplits(
  dataset: DatasetName,
  sizes: SplitSizes = {},
  scale?: PixelScale,
): Promise<DatasetSplits> {
  return splitDataset(await loadDataset(dataset, scale ? { scale } : {}), {
    seed: 0,
    trainSize: sizes.train,
    validationSize: sizes.validation,
    testSize: sizes.test,
  });
}
