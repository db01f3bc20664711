/**
 * Small geometric transforms of rows of square images, for invariance measurements and for
 * the rotated benchmark sets.
 *
 * **Images.** Rows of square images, `side` x `side` pixels row-major: pixel (r, c) of image i
 * is `x[i * side * side + r * side + c]`, row 0 at the top. Rows come as a Float32Array of
 * `n * side * side` values or as a tfjs Tensor2D `[n, side * side]`, and the transforms give
 * back the same kind.
 *
 * **Transforms.** {@link shiftImages} moves the content `dx` pixels to the right (towards higher
 * columns) and `dy` pixels down (towards higher rows), integers only. {@link rotateImages}
 * turns the content by an angle in degrees, counter-clockwise as displayed (row 0 at the top),
 * about the image centre ((side - 1) / 2, (side - 1) / 2): output pixel p samples the input at
 * the point that the inverse rotation carries p to, by bilinear interpolation of the four
 * surrounding pixels. Where the content leaves the frame, `fill` says what comes in:
 * `"zero"` (default) reads every pixel outside the frame as 0; `"edge"` reads it as the
 * nearest border pixel (coordinates clamped to [0, side - 1]).
 *
 * (tfjs's `tf.image.rotateWithOffset` runs on the cpu and wasm backends of tfjs 4.22, but it
 * samples the nearest pixel, not bilinearly, and turns about (side / 2, side / 2), half a
 * pixel off the centre of a pixel grid, so a 90 degree turn does not map the grid onto itself;
 * the rotation here is computed directly, on any backend.)
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor2D } from "../tf.ts";

/** What comes into the frame where a transform moves content out of it. */
export type Fill = "zero" | "edge";

/** Options of the image transforms. */
export interface TransformOptions {
  /**
   * `"zero"` (default): pixels outside the frame read as 0; `"edge"`: as the nearest border
   * pixel.
   */
  fill?: Fill;
}

/** A transform of square images: a shift along x or y in pixels, or a rotation in degrees. */
export interface ImageTransform {
  /**
   * `"shift-x"`: `amount` pixels to the right (negative: left); `"shift-y"`: `amount` pixels
   * down (negative: up); `"rotate"`: `amount` degrees counter-clockwise about the centre.
   */
  kind: "shift-x" | "shift-y" | "rotate";
  /** Pixels (an integer) for the shifts, degrees for the rotation. */
  amount: number;
}

export function imageSide(features: number, side?: number): number {
  const s = side ?? Math.round(Math.sqrt(features));
  if (!Number.isInteger(s) || s < 1 || s * s !== features) {
    throw new Error(
      side === undefined
        ? `rows of ${features} values are not square images`
        : `side ${side} does not fit rows of ${features} values (side * side must equal it)`,
    );
  }
  return s;
}

function checkRows(x: Float32Array, side: number): number {
  if (!Number.isInteger(side) || side < 1) {
    throw new Error(`side must be an integer >= 1, got ${side}`);
  }
  const d = side * side;
  if (x.length % d !== 0) {
    throw new Error(`${x.length} values are not whole ${side} x ${side} images`);
  }
  return x.length / d;
}

/**
 * A resampling map: output pixel p is the sum over k < 4 of weight[4p + k] times input pixel
 * index[4p + k] (index -1 reads as 0).
 */
interface Resampling {
  index: Int32Array;
  weight: Float64Array;
}

function applyResampling(x: Float32Array, side: number, map: Resampling): Float32Array {
  const n = checkRows(x, side);
  const d = side * side;
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let p = 0; p < d; p++) {
      let v = 0;
      for (let k = 4 * p; k < 4 * p + 4; k++) {
        const w = map.weight[k];
        if (w !== 0 && map.index[k] >= 0) v += w * x[off + map.index[k]];
      }
      out[off + p] = v;
    }
  }
  return out;
}

export function fillOf(options: TransformOptions): Fill {
  const fill = options.fill ?? "zero";
  if (fill !== "zero" && fill !== "edge") {
    throw new Error(`fill must be "zero" or "edge", got ${fill}`);
  }
  return fill;
}

/** Input pixel (r, c) as an index, or -1 outside the frame with zero fill. */
function pixelIndex(r: number, c: number, side: number, fill: Fill): number {
  if (r < 0 || r >= side || c < 0 || c >= side) {
    if (fill === "zero") return -1;
    r = Math.min(side - 1, Math.max(0, r));
    c = Math.min(side - 1, Math.max(0, c));
  }
  return r * side + c;
}

function shiftMap(side: number, dx: number, dy: number, fill: Fill): Resampling {
  const d = side * side;
  const index = new Int32Array(4 * d).fill(-1);
  const weight = new Float64Array(4 * d);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const p = r * side + c;
      index[4 * p] = pixelIndex(r - dy, c - dx, side, fill);
      weight[4 * p] = 1;
    }
  }
  return { index, weight };
}

/** Snap a coordinate within 1e-9 of an integer onto it (exact quarter turns). */
function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-9 ? r : v;
}

function rotationMap(side: number, degrees: number, fill: Fill): Resampling {
  const d = side * side;
  const index = new Int32Array(4 * d).fill(-1);
  const weight = new Float64Array(4 * d);
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const centre = (side - 1) / 2;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      // (x, y) with y up; the source is the output point turned back by -t
      const x = c - centre;
      const y = centre - r;
      const sc = snap(centre + x * cos + y * sin);
      const sr = snap(centre - (-x * sin + y * cos));
      const r0 = Math.floor(sr);
      const c0 = Math.floor(sc);
      const fr = sr - r0;
      const fc = sc - c0;
      const p = 4 * (r * side + c);
      const corners: [number, number, number][] = [
        [r0, c0, (1 - fr) * (1 - fc)],
        [r0, c0 + 1, (1 - fr) * fc],
        [r0 + 1, c0, fr * (1 - fc)],
        [r0 + 1, c0 + 1, fr * fc],
      ];
      corners.forEach(([rr, cc, w], k) => {
        index[p + k] = w === 0 ? -1 : pixelIndex(rr, cc, side, fill);
        weight[p + k] = w;
      });
    }
  }
  return { index, weight };
}

function onRows(
  x: Float32Array | Tensor2D,
  side: number,
  map: () => Resampling,
): Float32Array | Tensor2D {
  if (x instanceof Float32Array) return applyResampling(x, side, map());
  if (x.rank !== 2 || x.shape[1] !== side * side) {
    throw new Error(`images must be [n, ${side * side}] for side ${side}, got [${x.shape}]`);
  }
  const values = x.dataSync() as Float32Array;
  return tf.tensor2d(applyResampling(Float32Array.from(values), side, map()), x.shape);
}

/**
 * Shift square images by whole pixels: the content moves `dx` pixels right and `dy` pixels
 * down (negative values: left, up); what enters the frame is 0 or the nearest border pixel
 * (`options.fill`). A Tensor2D is read back to the host, shifted, and returned as a new tensor.
 *
 * @param x rows of `side` x `side` images, row-major
 * @param side the image's height and width in pixels
 * @param dx columns to move right, an integer
 * @param dy rows to move down, an integer
 * @returns the shifted images, the same kind as `x`
 *
 * @example
 * ```ts
 * import { shiftImages } from "./transforms.ts";
 * const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]); // one 3 x 3 image
 * console.log([...shiftImages(x, 3, 1, 0)]); // [0, 1, 2, 0, 4, 5, 0, 7, 8]
 * console.log([...shiftImages(x, 3, 0, -1, { fill: "edge" })]); // [4, 5, 6, 7, 8, 9, 7, 8, 9]
 * ```
 */
export function shiftImages(
  x: Float32Array,
  side: number,
  dx: number,
  dy: number,
  options?: TransformOptions,
): Float32Array;
/** Shift a Tensor2D of square images; see the Float32Array form. */
export function shiftImages(
  x: Tensor2D,
  side: number,
  dx: number,
  dy: number,
  options?: TransformOptions,
): Tensor2D;
export function shiftImages(
  x: Float32Array | Tensor2D,
  side: number,
  dx: number,
  dy: number,
  options: TransformOptions = {},
): Float32Array | Tensor2D {
  if (!Number.isInteger(dx) || !Number.isInteger(dy)) {
    throw new Error(`shifts must be whole pixels, got dx=${dx}, dy=${dy}`);
  }
  const fill = fillOf(options);
  return onRows(x, side, () => shiftMap(side, dx, dy, fill));
}

/**
 * Rotate square images by `degrees` counter-clockwise (as displayed, row 0 at the top) about
 * the centre ((side - 1) / 2, (side - 1) / 2), by bilinear interpolation; what enters the
 * frame is 0 or the nearest border pixel (`options.fill`). Quarter turns are exact. A Tensor2D
 * is read back to the host, rotated, and returned as a new tensor.
 *
 * @param x rows of `side` x `side` images, row-major
 * @param side the image's height and width in pixels
 * @param degrees the angle; positive turns counter-clockwise
 * @returns the rotated images, the same kind as `x`
 *
 * @example
 * ```ts
 * import { rotateImages } from "./transforms.ts";
 * const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]); // one 3 x 3 image
 * console.log([...rotateImages(x, 3, 90)]); // [3, 6, 9, 2, 5, 8, 1, 4, 7]
 * console.log(rotateImages(x, 3, 45)[4]); // 5 (the centre stays)
 * ```
 */
export function rotateImages(
  x: Float32Array,
  side: number,
  degrees: number,
  options?: TransformOptions,
): Float32Array;
/** Rotate a Tensor2D of square images; see the Float32Array form. */
export function rotateImages(
  x: Tensor2D,
  side: number,
  degrees: number,
  options?: TransformOptions,
): Tensor2D;
export function rotateImages(
  x: Float32Array | Tensor2D,
  side: number,
  degrees: number,
  options: TransformOptions = {},
): Float32Array | Tensor2D {
  if (!Number.isFinite(degrees)) throw new Error(`the angle must be finite, got ${degrees}`);
  const fill = fillOf(options);
  return onRows(x, side, () => rotationMap(side, degrees, fill));
}

/**
 * Apply one {@link ImageTransform} to rows of square images.
 *
 * @example
 * ```ts
 * import { transformImages } from "./transforms.ts";
 * const x = new Float32Array([1, 0, 0, 0]); // one 2 x 2 image
 * console.log([...transformImages(x, 2, { kind: "shift-y", amount: 1 })]); // [0, 0, 1, 0]
 * ```
 */
export function transformImages(
  x: Float32Array,
  side: number,
  transform: ImageTransform,
  options?: TransformOptions,
): Float32Array;
/** Apply one transform to a Tensor2D of square images; see the Float32Array form. */
export function transformImages(
  x: Tensor2D,
  side: number,
  transform: ImageTransform,
  options?: TransformOptions,
): Tensor2D;
export function transformImages(
  x: Float32Array | Tensor2D,
  side: number,
  transform: ImageTransform,
  options: TransformOptions = {},
): Float32Array | Tensor2D {
  const { kind, amount } = transform;
  // the overloads need a concrete input type; both forms return the input's kind
  const rows = x as Float32Array;
  if (kind === "shift-x") return shiftImages(rows, side, amount, 0, options);
  if (kind === "shift-y") return shiftImages(rows, side, 0, amount, options);
  if (kind === "rotate") return rotateImages(rows, side, amount, options);
  throw new Error(`unknown transform kind ${kind}: use shift-x, shift-y or rotate`);
}

/**
 * The default transforms of {@link invariance}: shifts of 1, 2 and 3 pixels along x, then along
 * y, then rotations by -15, -10, -5, 5, 10 and 15 degrees (12 in all).
 *
 * @example
 * ```ts
 * import { defaultTransforms } from "./transforms.ts";
 * console.log(defaultTransforms().map((t) => `${t.kind} ${t.amount}`).join(", "));
 * // shift-x 1, shift-x 2, shift-x 3, shift-y 1, ..., rotate 15
 * ```
 */
export function defaultTransforms(): ImageTransform[] {
  return [
    ...[1, 2, 3].map((amount) => ({ kind: "shift-x" as const, amount })),
    ...[1, 2, 3].map((amount) => ({ kind: "shift-y" as const, amount })),
    ...[-15, -10, -5, 5, 10, 15].map((amount) => ({ kind: "rotate" as const, amount })),
  ];
}
