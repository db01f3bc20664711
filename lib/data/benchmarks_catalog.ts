/**
 * The catalogue of the Larochelle et al. (ICML 2007) benchmark sets: their names, published
 * sizes, default background rules, recipe versions and class names. The generators and loaders
 * are in `benchmarks.ts`, which re-exports everything here.
 *
 * @module
 */
import type { BackgroundRule } from "./benchmarks_mnist.ts";

export type { BackgroundRule } from "./benchmarks_mnist.ts";

/** The eight sets. */
export type BenchmarkName =
  | "mnist-small"
  | "mnist-rot"
  | "mnist-back-rand"
  | "mnist-back-image"
  | "mnist-rot-back-image"
  | "rectangles"
  | "rectangles-image"
  | "convex";

/** The eight sets, in the order of the paper's tables. */
export const BENCHMARK_NAMES: readonly BenchmarkName[] = [
  "rectangles",
  "rectangles-image",
  "convex",
  "mnist-small",
  "mnist-rot",
  "mnist-back-image",
  "mnist-back-rand",
  "mnist-rot-back-image",
];

/**
 * Whether `name` is one of the eight sets.
 *
 * @example
 * ```ts
 * import { isBenchmarkName } from "./benchmarks_catalog.ts";
 * console.log(isBenchmarkName("convex"), isBenchmarkName("mnist")); // true false
 * ```
 */
export function isBenchmarkName(name: unknown): name is BenchmarkName {
  return typeof name === "string" && (BENCHMARK_NAMES as readonly string[]).includes(name);
}

/** The number of examples of each split. */
export interface BenchmarkSizes {
  /** Training examples. */
  train: number;
  /** Validation examples (the last rows of the original training file). */
  validation: number;
  /** Test examples. */
  test: number;
}

const MNIST_SIZES: BenchmarkSizes = { train: 10000, validation: 2000, test: 50000 };

/** The published sizes of each set. */
export const PUBLISHED_SIZES: Readonly<Record<BenchmarkName, Readonly<BenchmarkSizes>>> = {
  "mnist-small": MNIST_SIZES,
  "mnist-rot": MNIST_SIZES,
  "mnist-back-rand": MNIST_SIZES,
  "mnist-back-image": MNIST_SIZES,
  "mnist-rot-back-image": MNIST_SIZES,
  rectangles: { train: 1000, validation: 200, test: 50000 },
  "rectangles-image": { train: 10000, validation: 2000, test: 50000 },
  convex: { train: 6000, validation: 2000, test: 50000 },
};

/**
 * Each background variant's default {@link BackgroundRule}, chosen by which rule brings our
 * SVM-RBF baseline nearest the published one, measured at recipe 1
 * (results/energy/benchmarks-max against benchmarks-baselines): `mnist-back-rand` 14.48% with
 * `"max"` against 19.10% with `"replace"`
 * (published 14.58); `mnist-back-image` 15.91% with `"replace"` against 13.50% (published
 * 22.61); `mnist-rot-back-image` 40.82% and 42.90% (published 55.18; neither near, the
 * default kept).
 */
export const DEFAULT_BACKGROUND_RULES: Readonly<Record<string, BackgroundRule>> = {
  "mnist-back-rand": "max",
  "mnist-back-image": "replace",
  "mnist-rot-back-image": "replace",
};

/**
 * The recipe version each set is generated at by default: it changes whenever the default
 * output for a seed changes. {@link BENCHMARK_RECIPES} lists the versions that can be asked for.
 */
export const RECIPE_VERSIONS: Readonly<Record<BenchmarkName, number>> = {
  "mnist-small": 1,
  "mnist-rot": 1,
  "mnist-back-rand": 1,
  "mnist-back-image": 2,
  "mnist-rot-back-image": 2,
  rectangles: 1,
  "rectangles-image": 1,
  convex: 1,
};

/**
 * The recipe versions each set can be generated at (the `recipe` option). `mnist-back-image`
 * and `mnist-rot-back-image` have two: 1 puts each photograph patch behind the digit as cut,
 * 2 (their default) stretches the patch to the full grey range first (`benchmarks_photos.ts`).
 * With the patches as cut an SVM-RBF finds the two sets 6.7 and 14.4 points easier than the
 * originals; stretched, its errors lie near the published ones (the energy results page). The
 * others have one recipe; `rectangles-image` uses its patches as cut.
 */
export const BENCHMARK_RECIPES: Readonly<Record<BenchmarkName, readonly number[]>> = {
  "mnist-small": [1],
  "mnist-rot": [1],
  "mnist-back-rand": [1],
  "mnist-back-image": [1, 2],
  "mnist-rot-back-image": [1, 2],
  rectangles: [1],
  "rectangles-image": [1],
  convex: [1],
};

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;

/** The name of each class of each set, indexed by label. */
export const BENCHMARK_CLASS_NAMES: Readonly<Record<BenchmarkName, readonly string[]>> = {
  "mnist-small": DIGITS,
  "mnist-rot": DIGITS,
  "mnist-back-rand": DIGITS,
  "mnist-back-image": DIGITS,
  "mnist-rot-back-image": DIGITS,
  rectangles: ["wider than tall", "taller than wide"],
  "rectangles-image": ["wider than tall", "taller than wide"],
  convex: ["not convex", "convex"],
};
