/**
 * Image grids for the figures of Bahdanau & Jaeger (2014): digits tiled into one RGB image
 * with a colour map per tile (the paper's gray scale and a scheme sensitive near 0 and 1), and
 * that image as PNG bytes.
 *
 * @module
 */
import { encodePng } from "../../lib/plot/png.ts";

/** Maps a pixel value to an RGB colour, each channel 0 to 255. */
export type Colour = (value: number) => [number, number, number];

/** One image in a grid, drawn with its colour map; null leaves the cell empty. */
export type Tile = { values: ArrayLike<number>; colour?: Colour } | null;

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
 * Lay images out in a grid, each with its own colour map, as one RGB image.
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
  const [h, w] = options.shape ?? [28, 28];
  const padding = options.padding ?? 1;
  const background = options.background ?? 128;
  const scale = options.scale ?? 2;
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const baseW = columns * w + (columns + 1) * padding;
  const baseH = Math.max(1, rows.length) * h + (Math.max(1, rows.length) + 1) * padding;
  const width = baseW * scale;
  const height = baseH * scale;
  const pixels = new Uint8Array(3 * width * height).fill(background);
  const gray = grayColour();
  rows.forEach((row, r) => {
    row.forEach((tile, c) => {
      if (!tile) return;
      if (tile.values.length !== h * w) {
        throw new Error(
          `Tile (${r}, ${c}) has ${tile.values.length} values, not ${h}x${w}: pass images of the grid's shape`,
        );
      }
      const colour = tile.colour ?? gray;
      const x0 = padding + c * (w + padding);
      const y0 = padding + r * (h + padding);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const rgb = colour(tile.values[y * w + x]);
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) {
              const at = 3 * ((((y0 + y) * scale + sy) * width) + (x0 + x) * scale + sx);
              pixels[at] = rgb[0];
              pixels[at + 1] = rgb[1];
              pixels[at + 2] = rgb[2];
            }
          }
        }
      }
    });
  });
  return { width, height, pixels };
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
