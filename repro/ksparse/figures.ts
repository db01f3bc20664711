/**
 * The k-sparse results as figures, drawn with the library's plotting functions: Figure 1
 * (filters, one PNG per k), Figure 4 (histograms of hidden activities), the training loss
 * curves and the run-length trend. Each figure is its file name and content, so a script
 * writes it and a notebook displays it.
 *
 * @module
 */
import { filterGrid } from "../../lib/plot/filters.ts";
import { encodePng } from "../../lib/plot/png.ts";
import { histogramChart, lineChart, writeSvg } from "../../lib/plot/svg.ts";
import { writeFileAtomic } from "../../lib/io/atomic.ts";
import type { ComparisonKind, KSparseConfig } from "./config.ts";
import { COMPARISON_ROWS, type KSparseResults } from "./run.ts";
import type { KSparseTrendPoint } from "./trend.ts";

/** A figure: its file name and its content, SVG text or PNG bytes. */
export interface KSparseFigure {
  /** File name in the results folder (`figure4.svg`). */
  file: string;
  /** SVG text or PNG bytes. */
  content: string | Uint8Array;
}

/** Filters Figure 1 shows per k: the first 100 (fewer for small models). */
const FILTERS_SHOWN = 100;

/**
 * Figure 1: the first filters (columns of W) of each k's model as a PNG grid, 10 per row.
 *
 * @example
 * ```ts
 * import { figure1 } from "./figures.ts";
 * const W = Float32Array.from({ length: 784 * 4 }, (_, i) => Math.sin(i));
 * const [f] = figure1([{ k: 2, W }], 4);
 * console.log(f.file, (f.content as Uint8Array)[1]); // figure1-k2.png 80
 * ```
 */
export function figure1(filters: KSparseResults["filters"], hidden: number): KSparseFigure[] {
  return filters.map(({ k, W }) => {
    const grid = filterGrid(W, {
      count: Math.min(FILTERS_SHOWN, hidden),
      columns: 10,
      scale: 2,
      padding: 1,
    });
    return {
      file: `figure1-k${k}.png`,
      content: encodePng(grid.width, grid.height, grid.pixels, 1),
    };
  });
}

/** Figure 4: histograms of the hidden activities on validation digits, one per model. */
export function figure4(activities: KSparseResults["activities"]): KSparseFigure {
  return {
    file: "figure4.svg",
    content: histogramChart({
      series: activities.map((a) => ({ name: a.name, values: a.values })),
      bins: 60,
      layout: "multiples",
      logY: true,
      title: "Figure 4: hidden unit activities on validation digits",
      xLabel: "activity",
      yLabel: "count",
    }),
  };
}

/** The training loss of each k-sparse model against epochs. */
export function lossFigure(curves: KSparseResults["curves"]): KSparseFigure {
  return {
    file: "training-loss.svg",
    content: lineChart({
      series: curves,
      xLabel: "epoch",
      yLabel: "training loss ||x - x^||^2",
      title: "k-sparse training loss",
    }),
  };
}

/**
 * Every figure of a run: Figure 1 per k, Figure 4 and the loss curves.
 *
 * @param r the run's results
 * @param config its settings (for the hidden units)
 */
export function ksparseFigures(r: KSparseResults, config: KSparseConfig): KSparseFigure[] {
  return [...figure1(r.filters, config.hidden), figure4(r.activities), lossFigure(r.curves)];
}

/**
 * The trend: test error % of the k-sparse model against epochs trained, on a log axis.
 *
 * @example
 * ```ts
 * import { ksparseTrendFigure } from "./figures.ts";
 * const f = ksparseTrendFigure([{ epochs: 1, testError: 0.1, validationError: 0.1, alpha: 3 }], 25);
 * console.log(f.file, (f.content as string).startsWith("<svg")); // trend.svg true
 * ```
 */
export function ksparseTrendFigure(
  points: readonly KSparseTrendPoint[],
  k: number,
  model: "ksparse" | ComparisonKind = "ksparse",
): KSparseFigure {
  const name = model === "ksparse" ? `k = ${k}` : COMPARISON_ROWS[model];
  return {
    file: "trend.svg",
    content: lineChart({
      series: [{
        name,
        x: points.map((p) => p.epochs),
        y: points.map((p) => 100 * p.testError),
      }],
      logX: true,
      xLabel: "epochs",
      yLabel: "test error %",
      title: `${model === "ksparse" ? `k-sparse k = ${k}` : name}: error against run length`,
    }),
  };
}

/** Write each figure under `dir`: SVG text as `.svg`, PNG bytes as `.png`. */
export async function writeKSparseFigures(
  dir: string,
  figures: readonly KSparseFigure[],
): Promise<void> {
  for (const f of figures) {
    if (typeof f.content === "string") await writeSvg(`${dir}/${f.file}`, f.content);
    else await writeFileAtomic(`${dir}/${f.file}`, f.content);
  }
}
