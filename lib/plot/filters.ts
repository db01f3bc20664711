/**
 * Filter grids: the learned features of an autoencoder tiled into one grayscale image, the
 * way the papers show them (k-sparse Fig. 1, DrSAE's encoder and decoder rows), drawn with
 * {@link tileImage}.
 *
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import { encodePng } from "./png.ts";
import { grayMap, inRows, tileImage } from "./tiles.ts";

/** How a filter's values become gray levels. */
export type FilterNormalization = "minmax" | "symmetric" | "global" | "none";

/** Options for {@link filterGrid}. */
export interface FilterGridOptions {
  /** Height and width of one filter (default `[28, 28]`); their product is the input size. */
  imageShape?: [number, number];
  /**
   * How `weights` is laid out (row-major). `"columns"` (default): shape `[inputs, units]`,
   * column j is unit j's filter, as in a tfjs weight matrix W of shape [784, hidden].
   * `"rows"`: shape `[units, inputs]`, row i is unit i's filter (or image i).
   */
  layout?: "columns" | "rows";
  /** Which units to draw, in order (default: the first `count`). */
  units?: number[];
  /** How many units to draw when `units` is not given (default: all). */
  count?: number;
  /** Tiles per row of the grid (default: `ceil(sqrt(n))`). */
  columns?: number;
  /** Pixels between tiles and around the grid, before scaling (default 1). */
  padding?: number;
  /** Gray level of the padding, 0 to 255 (default 0, black). */
  background?: number;
  /** Integer upscaling of every pixel (default 1). */
  scale?: number;
  /**
   * Contrast per tile (default `"minmax"`): `"minmax"` maps each filter's own [min, max] to
   * 0..255; `"symmetric"` maps each filter's [-max|w|, +max|w|] (so 0 is mid-gray);
   * `"global"` uses one [min, max] over all drawn filters; `"none"` maps `range` linearly.
   * A constant filter is drawn mid-gray.
   */
  normalize?: FilterNormalization;
  /**
   * The values mapped to black and white with `normalize: "none"` (default `[0, 1]`;
   * `[1, 0]` inverts).
   */
  range?: [number, number];
}

/** A grayscale image, one byte per pixel, row by row. */
export interface GrayImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width * height` gray levels, row by row. */
  pixels: Uint8Array;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`Invalid ${name} ${value}: expected a positive integer`);
  }
  return value;
}

/**
 * Tile filters into one grayscale image.
 *
 * @param weights the weights, row-major, `[inputs, units]` or `[units, inputs]` (see `layout`)
 * @param options tile shape, layout, unit selection, grid and contrast
 * @returns the image
 * @throws Error when the weights' length is not a multiple of the filter size, or a unit is
 *   out of range
 *
 * @example
 * ```ts
 * import { filterGrid } from "./filters.ts";
 * // W of shape [4, 3]: three 2x2 filters, one per column
 * const w = new Float32Array([1, 0, -1, 2, 0, -2, 3, 0, -3, 4, 0, -4]);
 * const grid = filterGrid(w, { imageShape: [2, 2], columns: 3, padding: 1 });
 * if (grid.width !== 10 || grid.height !== 4) throw new Error(`${grid.width}x${grid.height}`);
 * ```
 */
export function filterGrid(
  weights: ArrayLike<number>,
  options: FilterGridOptions = {},
): GrayImage {
  const [h, w] = options.imageShape ?? [28, 28];
  positiveInteger(h, "filter height");
  positiveInteger(w, "filter width");
  const inputs = h * w;
  if (weights.length === 0 || weights.length % inputs !== 0) {
    throw new Error(
      `Cannot split ${weights.length} weights into filters of ${h}x${w}: ` +
        `the length must be a positive multiple of ${inputs}`,
    );
  }
  const total = weights.length / inputs;
  const layout = options.layout ?? "columns";
  if (layout !== "columns" && layout !== "rows") {
    throw new Error(`Invalid layout "${layout}": use "columns" or "rows"`);
  }
  let units: number[];
  if (options.units) {
    units = options.units;
    for (const u of units) {
      if (!Number.isInteger(u) || u < 0 || u >= total) {
        throw new Error(`Unit ${u} is out of range: there are ${total} filters`);
      }
    }
  } else {
    const count = Math.min(options.count ?? total, total);
    units = Array.from({ length: count }, (_, i) => i);
  }
  const n = units.length;
  const columns = positiveInteger(
    options.columns ?? Math.max(1, Math.ceil(Math.sqrt(n))),
    "column count",
  );
  const normalize = options.normalize ?? "minmax";
  if (!["minmax", "symmetric", "global", "none"].includes(normalize)) {
    throw new Error(
      `Invalid normalize "${normalize}": use "minmax", "symmetric", "global" or "none"`,
    );
  }
  // Gather each filter's values.
  const at = layout === "columns"
    ? (unit: number, i: number) => weights[i * total + unit]
    : (unit: number, i: number) => weights[unit * inputs + i];
  const filters = units.map((u) => Float64Array.from({ length: inputs }, (_, i) => at(u, i)));
  let global: [number, number] = [Infinity, -Infinity];
  if (normalize === "global") {
    for (const f of filters) {
      const [lo, hi] = extent(f);
      global = [Math.min(global[0], lo), Math.max(global[1], hi)];
    }
  }
  const rangeOf = (f: Float64Array): [number, number] => {
    if (normalize === "minmax") return extent(f);
    if (normalize === "global") return global;
    if (normalize === "none") return options.range ?? [0, 1];
    const [lo, hi] = extent(f);
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return [-m, m];
  };
  const tiles = filters.map((values) => ({ values, colour: grayMap(...rangeOf(values)) }));
  const image = tileImage(inRows(tiles, columns), {
    shape: [h, w],
    columns,
    padding: options.padding ?? 1,
    background: options.background ?? 0,
    scale: positiveInteger(options.scale ?? 1, "scale"),
  });
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/** The finite values' [min, max], or [0, 0] when there are none. */
function extent(values: Float64Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * Tile filters with {@link filterGrid} and write the image as a PNG, atomically.
 *
 * @param path the PNG file, its folder created if needed
 * @param weights the weights, as for {@link filterGrid}
 * @param options as for {@link filterGrid}
 * @returns the image that was written
 *
 * @example
 * ```ts
 * import { writeFilterGridPng } from "./filters.ts";
 * const dir = await Deno.makeTempDir();
 * const w = Float32Array.from({ length: 784 * 16 }, (_, i) => Math.sin(i));
 * const grid = await writeFilterGridPng(`${dir}/filters.png`, w, { scale: 2 });
 * if (grid.width !== 2 * (4 * 28 + 5)) throw new Error(`width ${grid.width}`);
 * ```
 */
export async function writeFilterGridPng(
  path: string,
  weights: ArrayLike<number>,
  options: FilterGridOptions = {},
): Promise<GrayImage> {
  const grid = filterGrid(weights, options);
  await writeFileAtomic(path, encodePng(grid.width, grid.height, grid.pixels, 1));
  return grid;
}
