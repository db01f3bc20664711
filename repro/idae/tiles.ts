/**
 * Image grids for the figures of Bahdanau & Jaeger (2014): digits tiled into one RGB image
 * with a colour map per tile (the paper's gray scale and a scheme sensitive near 0 and 1), and
 * that image as PNG bytes.
 *
 * @module
 */
import { encodePng } from "../../lib/plot/png.ts";
import { type Tile as PlotTile, tileImage } from "../../lib/plot/tiles.ts";

/** Maps a pixel value to an RGB colour, each channel 0 to 255. */
export type Colour = (value: number) => [number, number, number];

/** One image in a grid, drawn with its colour map; null leaves the cell empty. */
export type Tile = (PlotTile & { colour?: Colour }) | null;

/** Options for {@link tileImages}. */
export interface TileOptions {
  /** Height and width of each image (default [28, 28]). */
  shape?: [number, number];
  /** Pixels between cells and around the grid, before scaling (default 1). */
  padding?: number;
  /** Gray level of the padding (default 128). */
  background?: number;
  /** Integer upscaling (default 2). */
  scale?: number;
}

/** An RGB image, three bytes per pixel, row by row. */
export interface RgbImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `3 * width * height` bytes. */
  pixels: Uint8Array;
}

const clamp255 = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/**
 * A gray scale from `lo` (black) to `hi` (white), clipping outside.
 *
 * @example
 * ```ts
 * import { grayColour } from "./tiles.ts";
 *
 * console.log(grayColour()(0.5), grayColour(-1, 1)(-2)); // [128, 128, 128] [0, 0, 0]
 * ```
 */
export function grayColour(lo = 0, hi = 1): Colour {
  return (v) => {
    const g = Number.isFinite(v) ? clamp255(((v - lo) / (hi - lo)) * 255) : 0;
    return [g, g, g];
  };
}

/**
 * Figure 3's "special color scheme", "highly sensitive for intensities below 0.05 and above
 * 0.95" (the paper does not give its colours): below 0.05 black to blue, above 0.95 yellow
 * to red, gray in between. An exact 0 is black and an exact 1 pure red, so pixels that are
 * almost but not quite black or white stand out.
 *
 * @example
 * ```ts
 * import { sensitiveColour } from "./tiles.ts";
 *
 * console.log(sensitiveColour(0), sensitiveColour(0.025), sensitiveColour(1)); // [0, 0, 0] [0, 0, 128] [255, 0, 0]
 * ```
 */
export function sensitiveColour(v: number): [number, number, number] {
  if (!Number.isFinite(v)) return [0, 0, 0];
  if (v < 0.05) return [0, 0, clamp255((Math.max(v, 0) / 0.05) * 255)];
  if (v > 0.95) return [255, clamp255(((1 - Math.min(v, 1)) / 0.05) * 255), 0];
  const g = clamp255(v * 255);
  return [g, g, g];
}

/**
 * Lay images out in a grid, each with its own colour map, as one RGB image (the library's
 * `tileImage` with the figures' gray background and margins).
 *
 * @param rows the cells, row by row; rows may have different lengths
 * @param options image shape, padding, background, scale
 * @returns the image
 *
 * @example
 * ```ts
 * import { tileImages } from "./tiles.ts";
 *
 * const img = tileImages([[{ values: new Float32Array(4).fill(1) }, null]], { shape: [2, 2], scale: 1 });
 * console.log(img.width, img.height, img.pixels.length); // 7 4 84
 * ```
 */
export function tileImages(
  rows: readonly (readonly Tile[])[],
  options: TileOptions = {},
): RgbImage {
  const padding = options.padding ?? 1;
  const image = tileImage(rows, {
    shape: options.shape ?? [28, 28],
    channels: 3,
    padding,
    margin: padding,
    background: options.background ?? 128,
    scale: options.scale ?? 2,
    colour: grayColour(),
  });
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/**
 * {@link tileImages} encoded as a PNG file's bytes.
 *
 * @example
 * ```ts
 * import { tilePng } from "./tiles.ts";
 *
 * const png = tilePng([[{ values: new Float32Array(784) }]]);
 * console.log(png[1], png[2], png[3]); // 80 78 71
 * ```
 */
export function tilePng(rows: readonly (readonly Tile[])[], options: TileOptions = {}): Uint8Array {
  const img = tileImages(rows, options);
  return encodePng(img.width, img.height, img.pixels, 3);
}
