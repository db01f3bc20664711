/**
 * The eight benchmark sets of Larochelle et al., "An empirical evaluation of deep architectures
 * on problems with many factors of variation" (ICML 2007), used by Kamyshanska & Memisevic
 * (Sec. 4.2): regenerated with seeded, documented recipes, or read from the original `.amat`
 * files when a folder of them is given.
 *
 * | set | train | validation | test | classes | recipe |
 * | --- | ---: | ---: | ---: | --- | --- |
 * | `mnist-small` | 10000 | 2000 | 50000 | digits | `benchmarks_mnist.ts` |
 * | `mnist-rot` | 10000 | 2000 | 50000 | digits | `benchmarks_mnist.ts` |
 * | `mnist-back-rand` | 10000 | 2000 | 50000 | digits | `benchmarks_mnist.ts` |
 * | `mnist-back-image` | 10000 | 2000 | 50000 | digits | `benchmarks_mnist.ts` |
 * | `mnist-rot-back-image` | 10000 | 2000 | 50000 | digits | `benchmarks_mnist.ts` |
 * | `rectangles` | 1000 | 200 | 50000 | wide / tall | `benchmarks_shapes.ts` |
 * | `rectangles-image` | 10000 | 2000 | 50000 | wide / tall | `benchmarks_shapes.ts` |
 * | `convex` | 6000 | 2000 | 50000 | not convex / convex | `benchmarks_shapes.ts` |
 *
 * Sizes are the published ones ({@link PUBLISHED_SIZES}); for convex, 6000 / 2000 as on the
 * dataset page ("the last 2000 examples of the training sets as validation sets"; one public
 * loader splits the 8000 as 6500 / 1500). Every image is 28 x 28 (784 values in [0, 1], multiples
 * of 1/255 for generated sets); labels are a Uint8Array: 0-9 for the digits, 1 = taller than
 * wide for the rectangles, 1 = convex for convex.
 *
 * **Digits.** The training and validation examples of the MNIST variants come from MNIST's
 * 60,000 training digits, the test examples from its 10,000 test digits, so that no test digit
 * is seen in training. A permutation P of the training digits (stream
 * `"icml2007/mnist-train-digits"`) gives training example i the digit P[i] and validation
 * example i the digit P[59999 - i] (disjoint while train + validation <= 60000). MNIST has
 * only 10,000 test digits: the 50,000 test examples use each test digit five times, in pass q
 * (examples 10000 q .. 10000 q + 9999) in the order of a permutation drawn for that pass
 * (stream `"icml2007/mnist-test-digits/<q>"`), each time with new draws of rotation and
 * background. (The originals drew their 62,000 examples from all 70,000 MNIST digits; for
 * `mnist-small`, whose digits are unchanged, the test set is thus five copies of MNIST's test
 * set and its error equals the error on those 10,000.) The digit choice depends on the seed
 * only, so the five MNIST variants of one seed use the same digits in the same order; their
 * rotations and backgrounds come from each set's own streams.
 *
 * **Seeds and sizes.** Each split draws from `randomStream(seed, "icml2007/<set>/<split>")`,
 * example by example, so a smaller size gives the first examples of a larger one (the `sizes`
 * option: smoke runs and tests generate a few hundred examples in about a second, most of it
 * reading MNIST or the photographs, never the 50,000 test examples). The recipe version of each
 * set ({@link RECIPE_VERSIONS}) changes whenever its output for a seed changes.
 *
 * **Cache.** {@link loadBenchmarkSplits} keeps each generated set in
 * `data/cache/benchmarks/<set>-r<recipe>-seed<seed>-<train>-<validation>-<test>[-max].bin`
 * (relative to the working directory; `cacheDir` to change it, `cache: false` to skip it),
 * written atomically: an 8-byte magic `"ICML07B\n"`, a little-endian uint32 header length, a
 * JSON header (format, set, recipe version, seed, sizes, background rule, pixels per image, and
 * an FNV-1a checksum of the body), then for train, validation and test the labels (one byte
 * each) and the 8-bit pixels (784 bytes an image). About 49 MB for a full MNIST variant. A file
 * whose header, length or checksum does not match what is asked is regenerated and replaced,
 * never used (`benchmarks_cache.ts`). The cache does not notice a change of MNIST or of the
 * photographs themselves: delete the folder after changing them.
 *
 * **Original files.** With a folder of the original `.amat` files, given as `dir` or in
 * `$ICML2007_DATA_DIR` ({@link ORIGINALS_ENV}), the sets are read from them instead
 * (`amat.ts`: file names, transposed sets, validation rows); `source: "generated"` ignores the
 * environment variable.
 *
 * Through `loadDataset("mnist-rot")` (in `mnist.ts`) a set comes as a `Dataset`: `train` holds the
 * training then the validation examples (validation last, as in the original files), `test`
 * the test examples; {@link loadBenchmarkSplits} gives the three splits directly.
 *
 * @example 300 / 100 / 200 rotated digits
 * ```ts
 * import { loadBenchmarkSplits } from "./benchmarks.ts";
 * const set = await loadBenchmarkSplits("mnist-rot", {
 *   sizes: { train: 300, validation: 100, test: 200 },
 *   cache: false,
 * });
 * console.log(set.train.n, set.validation.n, set.test.n, set.train.features); // 300 100 200 784
 * ```
 *
 * @module
 */
import { permutation, randomStream } from "../random.ts";
import { ORIGINAL_FILES, readOriginalBenchmark } from "./amat.ts";
import {
  type BackgroundRule,
  type DigitRows,
  makeMnistVariant,
  type MnistVariant,
} from "./benchmarks_mnist.ts";
import {
  cachePathOf,
  decodeCache,
  DEFAULT_BENCHMARK_CACHE_DIR,
  encodeCache,
  type Parts,
  readCache,
  type Settings,
  type SplitName,
  SPLITS,
  writeCache,
} from "./benchmarks_cache.ts";
import { type GeneratedImages, loadPhotos, PIXELS } from "./benchmarks_photos.ts";
import { makeConvex, makeRectangles, makeRectanglesImage } from "./benchmarks_shapes.ts";
import {
  type Dataset,
  type DatasetLocation,
  type ImageSplit,
  loadDataset,
  type PixelScale,
} from "./mnist.ts";

export type { BackgroundRule } from "./benchmarks_mnist.ts";
export { DEFAULT_BENCHMARK_CACHE_DIR } from "./benchmarks_cache.ts";
export type {
  Dataset,
  DatasetLocation,
  DatasetName,
  ImageSplit,
  PixelScale,
  Split,
} from "./mnist.ts";

export {
  BENCHMARK_CLASS_NAMES,
  BENCHMARK_NAMES,
  BENCHMARK_RECIPES,
  DEFAULT_BACKGROUND_RULES,
  isBenchmarkName,
  PUBLISHED_SIZES,
  RECIPE_VERSIONS,
} from "./benchmarks_catalog.ts";
export type { BenchmarkName, BenchmarkSizes } from "./benchmarks_catalog.ts";
import {
  BENCHMARK_CLASS_NAMES,
  BENCHMARK_NAMES,
  BENCHMARK_RECIPES,
  type BenchmarkName,
  type BenchmarkSizes,
  DEFAULT_BACKGROUND_RULES,
  isBenchmarkName,
  PUBLISHED_SIZES,
  RECIPE_VERSIONS,
} from "./benchmarks_catalog.ts";

/** The environment variable naming a folder of the original `.amat` files. */
export const ORIGINALS_ENV = "ICML2007_DATA_DIR";

/** Options of {@link loadBenchmarkSplits} and {@link generateBenchmark}. */
export interface BenchmarkOptions {
  /**
   * `"auto"` (default): the original files when `dir` or `$ICML2007_DATA_DIR` names a folder,
   * else generate; `"original"`: the original files (an error if no folder is named);
   * `"generated"`: generate, ignoring `$ICML2007_DATA_DIR`.
   */
  source?: "auto" | "original" | "generated";
  /** A folder of the original `.amat` files (see `amat.ts` for the names looked for). */
  dir?: string;
  /** Seed of the generated set (default 0); any integer. */
  seed?: number;
  /**
   * Sizes of the generated splits (default {@link PUBLISHED_SIZES}); for the original files,
   * caps on the sizes (the first examples of each split are kept).
   */
  sizes?: Partial<BenchmarkSizes>;
  /**
   * How digit and background combine in the background variants (default per set,
   * {@link DEFAULT_BACKGROUND_RULES}).
   */
  backgroundRule?: BackgroundRule;
  /**
   * The recipe version to generate (default {@link RECIPE_VERSIONS}; one of the set's
   * {@link BENCHMARK_RECIPES}).
   */
  recipe?: number;
  /** Cache generated sets (default true). */
  cache?: boolean;
  /** The cache folder (default `data/cache/benchmarks`, relative to the working directory). */
  cacheDir?: string;
  /** The folder of MNIST's IDX files (default: as `loadDataset("mnist")` finds them). */
  mnistDir?: string;
  /** The folder of the photographs (default: as `naturalPatches` finds them). */
  imagesDir?: string;
  /** Original files: the validation rows at the end of the training file (default per set). */
  validation?: number;
  /** Original files: transpose the images back (default: per set, see `amat.ts`). */
  transpose?: boolean;
}

/** Where a generated set came from. */
export interface GeneratedSource {
  /** Generated by the recipes here. */
  kind: "generated";
  /** The seed. */
  seed: number;
  /** The recipe version generated ({@link RECIPE_VERSIONS} unless asked for another). */
  recipe: number;
  /** The background rule, for the three background variants; null for the others. */
  backgroundRule: BackgroundRule | null;
  /** The cache file, or null when not cached. */
  cacheFile: string | null;
  /**
   * `"hit"`: read from the cache; `"written"`: generated and cached; `"replaced"`: the cached
   * file did not match (see `replacedBecause`), generated again and replaced; `"off"`: not
   * cached.
   */
  cache: "hit" | "written" | "replaced" | "off";
  /** Why a cached file was replaced. */
  replacedBecause?: string;
}

/** Where a set read from the original files came from. */
export interface OriginalSource {
  /** Read from the original `.amat` files. */
  kind: "original";
  /** The folder named. */
  dir: string;
  /** How the folder was named: `"the dir option"` or `"$ICML2007_DATA_DIR"`. */
  from: string;
  /** The training file read. */
  trainFile: string;
  /** The test file read. */
  testFile: string;
  /** Whether the images were transposed back. */
  transposed: boolean;
}

/** A set as three splits. */
export interface BenchmarkSplits {
  /** The set. */
  name: BenchmarkName;
  /** Training examples. */
  train: ImageSplit;
  /** Validation examples. */
  validation: ImageSplit;
  /** Test examples. */
  test: ImageSplit;
  /** The name of each class, indexed by label. */
  classNames: readonly string[];
  /** Where it came from. */
  source: GeneratedSource | OriginalSource;
}

/** What was drawn for each example of each split of a generated set (see the generators). */
export interface BenchmarkDraws {
  /** Draws of the training examples. */
  train: Record<string, Float64Array>;
  /** Draws of the validation examples. */
  validation: Record<string, Float64Array>;
  /** Draws of the test examples. */
  test: Record<string, Float64Array>;
}

/** A freshly generated set, with what was drawn for each example. */
export interface GeneratedBenchmark extends BenchmarkSplits {
  /** Where it came from (never the cache). */
  source: GeneratedSource;
  /** What was drawn for each example. */
  draws: BenchmarkDraws;
}

const MNIST_VARIANTS: ReadonlySet<BenchmarkName> = new Set([
  "mnist-small",
  "mnist-rot",
  "mnist-back-rand",
  "mnist-back-image",
  "mnist-rot-back-image",
]);

const WITH_BACKGROUND: ReadonlySet<BenchmarkName> = new Set([
  "mnist-back-rand",
  "mnist-back-image",
  "mnist-rot-back-image",
]);

function checkName(name: BenchmarkName): void {
  if (!isBenchmarkName(name)) {
    throw new Error(
      `Unknown benchmark set "${name}"; pass one of ${BENCHMARK_NAMES.join(", ")}`,
    );
  }
}

function settingsOf(name: BenchmarkName, options: BenchmarkOptions): Settings {
  checkName(name);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`${name}: seed must be an integer, got ${seed}`);
  }
  const sizes = { ...PUBLISHED_SIZES[name], ...options.sizes };
  for (const split of SPLITS) {
    const v = sizes[split];
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`${name}: sizes.${split} must be a whole number >= 0, got ${v}`);
    }
  }
  if (MNIST_VARIANTS.has(name) && sizes.train + sizes.validation > 60000) {
    throw new Error(
      `${name}: train + validation is ${sizes.train + sizes.validation}, more than MNIST's ` +
        `60,000 training digits; pass smaller sizes`,
    );
  }
  const rule = options.backgroundRule ?? DEFAULT_BACKGROUND_RULES[name] ?? "replace";
  if (rule !== "replace" && rule !== "max") {
    throw new Error(`${name}: unknown background rule "${rule}"; pass "replace" or "max"`);
  }
  const recipe = options.recipe ?? RECIPE_VERSIONS[name];
  if (!BENCHMARK_RECIPES[name].includes(recipe)) {
    throw new Error(
      `${name}: no recipe ${recipe}; pass one of ${BENCHMARK_RECIPES[name].join(", ")} ` +
        `(BENCHMARK_RECIPES)`,
    );
  }
  return {
    name,
    seed,
    sizes,
    backgroundRule: WITH_BACKGROUND.has(name) ? rule : null,
    recipe,
  };
}

/** The MNIST digits of each split, as the module doc says. */
function digitIndices(
  seed: number,
  sizes: BenchmarkSizes,
  trainDigits: number,
  testDigits: number,
) {
  const order = permutation(randomStream(seed, "icml2007/mnist-train-digits"), trainDigits);
  const train = order.slice(0, sizes.train);
  const validation = Uint32Array.from(
    { length: sizes.validation },
    (_, i) => order[trainDigits - 1 - i],
  );
  const test = new Uint32Array(sizes.test);
  for (let pass = 0; pass * testDigits < sizes.test; pass++) {
    const p = permutation(randomStream(seed, `icml2007/mnist-test-digits/${pass}`), testDigits);
    const from = pass * testDigits;
    const to = Math.min(sizes.test, from + testDigits);
    for (let i = from; i < to; i++) test[i] = p[i - from];
  }
  return { train, validation, test };
}

/** MNIST's digits as grey levels, by folder ("" for the default), read once per process. */
const digitMemo = new Map<string, Promise<{ train: DigitRows; test: DigitRows }>>();

function mnistDigits(dir: string | undefined): Promise<{ train: DigitRows; test: DigitRows }> {
  const key = dir ?? "";
  let digits = digitMemo.get(key);
  if (digits === undefined) {
    digits = loadDataset("mnist", { scale: "none", ...(dir === undefined ? {} : { dir }) })
      .then((ds) => ({
        train: { x: Uint8Array.from(ds.train.x), y: ds.train.y, n: ds.train.n },
        test: { x: Uint8Array.from(ds.test.x), y: ds.test.y, n: ds.test.n },
      }));
    digitMemo.set(key, digits);
    digits.catch(() => digitMemo.delete(key));
  }
  return digits;
}

async function generateParts(settings: Settings, options: BenchmarkOptions): Promise<Parts> {
  const { name, seed, sizes } = settings;
  const stream = (split: SplitName) => randomStream(seed, `icml2007/${name}/${split}`);
  const needsPhotos = name === "mnist-back-image" || name === "mnist-rot-back-image" ||
    name === "rectangles-image";
  const photos = needsPhotos ? (await loadPhotos(options.imagesDir)).images : [];
  if (MNIST_VARIANTS.has(name)) {
    const mnist = await mnistDigits(options.mnistDir);
    const idx = digitIndices(seed, sizes, mnist.train.n, mnist.test.n);
    const variant = name as MnistVariant;
    const rule = settings.backgroundRule ?? "replace";
    const make = (split: SplitName) =>
      makeMnistVariant(
        variant,
        split === "test" ? mnist.test : mnist.train,
        idx[split],
        stream(split),
        { rule, photos, stretch: settings.recipe === 2 },
      );
    return { train: make("train"), validation: make("validation"), test: make("test") };
  }
  const make = (split: SplitName): GeneratedImages => {
    const n = sizes[split];
    if (name === "rectangles") return makeRectangles(stream(split), n);
    if (name === "rectangles-image") return makeRectanglesImage(stream(split), n, photos);
    return makeConvex(stream(split), n);
  };
  return { train: make("train"), validation: make("validation"), test: make("test") };
}

/** 0..255 as floats in [0, 1]. */
const LEVELS = Float32Array.from({ length: 256 }, (_, i) => i / 255);

function toSplit(pixels: Uint8Array, labels: Uint8Array): ImageSplit {
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = LEVELS[pixels[i]];
  return { x, y: labels.slice(), n: labels.length, features: PIXELS, shape: [28, 28] };
}

/**
 * The cache file of a generated set with these options (whether or not it exists).
 *
 * @example
 * ```ts
 * import { benchmarkCachePath } from "./benchmarks.ts";
 * console.log(benchmarkCachePath("convex", { seed: 3 }));
 * // data/cache/benchmarks/convex-r1-seed3-6000-2000-50000.bin
 * ```
 */
export function benchmarkCachePath(name: BenchmarkName, options: BenchmarkOptions = {}): string {
  return cachePathOf(settingsOf(name, options), options.cacheDir);
}

function sourceOf(settings: Settings): GeneratedSource {
  return {
    kind: "generated",
    seed: settings.seed,
    recipe: settings.recipe,
    backgroundRule: settings.backgroundRule,
    cacheFile: null,
    cache: "off",
  };
}

/**
 * Generate a set by its recipe (see `benchmarks_mnist.ts` and `benchmarks_shapes.ts`), without
 * the cache, returning also what was drawn for each example (digit indices, angles, patch
 * places, rectangle sizes, convexity deficits).
 *
 * @param name the set
 * @param options `seed`, `sizes`, `backgroundRule`, `recipe`, `mnistDir`, `imagesDir` (the
 * others are ignored)
 * @returns the three splits and the draws
 * @throws {Error} for an unknown set, bad sizes or seed, or missing MNIST files or photographs
 *
 * @example
 * ```ts
 * import { generateBenchmark } from "./benchmarks.ts";
 * const sizes = { train: 50, validation: 10, test: 20 };
 * const set = await generateBenchmark("rectangles", { sizes });
 * const { height, width } = set.draws.train;
 * console.log([...set.train.y].every((l, i) => l === (height[i] > width[i] ? 1 : 0))); // true
 * ```
 */
export async function generateBenchmark(
  name: BenchmarkName,
  options: BenchmarkOptions = {},
): Promise<GeneratedBenchmark> {
  const settings = settingsOf(name, options);
  const parts = await generateParts(settings, options);
  return {
    name,
    train: toSplit(parts.train.pixels, parts.train.labels),
    validation: toSplit(parts.validation.pixels, parts.validation.labels),
    test: toSplit(parts.test.pixels, parts.test.labels),
    classNames: BENCHMARK_CLASS_NAMES[name],
    source: sourceOf(settings),
    draws: { train: parts.train.draws, validation: parts.validation.draws, test: parts.test.draws },
  };
}

function envDir(variable: string): string | undefined {
  try {
    if (Deno.permissions.querySync({ name: "env", variable }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(variable) || undefined;
  } catch {
    return undefined;
  }
}

/** The folder of original files to read, or undefined to generate. */
function originalsOf(
  name: BenchmarkName,
  options: BenchmarkOptions,
): { dir: string; from: string } | undefined {
  const source = options.source ?? "auto";
  if (source !== "auto" && source !== "original" && source !== "generated") {
    throw new Error(
      `${name}: unknown source "${source}"; pass "auto", "original" or "generated"`,
    );
  }
  if (source === "generated") {
    if (options.dir !== undefined) {
      throw new Error(
        `${name}: dir names a folder of original files but source is "generated"; drop one`,
      );
    }
    return undefined;
  }
  if (options.dir !== undefined) return { dir: options.dir, from: "the dir option" };
  const env = envDir(ORIGINALS_ENV);
  if (env !== undefined) return { dir: env, from: `$${ORIGINALS_ENV}` };
  if (source === "original") {
    throw new Error(
      `${name}: source is "original" but no folder of original files is named; pass dir or ` +
        `set ${ORIGINALS_ENV} to a folder with ${ORIGINAL_FILES[name].train} and ` +
        `${ORIGINAL_FILES[name].test}`,
    );
  }
  return undefined;
}

/**
 * A set as training, validation and test splits: read from the original `.amat` files when a
 * folder of them is named (`dir`, or `$ICML2007_DATA_DIR` unless `source: "generated"`), else
 * generated by the recipes, through the cache (see the module doc). Needs read permission (and
 * write permission for the cache; env permission to honour the variables).
 *
 * @param name the set
 * @param options where from, seed, sizes, background rule, cache
 * @returns the three splits, the class names and where they came from
 * @throws {Error} for an unknown set or bad options; for missing or malformed original files
 * (naming the file and the fix); for missing MNIST files or photographs
 *
 * @example Generated, then found in the cache
 * ```ts
 * import { loadBenchmarkSplits } from "./benchmarks.ts";
 * const cacheDir = await Deno.makeTempDir();
 * const options = { sizes: { train: 100, validation: 20, test: 50 }, cacheDir };
 * const first = await loadBenchmarkSplits("convex", options);
 * const again = await loadBenchmarkSplits("convex", options);
 * if (first.source.kind !== "generated" || again.source.kind !== "generated") throw new Error();
 * console.log(first.source.cache, again.source.cache); // written hit
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 */
export async function loadBenchmarkSplits(
  name: BenchmarkName,
  options: BenchmarkOptions = {},
): Promise<BenchmarkSplits> {
  checkName(name);
  const originals = originalsOf(name, options);
  if (originals !== undefined) {
    const files = ORIGINAL_FILES[name];
    const transposed = options.transpose ?? files.transposed;
    const read = await readOriginalBenchmark(name, originals.dir, {
      ...(options.validation === undefined ? {} : { validation: options.validation }),
      transpose: transposed,
      ...(options.sizes === undefined ? {} : { sizes: options.sizes }),
    });
    return {
      name,
      train: read.train,
      validation: read.validation,
      test: read.test,
      classNames: BENCHMARK_CLASS_NAMES[name],
      source: {
        kind: "original",
        dir: originals.dir,
        from: originals.from,
        trainFile: read.trainFile,
        testFile: read.testFile,
        transposed,
      },
    };
  }
  const settings = settingsOf(name, options);
  const source = sourceOf(settings);
  const useCache = options.cache ?? true;
  let parts: Parts | undefined;
  if (useCache) {
    const path = cachePathOf(settings, options.cacheDir);
    source.cacheFile = path;
    const bytes = await readCache(path);
    if (bytes !== undefined) {
      const decoded = decodeCache(bytes, settings);
      if (typeof decoded === "string") source.replacedBecause = decoded;
      else parts = decoded;
    }
    if (parts !== undefined) {
      source.cache = "hit";
    } else {
      parts = await generateParts(settings, options);
      await writeCache(path, encodeCache(settings, parts));
      source.cache = bytes === undefined ? "written" : "replaced";
    }
  } else {
    parts = await generateParts(settings, options);
  }
  return {
    name,
    train: toSplit(parts.train.pixels, parts.train.labels),
    validation: toSplit(parts.validation.pixels, parts.validation.labels),
    test: toSplit(parts.test.pixels, parts.test.labels),
    classNames: BENCHMARK_CLASS_NAMES[name],
    source,
  };
}

/** A set as a `Dataset`: `train` holds the training then the validation examples. */
export interface BenchmarkDataset extends Dataset {
  /** The set. */
  name: BenchmarkName;
  /** How many of the last rows of `train` are the validation examples. */
  validation: number;
  /** Where it came from. */
  source: GeneratedSource | OriginalSource;
}

function scaled(split: ImageSplit, scale: PixelScale): ImageSplit {
  if (scale === "unit-interval") return split;
  const x = split.x;
  if (scale === "none") {
    for (let i = 0; i < x.length; i++) x[i] *= 255;
    return split;
  }
  const f = split.features;
  for (let r = 0; r < split.n; r++) {
    let sum = 0;
    for (let i = r * f; i < (r + 1) * f; i++) sum += x[i] * x[i];
    if (sum === 0) continue;
    const inv = 1 / Math.sqrt(sum);
    for (let i = r * f; i < (r + 1) * f; i++) x[i] *= inv;
  }
  return split;
}

function concat(a: ImageSplit, b: ImageSplit): ImageSplit {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Uint8Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return { x, y, n: a.n + b.n, features: a.features, shape: [28, 28] };
}

/**
 * A set as a `Dataset`, as `loadDataset(name)` returns it: `train` holds the training then the
 * validation examples (validation last, as in the original files), `test` the test examples.
 * Pixel scales: `"unit-interval"` (default) the values in [0, 1]; `"unit-norm"` each image
 * scaled to unit L2 norm; `"none"` the values times 255 (8-bit grey levels, whole numbers for
 * generated sets).
 *
 * @param name the set
 * @param options as {@link loadBenchmarkSplits}, and `scale`
 * @returns the dataset, with the number of validation rows and where it came from
 * @throws {Error} as {@link loadBenchmarkSplits}, and for an unknown scale
 *
 * @example
 * ```ts
 * import { loadBenchmarkDataset } from "./benchmarks.ts";
 * const sizes = { train: 40, validation: 10, test: 30 };
 * const ds = await loadBenchmarkDataset("rectangles", { sizes, cache: false, scale: "none" });
 * console.log(ds.train.n, ds.validation, ds.test.n, Math.max(...ds.train.x)); // 50 10 30 255
 * ```
 */
export async function loadBenchmarkDataset(
  name: BenchmarkName,
  options: BenchmarkOptions & { scale?: PixelScale } = {},
): Promise<BenchmarkDataset> {
  checkName(name);
  const scale = options.scale ?? "unit-interval";
  if (!["unit-interval", "unit-norm", "none"].includes(scale)) {
    throw new Error(
      `Unknown pixel scale "${scale}" for ${name}; pass "unit-interval", "unit-norm" or "none"`,
    );
  }
  const splits = await loadBenchmarkSplits(name, options);
  const source = splits.source;
  const dir = source.kind === "original"
    ? source.dir
    : source.cacheFile === null
    ? ""
    : (options.cacheDir ?? DEFAULT_BENCHMARK_CACHE_DIR);
  return {
    name,
    dir,
    scale,
    classNames: splits.classNames,
    train: scaled(concat(splits.train, splits.validation), scale),
    test: scaled(splits.test, scale),
    validation: splits.validation.n,
    source,
  };
}

/**
 * Where {@link loadBenchmarkSplits} would take a set from, without reading or generating it:
 * the folder of original files and how it was named, or the cache folder of generated sets.
 *
 * @example
 * ```ts
 * import { benchmarkLocation } from "./benchmarks.ts";
 * console.log(benchmarkLocation("convex", { dir: "/data/icml2007" }).source);
 * // the dir option (original .amat files)
 * console.log(benchmarkLocation("convex", { source: "generated" }).dir); // data/cache/benchmarks
 * ```
 */
export function benchmarkLocation(
  name: BenchmarkName,
  options: BenchmarkOptions = {},
): DatasetLocation {
  checkName(name);
  const originals = originalsOf(name, options);
  if (originals !== undefined) {
    return { dir: originals.dir, source: `${originals.from} (original .amat files)` };
  }
  const dir = options.cacheDir ?? DEFAULT_BENCHMARK_CACHE_DIR;
  return {
    dir,
    source: options.cache === false ? "generated, not cached" : "generated, cached",
  };
}
