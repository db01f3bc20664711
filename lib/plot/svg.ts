/**
 * Small dependency-free SVG charts: line charts (learning curves), histograms (activation and
 * energy distributions) and scatter plots, each with axes, ticks, labels and a legend.
 *
 * The element counts are predictable, which makes the charts easy to test: every chart has
 * exactly one `<rect>` of its own (the white background); a line chart draws one `<path>` per
 * series with data (and, with `markers`, one `<circle>` per point); a scatter chart draws one
 * `<circle>` per drawable point; a histogram draws one `<rect>` per bin and series. Legend
 * swatches are a `<line>` in line charts and a `<rect>` in the other two. The plot area is a
 * nested `<svg>`, which clips whatever falls outside the axes.
 *
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";

/** Options every chart takes. */
export interface ChartOptions {
  /** Text above the chart. */
  title?: string;
  /** Label under the x axis. */
  xLabel?: string;
  /** Label beside the y axis. */
  yLabel?: string;
  /** Width of the whole image in pixels (default 640). */
  width?: number;
  /** Height of the whole image in pixels (default 400). */
  height?: number;
  /** Logarithmic y axis; values at or below zero are left out (default false). */
  logY?: boolean;
  /** Fixed y axis range (default: from the data, rounded outwards to ticks). */
  yDomain?: [number, number];
  /** Show the legend (default: when there is more than one series). */
  legend?: boolean;
}

/** One series of (x, y) points. */
export interface XYSeries {
  /** The name shown in the legend. */
  name: string;
  /** The x values (default: 0, 1, 2, ...). */
  x?: ArrayLike<number>;
  /** The y values, as many as `x`. */
  y: ArrayLike<number>;
  /** A CSS colour (default: from a ten-colour palette, by series order). */
  color?: string;
}

/** Options for {@link lineChart}. */
export interface LineChartOptions extends ChartOptions {
  /** The lines; a non-finite y breaks its line. */
  series: XYSeries[];
  /** Logarithmic x axis (default false). */
  logX?: boolean;
  /** Fixed x axis range (default: the data's extent). */
  xDomain?: [number, number];
  /** Draw a circle at every point (default false). */
  markers?: boolean;
  /** Line width in pixels (default 1.5). */
  strokeWidth?: number;
}

/** Options for {@link scatterChart}. */
export interface ScatterChartOptions extends ChartOptions {
  /** The point sets. */
  series: XYSeries[];
  /** Logarithmic x axis (default false). */
  logX?: boolean;
  /** Fixed x axis range (default: from the data, rounded outwards to ticks). */
  xDomain?: [number, number];
  /** Point radius in pixels (default 2.5). */
  radius?: number;
  /** Point opacity, 0 to 1 (default 0.7). */
  opacity?: number;
}

/** One set of values to bin. */
export interface HistogramSeries {
  /** The name shown in the legend (overlay) or above the panel (multiples). */
  name: string;
  /** The values; non-finite ones are left out. */
  values: ArrayLike<number>;
  /** A CSS colour (default: from a ten-colour palette, by series order). */
  color?: string;
}

/** Options for {@link histogramChart}. */
export interface HistogramChartOptions extends ChartOptions {
  /** The value sets, binned on shared edges. */
  series: HistogramSeries[];
  /** Number of equal-width bins (default 30). */
  bins?: number;
  /** The binned range (default: the extent of all series' finite values). */
  range?: [number, number];
  /** `"overlay"` (default) draws all series on one axis, `"multiples"` one panel each. */
  layout?: "overlay" | "multiples";
  /** Show densities (integrating to 1) instead of counts (default false). */
  density?: boolean;
  /** Height of each panel with `layout: "multiples"` (default 140). */
  panelHeight?: number;
}

/** Counts of values in equal-width bins, from {@link binValues}. */
export interface Histogram {
  /** The `bins + 1` bin edges, ascending. */
  edges: number[];
  /** The count in each bin; the last bin includes its upper edge. */
  counts: number[];
  /** Finite values below the first edge. */
  below: number;
  /** Finite values above the last edge. */
  above: number;
}

/**
 * The colours series get by default (Tableau 10).
 *
 * @example
 * ```ts
 * import { PALETTE } from "./svg.ts";
 * console.log(PALETTE[0]);
 * ```
 */
export const PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

const FONT = 'font-family="sans-serif"';
const CHAR_WIDTH = 6.5; // rough width of a 12px sans-serif character

/** A number as an SVG attribute: finite, at most two decimals. */
function n(v: number): string {
  if (!Number.isFinite(v)) return "0";
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A linear or log mapping from data to pixels, with its tick values. */
interface Scale {
  map(v: number): number;
  ticks: number[];
  format(v: number): string;
  log: boolean;
  domain: [number, number];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/** Finite values (positive ones for a log axis), min and max; undefined when none. */
function extent(values: Iterable<number>, log: boolean): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function validDomain(d: [number, number] | undefined, log: boolean, name: string) {
  if (!d) return undefined;
  const [lo, hi] = d;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi || (log && lo <= 0)) {
    throw new Error(
      `Invalid ${name} [${lo}, ${hi}]: expected finite lo < hi${log ? ", both positive" : ""}`,
    );
  }
  return d;
}

function formatTick(v: number, step: number): string {
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) {
    const s = v.toExponential(Math.max(0, Math.min(6, -Math.floor(Math.log10(step / abs)))));
    return s.replace(/\.?0+e/, "e").replace("e+", "e");
  }
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

function linearScale(
  data: [number, number] | undefined,
  fixed: [number, number] | undefined,
  range: [number, number],
  nice: boolean,
  tickCount: number,
): Scale {
  let lo: number, hi: number;
  if (fixed) [lo, hi] = fixed;
  else if (!data) [lo, hi] = [0, 1];
  else {
    [lo, hi] = data;
    if (lo === hi) {
      const pad = Math.abs(lo) * 0.1 || 1;
      lo -= pad;
      hi += pad;
    }
  }
  let step = niceStep(hi - lo, tickCount);
  if (nice && !fixed) {
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    step = niceStep(hi - lo, tickCount);
  }
  const ticks: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last && ticks.length < 50; i++) ticks.push(i * step);
  const [r0, r1] = range;
  return {
    map: (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0),
    ticks,
    format: (v) => formatTick(v, step),
    log: false,
    domain: [lo, hi],
  };
}

function logScale(
  data: [number, number] | undefined,
  fixed: [number, number] | undefined,
  range: [number, number],
): Scale {
  let lo: number, hi: number;
  if (fixed) [lo, hi] = fixed;
  else if (!data) [lo, hi] = [1, 10];
  else {
    lo = 10 ** Math.floor(Math.log10(data[0]) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(data[1]) - 1e-9);
    if (hi <= lo) hi = lo * 10;
  }
  const l0 = Math.log10(lo), l1 = Math.log10(hi);
  const decades = l1 - l0;
  const every = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  for (let e = Math.ceil(l0 - 1e-9); e <= Math.floor(l1 + 1e-9); e += every) ticks.push(10 ** e);
  if (decades <= 2.5) {
    for (let e = Math.floor(l0) - 1; e <= Math.ceil(l1); e++) {
      for (const m of [2, 5]) {
        const v = m * 10 ** e;
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
      }
    }
    ticks.sort((a, b) => a - b);
  }
  const [r0, r1] = range;
  const format = (v: number): string => {
    const abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e5) return String(Number(v.toPrecision(6)));
    return v.toExponential(0).replace("e+", "e");
  };
  return {
    map: (v) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0),
    ticks,
    format,
    log: true,
    domain: [lo, hi],
  };
}

function makeScale(
  values: Iterable<number>,
  options: { log?: boolean; domain?: [number, number]; nice: boolean; name: string },
  range: [number, number],
  tickCount: number,
): Scale {
  const log = options.log ?? false;
  const fixed = validDomain(options.domain, log, options.name);
  const data = extent(values, log);
  return log
    ? logScale(data, fixed, range)
    : linearScale(data, fixed, range, options.nice, tickCount);
}

/** The pixel box of a plot area. */
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface LegendEntry {
  name: string;
  color: string;
}

function legendWidth(entries: LegendEntry[]): number {
  const longest = Math.max(0, ...entries.map((e) => e.name.length));
  return 28 + Math.min(longest, 30) * CHAR_WIDTH + 12;
}

function drawLegend(
  entries: LegendEntry[],
  x: number,
  y: number,
  swatch: "line" | "rect",
): string[] {
  const out = [`<g class="legend" ${FONT} font-size="12">`];
  entries.forEach((e, i) => {
    const cy = y + 8 + i * 18;
    if (swatch === "line") {
      out.push(
        `<line x1="${n(x)}" y1="${n(cy)}" x2="${n(x + 18)}" y2="${
          n(cy)
        }" stroke="${e.color}" stroke-width="2"/>`,
      );
    } else {
      out.push(
        `<rect class="swatch" x="${n(x + 3)}" y="${
          n(cy - 6)
        }" width="12" height="12" fill="${e.color}"/>`,
      );
    }
    const label = e.name.length > 30 ? e.name.slice(0, 29) + "…" : e.name;
    out.push(`<text x="${n(x + 24)}" y="${n(cy + 4)}">${escapeXml(label)}</text>`);
  });
  out.push("</g>");
  return out;
}

function drawAxes(
  box: Box,
  xs: Scale,
  ys: Scale,
  options: { xTickLabels: boolean; grid?: boolean },
): string[] {
  const out = [`<g class="axes" ${FONT} font-size="11" fill="#333">`];
  const bottom = box.y + box.h;
  for (const t of ys.ticks) {
    const py = box.y + ys.map(t);
    out.push(
      `<line x1="${n(box.x)}" y1="${n(py)}" x2="${n(box.x + box.w)}" y2="${n(py)}" stroke="#eee"/>`,
      `<line x1="${n(box.x - 4)}" y1="${n(py)}" x2="${n(box.x)}" y2="${n(py)}" stroke="#333"/>`,
      `<text x="${n(box.x - 6)}" y="${n(py + 4)}" text-anchor="end">${
        escapeXml(ys.format(t))
      }</text>`,
    );
  }
  for (const t of xs.ticks) {
    const px = box.x + xs.map(t);
    out.push(
      `<line x1="${n(px)}" y1="${n(bottom)}" x2="${n(px)}" y2="${n(bottom + 4)}" stroke="#333"/>`,
    );
    if (options.xTickLabels) {
      out.push(
        `<text x="${n(px)}" y="${n(bottom + 16)}" text-anchor="middle">${
          escapeXml(xs.format(t))
        }</text>`,
      );
    }
  }
  out.push(
    `<line x1="${n(box.x)}" y1="${n(bottom)}" x2="${n(box.x + box.w)}" y2="${
      n(bottom)
    }" stroke="#333"/>`,
    `<line x1="${n(box.x)}" y1="${n(box.y)}" x2="${n(box.x)}" y2="${n(bottom)}" stroke="#333"/>`,
    "</g>",
  );
  return out;
}

interface Frame {
  width: number;
  height: number;
  box: Box;
  legendX: number;
}

function frame(options: ChartOptions, legend: LegendEntry[] | undefined): Frame {
  const width = Math.max(120, options.width ?? 640);
  const height = Math.max(100, options.height ?? 400);
  const top = options.title ? 36 : 14;
  const left = options.yLabel ? 70 : 54;
  const bottom = options.xLabel ? 48 : 30;
  const right = legend ? legendWidth(legend) + 8 : 16;
  const box = {
    x: left,
    y: top,
    w: Math.max(20, width - left - right),
    h: Math.max(20, height - top - bottom),
  };
  return { width, height, box, legendX: box.x + box.w + 12 };
}

function open(width: number, height: number, title?: string): string[] {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${
      n(height)
    }" viewBox="0 0 ${n(width)} ${n(height)}">`,
  ];
  if (title) out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect class="background" width="100%" height="100%" fill="white"/>`);
  if (title) {
    out.push(
      `<text x="${
        n(width / 2)
      }" y="22" text-anchor="middle" ${FONT} font-size="15" font-weight="bold">${
        escapeXml(title)
      }</text>`,
    );
  }
  return out;
}

function labels(f: Frame, options: ChartOptions): string[] {
  const out: string[] = [];
  const { box } = f;
  if (options.xLabel) {
    out.push(
      `<text x="${n(box.x + box.w / 2)}" y="${
        n(f.height - 10)
      }" text-anchor="middle" ${FONT} font-size="12">${escapeXml(options.xLabel)}</text>`,
    );
  }
  if (options.yLabel) {
    const cx = 16, cy = box.y + box.h / 2;
    out.push(
      `<text x="${n(cx)}" y="${n(cy)}" transform="rotate(-90 ${n(cx)} ${
        n(cy)
      })" text-anchor="middle" ${FONT} font-size="12">${escapeXml(options.yLabel)}</text>`,
    );
  }
  return out;
}

function noData(box: Box): string {
  return `<text class="no-data" x="${n(box.x + box.w / 2)}" y="${
    n(box.y + box.h / 2)
  }" text-anchor="middle" ${FONT} font-size="12" fill="#999">no data</text>`;
}

function plotArea(box: Box): string {
  return `<svg class="plot" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${
    n(box.h)
  }" overflow="hidden">`;
}

function xsOf(s: XYSeries): ArrayLike<number> {
  if (s.x === undefined) return Float64Array.from({ length: s.y.length }, (_, i) => i);
  if (s.x.length !== s.y.length) {
    throw new Error(
      `Series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values: they must match`,
    );
  }
  return s.x;
}

function* arrayValues(arrays: ArrayLike<number>[]): Iterable<number> {
  for (const a of arrays) for (let i = 0; i < a.length; i++) yield a[i];
}

function drawable(x: number, y: number, xs: Scale, ys: Scale): boolean {
  return Number.isFinite(x) && Number.isFinite(y) && (!xs.log || x > 0) && (!ys.log || y > 0);
}

function xyChart(
  options: LineChartOptions | ScatterChartOptions,
  kind: "line" | "scatter",
): string {
  const series = options.series ?? [];
  const xArrays = series.map(xsOf);
  const entries = series.map((s, i) => ({
    name: s.name,
    color: s.color ?? PALETTE[i % PALETTE.length],
  }));
  const showLegend = options.legend ?? series.length > 1;
  const f = frame(options, showLegend ? entries : undefined);
  const { box } = f;
  const xs = makeScale(
    arrayValues(xArrays),
    { log: options.logX, domain: options.xDomain, nice: kind === "scatter", name: "x domain" },
    [0, box.w],
    Math.max(2, Math.round(box.w / 90)),
  );
  const ys = makeScale(
    arrayValues(series.map((s) => s.y)),
    { log: options.logY, domain: options.yDomain, nice: true, name: "y domain" },
    [box.h, 0],
    Math.max(2, Math.round(box.h / 60)),
  );
  const out = open(f.width, f.height, options.title);
  out.push(...drawAxes(box, xs, ys, { xTickLabels: true }));
  out.push(plotArea(box));
  let drawn = 0;
  series.forEach((s, i) => {
    const x = xArrays[i];
    const color = entries[i].color;
    const points: [number, number][] = [];
    const d: string[] = [];
    let pen = false;
    for (let j = 0; j < s.y.length; j++) {
      if (!drawable(x[j], s.y[j], xs, ys)) {
        pen = false;
        continue;
      }
      const px = xs.map(x[j]), py = ys.map(s.y[j]);
      points.push([px, py]);
      d.push(`${pen ? "L" : "M"}${n(px)} ${n(py)}`);
      pen = true;
    }
    drawn += points.length;
    const name = escapeXml(s.name);
    if (kind === "line") {
      const o = options as LineChartOptions;
      if (d.length > 0) {
        out.push(
          `<path class="series" data-name="${name}" d="${
            d.join("")
          }" fill="none" stroke="${color}" stroke-width="${
            n(o.strokeWidth ?? 1.5)
          }" stroke-linejoin="round" stroke-linecap="round"/>`,
        );
      }
      if (o.markers) {
        for (const [px, py] of points) {
          out.push(`<circle cx="${n(px)}" cy="${n(py)}" r="2.5" fill="${color}"/>`);
        }
      }
    } else {
      const o = options as ScatterChartOptions;
      const r = n(o.radius ?? 2.5);
      const opacity = n(Math.max(0, Math.min(1, o.opacity ?? 0.7)));
      out.push(`<g class="series" data-name="${name}" fill="${color}" fill-opacity="${opacity}">`);
      for (const [px, py] of points) out.push(`<circle cx="${n(px)}" cy="${n(py)}" r="${r}"/>`);
      out.push("</g>");
    }
  });
  out.push("</svg>");
  if (drawn === 0) out.push(noData(box));
  out.push(...labels(f, options));
  if (showLegend) {
    out.push(...drawLegend(entries, f.legendX, box.y, kind === "line" ? "line" : "rect"));
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/**
 * A line chart, e.g. training and validation loss per epoch. Each series is one `<path>`;
 * non-finite y values (and, on log axes, values at or below zero) break the line.
 *
 * @param options the series, labels and axes
 * @returns the SVG document as a string
 * @throws Error when a series' x and y lengths differ, or a fixed domain is invalid
 *
 * @example
 * ```ts
 * import { lineChart } from "./svg.ts";
 * const svg = lineChart({
 *   title: "Training loss",
 *   xLabel: "epoch",
 *   yLabel: "MSE",
 *   logY: true,
 *   series: [
 *     { name: "train", x: [1, 2, 3, 4], y: [0.9, 0.3, 0.12, 0.08] },
 *     { name: "valid", x: [1, 2, 3, 4], y: [1.0, 0.4, 0.2, 0.15] },
 *   ],
 * });
 * if (!svg.startsWith("<svg") || svg.split("<path").length !== 3) throw new Error("bad chart");
 * ```
 */
export function lineChart(options: LineChartOptions): string {
  return xyChart(options, "line");
}

/**
 * A scatter chart: one `<circle>` per point whose coordinates are finite (and positive on
 * log axes).
 *
 * @param options the series, labels, axes and point style
 * @returns the SVG document as a string
 * @throws Error when a series' x and y lengths differ, or a fixed domain is invalid
 *
 * @example
 * ```ts
 * import { scatterChart } from "./svg.ts";
 * const svg = scatterChart({
 *   title: "Energy vs. reconstruction error",
 *   xLabel: "energy",
 *   yLabel: "error",
 *   series: [{ name: "digits", x: [0, 1, 2], y: [2, 1, 0.5] }],
 * });
 * if (svg.split("<circle").length !== 4) throw new Error("expected three points");
 * ```
 */
export function scatterChart(options: ScatterChartOptions): string {
  return xyChart(options, "scatter");
}

/**
 * Count values in `bins` equal-width bins over `range`. Non-finite values are left out;
 * finite values outside the range are counted in `below` and `above`.
 *
 * @param values the values
 * @param bins the number of bins (a positive integer)
 * @param range the binned range (default: the values' extent; `[v - 0.5, v + 0.5]` when all
 *   equal `v`; `[0, 1]` when there are none)
 * @returns the edges and counts
 *
 * @example
 * ```ts
 * import { binValues } from "./svg.ts";
 * const h = binValues([0, 0.1, 0.5, 0.9, 1, 7], 2, [0, 1]);
 * if (h.counts.join() !== "2,3" || h.above !== 1) throw new Error(JSON.stringify(h));
 * ```
 */
export function binValues(
  values: ArrayLike<number>,
  bins: number,
  range?: [number, number],
): Histogram {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`Invalid bin count ${bins}: expected a positive integer`);
  }
  let [lo, hi] = range ?? extent(arrayValues([values]), false) ?? [0, 1];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new Error(`Invalid histogram range [${lo}, ${hi}]: expected finite lo <= hi`);
  }
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  let below = 0, above = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges, counts, below, above };
}

/**
 * A histogram of one or more value sets on shared bin edges: overlaid with translucent bars
 * (default), or as small multiples, one panel per series stacked vertically with a shared
 * x axis. Each bin of each series is one `<rect>` (empty bins have zero height).
 *
 * @param options the series, bins, range, layout and labels
 * @returns the SVG document as a string
 * @throws Error when the bin count or a range is invalid
 *
 * @example
 * ```ts
 * import { histogramChart } from "./svg.ts";
 * const codes = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) ** 2);
 * const svg = histogramChart({
 *   title: "Hidden activations",
 *   xLabel: "activation",
 *   yLabel: "count",
 *   bins: 20,
 *   series: [{ name: "layer 1", values: codes }],
 * });
 * // one background rect and 20 bars
 * if (svg.split("<rect").length - 1 !== 21) throw new Error("unexpected bar count");
 * ```
 */
export function histogramChart(options: HistogramChartOptions): string {
  const series = options.series ?? [];
  const bins = options.bins ?? 30;
  const layout = options.layout ?? "overlay";
  if (layout !== "overlay" && layout !== "multiples") {
    throw new Error(`Invalid layout "${layout}": use "overlay" or "multiples"`);
  }
  const multiples = layout === "multiples";
  const range = options.range ?? extent(arrayValues(series.map((s) => s.values)), false);
  const edges = binValues([], bins, range).edges;
  const hists = series.map((s) => binValues(s.values, bins, range));
  const heights = hists.map((h) => {
    if (!options.density) return h.counts;
    const total = h.counts.reduce((a, b) => a + b, 0);
    return h.counts.map((c, i) => total > 0 ? c / (total * (edges[i + 1] - edges[i])) : 0);
  });
  const entries = series.map((s, i) => ({
    name: s.name,
    color: s.color ?? PALETTE[i % PALETTE.length],
  }));
  const showLegend = !multiples && (options.legend ?? series.length > 1);
  const panels = multiples ? Math.max(1, series.length) : 1;
  const panelHeight = Math.max(40, options.panelHeight ?? 140);
  const gap = 28;
  // multiples: room above the first panel for its name, below the chart's title
  const labelRoom = multiples ? 18 : 0;
  const height = multiples
    ? (options.title ? 36 : 14) + labelRoom + panels * panelHeight + (panels - 1) * gap +
      (options.xLabel ? 48 : 30)
    : options.height;
  const f = frame({ ...options, height }, showLegend ? entries : undefined);
  const { box } = f;
  const xs = linearScale(
    undefined,
    [edges[0], edges[edges.length - 1]],
    [0, box.w],
    false,
    Math.max(2, Math.round(box.w / 90)),
  );
  const out = open(f.width, f.height, options.title);
  const opacity = series.length > 1 && !multiples ? 0.45 : 0.8;
  const groups = multiples ? series.map((_, i) => [i]) : [series.map((_, i) => i)];
  if (groups.length === 0) groups.push([]);
  const ph = multiples ? panelHeight : box.h;
  let any = false;
  groups.forEach((members, p) => {
    const pbox = { x: box.x, y: box.y + labelRoom + p * (ph + gap), w: box.w, h: ph };
    const shown = members.flatMap((i) => heights[i]);
    const tickCount = Math.max(2, Math.round(pbox.h / 50));
    const fixed = validDomain(options.yDomain, options.logY ?? false, "y domain");
    // On a log axis the lowest decade sits below the smallest bar, so bins of one count show.
    const positive = extent(shown, true);
    const ys = options.logY
      ? logScale(positive && [positive[0] / 2, positive[1]], fixed, [pbox.h, 0])
      : linearScale([0, Math.max(0, ...shown) || 1], fixed, [pbox.h, 0], true, tickCount);
    out.push(...drawAxes(pbox, xs, ys, { xTickLabels: !multiples || p === groups.length - 1 }));
    if (multiples && series[p]) {
      out.push(
        `<text x="${n(pbox.x + 6)}" y="${
          n(pbox.y - 6)
        }" ${FONT} font-size="12" font-weight="bold">${escapeXml(series[p].name)}</text>`,
      );
    }
    out.push(plotArea(pbox));
    // Bars rise from the bottom of a log axis, or from zero on a linear one.
    const base = ys.log ? pbox.h : Math.min(pbox.h, Math.max(0, ys.map(0)));
    for (const i of members) {
      out.push(
        `<g class="series" data-name="${escapeXml(series[i].name)}" fill="${
          entries[i].color
        }" fill-opacity="${opacity}">`,
      );
      heights[i].forEach((v, b) => {
        const x0 = xs.map(edges[b]), x1 = xs.map(edges[b + 1]);
        const top = v > 0 ? Math.max(0, Math.min(base, ys.map(v))) : base;
        if (v > 0) any = true;
        out.push(
          `<rect class="bar" x="${n(x0)}" y="${n(top)}" width="${
            n(Math.max(0, x1 - x0))
          }" height="${n(base - top)}"/>`,
        );
      });
      out.push("</g>");
    }
    out.push("</svg>");
    if (!any && p === groups.length - 1) out.push(noData(pbox));
  });
  out.push(...labels(f, options));
  if (showLegend) out.push(...drawLegend(entries, f.legendX, box.y, "rect"));
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/**
 * Write an SVG document atomically.
 *
 * @param path the file, its folder created if needed
 * @param svg the document, e.g. from {@link lineChart}
 * @returns a promise that resolves once the file is in place
 *
 * @example
 * ```ts
 * import { lineChart, writeSvg } from "./svg.ts";
 * const dir = await Deno.makeTempDir();
 * await writeSvg(`${dir}/loss.svg`, lineChart({ series: [{ name: "loss", y: [3, 2, 1] }] }));
 * ```
 */
export async function writeSvg(path: string, svg: string): Promise<void> {
  if (!svg.trimStart().startsWith("<svg")) {
    throw new Error(`Cannot write "${path}": the text is not an SVG document`);
  }
  await writeFileAtomic(path, svg);
}
