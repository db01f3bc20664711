/**
 * SVG charts drawn with Observable Plot (`@observablehq/plot`): line charts (learning curves),
 * scatter plots and histograms (activation and energy distributions), each a standalone SVG
 * document with a title, labelled axes and a legend, that displays as a file, in Markdown
 * and in Jupyter (`Deno.jupyter.svg`).
 *
 * Every chart starts with `<svg xmlns="http://www.w3.org/2000/svg" width="W" height="H"` and
 * holds one white background `<rect>`, the title, the plot area (Plot's nested `<svg>`) and
 * the legend. Each series is one mark group `<g class="series" aria-description="NAME">`: a
 * line chart draws one `<path>` per series with data (with `markers`, also one `<circle>` per
 * point), a scatter chart one `<circle>` per drawable point, a histogram one `<rect>` per
 * non-empty bin. Legend swatches are a `<line>` in line charts and a `<rect>` in the others.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { writeFileAtomic } from "../io/atomic.ts";
import type { LineChartOptions, ScatterChartOptions, XYSeries } from "./chart_types.ts";
import { PALETTE } from "./chart_types.ts";
import { figureSvg, plotSvg } from "./render.ts";
import { axisOf, type AxisSpec, drawable, plotAxes } from "./scales.ts";

export * from "./chart_types.ts";
export { binValues, histogramChart } from "./histogram.ts";

function xsOf(s: XYSeries): ArrayLike<number> {
  if (s.x === undefined) return Float64Array.from({ length: s.y.length }, (_, i) => i);
  if (s.x.length !== s.y.length) {
    throw new Error(
      `Series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values: they must match`,
    );
  }
  return s.x;
}

function* flat(arrays: ArrayLike<number>[]): Iterable<number> {
  for (const a of arrays) for (let i = 0; i < a.length; i++) yield a[i];
}

/** A series' points, undrawable ones as NaN so that lines break there. */
function points(x: ArrayLike<number>, y: ArrayLike<number>, xs: AxisSpec, ys: AxisSpec) {
  return Array.from({ length: y.length }, (_, j) => {
    const ok = drawable(x[j], xs) && drawable(y[j], ys);
    return { x: ok ? x[j] : NaN, y: ok ? y[j] : NaN };
  });
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
  const xs = axisOf(flat(xArrays), {
    log: options.logX,
    domain: options.xDomain,
    nice: kind === "scatter",
    name: "x domain",
  });
  const ys = axisOf(flat(series.map((s) => s.y)), {
    log: options.logY,
    domain: options.yDomain,
    nice: true,
    name: "y domain",
  });
  const clip = options.xDomain !== undefined || options.yDomain !== undefined;
  const marks: Plot.Markish[] = [];
  let drawn = 0;
  series.forEach((s, i) => {
    const data = points(xArrays[i], s.y, xs, ys);
    const shown = data.filter((p) => !Number.isNaN(p.y));
    drawn += shown.length;
    const common = {
      x: "x",
      y: "y",
      className: "series",
      ariaDescription: s.name,
      clip,
    };
    const color = entries[i].color;
    if (kind === "line") {
      const o = options as LineChartOptions;
      if (shown.length) {
        marks.push(
          Plot.line(data, { ...common, stroke: color, strokeWidth: o.strokeWidth ?? 1.5 }),
        );
      }
      if (o.markers && shown.length) {
        marks.push(Plot.dot(shown, { ...common, fill: color, r: 2.5, className: "markers" }));
      }
    } else {
      const o = options as ScatterChartOptions;
      marks.push(
        Plot.dot(shown, {
          ...common,
          fill: color,
          r: o.radius ?? 2.5,
          fillOpacity: Math.max(0, Math.min(1, o.opacity ?? 0.7)),
        }),
      );
    }
  });
  const showLegend = options.legend ?? series.length > 1;
  return figureSvg({
    width: Math.max(120, options.width ?? 640),
    height: Math.max(100, options.height ?? 400),
    title: options.title,
    legend: showLegend ? entries : undefined,
    swatch: kind === "line" ? "line" : "rect",
    empty: drawn === 0,
    plot: (width, height) => plotSvg({ width, height, ...plotAxes(options, xs, ys), marks }),
  });
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
 * if (!svg.startsWith("<svg") || !svg.includes('aria-description="valid"')) throw new Error(svg);
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
