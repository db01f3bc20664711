/**
 * What the benchmark generators share: the 8-bit images they produce ({@link GeneratedImages}),
 * and the photograph patches of the image-background sets (`mnist-back-image`,
 * `mnist-rot-back-image`, `rectangles-image`).
 *
 * **Photographs.** The ten photographs of {@link NATURAL_IMAGES} (scikit-image's sample images,
 * from Debian's `python3-skimage`, read and turned grey by `readGrayPng`: grey levels in [0, 1]).
 * The originals used 20 black-and-white photographs that were not published; these ten stand in
 * for them.
 *
 * **Patches.** A patch is a 28 x 28 window of one photograph: the photograph is drawn uniformly
 * among the ten, then the window's top-left corner uniformly among the positions where it fits,
 * redrawn (in the same photograph) while the population variance of the patch's grey levels is
 * below {@link MIN_PATCH_VARIANCE} (0.001, a standard deviation of about 0.032 on the [0, 1]
 * scale; the original threshold was not published). This rejects flat regions: of the windows
 * of each photograph, about 83% of moon's (whose median standard deviation is 0.012), 40% of
 * camera's, 16-20% of astronaut's, coffee's and motorcycle_left's, 5-6% of brick's, chelsea's and
 * coins', none of grass's and gravel's. Each photograph is still drawn with probability 1/10.
 *
 * **Contrast.** A patch is used as cut (`rectangles-image`, and recipe 1 of the two digit
 * sets) or stretched so that its darkest pixel is 0 and its brightest 1 ({@link patchRange};
 * recipe 2 of `mnist-back-image` and `mnist-rot-back-image`, their default). The patches'
 * contrast decides how far the digit stands out: with the patches as cut an SVM-RBF finds these
 * two sets 6.7 and 14.4 points easier than the originals (the energy results page, where the
 * measurement is).
 *
 * @module
 */
import type { Random } from "../random.ts";
import { NATURAL_IMAGES, naturalImagesLocation } from "./patches.ts";
import { type GrayPhoto, readGrayPng } from "./png.ts";
import { join } from "node:path";

export type { Random } from "../random.ts";
export type { GrayPhoto } from "./png.ts";

/** The side of every benchmark image, in pixels. */
export const SIDE = 28;

/** The pixels of a benchmark image. */
export const PIXELS: number = SIDE * SIDE;

/** Patches whose grey levels have a smaller population variance are redrawn. */
export const MIN_PATCH_VARIANCE = 0.001;

/** Positions tried for one patch before giving up on a photograph. */
const MAX_TRIES = 1000;

/**
 * Images made by a generator: 8-bit grey levels (0..255, shown as 0..1 once divided by 255),
 * labels, and what was drawn for each example.
 */
export interface GeneratedImages {
  /** `n * 784` grey levels, row-major, 28 x 28 per image. */
  pixels: Uint8Array;
  /** One label per image. */
  labels: Uint8Array;
  /** The number of images. */
  n: number;
  /**
   * What was drawn for each image, one array of `n` numbers per key (the keys are listed in each
   * generator's doc).
   */
  draws: Record<string, Float64Array>;
}

/** The photographs patches are cut from, and where they were read. */
export interface Photos {
  /** The photographs, grey levels in [0, 1]. */
  images: GrayPhoto[];
  /** Their file names, in the same order. */
  files: string[];
  /** The folder read. */
  dir: string;
}

/**
 * Read the ten photographs of {@link NATURAL_IMAGES} from `dir`, else `$SKIMAGE_DATA_DIR`, else
 * Debian's folder of `python3-skimage`.
 *
 * @param dir the folder of the PNG files
 * @returns the photographs in grey
 * @throws {Error} naming the file and the fix when a photograph is missing or not a PNG file
 *
 * @example
 * ```ts
 * import { loadPhotos } from "./benchmarks_photos.ts";
 * const photos = await loadPhotos();
 * console.log(photos.files.length, photos.images[0].width); // 10 512
 * ```
 */
export async function loadPhotos(dir?: string): Promise<Photos> {
  const where = naturalImagesLocation(dir === undefined ? {} : { dir });
  const files = NATURAL_IMAGES.map((i) => i.file);
  const images: GrayPhoto[] = [];
  for (const file of files) images.push(await readGrayPng(join(where.dir, file)));
  return { images, files, dir: where.dir };
}

/** A 28 x 28 window of a photograph. */
export interface PatchPlace {
  /** Index of the photograph. */
  photo: number;
  /** Row of the top-left pixel. */
  top: number;
  /** Column of the top-left pixel. */
  left: number;
}

/** The population variance of the 28 x 28 window at (top, left). */
function windowVariance(img: GrayPhoto, top: number, left: number): number {
  let sum = 0;
  let sq = 0;
  for (let r = 0; r < SIDE; r++) {
    const o = (top + r) * img.width + left;
    for (let c = 0; c < SIDE; c++) {
      const v = img.pixels[o + c];
      sum += v;
      sq += v * v;
    }
  }
  const mean = sum / PIXELS;
  return Math.max(0, sq / PIXELS - mean * mean);
}

/**
 * Draw a patch as the module doc says: a photograph uniformly (other than `exclude`, when
 * given), then a position uniformly, redrawn while the patch's variance is below `minVariance`.
 *
 * @param rng the random stream
 * @param photos the photographs
 * @param minVariance the variance threshold (default {@link MIN_PATCH_VARIANCE})
 * @param exclude a photograph not to draw
 * @returns where the patch is
 * @throws {Error} when 1,000 positions of the photograph drawn are all too flat
 *
 * @example
 * ```ts
 * import { randomStream } from "../random.ts";
 * import { drawPatch } from "./benchmarks_photos.ts";
 * const flat = { width: 30, height: 30, pixels: new Float32Array(900).map((_, i) => i % 2) };
 * console.log(drawPatch(randomStream(1), [flat]).photo); // 0
 * ```
 */
export function drawPatch(
  rng: Random,
  photos: readonly GrayPhoto[],
  minVariance = MIN_PATCH_VARIANCE,
  exclude?: number,
): PatchPlace {
  const k = photos.length - (exclude === undefined ? 0 : 1);
  if (k < 1) throw new Error("drawPatch: no photograph to draw from");
  let photo = rng.int(k);
  if (exclude !== undefined && photo >= exclude) photo++;
  const img = photos[photo];
  if (img.width < SIDE || img.height < SIDE) {
    throw new Error(`drawPatch: photograph ${photo} (${img.width}x${img.height}) is under 28x28`);
  }
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const top = rng.int(img.height - SIDE + 1);
    const left = rng.int(img.width - SIDE + 1);
    if (windowVariance(img, top, left) >= minVariance) return { photo, top, left };
  }
  throw new Error(
    `drawPatch: ${MAX_TRIES} random 28x28 windows of photograph ${photo} all have a variance ` +
      `below ${minVariance}; lower the threshold or use other photographs`,
  );
}

/** The darkest and brightest grey levels of a patch, in [0, 1]. */
export interface PatchRange {
  /** The darkest level. */
  lo: number;
  /** The brightest level. */
  hi: number;
}

/**
 * The darkest and brightest grey levels of the patch at `at`.
 *
 * @example
 * ```ts
 * import { patchRange } from "./benchmarks_photos.ts";
 * const img = { width: 28, height: 28, pixels: new Float32Array(784).map((_, i) => i / 1000) };
 * console.log(patchRange(img, { photo: 0, top: 0, left: 0 })); // { lo: 0, hi: 0.783 }
 * ```
 */
export function patchRange(img: GrayPhoto, at: PatchPlace): PatchRange {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < SIDE; r++) {
    const o = (at.top + r) * img.width + at.left;
    for (let c = 0; c < SIDE; c++) {
      const v = img.pixels[o + c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return { lo, hi };
}

/**
 * The grey level (0..255, rounded) of pixel (r, c) of a patch: as cut, or, given the patch's
 * `range` ({@link patchRange}), stretched so that the range becomes [0, 1] (a flat patch, whose
 * range is a single level, stays as cut).
 *
 * @example
 * ```ts
 * import { patchLevel } from "./benchmarks_photos.ts";
 * const img = { width: 28, height: 28, pixels: new Float32Array(784).fill(0.5) };
 * img.pixels[0] = 0.25;
 * const at = { photo: 0, top: 0, left: 0 };
 * console.log(patchLevel(img, at, 3, 4), patchLevel(img, at, 3, 4, { lo: 0.25, hi: 0.5 })); // 128 255
 * ```
 */
export function patchLevel(
  img: GrayPhoto,
  at: PatchPlace,
  r: number,
  c: number,
  range?: PatchRange,
): number {
  const v = img.pixels[(at.top + r) * img.width + at.left + c];
  if (range === undefined || !(range.hi > range.lo)) return toLevel(v);
  return toLevel((v - range.lo) / (range.hi - range.lo));
}

/**
 * A value in [0, 1] as the nearest 8-bit grey level, clamped to 0..255.
 *
 * @example
 * ```ts
 * import { toLevel } from "./benchmarks_photos.ts";
 * console.log(toLevel(0.5), toLevel(1.2), toLevel(-0.1)); // 128 255 0
 * ```
 */
export function toLevel(v: number): number {
  const q = Math.round(v * 255);
  return q < 0 ? 0 : q > 255 ? 255 : q;
}

/**
 * Empty draw arrays for `n` images under `keys`, filled with NaN.
 *
 * @example
 * ```ts
 * import { drawArrays } from "./benchmarks_photos.ts";
 * console.log(Object.keys(drawArrays(3, ["angle"])), drawArrays(3, ["angle"]).angle.length);
 * // ["angle"] 3
 * ```
 */
export function drawArrays(n: number, keys: readonly string[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const key of keys) out[key] = new Float64Array(n).fill(NaN);
  return out;
}
