/**
 * The Table 2 results as figures, drawn with the library's plotting functions: Figure 5
 * (class 0's sigmoid filters before and after fine-tuning, their value ranges in the caption),
 * Figure 7 (filters per activation), Figure 8 (factored against plain, a chart from the table)
 * and the validation curves of fine-tuning. Each figure is its file name, content and caption,
 * so a script writes it and a notebook displays it.
 *
 * @module
 */
import { filterGrid } from "../../lib/plot/filters.ts";
import { encodePng } from "../../lib/plot/png.ts";
import { lineChart, scatterChart, writeSvg } from "../../lib/plot/svg.ts";
import { writeFileAtomic } from "../../lib/io/atomic.ts";
import { ENERGY_PAPER_TABLE2, energyPaperValue } from "./paper.ts";
import type { EnergyFilters, EnergyResults } from "./run.ts";

/** A figure: its file name, its content (SVG text or PNG bytes) and a caption. */
export interface EnergyResultFigure {
  /** File name in the results folder (`figure5-pretrained.png`). */
  file: string;
  /** SVG text or PNG bytes. */
  content: string | Uint8Array;
  /** One sentence saying what it shows, with the numbers it depends on. */
  caption: string;
}

/** Filters drawn per model: the first 100 (fewer for small models). */
const FILTERS_SHOWN = 100;

/**
 * The smallest and largest weight of filters, as Sec. 4.5 reports them.
 *
 * @example
 * ```ts
 * import { valueRange } from "./figures.ts";
 * console.log(valueRange(new Float32Array([0.5, -2, 3]))); // [ -2, 3 ]
 * ```
 */
export function valueRange(W: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of W) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A PNG grid of the first filters, 10 per row. */
function filterPng(f: EnergyFilters): Uint8Array {
  const grid = filterGrid(f.W, {
    count: Math.min(FILTERS_SHOWN, f.count),
    columns: 10,
    scale: 2,
    padding: 1,
  });
  return encodePng(grid.width, grid.height, grid.pixels, 1);
}

const range = (W: Float32Array) => valueRange(W).map((v) => v.toFixed(2)).join(" and ");

/**
 * Figure 5: class 0's filters of the sigmoid CSAE before and after fine-tuning (Sec. 4.5: the
 * paper's range from between -4.72 and 4.67 to between -0.64 and 0.63).
 */
export function figure5(f: NonNullable<EnergyResults["figure5"]>): EnergyResultFigure[] {
  return [
    {
      file: "figure5-pretrained.png",
      content: filterPng(f.pretrained),
      caption: `Figure 5, left: filters of the contractive sigmoid autoencoder pretrained on ` +
        `the 0 digits, values between ${range(f.pretrained.W)} (paper: -4.72 and 4.67).`,
    },
    {
      file: "figure5-finetuned.png",
      content: filterPng(f.fineTuned),
      caption: `Figure 5, right: the same filters after discriminative fine-tuning, values ` +
        `between ${range(f.fineTuned.W)} (paper: -0.64 and 0.63).`,
    },
  ];
}

/** Figure 7: the final filters of each CSAE row (class 0's W, or the factored model's W^x). */
export function figure7(filters: EnergyResults["figure7"]): EnergyResultFigure[] {
  return filters.map((f) => ({
    file: `figure7-${f.id}.png`,
    content: filterPng(f),
    caption: `Figure 7, ${f.row}: ${
      f.id.startsWith("factored") ? "shared filters W^x" : "class 0's filters"
    } after fine-tuning, values between ${range(f.W)}.`,
  }));
}

/**
 * Figure 8 from Table 2: our test error % against the paper's for each CSAE row, plain and
 * factored as two series, beside the diagonal where ours equals the paper's.
 */
export function figure8(r: EnergyResults): EnergyResultFigure | null {
  const points = (kind: "csae" | "factored") =>
    ENERGY_PAPER_TABLE2.filter((p) => p.kind === kind).flatMap((p) => {
      const ours = r.rows.find((x) => x.id === p.id);
      const paper = energyPaperValue(p.id, r.run.dataset);
      return ours && paper !== null && Number.isFinite(ours.testError)
        ? [[paper, 100 * ours.testError]]
        : [];
    });
  const plain = points("csae");
  const factored = points("factored");
  if (!plain.length && !factored.length) return null;
  const all = [...plain, ...factored].flat();
  const top = Math.max(...all) * 1.05;
  return {
    file: "figure8.svg",
    content: scatterChart({
      series: [
        { name: "plain CSAE", x: plain.map((p) => p[0]), y: plain.map((p) => p[1]) },
        { name: "factored CSAE", x: factored.map((p) => p[0]), y: factored.map((p) => p[1]) },
        { name: "ours = paper", x: [0, top], y: [0, top] },
      ],
      xDomain: [0, top],
      yDomain: [0, top],
      xLabel: "paper's test error %",
      yLabel: "our test error %",
      title: "Figure 8 (from Table 2): factored and plain CSAE rows",
    }),
    caption: `Figure 8, from table2: each CSAE row's test error %, ours against the paper's, ` +
      `plain (${plain.length}) and factored (${factored.length}) rows.`,
  };
}

/** Validation error % against fine-tuning epoch, one line per row. */
export function curvesFigure(curves: EnergyResults["curves"]): EnergyResultFigure {
  return {
    file: "validation-curves.svg",
    content: lineChart({
      series: curves,
      xLabel: "fine-tuning epoch",
      yLabel: "validation error %",
      title: "Fine-tuning: validation error per epoch",
    }),
    caption: "Validation error % after each fine-tuning epoch of each row's chosen setting.",
  };
}

/**
 * Every figure of a run: Figure 5 (when the sigmoid CSAE ran), Figure 7, Figure 8 and the
 * validation curves.
 */
export function energyFigures(r: EnergyResults): EnergyResultFigure[] {
  const f8 = figure8(r);
  return [
    ...(r.figure5 ? figure5(r.figure5) : []),
    ...figure7(r.figure7),
    ...(f8 ? [f8] : []),
    curvesFigure(r.curves),
  ];
}

/**
 * Write each figure under `dir` (SVG text as `.svg`, PNG bytes as `.png`) and their captions
 * as `captions.md`.
 */
export async function writeEnergyFigures(
  dir: string,
  figures: readonly EnergyResultFigure[],
): Promise<void> {
  for (const f of figures) {
    if (typeof f.content === "string") await writeSvg(`${dir}/${f.file}`, f.content);
    else await writeFileAtomic(`${dir}/${f.file}`, f.content);
  }
  const captions = figures.map((f) => `- \`${f.file}\`: ${f.caption}`).join("\n");
  await writeFileAtomic(`${dir}/captions.md`, new TextEncoder().encode(`${captions}\n`));
}
