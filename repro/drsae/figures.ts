/**
 * The figures of Rolfe & LeCun (2013), drawn from a {@link DrsaeReproduction}: filter grids
 * (PNG) for Figures 2, 5, 6 and 8, charts (SVG) for Figures 3, 4 and 7 and the training curves.
 * The script writes them to files; the notebook shows them inline.
 *
 * @module
 */
import { writeFileAtomic } from "../../lib/io/atomic.ts";
import type { UnitKind } from "../../lib/eval/drsae_analysis.ts";
import {
  categoricalOrder,
  decoderOf,
  encoderOf,
  figure2Units,
  strongestConnections,
} from "../../lib/eval/drsae_analysis.ts";
import { filterGrid } from "../../lib/plot/filters.ts";
import { lineChart, scatterChart } from "../../lib/plot/svg.ts";
import { architectureName } from "./paper.ts";
import type { DrsaeAnalysis, DrsaeReproduction } from "./run.ts";
import {
  barTileImage,
  byKind,
  type DrsaeFigure,
  MAX_POINTS,
  negatedRows,
  PANEL,
  panelGrid,
  png,
  sampleIndices,
} from "./figure_panels.ts";

/**
 * Figure 2: encoders (a) and decoders (b) of units in order of categoricalness (most
 * categorical in the first row, least in the last, the rows between stepping evenly through the
 * rest), and all of C (c), one row per class, units in the same order of categoricalness.
 */
function figure2(a: DrsaeAnalysis): DrsaeFigure[] {
  const w = a.weights;
  const units = figure2Units(a.units.angles, 5, 10);
  const tile = {
    layout: "rows" as const,
    columns: 10,
    normalize: "symmetric" as const,
    scale: 2,
    padding: 1,
    background: 255,
  };
  const order = categoricalOrder(a.units.angles);
  const c = new Float32Array(w.classes * w.hidden);
  for (let k = 0; k < w.classes; k++) {
    order.forEach((u, col) => c[k * w.hidden + col] = -w.C[u * w.classes + k]);
  }
  const name = architectureName(a.architecture, w.inputs, w.classes);
  return [
    {
      name: "figure2a-encoders.png",
      caption: `Figure 2(a), ${name}: encoders E_i, most categorical units in the first row, ` +
        "least categorical in the last",
      png: png(filterGrid(negatedRows(units.map((u) => encoderOf(w, u))), tile)),
    },
    {
      name: "figure2b-decoders.png",
      caption: `Figure 2(b), ${name}: decoders D_i of the same units`,
      png: png(filterGrid(negatedRows(units.map((u) => decoderOf(w, u))), tile)),
    },
    {
      name: "figure2c-classifier.png",
      caption: `Figure 2(c), ${name}: all rows of C (one per class, top to bottom 0-9), ` +
        "units left to right in decreasing categoricalness",
      png: png(filterGrid(c, {
        imageShape: [w.classes, w.hidden],
        layout: "rows",
        normalize: "symmetric",
        scale: 3,
        padding: 1,
        background: 255,
      })),
    },
  ];
}

/** Figure 3: |(S - I)_i| and |C_i| against the encoder-decoder angle, per network and phase. */
function figure3(r: DrsaeReproduction): DrsaeFigure {
  const panels: string[] = [];
  const rows = [
    [
      "pretrained",
      "|(S - I)_i|",
      (s: DrsaeReproduction["summaries"][0]) => [s.before, s.before.explainingAway],
    ],
    [
      "fine-tuned",
      "|C_i|",
      (s: DrsaeReproduction["summaries"][0]) => [s.after, s.after.classifier],
    ],
    [
      "fine-tuned",
      "|(S - I)_i|",
      (s: DrsaeReproduction["summaries"][0]) => [s.after, s.after.explainingAway],
    ],
  ] as const;
  for (const [phase, what, get] of rows) {
    for (const s of r.summaries) {
      const [summary, y] = get(s) as [typeof s.before, Float32Array];
      panels.push(scatterChart({
        ...PANEL,
        title: `${architectureName(s.architecture)} ${phase}: ${what}`,
        xLabel: "angle between E_i and D_i (rad)",
        yLabel: what,
        series: byKind(summary.units.kinds, summary.angles, y),
        radius: 2,
        legend: panels.length === 0,
      }));
    }
  }
  return {
    name: "figure3.svg",
    caption: "Figure 3: |(S - I)_i| after pretraining (top), |C_i| (middle) and |(S - I)_i| " +
      "(bottom) after fine-tuning, against the encoder-decoder angle of each unit; one column " +
      "per network",
    svg: panelGrid(panels, Math.max(1, r.summaries.length), "Figure 3"),
  };
}

/** Figure 4: S - I against D^T D (a: part to part, b: categorical to part), and (c) angles. */
function figure4(a: DrsaeAnalysis): DrsaeFigure {
  const pairs = (p: DrsaeAnalysis["partToPart"]) => {
    const keep = sampleIndices(p.ista.length, MAX_POINTS);
    return [{
      name: "connections",
      x: keep.map((i) => p.ista[i]),
      y: keep.map((i) => p.actual[i]),
    }];
  };
  const kinds = a.units.units.kinds;
  const panels = [
    scatterChart({
      ...PANEL,
      title: "(a) part-units to part-units, i != j",
      xLabel: "D_i . D_j (ISTA: -alpha times this)",
      yLabel: "S_ij - delta_ij",
      series: pairs(a.partToPart),
      radius: 1.5,
      opacity: 0.4,
      legend: false,
    }),
    scatterChart({
      ...PANEL,
      title: "(b) categorical-units to part-units",
      xLabel: "D_i . D_j",
      yLabel: "S_ij - delta_ij",
      series: pairs(a.categoricalToPart),
      radius: 1.5,
      opacity: 0.4,
      legend: false,
    }),
    scatterChart({
      ...PANEL,
      title: "(c) rows of S - I against -D^T D",
      xLabel: "angle between E_i and D_i (rad)",
      yLabel: "angle of (S - I)_i to -(D^T D)_i (rad)",
      series: byKind(kinds, a.units.angles, a.istaAngles),
      radius: 2,
    }),
  ];
  return {
    name: "figure4.svg",
    caption: `Figure 4, ${architectureName(a.architecture)}: connections S - I against the ` +
      `ISTA prediction D^T D (at most ${MAX_POINTS} pairs drawn per panel), and the angle between ` +
      "each row of S - I and -D^T D against the encoder-decoder angle",
    svg: panelGrid(panels, 3, "Figure 4"),
  };
}

/** Rows of decoders with connection bars (Figures 5, 6). */
function connectionFigure(
  a: DrsaeAnalysis,
  heads: number[],
  options: { direction: "into" | "from"; among: (head: number) => number[]; byClass: boolean },
): Uint8Array {
  const w = a.weights;
  const rows = heads.map((head) => {
    let conns = strongestConnections(w, head, {
      direction: options.direction,
      among: options.among(head),
      count: 20,
    });
    if (options.byClass) {
      // "sorted first by the class of their destination, and then by the magnitude"
      conns = [...conns].sort((p, q) =>
        a.classes[p.unit] - a.classes[q.unit] || Math.abs(q.weight) - Math.abs(p.weight)
      );
    }
    const max = Math.max(1e-12, ...conns.map((c) => Math.abs(c.weight)));
    return [
      { values: decoderOf(w, head) },
      ...conns.map((c) => ({ values: decoderOf(w, c.unit), bar: c.weight / max })),
    ];
  });
  return png(barTileImage(rows));
}

function figures5and6(a: DrsaeAnalysis): DrsaeFigure[] {
  const kinds = a.units.units.kinds;
  const ofKind = (k: UnitKind) => kinds.map((x, i) => x === k ? i : -1).filter((i) => i >= 0);
  const part = ofKind("part"), categorical = ofKind("categorical");
  const { part: partReps, categorical: catReps } = a.representatives;
  const name = architectureName(a.architecture);
  return [
    {
      name: "figure5.png",
      caption: `Figure 5, ${name}: the decoders of the 20 units with the strongest connections ` +
        `|S_ij - delta_ij| into three part-units (${partReps.join(", ")}; left, set apart), ` +
        "by decreasing magnitude; bars give the strength, black positive, white negative",
      png: connectionFigure(a, partReps, {
        direction: "into",
        among: () => Array.from({ length: a.weights.hidden }, (_, i) => i),
        byClass: false,
      }),
    },
    {
      name: "figure6a.png",
      caption: `Figure 6(a), ${name}: categorical-units receiving the 20 strongest connections ` +
        `from part-units ${partReps.join(", ")}, sorted by their class, then magnitude`,
      png: connectionFigure(a, partReps, {
        direction: "from",
        among: () => categorical,
        byClass: true,
      }),
    },
    {
      name: "figure6b.png",
      caption: `Figure 6(b), ${name}: categorical-units receiving the 20 strongest connections ` +
        `from categorical-units ${catReps.join(", ")}, sorted by their class, then magnitude`,
      png: connectionFigure(a, catReps, {
        direction: "from",
        among: () => categorical,
        byClass: true,
      }),
    },
    {
      name: "figure6c.png",
      caption: `Figure 6(c), ${name}: part-units sending the 20 strongest connections to ` +
        `categorical-units ${catReps.join(", ")}`,
      png: connectionFigure(a, catReps, { direction: "into", among: () => part, byClass: false }),
    },
  ];
}

/** Figure 7 (a-e): connection and activity statistics against the encoder-decoder angle. */
function figure7(a: DrsaeAnalysis): DrsaeFigure {
  const kinds = a.units.units.kinds;
  const angle = a.units.angles;
  const xLabel = "angle between E_i and D_i (rad)";
  const panels = [
    lineChart({
      ...PANEL,
      title: "(a) part to categorical: mean S_ij",
      xLabel: "cosine between decoders D_i, D_j",
      yLabel: "average S_ij",
      series: [{ name: "mean", x: a.alignment.centers, y: a.alignment.mean }],
      markers: true,
      legend: false,
    }),
    scatterChart({
      ...PANEL,
      title: "(b) average z_i^T given z_i^T > 0",
      xLabel,
      yLabel: "mean final activity when on",
      series: byKind(
        kinds,
        angle,
        a.activity.meanWhenActive,
        (i) => a.activity.fractionActive[i] > 0,
      ),
      radius: 2,
    }),
    scatterChart({
      ...PANEL,
      title: "(c) mean angle of afferents",
      xLabel,
      yLabel: "afferent angle, weighted by |S_ij| (rad)",
      series: byKind(kinds, angle, a.afferent),
      radius: 2,
      legend: false,
    }),
    scatterChart({
      ...PANEL,
      title: "(d) P(z_i^1 = 0 and z_i^2 > 0)",
      xLabel,
      yLabel: "probability",
      series: byKind(kinds, angle, a.late),
      radius: 2,
      legend: false,
    }),
    scatterChart({
      ...PANEL,
      title: "(e) average value of decoder D_i",
      xLabel,
      yLabel: "mean of D_i",
      series: byKind(kinds, angle, a.decoderMean),
      radius: 2,
      legend: false,
    }),
  ];
  return {
    name: "figure7.svg",
    caption: `Figure 7, ${architectureName(a.architecture)}: (a) average S_ij from part- to ` +
      "categorical-units by decoder alignment (empty bins at 0); (b) average final activity " +
      "when on, (c) strength-weighted mean angle of afferents, (d) P(z^1 = 0, z^2 > 0), (e) mean " +
      "of each decoder, against the encoder-decoder angle",
    svg: panelGrid(panels, 3, "Figure 7"),
  };
}

/** Figure 8: per unit, its encoder, the optimal decoders D^1..D^T and its decoder. */
function figure8(a: DrsaeAnalysis): DrsaeFigure[] {
  const w = a.weights;
  const T = a.optimal.length;
  const reps = [...a.representatives.part, ...a.representatives.categorical];
  const draw = (units: number[], offset: number) => {
    const tiles: ArrayLike<number>[] = [];
    units.forEach((u, k) => {
      tiles.push(encoderOf(w, u));
      for (let t = 0; t < T; t++) {
        tiles.push(a.optimal[t].subarray((offset + k) * w.inputs, (offset + k + 1) * w.inputs));
      }
      tiles.push(decoderOf(w, u));
    });
    return png(filterGrid(negatedRows(tiles), {
      layout: "rows",
      columns: T + 2,
      normalize: "symmetric",
      scale: 2,
      padding: 1,
      background: 255,
    }));
  };
  const np = a.representatives.part.length;
  const name = architectureName(a.architecture);
  return [
    {
      name: "figure8a.png",
      caption: `Figure 8(a), ${name}: part-units ${a.representatives.part.join(", ")}; per row ` +
        `the encoder E_i, the optimal decoders D^1_i ... D^${T}_i fitted by least squares from ` +
        "z^t, and the decoder D_i",
      png: draw(reps.slice(0, np), 0),
    },
    {
      name: "figure8b.png",
      caption: `Figure 8(b), ${name}: categorical-units ${
        a.representatives.categorical.join(", ")
      }, laid out as (a)`,
      png: draw(reps.slice(np), np),
    },
  ];
}

/** The training curves: validation L^U in pretraining, validation error in fine-tuning. */
function trainingCurves(r: DrsaeReproduction): DrsaeFigure {
  const series = (get: (c: DrsaeReproduction["curves"][0]) => number[]) =>
    r.curves.map((c) => {
      const y = get(c);
      return { name: architectureName(c.architecture), x: y.map((_, i) => i + 1), y };
    });
  return {
    name: "training.svg",
    caption: "Validation L^U per pretraining epoch and validation error per fine-tuning epoch",
    svg: panelGrid([
      lineChart({
        ...PANEL,
        width: 480,
        title: "pretraining: validation L^U",
        xLabel: "epoch",
        yLabel: "L^U (Eq. 2)",
        series: series((c) => c.pretrainValidation),
        markers: true,
      }),
      lineChart({
        ...PANEL,
        width: 480,
        title: "fine-tuning: validation error",
        xLabel: "epoch",
        yLabel: "error %",
        series: series((c) => c.fineTuneValidation),
        markers: true,
      }),
    ], 2),
  };
}

/**
 * Every figure of the reproduction: Figure 3 and the training curves for all trained networks,
 * Figures 2 and 4-8 for the figure network when it trained.
 *
 * @param r the reproduction
 * @returns the figures, in the paper's order
 *
 * @example
 * ```ts
 * import { drsaeFigures } from "./figures.ts";
 * const figures = drsaeFigures({ table1: [], units: [], fit: [], outcomes: [], summaries: [], curves: [], analysis: null });
 * console.log(figures.map((f) => f.name)); // ["figure3.svg", "training.svg"]
 * ```
 */
export function drsaeFigures(r: DrsaeReproduction): DrsaeFigure[] {
  const a = r.analysis;
  const out: DrsaeFigure[] = [];
  if (a) out.push(...figure2(a));
  out.push(
    r.summaries.length ? figure3(r) : {
      name: "figure3.svg",
      caption: "Figure 3: no network finished training",
      svg: lineChart({ series: [], title: "Figure 3: no network finished training" }),
    },
  );
  if (a) out.push(figure4(a), ...figures5and6(a), figure7(a), ...figure8(a));
  out.push(trainingCurves(r));
  return out;
}

/**
 * Write figures into a folder (created if needed), each file atomically.
 *
 * @param dir the folder
 * @param figures from {@link drsaeFigures}
 * @returns the paths written
 *
 * @example
 * ```ts
 * import { writeDrsaeFigures } from "./figures.ts";
 * const dir = await Deno.makeTempDir();
 * const paths = await writeDrsaeFigures(dir, [{ name: "a.svg", caption: "", svg: "<svg/>" }]);
 * console.log(paths.length); // 1
 * ```
 */
export async function writeDrsaeFigures(dir: string, figures: DrsaeFigure[]): Promise<string[]> {
  const paths: string[] = [];
  for (const f of figures) {
    const path = `${dir}/${f.name}`;
    if (f.png) await writeFileAtomic(path, f.png);
    else if (f.svg !== undefined) await writeFileAtomic(path, f.svg);
    else throw new Error(`Figure ${f.name} has neither PNG nor SVG content`);
    paths.push(path);
  }
  return paths;
}
