/**
 * Drawing pieces the energy figures share (Kamyshanska & Memisevic, Figs. 1-3): a figure as
 * file name and content, small multiples of charts composed into one SVG, a viridis-like colour
 * map, and a heat map of values on a regular 2-D grid, both as a PNG (`tileImage`, `encodePng`)
 * and as an SVG chart with axes (the PNG laid under Observable Plot's axes and marks).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { encodePng } from "../../lib/plot/png.ts";
import { figureSvg, plotSvg } from "../../lib/plot/render.ts";
import { type Rgb, tileImage } from "../../lib/plot/tiles.ts";

/** A figure: its file name and content, SVG text or PNG bytes. */
export interface EnergyFigure {
  /** File name in the results folder, e.g. `figure2-energy.svg`. */
  file: string;
  /** SVG text or PNG bytes. */
  content: string | Uint8Array;
}

const SIZE = /^<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"/;

/** Width and height of a standalone SVG document from its opening tag. */
export function svgSize(svg: string): [number, number] {
  const m = SIZE.exec(svg.trimStart());
  if (!m) {
    throw new Error(
      "svgSize: the text does not start with <svg ... width=... height=...>: pass a chart " +
        "from lib/plot (lineChart, scatterChart, histogramChart)",
    );
  }
  return [Number(m[1]), Number(m[2])];
}

/**
 * Standalone SVG charts laid out as small multiples in one SVG document, row by row.
 *
 * @param panels SVG documents (each starting with `<svg ... width= height=`)
 * @param columns panels per row
 * @param title optional text above the grid
 * @returns one SVG document
 *
 * @example
 * ```ts
 * import { lineChart } from "../../lib/plot/svg.ts";
 * import { composeSvg } from "./figure_panels.ts";
 * const a = lineChart({ series: [{ name: "a", y: [1, 2] }], width: 200, height: 150 });
 * const svg = composeSvg([a, a, a], 2, "three panels");
 * console.log(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="330"'));
 * ```
 */
export function composeSvg(panels: readonly string[], columns: number, title?: string): string {
  if (!Number.isInteger(columns) || columns < 1) {
    throw new Error(`composeSvg: columns must be an integer >= 1, got ${columns}`);
  }
  const sizes = panels.map(svgSize);
  const rows = Math.ceil(panels.length / columns);
  const colWidth = Array.from(
    { length: columns },
    (_, c) => Math.max(0, ...sizes.filter((_, i) => i % columns === c).map((s) => s[0])),
  );
  const rowHeight = Array.from(
    { length: rows },
    (_, r) => Math.max(0, ...sizes.slice(r * columns, (r + 1) * columns).map((s) => s[1])),
  );
  const top = title ? 30 : 0;
  const width = colWidth.reduce((a, b) => a + b, 0);
  const height = top + rowHeight.reduce((a, b) => a + b, 0);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  if (title) {
    out.push(
      `<title>${escape(title)}</title>`,
      `<text x="${width / 2}" y="21" text-anchor="middle" font-size="16" font-weight="bold">` +
        `${escape(title)}</text>`,
    );
  }
  panels.forEach((svg, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    const x = colWidth.slice(0, c).reduce((a, b) => a + b, 0);
    const y = top + rowHeight.slice(0, r).reduce((a, b) => a + b, 0);
    out.push(svg.trim().replace(/^<svg\b/, `<svg x="${x}" y="${y}"`));
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/**
 * A viridis-like colour map from `lo` (dark purple) to `hi` (yellow), clipped outside; non-finite
 * values are gray.
 *
 * @example
 * ```ts
 * import { viridis } from "./figure_panels.ts";
 * console.log(viridis(0, 1)(1)); // [ 253, 231, 37 ]
 * ```
 */
export function viridis(lo: number, hi: number): (v: number) => Rgb {
  return (v: number): Rgb => {
    if (!Number.isFinite(v)) return [128, 128, 128];
    const t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0.5;
    const s = t * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(s));
    const f = s - i;
    return VIRIDIS[i].map((a, k) => Math.round(a + f * (VIRIDIS[i + 1][k] - a))) as Rgb;
  };
}

/** Values on a regular grid: `values[j * xs.length + i]` is the value at `(xs[i], ys[j])`. */
export interface GridValues {
  /** The x coordinates, ascending. */
  xs: readonly number[];
  /** The y coordinates, ascending. */
  ys: readonly number[];
  /** One value per grid point, row j (y) by column i (x). */
  values: ArrayLike<number>;
  /** The values drawn darkest and lightest, others clipped (default: the values' range). */
  range?: [number, number];
}

/**
 * The `q` quantile of the finite values (nearest rank), e.g. to clip a heat map's colours.
 *
 * @example
 * ```ts
 * import { quantile } from "./figure_panels.ts";
 * console.log(quantile([3, 1, 2, NaN], 0.5)); // 2
 * ```
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
}

function valueRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * A grid of values as an RGB PNG, y upwards (the top row is the largest y), each grid point
 * drawn as a `scale` x `scale` block.
 *
 * @param grid the values on the grid
 * @param scale pixels per grid point (default 4)
 * @returns the PNG file's bytes
 */
export function heatmapPng(grid: GridValues, scale = 4): Uint8Array {
  const nx = grid.xs.length;
  const ny = grid.ys.length;
  if (grid.values.length !== nx * ny) {
    throw new Error(
      `heatmapPng: ${grid.values.length} values for a ${nx} x ${ny} grid: pass one per point`,
    );
  }
  const flipped = new Float32Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) flipped[(ny - 1 - j) * nx + i] = grid.values[j * nx + i];
  }
  const [lo, hi] = grid.range ?? valueRange(grid.values);
  const img = tileImage([[{ values: flipped, colour: viridis(lo, hi) }]], {
    shape: [ny, nx],
    channels: 3,
    padding: 0,
    scale,
  });
  return encodePng(img.width, img.height, img.pixels, 3);
}

/** Options for {@link heatmapSvg}. */
export interface HeatmapSvgOptions {
  /** Title; the value range is added to it. */
  title: string;
  /** Points drawn over the map (e.g. the training data), as [x, y] pairs. */
  overlay?: ArrayLike<number>;
  /** Size of the whole image (default 420 x 420). */
  width?: number;
  /** Height of the whole image (default: the width). */
  height?: number;
}

const MARGIN = { top: 10, right: 10, bottom: 35, left: 45 };

/**
 * A grid of values as an SVG chart: the heat map PNG (dark purple low, yellow high) under
 * Observable Plot's axes and frame, with optional points on top; the title states the range.
 *
 * @param grid the values on the grid
 * @param options title, overlay points and size
 * @returns the SVG document
 */
export function heatmapSvg(grid: GridValues, options: HeatmapSvgOptions): string {
  const [lo, hi] = grid.range ?? valueRange(grid.values);
  const png = heatmapPng(grid, 1);
  const href = `data:image/png;base64,${base64(png)}`;
  const dx = grid.xs.length > 1 ? (grid.xs[1] - grid.xs[0]) / 2 : 0.5;
  const dy = grid.ys.length > 1 ? (grid.ys[1] - grid.ys[0]) / 2 : 0.5;
  const xDomain = [grid.xs[0] - dx, grid.xs[grid.xs.length - 1] + dx];
  const yDomain = [grid.ys[0] - dy, grid.ys[grid.ys.length - 1] + dy];
  const points: { x: number; y: number }[] = [];
  const o = options.overlay ?? [];
  for (let i = 0; i + 1 < o.length; i += 2) points.push({ x: o[i], y: o[i + 1] });
  const width = options.width ?? 420;
  return figureSvg({
    width,
    height: options.height ?? width,
    title: `${options.title} [${lo.toPrecision(4)} dark, ${hi.toPrecision(4)} light]`,
    plot: (w, h) => {
      const svg = plotSvg({
        width: w,
        height: h,
        ...Object.fromEntries(Object.entries(MARGIN).map(([k, v]) => [`margin${cap(k)}`, v])),
        x: { domain: xDomain, label: "x1" },
        y: { domain: yDomain, label: "x2" },
        marks: [
          Plot.frame(),
          Plot.dot(points, { x: "x", y: "y", r: 1.2, fill: "white", fillOpacity: 0.6 }),
        ],
      });
      const image = `<image href="${href}" x="${MARGIN.left}" y="${MARGIN.top}" ` +
        `width="${w - MARGIN.left - MARGIN.right}" height="${h - MARGIN.top - MARGIN.bottom}" ` +
        `preserveAspectRatio="none" style="image-rendering: pixelated"/>`;
      return svg.replace(/^(<svg[^>]*>)/, `$1${image}`);
    },
  });
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}
