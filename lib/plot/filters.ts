/**
 * Filter grids: the learned features of an autoencoder tiled into one grayscale image, the
 * way the papers show them (k-sparse Fig. 1, DrSAE's encoder and decoder rows).
 *
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import { encodePng } from "./png.ts";

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
  const rows = Math.max(1, Math.ceil(n / columns));
  const padding = options.padding ?? 1;
  if (!Number.isInteger(padding) || padding < 0) {
    throw new Error(`Invalid padding ${padding}: expected a non-negative integer`);
  }
  const scale = positiveInteger(options.scale ?? 1, "scale");
  const background = Math.max(0, Math.min(255, Math.round(options.background ?? 0)));
  const normalize = options.normalize ?? "minmax";

  // Gather each filter's values.
  const at = layout === "columns"
    ? (unit: number, i: number) => weights[i * total + unit]
    : (unit: number, i: number) => weights[unit * inputs + i];
  const filters = units.map((u) => {
    const f = new Float64Array(inputs);
    for (let i = 0; i < inputs; i++) f[i] = at(u, i);
    return f;
  });

  const extent = (values: Float64Array): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) {
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    return lo <= hi ? [lo, hi] : [0, 0];
  };
  let global: [number, number] = [Infinity, -Infinity];
  if (normalize === "global") {
    for (const f of filters) {
      const [lo, hi] = extent(f);
      global = [Math.min(global[0], lo), Math.max(global[1], hi)];
    }
  }
  const rangeOf = (f: Float64Array): [number, number] => {
    switch (normalize) {
      case "minmax":
        return extent(f);
      case "symmetric": {
        const [lo, hi] = extent(f);
        const m = Math.max(Math.abs(lo), Math.abs(hi));
        return [-m, m];
      }
      case "global":
        return global;
      case "none":
        return options.range ?? [0, 1];
      default:
        throw new Error(
          `Invalid normalize "${normalize}": use "minmax", "symmetric", "global" or "none"`,
        );
    }
  };

  // Unscaled image, then upscale.
  const baseW = columns * w + (columns + 1) * padding;
  const baseH = rows * h + (rows + 1) * padding;
  const base = new Uint8Array(baseW * baseH).fill(background);
  filters.forEach((f, t) => {
    const [lo, hi] = rangeOf(f);
    const span = hi - lo;
    const x0 = padding + (t % columns) * (w + padding);
    const y0 = padding + Math.floor(t / columns) * (h + padding);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = f[y * w + x];
        let g: number;
        if (!Number.isFinite(v)) g = 0;
        else if (span !== 0) g = Math.round(((v - lo) / span) * 255);
        else g = 128;
        base[(y0 + y) * baseW + x0 + x] = Math.max(0, Math.min(255, g));
      }
    }
  });
  if (scale === 1) return { width: baseW, height: baseH, pixels: base };
  const width = baseW * scale;
  const height = baseH * scale;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const src = Math.floor(y / scale) * baseW;
    for (let x = 0; x < width; x++) pixels[y * width + x] = base[src + Math.floor(x / scale)];
  }
  return { width, height, pixels };
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
