/**
 * Histograms: equal-width binning ({@link binValues}) and histogram charts drawn with
 * Observable Plot ({@link histogramChart}), overlaid or as small multiples (Plot facets).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Histogram, type HistogramChartOptions, PALETTE } from "./chart_types.ts";
import { figureSvg, plotSvg } from "./render.ts";
import { type AxisSpec, decades, extent, plotAxes, validDomain } from "./scales.ts";

function* flat(arrays: ArrayLike<number>[]): Iterable<number> {
  for (const a of arrays) for (let i = 0; i < a.length; i++) yield a[i];
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
 * import { binValues } from "./histogram.ts";
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
  let [lo, hi] = range ?? extent(flat([values]), false) ?? [0, 1];
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
 * The y axis of bar heights: from zero on a linear axis; on a log axis whole decades, the
 * lowest below half the smallest bar, so bars of one count show. Returns the axis and the
 * value bars rise from.
 */
function heightAxis(
  heights: number[],
  options: HistogramChartOptions,
): { axis: AxisSpec; base: number } {
  const log = options.logY ?? false;
  const fixed = validDomain(options.yDomain, log, "y domain");
  if (fixed) {
    return {
      axis: { log, domain: fixed, nice: false },
      base: log ? fixed[0] : Math.min(fixed[1], Math.max(fixed[0], 0)),
    };
  }
  if (!log) {
    return { axis: { log, domain: [0, Math.max(0, ...heights) || 1], nice: true }, base: 0 };
  }
  const positive = extent(heights, true) ?? [1, 10];
  const domain = decades(positive[0] / 2, positive[1]);
  return { axis: { log, domain, nice: false }, base: domain[0] };
}

/**
 * A histogram of one or more value sets on shared bin edges: overlaid with translucent bars
 * (default), or as small multiples, one facet per series stacked vertically with shared
 * axes and the series' name above its panel. Each non-empty bin of each series is one
 * `<rect>`.
 *
 * @param options the series, bins, range, layout and labels
 * @returns the SVG document as a string
 * @throws Error when the bin count, a range or the layout is invalid
 *
 * @example
 * ```ts
 * import { histogramChart } from "./histogram.ts";
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
  const range = options.range ?? extent(flat(series.map((s) => s.values)), false);
  const edges = binValues([], bins, range).edges;
  const heights = series.map((s) => {
    const counts = binValues(s.values, bins, range).counts;
    if (!options.density) return counts;
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c, i) => total > 0 ? c / (total * (edges[i + 1] - edges[i])) : 0);
  });
  const entries = series.map((s, i) => ({
    name: s.name,
    color: s.color ?? PALETTE[i % PALETTE.length],
  }));
  const { axis: ys, base } = heightAxis(heights.flat(), options);
  const xs: AxisSpec = { log: false, domain: [edges[0], edges[bins]], nice: false };
  const opacity = series.length > 1 && !multiples ? 0.45 : 0.8;
  const marks: Plot.Markish[] = series.map((s, i) => {
    const bars = heights[i].flatMap((v, b) =>
      v > 0 ? [{ x1: edges[b], x2: edges[b + 1], y: v, panel: i }] : []
    );
    return Plot.rectY(bars, {
      x1: "x1",
      x2: "x2",
      y1: base,
      y2: "y",
      fy: multiples ? "panel" : undefined,
      fill: entries[i].color,
      fillOpacity: opacity,
      inset: 0.5,
      className: "series",
      ariaDescription: s.name,
      clip: options.yDomain !== undefined,
    });
  });
  const panels = multiples ? Math.max(1, series.length) : 1;
  const panelHeight = Math.max(40, options.panelHeight ?? 140);
  const gap = 28;
  const axes = plotAxes(options, xs, ys);
  if (multiples) {
    axes.marginTop = (axes.marginTop ?? 0) + 18;
    marks.push(
      Plot.text(series.map((_, i) => i), {
        fy: (i: number) => i,
        text: (i: number) => series[i].name,
        frameAnchor: "top-left",
        lineAnchor: "bottom",
        dy: -4,
        fontSize: 12,
        fontWeight: "bold",
      }),
    );
  }
  const height = multiples
    ? (options.title ? 30 : 0) + (axes.marginTop ?? 0) + panels * panelHeight +
      (panels - 1) * gap + (axes.marginBottom ?? 0)
    : Math.max(100, options.height ?? 400);
  const fy: Plot.ScaleOptions = {
    domain: Array.from({ length: panels }, (_, i) => i),
    axis: null,
    paddingInner: gap / (panelHeight + gap),
    paddingOuter: 0,
  };
  const showLegend = !multiples && (options.legend ?? series.length > 1);
  return figureSvg({
    width: Math.max(120, options.width ?? 640),
    height,
    title: options.title,
    legend: showLegend ? entries : undefined,
    empty: !heights.some((h) => h.some((v) => v > 0)),
    plot: (width, h) => plotSvg({ width, height: h, ...axes, ...(multiples ? { fy } : {}), marks }),
  });
}
