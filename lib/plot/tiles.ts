/**
 * Image tiling: small images (filters, digits, reconstructions) laid out in a grid as one gray
 * or RGB image, each tile drawn with its own colour map, optionally with a signed bar above it
 * (a connection strength), then upscaled by an integer factor. Every image grid of the package
 * (filter grids, reconstruction and trajectory grids, decoders with their connection bars) is
 * drawn by {@link tileImage}.
 *
 * @example Rows of RGB tiles with their own colour maps on a gray background, doubled
 * ```ts
 * import { tileImage } from "./tiles.ts";
 * const digit = { values: new Float32Array(784).fill(0.5) };
 * const img = tileImage([[digit, digit], [null, digit]], {
 *   channels: 3, background: 128, scale: 2,
 * });
 * if (img.width !== 2 * 59 || img.height !== 2 * 59) throw new Error("size");
 * ```
 *
 * @example A unit, then the units it connects with, bars giving the strengths
 * ```ts
 * import { tileImage } from "./tiles.ts";
 * const tile = (bar?: number) => ({ values: new Float32Array(784), bar });
 * const img = tileImage([[tile(), tile(0.8), tile(-0.3)]], {
 *   padding: 2, margin: [2, 4, 2, 2], columnGaps: { 0: 6 }, background: 255,
 *   bars: { height: 4, gap: 1 },
 * });
 * if (img.width !== 2 + 28 + 6 + 28 + 2 + 28 + 4 || img.height !== 2 + 5 + 28 + 2) {
 *   throw new Error(`${img.width}x${img.height}`);
 * }
 * ```
 *
 * @module
 */

/** An RGB colour, each channel 0 to 255. */
export type Rgb = [number, number, number];

/** Maps a value to a colour: a gray level (0 to 255) or an RGB triple. */
export type ColourMap = (value: number) => number | Rgb;

/** One image of a grid; `null` leaves its cell empty (background). */
export interface Tile {
  /** The image's values, row by row, `shape[0] * shape[1]` of them. */
  values: ArrayLike<number>;
  /** How values become colours (default: the grid's `colour`). */
  colour?: ColourMap;
  /**
   * A signed bar drawn above the tile, in [-1, 1]: its length is `|bar|` of the tile's width,
   * in `bars.positive` or `bars.negative` colour. Only drawn when the grid has `bars`.
   */
  bar?: number;
}

/** Room and colours of the bars above tiles (see {@link Tile.bar}). */
export interface TileBars {
  /** Bar height in pixels, before scaling (default 4). */
  height?: number;
  /** Pixels between a bar and its tile (default 1). */
  gap?: number;
  /** Colour of a positive bar (default 0, black). */
  positive?: number | Rgb;
  /** Colour of a negative bar (default 255, white). */
  negative?: number | Rgb;
  /** Colour of the bar's track beyond its length (default 128, mid-gray). */
  track?: number | Rgb;
}

/** Options for {@link tileImage}. */
export interface TileImageOptions {
  /** Height and width of every tile (default `[28, 28]`). */
  shape?: [number, number];
  /** The colour map of tiles without their own (default {@link grayMap}`(0, 1)`). */
  colour?: ColourMap;
  /** 1 for a gray image, 3 for RGB (default 1). A gray image takes the mean of RGB colours. */
  channels?: 1 | 3;
  /** Least number of columns; more when a row is longer (default 1). */
  columns?: number;
  /** Pixels between tiles, before scaling (default 1). */
  padding?: number;
  /**
   * Pixels around the grid, before scaling: one number, or `[top, right, bottom, left]`
   * (default: `padding`).
   */
  margin?: number | [number, number, number, number];
  /** Gaps after given columns instead of `padding`, by column index (e.g. `{ 0: 6 }`). */
  columnGaps?: Record<number, number>;
  /** Colour of the padding and empty cells (default 0, black). */
  background?: number | Rgb;
  /** Integer upscaling of every pixel, nearest neighbour (default 1). */
  scale?: number;
  /** Reserve a bar above every tile and draw the tiles' `bar` values (default: no bars). */
  bars?: TileBars;
}

/** An 8-bit image, `channels` bytes per pixel, row by row. */
export interface TileImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** 1 (gray) or 3 (RGB). */
  channels: 1 | 3;
  /** `width * height * channels` bytes. */
  pixels: Uint8Array;
}

const clamp255 = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

function count(value: number, name: string, least: number): number {
  if (!Number.isInteger(value) || value < least) {
    throw new Error(
      `Invalid ${name} ${value}: expected an integer of at least ${least}`,
    );
  }
  return value;
}

/**
 * A linear gray map from `lo` (black) to `hi` (white), clipped outside; `[1, 0]` inverts.
 * Non-finite values are black; when `lo === hi` every finite value is mid-gray (128).
 *
 * @param lo the value drawn black
 * @param hi the value drawn white
 * @returns the colour map, giving gray levels
 *
 * @example
 * ```ts
 * import { grayMap } from "./tiles.ts";
 * const g = grayMap(-1, 1);
 * if (g(-1) !== 0 || g(0) !== 128 || g(5) !== 255) throw new Error("wrong gray");
 * ```
 */
export function grayMap(lo = 0, hi = 1): ColourMap {
  const span = hi - lo;
  return (v) => {
    if (!Number.isFinite(v)) return 0;
    return span === 0 ? 128 : clamp255(((v - lo) / span) * 255);
  };
}

/**
 * Cut a list into rows of `columns` items, the last row possibly shorter.
 *
 * @param items the items, in reading order
 * @param columns items per row (a positive integer)
 * @returns the rows
 *
 * @example
 * ```ts
 * import { inRows } from "./tiles.ts";
 * if (JSON.stringify(inRows([1, 2, 3], 2)) !== "[[1,2],[3]]") throw new Error("wrong rows");
 * ```
 */
export function inRows<T>(items: readonly T[], columns: number): T[][] {
  count(columns, "column count", 1);
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += columns) rows.push(items.slice(i, i + columns));
  return rows;
}

function fill(pixels: Uint8Array, at: number, colour: number | Rgb, channels: 1 | 3): void {
  if (typeof colour === "number") {
    const g = clamp255(colour);
    for (let c = 0; c < channels; c++) pixels[at + c] = g;
  } else if (channels === 3) {
    pixels[at] = clamp255(colour[0]);
    pixels[at + 1] = clamp255(colour[1]);
    pixels[at + 2] = clamp255(colour[2]);
  } else {
    pixels[at] = clamp255((colour[0] + colour[1] + colour[2]) / 3);
  }
}

/** Left edges of the columns and the total width, before scaling. */
function columnEdges(
  columns: number,
  w: number,
  padding: number,
  gaps: Record<number, number>,
  left: number,
  right: number,
): { x0: number[]; width: number } {
  const x0: number[] = [];
  let x = left;
  for (let c = 0; c < columns; c++) {
    x0.push(x);
    x += w + (c < columns - 1 ? count(gaps[c] ?? padding, `gap after column ${c}`, 0) : 0);
  }
  return { x0, width: x + right };
}

function upscale(image: TileImage, scale: number): TileImage {
  if (scale === 1) return image;
  const { width: bw, height: bh, channels, pixels: base } = image;
  const width = bw * scale, height = bh * scale;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const src = Math.floor(y / scale) * bw;
    for (let x = 0; x < width; x++) {
      const from = (src + Math.floor(x / scale)) * channels;
      const to = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) pixels[to + c] = base[from + c];
    }
  }
  return { width, height, channels, pixels };
}

/**
 * Lay tiles out in a grid, row by row, as one gray or RGB image. Rows may differ in length
 * (the grid is as wide as the longest, or `columns`); a `null` tile leaves its cell empty.
 * Tile (r, c) starts at `x = left + sum of (width + gap) over the columns before c` and
 * `y = top + r * (cell height + padding)`, where a cell is the tile plus, with `bars`, the
 * bar and its gap above it.
 *
 * @param rows the tiles, row by row
 * @param options tile shape, colours, channels, layout, scale and bars
 * @returns the image
 * @throws Error when a tile does not have `shape[0] * shape[1]` values, or a size is invalid
 *
 * @example
 * ```ts
 * import { grayMap, tileImage } from "./tiles.ts";
 * // two 2x2 tiles side by side, the second inverted, 1 pixel of padding, doubled
 * const a = { values: [0, 1, 1, 0] };
 * const b = { values: [0, 1, 1, 0], colour: grayMap(1, 0) };
 * const img = tileImage([[a, b]], { shape: [2, 2], scale: 2 });
 * if (img.width !== 2 * 7 || img.height !== 2 * 4) throw new Error(`${img.width}x${img.height}`);
 * if (img.pixels[2 * 14 + 2] !== 0 || img.pixels[2 * 14 + 8] !== 255) throw new Error("pixels");
 * ```
 *
 * @example
 * ```ts
 * import { tileImage } from "./tiles.ts";
 * // RGB, one red tile and an empty cell on a gray background
 * const red = () => [255, 0, 0] as [number, number, number];
 * const img = tileImage([[{ values: [0], colour: red }, null]], {
 *   shape: [1, 1], channels: 3, background: 128,
 * });
 * if (img.width !== 5 || img.pixels.length !== 5 * 3 * 3) throw new Error("size");
 * if (img.pixels.slice(3 * 6, 3 * 7).join() !== "255,0,0") throw new Error("not red");
 * ```
 */
export function tileImage(
  rows: readonly (readonly (Tile | null)[])[],
  options: TileImageOptions = {},
): TileImage {
  const [h, w] = options.shape ?? [28, 28];
  count(h, "tile height", 1);
  count(w, "tile width", 1);
  const channels = options.channels ?? 1;
  if (channels !== 1 && channels !== 3) {
    throw new Error(`Invalid channel count ${channels}: use 1 (gray) or 3 (RGB)`);
  }
  const padding = count(options.padding ?? 1, "padding", 0);
  const m = options.margin ?? padding;
  const [top, right, bottom, left] = typeof m === "number" ? [m, m, m, m] : m;
  for (const side of [top, right, bottom, left]) count(side, "margin", 0);
  const scale = count(options.scale ?? 1, "scale", 1);
  const columns = Math.max(
    count(options.columns ?? 1, "column count", 1),
    ...rows.map((r) => r.length),
  );
  const bars = options.bars;
  const barH = bars ? count(bars.height ?? 4, "bar height", 0) : 0;
  const barGap = bars ? count(bars.gap ?? 1, "bar gap", 0) : 0;
  const cellH = barH + barGap + h;
  const { x0, width } = columnEdges(columns, w, padding, options.columnGaps ?? {}, left, right);
  const nRows = Math.max(1, rows.length);
  const height = top + nRows * cellH + (nRows - 1) * padding + bottom;
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    fill(pixels, i * channels, options.background ?? 0, channels);
  }
  const fallback = options.colour ?? grayMap(0, 1);
  rows.forEach((row, r) => {
    const y0 = top + r * (cellH + padding);
    row.forEach((tile, c) => {
      if (!tile) return;
      if (tile.values.length !== h * w) {
        throw new Error(
          `Tile (${r}, ${c}) has ${tile.values.length} values, not ${h}x${w}: ` +
            `pass ${h} x ${w} = ${h * w} values per tile, or set the grid's shape`,
        );
      }
      if (bars && tile.bar !== undefined) {
        const len = Math.round(Math.min(1, Math.abs(tile.bar)) * w);
        const on = tile.bar > 0 ? bars.positive ?? 0 : bars.negative ?? 255;
        for (let y = 0; y < barH; y++) {
          for (let x = 0; x < w; x++) {
            const at = ((y0 + y) * width + x0[c] + x) * channels;
            fill(pixels, at, x < len ? on : bars.track ?? 128, channels);
          }
        }
      }
      const colour = tile.colour ?? fallback;
      const ty = y0 + barH + barGap;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const at = ((ty + y) * width + x0[c] + x) * channels;
          fill(pixels, at, colour(tile.values[y * w + x]), channels);
        }
      }
    });
  });
  return upscale({ width, height, channels, pixels }, scale);
}
