/**
 * The options and series of the charts (line, scatter, histogram) and their default colours.
 *
 * @module
 */

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
 * import { PALETTE } from "./chart_types.ts";
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
