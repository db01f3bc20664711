/**
 * The drawing pieces of the DrSAE figures (Rolfe & LeCun 2013): SVG charts placed side by side
 * as one figure's panels, rows of decoders with connection bars (Figures 5, 6), and the scatter
 * series by unit kind (part, between, categorical; footnote 7) that Figures 3, 4 and 7 share.
 *
 * Images follow the paper's convention: "Gray pixels denote connections with weight 0; darker
 * pixels indicate more positive connections" (Figure 2). Bars above a decoder give a
 * connection's strength: black for positive connections, white for negative (Figures 5, 6).
 *
 * @module
 */
import type { UnitKind } from "../../lib/eval/drsae_analysis.ts";
import type { GrayImage } from "../../lib/plot/filters.ts";
import { encodePng } from "../../lib/plot/png.ts";
import { type Tile, tileImage } from "../../lib/plot/tiles.ts";
import { PALETTE, type XYSeries } from "../../lib/plot/svg.ts";
import { permutation, randomStream } from "../../lib/random.ts";

/** One figure: a PNG image or an SVG chart, with the file name it is written under. */
export interface DrsaeFigure {
  /** File name, e.g. `figure3.svg`. */
  name: string;
  /** What it shows, after the paper's caption. */
  caption: string;
  /** PNG bytes, for images. */
  png?: Uint8Array;
  /** SVG text, for charts. */
  svg?: string;
}

/** The side of one 28 x 28 digit tile. */
const SIDE = 28;
export const KIND_COLORS: Record<UnitKind, string> = {
  part: PALETTE[0],
  intermediate: PALETTE[7] ?? "#999",
  categorical: PALETTE[3],
};
/** Most points drawn in one scatter series (Figure 4 has up to n^2 pairs). */
export const MAX_POINTS = 4000;

/**
 * Place SVG charts side by side in a grid, as one SVG document (the panels of one figure).
 *
 * @param panels SVG documents, each starting with `<svg xmlns=...`, all the same size
 * @param columns panels per row
 * @param title a title above the grid
 * @returns the combined SVG document
 *
 * @example
 * ```ts
 * import { lineChart } from "../../lib/plot/svg.ts";
 * import { panelGrid } from "./figure_panels.ts";
 * const p = lineChart({ series: [{ name: "a", y: [1, 2] }], width: 200, height: 150 });
 * const svg = panelGrid([p, p, p], 2, "three panels");
 * console.log(svg.match(/<svg/g)?.length); // 7: the grid, and each panel with its plot area
 * ```
 */
export function panelGrid(panels: string[], columns: number, title?: string): string {
  if (!panels.length) throw new Error("No panels to place: pass at least one SVG chart");
  const size = (svg: string) => {
    const m = svg.match(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="([\d.]+)" height="([\d.]+)"/,
    );
    if (!m) {
      throw new Error("A panel is not an SVG chart from lib/plot/svg.ts: it must start with <svg");
    }
    return [Number(m[1]), Number(m[2])];
  };
  const [w, h] = size(panels[0]);
  const top = title ? 30 : 0;
  const rows = Math.ceil(panels.length / columns);
  const width = columns * w, height = top + rows * h;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  if (title) {
    out.push(
      `<text x="${width / 2}" y="20" text-anchor="middle" font-family="sans-serif" ` +
        `font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    );
  }
  panels.forEach((p, i) => {
    size(p);
    const x = (i % columns) * w, y = top + Math.floor(i / columns) * h;
    out.push(
      p.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /, `<svg x="${x}" y="${y}" `),
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** One tile of a {@link barTileImage}: an image and an optional signed bar above it. */
export interface BarTile {
  /** The tile's values, row-major, `tileShape[0] * tileShape[1]` of them. */
  values: ArrayLike<number>;
  /** The bar, in [-1, 1]: its length is |bar|, black when positive, white when negative. */
  bar?: number;
}

/** Options for {@link barTileImage}. */
export interface BarTileOptions {
  /** Height and width of a tile. Default [28, 28]. */
  tileShape?: [number, number];
  /** Integer upscaling. Default 2. */
  scale?: number;
}

/**
 * Rows of tiles, each with a bar above it, the first tile of each row set apart: the layout of
 * Figures 5 and 6 (the unit of interest, then the units it connects with, bars giving the
 * connection strengths). Each tile is scaled on its own, zero at mid-gray and positive values
 * darker.
 *
 * @param rows each row's tiles, the first being the unit of interest
 * @param options tile shape and scale
 * @returns a grayscale image
 *
 * @example
 * ```ts
 * import { barTileImage } from "./figure_panels.ts";
 * const img = barTileImage([[{ values: [1, 0, 0, -1] }, { values: [0, 1, 1, 0], bar: -0.5 }]], {
 *   tileShape: [2, 2], scale: 1,
 * });
 * console.log(img.width, img.height); // 16 11
 * ```
 */
export function barTileImage(rows: BarTile[][], options: BarTileOptions = {}): GrayImage {
  const [th, tw] = options.tileShape ?? [SIDE, SIDE];
  const pad = 2, headGap = 6;
  const maxTiles = Math.max(1, ...rows.map((r) => r.length));
  const tiles = rows.map((row) =>
    row.map((tile): Tile => {
      if (tile.values.length !== th * tw) {
        throw new Error(
          `A tile has ${tile.values.length} values, not ${th} x ${tw}: pass tileShape`,
        );
      }
      // each tile on its own scale: zero mid-gray, positive darker
      let m = 0;
      for (let i = 0; i < tile.values.length; i++) m = Math.max(m, Math.abs(tile.values[i]));
      return { values: tile.values, bar: tile.bar, colour: (v) => 128 - 127 * (m > 0 ? v / m : 0) };
    })
  );
  const image = tileImage(tiles, {
    shape: [th, tw],
    padding: pad,
    // the head tile is followed by its gap even when it stands alone
    margin: [pad, maxTiles > 1 ? 2 * pad : headGap + pad, pad, pad],
    columnGaps: { 0: headGap },
    background: 255,
    scale: options.scale ?? 2,
    bars: { height: 4, gap: 1, positive: 0, negative: 255, track: 128 },
  });
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/** A gray image as PNG bytes. */
export function png(img: GrayImage): Uint8Array {
  return encodePng(img.width, img.height, img.pixels, 1);
}

/** Row-major [units, inputs] of -values, so that filterGrid's symmetric map draws positive dark. */
export function negatedRows(rows: ArrayLike<number>[]): Float32Array {
  const m = rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * m);
  rows.forEach((r, i) => {
    for (let p = 0; p < m; p++) out[i * m + p] = -r[p];
  });
  return out;
}

/** At most `max` of `n` indices, chosen at random with a fixed seed, in increasing order. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return [...permutation(randomStream(0, "drsae:figure-sample"), n).subarray(0, max)].sort((a, b) =>
    a - b
  );
}

/** Scatter series of one (x, y) per unit, split by the unit's kind. */
export function byKind(
  kinds: readonly UnitKind[],
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  keep: (i: number) => boolean = () => true,
): XYSeries[] {
  return (["part", "intermediate", "categorical"] as const).map((kind) => {
    const idx = kinds.map((k, i) => k === kind && keep(i) ? i : -1).filter((i) => i >= 0);
    const label = kind === "part"
      ? "part (< 0.5 rad)"
      : kind === "categorical"
      ? "categorical (> 0.7 rad)"
      : "between";
    return {
      name: label,
      x: idx.map((i) => x[i]),
      y: idx.map((i) => y[i]),
      color: KIND_COLORS[kind],
    };
  });
}

/** The size of one chart panel. */
export const PANEL = { width: 360, height: 280 };
