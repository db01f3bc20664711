/**
 * Natural image patches: square patches cut at seeded random positions from the photographs that
 * ship with scikit-image, contrast-normalised and ZCA-whitened, as rows of {@link ArrayData}. This
 * is the kind of input of sparse coding and topographic filter maps (Olshausen & Field 1996;
 * Hyvarinen & Hoyer 2001; Kavukcuoglu et al. 2009), which learn oriented, localised filters from
 * it.
 *
 * Where the photographs are looked for, first match wins:
 *
 * | 1. option | 2. environment | 3. default |
 * | --- | --- | --- |
 * | `dir` | `SKIMAGE_DATA_DIR` | `/usr/lib/python3/dist-packages/skimage/data` (Debian) |
 *
 * The default folder is installed by Debian's `python3-skimage` (`apt install python3-skimage`).
 * The photographs used are listed in {@link NATURAL_IMAGES}, with the reason each is in. Files
 * are read locally, never fetched, and decoded to grey levels in [0, 1] by `png.ts`.
 *
 * The pipeline of {@link naturalPatches}: cut `count` patches of `size` x `size` pixels, an equal
 * share from each photograph, at uniformly random positions; put them in a seeded random order;
 * contrast-normalise each patch ({@link contrastNormalize}); fit ZCA whitening to the training
 * patches ({@link fitZca}) and apply it to them and to the held-out patches.
 *
 * @example 2,000 whitened 12x12 patches and 500 held-out ones
 * ```ts
 * import { naturalPatches } from "./patches.ts";
 * const { train, test, whitening } = await naturalPatches({ count: 2000, testCount: 500 });
 * if (train.features !== 144 || test?.n !== 500 || whitening?.kind !== "zca") {
 *   throw new Error("unexpected shape");
 * }
 * ```
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { type GrayPhoto, loadGrayPngs, statError } from "./png.ts";
import { permutation, randomStream } from "../random.ts";
import type { ArrayData } from "./rows.ts";
import {
  contrastNormalize,
  DEFAULT_CONTRAST_EPS,
  DEFAULT_ZCA_EPS,
  fitZca,
  whiten,
  type ZcaWhitening,
} from "./whiten.ts";

export type { ArrayData } from "./rows.ts";
export { contrastNormalize, dewhiten, fitZca, whiten } from "./whiten.ts";
export type {
  ContrastOptions,
  DewhitenOptions,
  WhitenOptions,
  ZcaOptions,
  ZcaWhitening,
} from "./whiten.ts";

/** Where Debian's `python3-skimage` puts the scikit-image sample images. */
export const DEFAULT_SKIMAGE_DATA_DIR = "/usr/lib/python3/dist-packages/skimage/data";

/** The environment variable naming another folder of the photographs. */
export const SKIMAGE_DATA_ENV = "SKIMAGE_DATA_DIR";

/** A photograph of {@link NATURAL_IMAGES}. */
export interface NaturalImage {
  /** File name in the scikit-image data folder. */
  file: string;
  /** What it shows, and its size and format in scikit-image 0.19. */
  shows: string;
  /** Why it is among the natural photographs. */
  why: string;
}

/**
 * The photographs of scikit-image's data folder that {@link naturalPatches} cuts patches from:
 * the real photographs of scenes, objects and natural textures. Left out: `motorcycle_right.png`
 * (the other view of a stereo pair, nearly the same picture), `clock_motion.png` (blurred by
 * camera motion, so its edges are nearly all one orientation, and mostly a flat wall),
 * `cell.png`, `ihc.png` and `microaneurysms.png` (microscopy and retinal images, with other
 * statistics), `horse.png` (a binary silhouette), `logo.png`, `text.png`, `page.png` and
 * `bw_text.png` (graphics and text), `color.png`, `phantom.png`, `block.png`,
 * `checker_bilevel.png`, `chessboard_*.png`, `palette_*.png`, `green_palette.png` and
 * `foo3x5x4indexed.png` (synthetic test patterns), and the JPEG files (`fast-png` reads PNG only).
 */
export const NATURAL_IMAGES: readonly NaturalImage[] = [
  {
    file: "astronaut.png",
    shows: "astronaut Eileen Collins, NASA portrait; 512x512 RGB",
    why: "a real photograph: a face, folds of cloth and a flag, smooth shading and edges",
  },
  {
    file: "brick.png",
    shows: "a brick wall seen at an angle; 512x512 grey",
    why: "a photographed surface texture: long straight edges under perspective, rough surfaces",
  },
  {
    file: "camera.png",
    shows: "the 'cameraman' outdoor photograph; 512x512 grey",
    why: "the classic grey natural photograph: a figure, grass, sky and distant buildings",
  },
  {
    file: "chelsea.png",
    shows: "Chelsea the cat; 451x300 RGB",
    why: "fur texture and edges at many orientations and scales",
  },
  {
    file: "coffee.png",
    shows: "a cup of coffee on a table; 600x400 RGB",
    why: "a photographed object scene: curved edges, soft shading and highlights",
  },
  {
    file: "coins.png",
    shows: "Greek coins from Pompeii, Brooklyn Museum; 384x303 grey",
    why: "round outlines (edges of every orientation) and fine relief",
  },
  {
    file: "grass.png",
    shows: "grass seen from above; 512x512 grey",
    why: "dense foliage, the texture of classic natural-image sets (van Hateren, Olshausen)",
  },
  {
    file: "gravel.png",
    shows: "gravel seen from above; 512x512 grey",
    why: "an isotropic natural texture of blobs and short edges",
  },
  {
    file: "moon.png",
    shows: "the surface of the moon; 512x512 grey",
    why: "a natural scene of craters and soft relief at low contrast",
  },
  {
    file: "motorcycle_left.png",
    shows: "a motorcycle in a garage, left view of a Middlebury stereo pair; 741x500 RGB",
    why: "a cluttered indoor scene: many objects, occlusions, edges and textures",
  },
];

/** Options of {@link naturalPatches}. */
export interface NaturalPatchesOptions {
  /** The folder of the PNG files, instead of `$SKIMAGE_DATA_DIR` or the Debian folder. */
  dir?: string;
  /** File names in the folder to cut from (default: those of {@link NATURAL_IMAGES}). */
  images?: readonly string[];
  /** Side of the square patches in pixels, an integer >= 2 (default 12, as Kavukcuoglu 2009). */
  size?: number;
  /** Training patches, an integer >= 1 (default 50,000). */
  count?: number;
  /** Held-out patches, an integer >= 0 (default 0: no `test`). */
  testCount?: number;
  /** Seed of the positions and the order (default 0); any integer. */
  seed?: number;
  /**
   * Redraw patches whose grey levels have a standard deviation below this (default 0: keep
   * every patch, so positions are uniform). Flat patches are common: at 12x12, about 5% of the
   * patches of astronaut.png are constant (saturated), and about a third of those of moon.png,
   * brick.png and camera.png have std below 0.01. Contrast normalisation turns them into
   * near-zero rows; 0.01 to 0.02 drops them, at the price of favouring textured regions.
   */
  minStd?: number;
  /** Contrast-normalise each patch (default true). */
  normalize?: boolean;
  /** `eps` of {@link contrastNormalize} (default {@link DEFAULT_CONTRAST_EPS}, 0.01). */
  contrastEps?: number;
  /** Fit and apply ZCA whitening (default true). */
  whiten?: boolean;
  /** `eps` of {@link fitZca}, relative to the mean eigenvalue (default 0.1). */
  zcaEps?: number;
}

/** Where each patch was cut: row `i` is the patch at (`top[i]`, `left[i]`) of `image[i]`. */
export interface PatchPositions {
  /** Index of the photograph in {@link PatchSource.images}. */
  image: Uint16Array;
  /** Row of the patch's top-left pixel. */
  top: Uint32Array;
  /** Column of the patch's top-left pixel. */
  left: Uint32Array;
}

/** Patches as rows: `n` rows of `size * size` pixels, row-major within a patch. */
export interface PatchSet extends ArrayData {
  /** Height and width of a patch (`[size, size]`); `features` is their product. */
  shape: [number, number];
  /** Where each row was cut. */
  positions: PatchPositions;
}

/** A photograph the patches came from. */
export interface PatchImage {
  /** File name. */
  file: string;
  /** Full path it was read from. */
  path: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Training patches cut from it. */
  train: number;
  /** Held-out patches cut from it. */
  test: number;
}

/** Where the photographs were read from. */
export interface PatchSource {
  /** The folder. */
  dir: string;
  /** How the folder was chosen: the dir option, the environment variable or the default. */
  from: string;
  /** The photographs, in the order of {@link PatchPositions.image}. */
  images: PatchImage[];
}

/** The options {@link naturalPatches} ran with, defaults filled in: for run metadata. */
export interface PatchSettings {
  /** Side of the patches. */
  size: number;
  /** Training patches. */
  count: number;
  /** Held-out patches. */
  testCount: number;
  /** Seed of positions and order. */
  seed: number;
  /** Patches with a smaller standard deviation were redrawn. */
  minStd: number;
  /** Whether patches were contrast-normalised. */
  normalize: boolean;
  /** `eps` of the contrast normalisation. */
  contrastEps: number;
  /** Whether patches were ZCA-whitened. */
  whiten: boolean;
  /** `eps` of the whitening, relative to the mean eigenvalue. */
  zcaEps: number;
}

/** What {@link naturalPatches} returns. */
export interface NaturalPatches {
  /** The training patches, preprocessed. */
  train: PatchSet;
  /**
   * Held-out patches (when `testCount` > 0): cut from the same photographs at positions drawn
   * from a separate random stream, preprocessed with the whitening fitted to `train`. They are
   * new positions, not new scenes, and may overlap training patches; to hold out whole
   * photographs, cut them raw ({@link naturalPatches} with other `images`, `normalize: false`
   * and `whiten: false`) and pass them to {@link preprocessPatches} with this result.
   */
  test?: PatchSet;
  /** The ZCA whitening fitted to the training patches, or null with `whiten: false`. */
  whitening: ZcaWhitening | null;
  /** Where the photographs came from and how many patches each gave. */
  source: PatchSource;
  /** The options used, defaults filled in. */
  settings: PatchSettings;
}

const FIX = `install Debian's python3-skimage (apt install python3-skimage), or pass dir / ` +
  `set ${SKIMAGE_DATA_ENV} to a folder holding the PNG files`;
const CORRUPT_FIX = `Reinstall it (apt install --reinstall python3-skimage) or point dir / ` +
  `${SKIMAGE_DATA_ENV} at intact files`;

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

/** Where {@link naturalPatches} looks for the photographs. */
export interface NaturalImagesLocation {
  /** The folder. */
  dir: string;
  /** How it was chosen: `"the dir option"`, `"$SKIMAGE_DATA_DIR"` or `"the default folder"`. */
  from: string;
}

/**
 * Where {@link naturalPatches} reads the photographs from, and why (the `dir` option,
 * `$SKIMAGE_DATA_DIR`, or Debian's folder), without reading them: for run metadata.
 *
 * @example
 * ```ts
 * import { naturalImagesLocation } from "./patches.ts";
 * console.log(naturalImagesLocation({ dir: "/data/skimage" }).from); // the dir option
 * ```
 */
export function naturalImagesLocation(
  options: Pick<NaturalPatchesOptions, "dir"> = {},
): NaturalImagesLocation {
  if (options.dir !== undefined) return { dir: options.dir, from: "the dir option" };
  const env = envDir(SKIMAGE_DATA_ENV);
  if (env !== undefined) return { dir: env, from: `$${SKIMAGE_DATA_ENV}` };
  return { dir: DEFAULT_SKIMAGE_DATA_DIR, from: "the default folder" };
}

function checkInteger(name: string, v: number, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(`naturalPatches: ${name} must be an integer >= ${min}, got ${v}`);
  }
}

function settingsOf(options: NaturalPatchesOptions): PatchSettings {
  const s: PatchSettings = {
    size: options.size ?? 12,
    count: options.count ?? 50_000,
    testCount: options.testCount ?? 0,
    seed: options.seed ?? 0,
    minStd: options.minStd ?? 0,
    normalize: options.normalize ?? true,
    contrastEps: options.contrastEps ?? DEFAULT_CONTRAST_EPS,
    whiten: options.whiten ?? true,
    zcaEps: options.zcaEps ?? DEFAULT_ZCA_EPS,
  };
  checkInteger("size", s.size, 2);
  checkInteger("count", s.count, 1);
  checkInteger("testCount", s.testCount, 0);
  if (!Number.isSafeInteger(s.seed)) {
    throw new Error(`naturalPatches: seed must be an integer, got ${s.seed}`);
  }
  if (!Number.isFinite(s.minStd) || s.minStd < 0) {
    throw new Error(`naturalPatches: minStd must be a finite number >= 0, got ${s.minStd}`);
  }
  if (!Number.isFinite(s.contrastEps) || s.contrastEps < 0) {
    throw new Error(
      `naturalPatches: contrastEps must be a finite number >= 0, got ${s.contrastEps}`,
    );
  }
  if (!Number.isFinite(s.zcaEps) || s.zcaEps <= 0) {
    throw new Error(`naturalPatches: zcaEps must be a finite number > 0, got ${s.zcaEps}`);
  }
  if (s.whiten && s.count < 2) {
    throw new Error(`naturalPatches: whitening needs count >= 2 training patches, got ${s.count}`);
  }
  return s;
}

function imageNames(options: NaturalPatchesOptions): string[] {
  const names = options.images ? [...options.images] : NATURAL_IMAGES.map((i) => i.file);
  if (names.length === 0) throw new Error("naturalPatches: images is empty; name PNG files");
  if (names.length > 65535) throw new Error("naturalPatches: at most 65,535 images");
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string" || name === "" || isAbsolute(name)) {
      throw new Error(`naturalPatches: images must be file names in the folder, got "${name}"`);
    }
    if (seen.has(name)) throw new Error(`naturalPatches: image "${name}" is listed twice`);
    seen.add(name);
  }
  return names;
}

async function checkFolder(where: NaturalImagesLocation, names: readonly string[]) {
  const lookedFor = names.join(", ");
  const notFound = (why: string) =>
    new Error(
      `Natural images not found: looked for ${lookedFor} in "${where.dir}" (from ${where.from}), ` +
        `${why}; ${FIX}`,
    );
  try {
    if (!(await Deno.stat(where.dir)).isDirectory) throw notFound("which is not a folder");
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw notFound("which does not exist");
    throw statError(where.dir, e);
  }
  const missing: string[] = [];
  for (const name of names) {
    try {
      if (!(await Deno.stat(join(where.dir, name))).isFile) missing.push(name);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) missing.push(name);
      else throw statError(join(where.dir, name), e);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `Natural images missing from "${where.dir}" (from ${where.from}): ${
        missing.join(", ")
      }; ${FIX}`,
    );
  }
}

/** Equal shares of `count` over `k` images, the first ones getting one more. */
function shares(count: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(count / k) + (i < count % k ? 1 : 0));
}

/** The population standard deviation of the patch at (top, left). */
function patchStd(img: GrayPhoto, top: number, left: number, size: number): number {
  let sum = 0;
  let sq = 0;
  for (let y = 0; y < size; y++) {
    const o = (top + y) * img.width + left;
    for (let x = 0; x < size; x++) {
      const v = img.pixels[o + x];
      sum += v;
      sq += v * v;
    }
  }
  const n = size * size;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}

/** Tries per patch before {@link NaturalPatchesOptions.minStd} gives up on an image. */
const MAX_TRIES = 1000;

/**
 * Draw positions (an equal share per image, redrawing patches of std below `minStd`), then put
 * them in a random order.
 */
function drawPositions(
  images: readonly GrayPhoto[],
  paths: readonly string[],
  settings: PatchSettings,
  count: number,
  label: string,
): PatchPositions {
  const { size, minStd } = settings;
  const rng = randomStream(settings.seed, label);
  const image = new Uint16Array(count);
  const top = new Uint32Array(count);
  const left = new Uint32Array(count);
  let r = 0;
  shares(count, images.length).forEach((share, i) => {
    const img = images[i];
    for (let k = 0; k < share; k++, r++) {
      image[r] = i;
      for (let tries = 0;; tries++) {
        if (tries === MAX_TRIES) {
          throw new Error(
            `naturalPatches: no ${size}x${size} patch with std >= minStd ${minStd} in ` +
              `${MAX_TRIES} random positions of "${paths[i]}"; lower minStd or leave the ` +
              `image out of images`,
          );
        }
        top[r] = rng.int(img.height - size + 1);
        left[r] = rng.int(img.width - size + 1);
        if (minStd === 0 || patchStd(img, top[r], left[r], size) >= minStd) break;
      }
    }
  });
  const order = permutation(rng, count);
  return {
    image: image.map((_, i) => image[order[i]]),
    top: top.map((_, i) => top[order[i]]),
    left: left.map((_, i) => left[order[i]]),
  };
}

/**
 * Copy the patches at `positions` out of `images`, unprocessed: row `i` holds the `size` x `size`
 * grey pixels of `images[positions.image[i]]` whose top-left corner is
 * (`positions.top[i]`, `positions.left[i]`), row by row.
 *
 * @param images grey images, indexed by `positions.image`
 * @param positions where to cut
 * @param size side of the patches
 * @returns the patches
 * @throws {Error} when a patch does not fit in its image
 *
 * @example
 * ```ts
 * import { cutPatches } from "./patches.ts";
 * const image = { width: 3, height: 3, pixels: new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8]) };
 * const at = { image: Uint16Array.of(0), top: Uint32Array.of(1), left: Uint32Array.of(0) };
 * console.log([...cutPatches([image], at, 2).x]); // [3, 4, 6, 7]
 * ```
 */
export function cutPatches(
  images: readonly GrayPhoto[],
  positions: PatchPositions,
  size: number,
): PatchSet {
  const n = positions.image.length;
  if (positions.top.length !== n || positions.left.length !== n) {
    throw new Error(
      `cutPatches: positions have ${n} images, ${positions.top.length} tops and ` +
        `${positions.left.length} lefts`,
    );
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`cutPatches: size must be an integer >= 1, got ${size}`);
  }
  const d = size * size;
  const x = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const img = images[positions.image[r]];
    const top = positions.top[r];
    const left = positions.left[r];
    if (!img || top + size > img.height || left + size > img.width) {
      throw new Error(
        `cutPatches: patch ${r} (${size}x${size} at row ${top}, column ${left} of image ` +
          `${positions.image[r]}) does not fit in ${
            img ? `${img.width}x${img.height}` : "no image"
          }`,
      );
    }
    for (let y = 0; y < size; y++) {
      const from = (top + y) * img.width + left;
      x.set(img.pixels.subarray(from, from + size), r * d + y * size);
    }
  }
  return {
    x,
    n,
    features: d,
    shape: [size, size],
    positions: {
      image: positions.image.slice(),
      top: positions.top.slice(),
      left: positions.left.slice(),
    },
  };
}

/**
 * Preprocess new, unprocessed patches (from {@link cutPatches}, for instance shifted copies for
 * an invariance measurement, or patches of other photographs) exactly as `result` preprocessed
 * its own: the same contrast normalisation, then its whitening.
 *
 * @param result what {@link naturalPatches} returned
 * @param raw patches of `result.train.features` pixels in [0, 1]
 * @returns the preprocessed patches, keeping `shape` and `positions` when `raw` has them
 * @throws {Error} when the patch size differs
 *
 * @example
 * ```ts
 * import { cutPatches, naturalPatches, preprocessPatches } from "./patches.ts";
 * import { readGrayPng } from "./png.ts";
 * const result = await naturalPatches({ count: 1000, size: 8 });
 * const { image, top, left } = result.train.positions;
 * const photo = await readGrayPng(result.source.images[image[0]].path);
 * const shifted = cutPatches([photo], {
 *   image: new Uint16Array([0]),
 *   top: new Uint32Array([top[0]]),
 *   left: new Uint32Array([Math.max(0, left[0] - 1)]),
 * }, 8);
 * const z = preprocessPatches(result, shifted);
 * if (z.n !== 1 || z.features !== 64) throw new Error("unexpected shape");
 * ```
 */
export function preprocessPatches<T extends ArrayData>(result: NaturalPatches, raw: T): T {
  const d = result.train.features;
  if (raw.features !== d) {
    throw new Error(
      `preprocessPatches: the patches have ${raw.features} pixels, the result's have ${d} ` +
        `(${result.settings.size}x${result.settings.size})`,
    );
  }
  let out: ArrayData = raw;
  if (result.settings.normalize) {
    out = contrastNormalize(out, { eps: result.settings.contrastEps });
  }
  if (result.whitening) out = whiten(result.whitening, out);
  return { ...raw, x: out.x };
}

/**
 * Natural image patches for sparse coding and topographic maps: `count` training patches (and
 * `testCount` held-out ones) of `size` x `size` grey pixels cut from the photographs of
 * {@link NATURAL_IMAGES}, contrast-normalised and ZCA-whitened.
 *
 * Steps, all seeded by `seed`:
 * 1. Options are checked, the folder and every file are found, and every patch is checked to
 *    fit in every image, before any decoding; PNG files are decoded once per process.
 * 2. Each photograph gives an equal share of the patches (the first `count % k` one more), so
 *    that the large photographs do not dominate; positions are uniform over the image (less the
 *    flat patches redrawn when `minStd` > 0).
 *    Training positions come from the stream `randomStream(seed, "natural-patches/train")`,
 *    held-out ones from `"natural-patches/test"`. The rows are then shuffled (same stream), so
 *    any prefix mixes all photographs; `positions` says where each row was cut.
 * 3. With `normalize` (default), each patch has its mean subtracted and is divided by its
 *    standard deviation plus `contrastEps` (default 0.01, pixels in [0, 1]).
 * 4. With `whiten` (default), ZCA whitening with ε = `zcaEps` (default 0.1) times the mean
 *    eigenvalue is fitted to the training patches and applied to both sets; it is returned for
 *    {@link preprocessPatches}, {@link whiten} and {@link dewhiten}.
 *
 * Needs read permission for the folder (and env permission to honour `$SKIMAGE_DATA_DIR`).
 *
 * @param options see {@link NaturalPatchesOptions}
 * @returns the patches, the whitening, where they came from and the settings
 * @throws {Error} for bad options, a missing folder or file (naming the path and the fix), a
 * patch larger than a photograph, or a file that is not a valid PNG (naming the file)
 *
 * @example Raw grey patches: no normalisation, no whitening
 * ```ts
 * import { naturalPatches } from "./patches.ts";
 * const raw = await naturalPatches({ count: 100, size: 8, normalize: false, whiten: false });
 * if (raw.whitening !== null || raw.train.x.some((v) => v < 0 || v > 1)) {
 *   throw new Error("not raw pixels");
 * }
 * console.log(raw.source.images.map((i) => `${i.file}: ${i.train}`));
 * ```
 */
export async function naturalPatches(
  options: NaturalPatchesOptions = {},
): Promise<NaturalPatches> {
  const settings = settingsOf(options);
  const names = imageNames(options);
  const where = naturalImagesLocation(options);
  await checkFolder(where, names);
  const paths = names.map((name) => join(where.dir, name));
  const { size } = settings;
  const images = await loadGrayPngs(paths, {
    missingFix: FIX,
    corruptFix: CORRUPT_FIX,
    check: ({ width, height }, path) => {
      if (size > width || size > height) {
        throw new Error(
          `naturalPatches: size ${size} is larger than "${path}" (${width}x${height}); ` +
            `pass a smaller size or leave that image out of images`,
        );
      }
    },
  });
  const trainShares = shares(settings.count, images.length);
  const testShares = shares(settings.testCount, images.length);
  const prepare = (raw: PatchSet): PatchSet =>
    settings.normalize
      ? { ...raw, x: contrastNormalize(raw, { eps: settings.contrastEps }).x }
      : raw;
  let train = prepare(
    cutPatches(
      images,
      drawPositions(images, paths, settings, settings.count, "natural-patches/train"),
      size,
    ),
  );
  let test = settings.testCount > 0
    ? prepare(
      cutPatches(
        images,
        drawPositions(images, paths, settings, settings.testCount, "natural-patches/test"),
        size,
      ),
    )
    : undefined;
  let whitening: ZcaWhitening | null = null;
  if (settings.whiten) {
    whitening = fitZca(train, { eps: settings.zcaEps });
    train = { ...train, x: whiten(whitening, train).x };
    if (test) test = { ...test, x: whiten(whitening, test).x };
  }
  const result: NaturalPatches = {
    train,
    whitening,
    source: {
      dir: where.dir,
      from: where.from,
      images: images.map((img, i) => ({
        file: names[i],
        path: paths[i],
        width: img.width,
        height: img.height,
        train: trainShares[i],
        test: testShares[i],
      })),
    },
    settings,
  };
  if (test) result.test = test;
  return result;
}
