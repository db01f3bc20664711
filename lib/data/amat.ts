/**
 * The `.amat` text files of the Larochelle et al. (ICML 2007) benchmark sets, read as they were
 * published.
 *
 * **Format.** One example a line: `features` numbers (784, a 28 x 28 image row by row, values in
 * [0, 1]) then the label (0-9 for the MNIST variants, 0/1 for rectangles, rectangles-image and
 * convex), separated by spaces or tabs. Lines starting with `#` (PLearn's optional header) and
 * blank lines are skipped. A label may be written as a float (`5.000000`) but must be a whole
 * number in 0..classes-1; every value must be a finite number. Pixel values are kept as they
 * are, not clamped or checked against [0, 1]. A malformed line gives an Error naming the file,
 * the line number (counting every line from 1) and the problem.
 *
 * **Transposed sets.** Some sets store each image transposed (column by column): per one widely
 * used public loader, `mnist-back-image` and `mnist-back-rand` (and the MNIST noise variants,
 * which are not read here). {@link ORIGINAL_FILES} records this, and {@link readAmat} transposes
 * each image back when asked, so that pixel (r, c) is at `r * 28 + c` as in MNIST.
 *
 * **Files.** {@link ORIGINAL_FILES} names each set's training and test file as the public archives
 * (`http://www.iro.umontreal.ca/~lisa/icml2007data/<archive>.zip`) name them. The training file
 * holds the training and validation examples, the validation examples last: 2000 of them
 * (rectangles: 200). The convex training file holds 8000 examples: the dataset page uses the last
 * 2000 for validation (the default here); one public loader uses 6500 / 1500 (pass
 * `validation: 1500`). {@link readOriginalBenchmark} looks for each file in the folder itself, then
 * in a subfolder named after its archive (as unzipping makes it), and, for convex's test file, in
 * `50k/` too.
 *
 * @example Parse two lines of a 2 x 2 set with classes 0..2
 * ```ts
 * import { parseAmat } from "./amat.ts";
 * const rows = parseAmat("0 0.5 1 0 2\n1 1 0 0 0\n", { features: 4, classes: 3 });
 * console.log(rows.n, [...rows.y]); // 2 [2, 0]
 * ```
 *
 * @module
 */
import { join } from "node:path";
import type { BenchmarkName } from "./benchmarks.ts";
import type { ImageSplit } from "./mnist.ts";

export type { BenchmarkName } from "./benchmarks.ts";
export type { ImageSplit, Split } from "./mnist.ts";

/** Options of {@link parseAmat} and {@link readAmat}. */
export interface AmatOptions {
  /** Values before the label on each line (default 784). */
  features?: number;
  /** Labels must be whole numbers in 0..classes-1 (default 10). */
  classes?: number;
  /**
   * The images are stored transposed: transpose each square image of `features` pixels back
   * (default false).
   */
  transpose?: boolean;
  /** Stop after this many examples (default: read them all). */
  limit?: number;
  /** The name used in error messages for {@link parseAmat} (default `"amat text"`). */
  name?: string;
}

/** Examples read from an `.amat` file: row-major values and labels. */
export interface AmatData {
  /** `n * features` values, row-major. */
  x: Float32Array;
  /** One label per example. */
  y: Uint8Array;
  /** The number of examples. */
  n: number;
  /** Values per example. */
  features: number;
}

interface Settings {
  features: number;
  classes: number;
  transpose: boolean;
  limit: number;
  side: number;
}

function settingsOf(options: AmatOptions): Settings {
  const features = options.features ?? 784;
  const classes = options.classes ?? 10;
  const limit = options.limit ?? Infinity;
  if (!Number.isInteger(features) || features < 1) {
    throw new Error(`amat: features must be an integer >= 1, got ${features}`);
  }
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    throw new Error(`amat: classes must be an integer in 1..256, got ${classes}`);
  }
  if (limit !== Infinity && (!Number.isInteger(limit) || limit < 0)) {
    throw new Error(`amat: limit must be a whole number >= 0, got ${limit}`);
  }
  const side = Math.round(Math.sqrt(features));
  const transpose = options.transpose ?? false;
  if (transpose && side * side !== features) {
    throw new Error(`amat: transpose needs square images, but ${features} values are not square`);
  }
  return { features, classes, transpose, limit, side };
}

const FIX = "check that it is an original .amat file of the benchmark set (each line: the pixel " +
  "values, then the label) and that it was not truncated or edited";

/** Parses lines into growing arrays; fed text in chunks of any size. */
class AmatParser {
  #x: Float32Array;
  #y: Uint8Array;
  n = 0;
  #line = 0;
  #rest = "";
  done = false;

  constructor(readonly settings: Settings, readonly name: string) {
    this.#x = new Float32Array(settings.features * 64);
    this.#y = new Uint8Array(64);
  }

  push(chunk: string): void {
    if (this.done) return;
    const text = this.#rest + chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf("\n", start);
      if (end < 0) break;
      this.#parseLine(text.slice(start, end));
      start = end + 1;
      if (this.done) return;
    }
    this.#rest = text.slice(start);
  }

  end(): AmatData {
    if (!this.done && this.#rest.length > 0) this.#parseLine(this.#rest);
    this.#rest = "";
    const { features, transpose, side } = this.settings;
    let x: Float32Array = this.#x.slice(0, this.n * features);
    if (transpose) x = transposeImages(x, side);
    return { x, y: this.#y.slice(0, this.n), n: this.n, features };
  }

  #fail(problem: string): never {
    throw new Error(`${this.name}, line ${this.#line}: ${problem}; ${FIX}`);
  }

  #parseLine(raw: string): void {
    this.#line++;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const { features, classes, limit } = this.settings;
    if (this.n >= limit) {
      this.done = true;
      return;
    }
    const tokens = line.split(/\s+/);
    if (tokens.length !== features + 1) {
      this.#fail(
        `expected ${
          features + 1
        } values (${features} pixels, then the label), found ${tokens.length}`,
      );
    }
    if ((this.n + 1) * features > this.#x.length) {
      const grown = new Float32Array(this.#x.length * 2);
      grown.set(this.#x);
      this.#x = grown;
      const labels = new Uint8Array(this.#y.length * 2);
      labels.set(this.#y);
      this.#y = labels;
    }
    const offset = this.n * features;
    for (let i = 0; i < features; i++) {
      const v = Number(tokens[i]);
      if (!Number.isFinite(v)) {
        this.#fail(`value ${i + 1} ("${tokens[i]}") is not a finite number`);
      }
      this.#x[offset + i] = v;
    }
    const label = Number(tokens[features]);
    if (!Number.isFinite(label)) {
      this.#fail(`the label ("${tokens[features]}") is not a number`);
    }
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      this.#fail(`the label ${tokens[features]} is not a class 0..${classes - 1}`);
    }
    this.#y[this.n] = label;
    this.n++;
  }
}

/**
 * Transpose each square image of `side` x `side` values: pixel (r, c) of the result is pixel
 * (c, r) of the input.
 *
 * @param x rows of `side * side` values
 * @param side the images' height and width
 * @returns the transposed images, a new array
 *
 * @example
 * ```ts
 * import { transposeImages } from "./amat.ts";
 * console.log([...transposeImages(new Float32Array([1, 2, 3, 4]), 2)]); // [1, 3, 2, 4]
 * ```
 */
export function transposeImages(x: Float32Array, side: number): Float32Array {
  const d = side * side;
  if (!Number.isInteger(side) || side < 1 || x.length % d !== 0) {
    throw new Error(`transposeImages: ${x.length} values are not whole ${side} x ${side} images`);
  }
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += d) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) out[o + r * side + c] = x[o + c * side + r];
    }
  }
  return out;
}

/**
 * Parse `.amat` text held in memory (see the module doc for the format).
 *
 * @param text the file's content
 * @param options features per line, number of classes, transposition, a row limit, a name
 * @returns the examples
 * @throws {Error} naming `options.name`, the line and the problem for a malformed line
 *
 * @example A line with a label out of range
 * ```ts
 * import { parseAmat } from "./amat.ts";
 * try {
 *   parseAmat("# header\n0 1 0 1 1\n0 1 0 1 7\n", { features: 4, classes: 2, name: "a.amat" });
 * } catch (e) {
 *   console.log((e as Error).message); // a.amat, line 3: the label 7 is not a class 0..1; ...
 * }
 * ```
 */
export function parseAmat(text: string, options: AmatOptions = {}): AmatData {
  const parser = new AmatParser(settingsOf(options), options.name ?? "amat text");
  parser.push(text);
  return parser.end();
}

/**
 * Read an `.amat` file (see the module doc for the format), streaming it, so that files larger
 * than the longest string the runtime holds (the 50,000-example test files are 200-700 MB) are
 * read too. Needs read permission for the file.
 *
 * @param path the file
 * @param options features per line, number of classes, transposition, a row limit
 * @returns the examples
 * @throws {Error} naming the file when it is missing, and the line and the problem for a
 * malformed line
 *
 * @example
 * ```ts
 * import { readAmat } from "./amat.ts";
 * const path = await Deno.makeTempFile({ suffix: ".amat" });
 * await Deno.writeTextFile(path, "1 0 0 0 1\n0 0 0 1 0\n");
 * const rows = await readAmat(path, { features: 4, classes: 2, transpose: true });
 * console.log([...rows.x.subarray(0, 4)], [...rows.y]); // [1, 0, 0, 0] [1, 0]
 * await Deno.remove(path);
 * ```
 */
export async function readAmat(path: string, options: AmatOptions = {}): Promise<AmatData> {
  const parser = new AmatParser(settingsOf(options), `"${path}"`);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`The .amat file "${path}" does not exist`, { cause: e });
    }
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(`Cannot read "${path}": permission denied; run Deno with --allow-read`, {
        cause: e,
      });
    }
    throw e;
  }
  try {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(1 << 20);
    for (;;) {
      const count = await file.read(buffer);
      if (count === null) break;
      parser.push(decoder.decode(buffer.subarray(0, count), { stream: true }));
      if (parser.done) break;
    }
    parser.push(decoder.decode());
  } finally {
    file.close();
  }
  return parser.end();
}

/** Where a set's original files are and how they are stored. */
export interface OriginalFiles {
  /** The zip archive of the public release, without `.zip`. */
  archive: string;
  /** The training file (training then validation examples). */
  train: string;
  /** The test file. */
  test: string;
  /** Other places of the test file, relative to the folder (convex: `50k/convex_test.amat`). */
  testAlso: readonly string[];
  /** Whether each image is stored transposed. */
  transposed: boolean;
  /** The number of classes. */
  classes: number;
  /** The examples at the end of the training file that are the validation set. */
  validation: number;
}

/** The original files of each set, named as in the public archives. */
export const ORIGINAL_FILES: Readonly<Record<BenchmarkName, Readonly<OriginalFiles>>> = {
  "mnist-small": {
    archive: "mnist",
    train: "mnist_train.amat",
    test: "mnist_test.amat",
    testAlso: [],
    transposed: false,
    classes: 10,
    validation: 2000,
  },
  "mnist-rot": {
    archive: "mnist_rotation_new",
    train: "mnist_all_rotation_normalized_float_train_valid.amat",
    test: "mnist_all_rotation_normalized_float_test.amat",
    testAlso: [],
    transposed: false,
    classes: 10,
    validation: 2000,
  },
  "mnist-back-rand": {
    archive: "mnist_background_random",
    train: "mnist_background_random_train.amat",
    test: "mnist_background_random_test.amat",
    testAlso: [],
    transposed: true,
    classes: 10,
    validation: 2000,
  },
  "mnist-back-image": {
    archive: "mnist_background_images",
    train: "mnist_background_images_train.amat",
    test: "mnist_background_images_test.amat",
    testAlso: [],
    transposed: true,
    classes: 10,
    validation: 2000,
  },
  "mnist-rot-back-image": {
    archive: "mnist_rotation_back_image_new",
    train: "mnist_all_background_images_rotation_normalized_train_valid.amat",
    test: "mnist_all_background_images_rotation_normalized_test.amat",
    testAlso: [],
    transposed: false,
    classes: 10,
    validation: 2000,
  },
  rectangles: {
    archive: "rectangles",
    train: "rectangles_train.amat",
    test: "rectangles_test.amat",
    testAlso: [],
    transposed: false,
    classes: 2,
    validation: 200,
  },
  "rectangles-image": {
    archive: "rectangles_images",
    train: "rectangles_im_train.amat",
    test: "rectangles_im_test.amat",
    testAlso: [],
    transposed: false,
    classes: 2,
    validation: 2000,
  },
  convex: {
    archive: "convex",
    train: "convex_train.amat",
    test: "convex_test.amat",
    testAlso: ["50k/convex_test.amat"],
    transposed: false,
    classes: 2,
    validation: 2000,
  },
};

/** Options of {@link readOriginalBenchmark}. */
export interface ReadOriginalOptions {
  /** Validation examples at the end of the training file (default from {@link ORIGINAL_FILES}). */
  validation?: number;
  /** Transpose the images back (default: {@link OriginalFiles.transposed} of the set). */
  transpose?: boolean;
  /** Keep only the first examples of each split (default all). */
  sizes?: { train?: number; validation?: number; test?: number };
}

/** A set read from its original files: the three splits and the files they came from. */
export interface OriginalBenchmark {
  /** Training examples: the training file less its last `validation` rows. */
  train: ImageSplit;
  /** Validation examples: the last rows of the training file. */
  validation: ImageSplit;
  /** The test file's examples. */
  test: ImageSplit;
  /** The training file read. */
  trainFile: string;
  /** The test file read. */
  testFile: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function findFile(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const path = join(dir, name);
    if (await isFile(path)) return path;
  }
  return undefined;
}

function candidates(files: OriginalFiles, name: string, also: readonly string[] = []): string[] {
  return [name, join(files.archive, name), ...also, ...also.map((a) => join(files.archive, a))];
}

function toSplit(data: AmatData, from: number, to: number): ImageSplit {
  const f = data.features;
  return {
    x: data.x.slice(from * f, to * f),
    y: data.y.slice(from, to),
    n: to - from,
    features: f,
    shape: [28, 28],
  };
}

function cap(what: string, value: number | undefined, available: number): number {
  if (value === undefined) return available;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`sizes.${what} must be a whole number >= 0, got ${value}`);
  }
  return Math.min(value, available);
}

/**
 * Read a benchmark set from its original `.amat` files in `dir` (or in `dir/<archive>/`): the
 * training file split into training and validation (the last rows), and the test file, images
 * transposed back where the set stores them transposed.
 *
 * @param name the set
 * @param dir the folder holding the files
 * @param options validation rows, transposition, caps on the sizes
 * @returns the three splits and the files read
 * @throws {Error} naming the folder, the files looked for and where to get them when a file is
 * missing; naming the file and line for a malformed line; when the training file has no more
 * rows than the validation count
 *
 * @example Two tiny files of the rectangles set
 * ```ts
 * import { readOriginalBenchmark } from "./amat.ts";
 * const dir = await Deno.makeTempDir();
 * const line = (label: number) => `${Array(784).fill(0).join(" ")} ${label}\n`;
 * await Deno.writeTextFile(`${dir}/rectangles_train.amat`, line(0) + line(1) + line(1));
 * await Deno.writeTextFile(`${dir}/rectangles_test.amat`, line(0));
 * const set = await readOriginalBenchmark("rectangles", dir, { validation: 1 });
 * console.log(set.train.n, set.validation.n, set.test.n, [...set.validation.y]); // 2 1 1 [1]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readOriginalBenchmark(
  name: BenchmarkName,
  dir: string,
  options: ReadOriginalOptions = {},
): Promise<OriginalBenchmark> {
  const files = ORIGINAL_FILES[name];
  if (files === undefined) {
    throw new Error(
      `Unknown benchmark set "${name}"; pass one of ${Object.keys(ORIGINAL_FILES).join(", ")}`,
    );
  }
  const validation = options.validation ?? files.validation;
  if (!Number.isInteger(validation) || validation < 0) {
    throw new Error(`validation must be a whole number >= 0, got ${validation}`);
  }
  const trainNames = candidates(files, files.train);
  const testNames = candidates(files, files.test, files.testAlso);
  const trainFile = await findFile(dir, trainNames);
  const testFile = await findFile(dir, testNames);
  if (trainFile === undefined || testFile === undefined) {
    const missing = [
      ...(trainFile === undefined ? [trainNames.join(" or ")] : []),
      ...(testFile === undefined ? [testNames.join(" or ")] : []),
    ];
    throw new Error(
      `The original ${name} files are not in "${dir}": looked for ${missing.join("; and ")}; ` +
        `unzip ${files.archive}.zip of http://www.iro.umontreal.ca/~lisa/icml2007data/ there, ` +
        `or leave the folder out to generate the set`,
    );
  }
  const transpose = options.transpose ?? files.transposed;
  const sizes = options.sizes ?? {};
  const amat = { classes: files.classes, transpose };
  const all = await readAmat(trainFile, amat);
  if (all.n <= validation) {
    throw new Error(
      `"${trainFile}" has ${all.n} examples, not more than the ${validation} validation ` +
        `examples at its end; ${FIX}`,
    );
  }
  const trainCount = all.n - validation;
  const testLimit = sizes.test === undefined ? undefined : cap("test", sizes.test, Infinity);
  const testData = await readAmat(testFile, { ...amat, limit: testLimit });
  const nTrain = cap("train", sizes.train, trainCount);
  const nValidation = cap("validation", sizes.validation, validation);
  return {
    train: toSplit(all, 0, nTrain),
    validation: toSplit(all, trainCount, trainCount + nValidation),
    test: toSplit(testData, 0, testData.n),
    trainFile,
    testFile,
  };
}
