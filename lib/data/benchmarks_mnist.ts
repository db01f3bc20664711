/**
 * The MNIST variants of the Larochelle et al. (ICML 2007) benchmark: MNIST digits rotated,
 * put on random noise or on photograph patches. {@link makeMnistVariant} turns chosen MNIST
 * digits into one variant's images; which digits, and the sizes, are chosen by `benchmarks.ts`.
 *
 * Every variant works on 8-bit grey levels (MNIST's 0..255) and ends by rounding each pixel to
 * the nearest level, so that images are exact multiples of 1/255 once scaled to [0, 1] (the
 * original archives store floats; the 8-bit grid is a choice, which makes the cache exact).
 *
 * - `mnist-small`: the digit as it is.
 * - `mnist-rot`: the digit turned about the image centre ((27 / 2, 27 / 2)) by an angle uniform
 *   in [0, 2 pi), counter-clockwise as displayed, by bilinear interpolation (`rotateImages`);
 *   what comes into the frame is 0. Corners of a digit that leave the 28 x 28 frame are lost
 *   (MNIST digits fit a 20 x 20 box centred by mass, so little is lost).
 * - `mnist-back-rand`: each background pixel takes a grey level uniform on 0..255 (uniform in
 *   [0, 1] on the 8-bit grid). How digit and background combine was not published; the rule is
 *   {@link BackgroundRule}: `"replace"` (this module's default) keeps the digit's level wherever
 *   it is above 0 and puts the noise everywhere else; `"max"` takes the larger of the two at
 *   every pixel. The generated `mnist-back-rand` uses `"max"` by default, the rule whose
 *   SVM-RBF error matches the published one (`DEFAULT_BACKGROUND_RULES` in `benchmarks.ts`).
 * - `mnist-back-image`: as `mnist-back-rand`, but the background is a photograph patch
 *   (`benchmarks_photos.ts`: one of ten scikit-image photographs, flat patches with variance
 *   below 0.001 redrawn). With `stretch` (recipe 2 in `benchmarks.ts`, the default there) each
 *   patch is stretched to the full grey range first (`patchRange`).
 * - `mnist-rot-back-image`: the rotation of `mnist-rot`, then the background of
 *   `mnist-back-image` (the background is not rotated; "digit pixel" means a rotated level
 *   above 0).
 *
 * @module
 */
import type { Random } from "../random.ts";
import { rotateImages } from "./transforms.ts";
import type { GrayPhoto } from "./png.ts";
import {
  drawArrays,
  drawPatch,
  type GeneratedImages,
  MIN_PATCH_VARIANCE,
  patchLevel,
  patchRange,
  PIXELS,
  SIDE,
} from "./benchmarks_photos.ts";

export type { Random } from "../random.ts";
export type { GeneratedImages } from "./benchmarks_photos.ts";
export type { GrayPhoto } from "./png.ts";

/** The MNIST variants. */
export type MnistVariant =
  | "mnist-small"
  | "mnist-rot"
  | "mnist-back-rand"
  | "mnist-back-image"
  | "mnist-rot-back-image";

/**
 * How a digit and its background combine: `"replace"` keeps the digit's grey level where it is
 * above 0 and the background's elsewhere; `"max"` takes the larger level at each pixel.
 */
export type BackgroundRule = "replace" | "max";

/** MNIST digits as grey levels 0..255 (MNIST's `scale: "none"`), with their labels. */
export interface DigitRows {
  /** `n * 784` grey levels, row-major. */
  x: Uint8Array | Float32Array;
  /** The labels 0..9. */
  y: Uint8Array;
  /** The number of digits. */
  n: number;
}

/** Options of {@link makeMnistVariant}. */
export interface MnistVariantOptions {
  /** How digit and background combine (default `"replace"`). */
  rule?: BackgroundRule;
  /** The photographs of the image backgrounds (needed by the two `back-image` variants). */
  photos?: readonly GrayPhoto[];
  /** Patches with a smaller variance are redrawn (default 0.001). */
  minVariance?: number;
  /** Stretch each photograph patch to the full grey range (default false: as cut). */
  stretch?: boolean;
}

const ROTATED: ReadonlySet<MnistVariant> = new Set(["mnist-rot", "mnist-rot-back-image"]);
const IMAGE_BACKGROUND: ReadonlySet<MnistVariant> = new Set([
  "mnist-back-image",
  "mnist-rot-back-image",
]);

/**
 * Make the images of one MNIST variant (see the module doc for each recipe) from the digits at
 * `indices`, drawing from `rng` example by example (so the first k images are the same
 * whatever the number asked for).
 *
 * Draws: `source` (the index of the digit in `digits`); `angle` (radians, the rotated
 * variants); `photo`, `top`, `left` (the patch, the image-background variants). Other keys are
 * absent.
 *
 * @param variant which variant
 * @param digits MNIST digits as grey levels 0..255
 * @param indices which digits, in order; one image each
 * @param rng the random stream of the angles and backgrounds
 * @param options the combination rule, the photographs, the variance threshold
 * @returns the images, labels and draws
 * @throws {Error} for an unknown variant or rule, an index out of range, or a back-image variant
 * without photographs
 *
 * @example Two digits rotated
 * ```ts
 * import { randomStream } from "../random.ts";
 * import { makeMnistVariant } from "./benchmarks_mnist.ts";
 * const x = new Float32Array(2 * 784);
 * x[14 * 28 + 20] = 255;
 * const digits = { x, y: new Uint8Array([3, 7]), n: 2 };
 * const out = makeMnistVariant("mnist-rot", digits, [1, 0], randomStream(1), {});
 * console.log([...out.labels], out.draws.angle.length); // [7, 3] 2
 * ```
 */
export function makeMnistVariant(
  variant: MnistVariant,
  digits: DigitRows,
  indices: ArrayLike<number>,
  rng: Random,
  options: MnistVariantOptions = {},
): GeneratedImages {
  const rule = options.rule ?? "replace";
  if (rule !== "replace" && rule !== "max") {
    throw new Error(`Unknown background rule "${rule}"; pass "replace" or "max"`);
  }
  if (
    !["mnist-small", "mnist-rot", "mnist-back-rand", "mnist-back-image", "mnist-rot-back-image"]
      .includes(variant)
  ) {
    throw new Error(`Unknown MNIST variant "${variant}"`);
  }
  const rotated = ROTATED.has(variant);
  const imageBackground = IMAGE_BACKGROUND.has(variant);
  const noise = variant === "mnist-back-rand";
  const photos = options.photos ?? [];
  if (imageBackground && photos.length === 0) {
    throw new Error(`${variant} needs photographs for its backgrounds; pass options.photos`);
  }
  const minVariance = options.minVariance ?? MIN_PATCH_VARIANCE;
  const n = indices.length;
  const keys = [
    "source",
    ...(rotated ? ["angle"] : []),
    ...(imageBackground ? ["photo", "top", "left"] : []),
  ];
  const draws = drawArrays(n, keys);
  const pixels = new Uint8Array(n * PIXELS);
  const labels = new Uint8Array(n);
  const digit = new Uint8Array(PIXELS);
  const source = new Float32Array(PIXELS);
  const background = new Uint8Array(PIXELS);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= digits.n) {
      throw new Error(`Digit index ${j} at position ${i} is outside 0..${digits.n - 1}`);
    }
    draws.source[i] = j;
    labels[i] = digits.y[j];
    source.set(digits.x.subarray(j * PIXELS, (j + 1) * PIXELS));
    let levels: Float32Array = source;
    if (rotated) {
      const angle = 2 * Math.PI * rng.uniform();
      draws.angle[i] = angle;
      levels = rotateImages(levels, SIDE, (angle * 180) / Math.PI);
    }
    for (let p = 0; p < PIXELS; p++) {
      const v = Math.round(levels[p]);
      digit[p] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    const out = pixels.subarray(i * PIXELS, (i + 1) * PIXELS);
    if (!noise && !imageBackground) {
      out.set(digit);
      continue;
    }
    if (noise) {
      for (let p = 0; p < PIXELS; p++) background[p] = rng.int(256);
    } else {
      const at = drawPatch(rng, photos, minVariance);
      draws.photo[i] = at.photo;
      draws.top[i] = at.top;
      draws.left[i] = at.left;
      const img = photos[at.photo];
      const range = options.stretch ? patchRange(img, at) : undefined;
      for (let r = 0; r < SIDE; r++) {
        for (let c = 0; c < SIDE; c++) background[r * SIDE + c] = patchLevel(img, at, r, c, range);
      }
    }
    for (let p = 0; p < PIXELS; p++) {
      const d = digit[p];
      const b = background[p];
      out[p] = rule === "replace" ? (d > 0 ? d : b) : (d > b ? d : b);
    }
  }
  return { pixels, labels, n, draws };
}
