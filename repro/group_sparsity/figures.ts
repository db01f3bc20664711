/**
 * The group-sparsity results as pictures: the topographic filter map on natural patches and its
 * L1 control (lecture Fig. 4), the tree-organised dictionary (lecture Fig. 6), the MNIST
 * filters of each model on the grid, the convolutional encoder's first-layer filters, and the
 * invariance of each feature set against the size of the shift.
 *
 * @module
 */
import { filterGrid } from "../../lib/plot/filters.ts";
import { encodePng } from "../../lib/plot/png.ts";
import { lineChart } from "../../lib/plot/svg.ts";
import { grayMap, type Tile, tileImage } from "../../lib/plot/tiles.ts";
import type { EnergyResultFigure } from "../energy/figures.ts";
import { type DigitsResults, FEATURE_SETS } from "./digits.ts";
import type { PatchResults } from "./patches.ts";
import type { ConvResults } from "./conv.ts";
import { meanCorrelation } from "./tables.ts";

/** A figure: file name, SVG text or PNG bytes, caption. */
export type GroupSparsityFigure = EnergyResultFigure;

/** Rows of filters as a grid PNG, `columns` per row, each filter scaled to its own range. */
function grid(rows: Float32Array, side: number, count: number, columns: number): Uint8Array {
  const g = filterGrid(rows, {
    imageShape: [side, side],
    layout: "rows",
    count,
    columns,
    scale: side < 16 ? 3 : 2,
    padding: 1,
  });
  return encodePng(g.width, g.height, g.pixels, 1);
}

/** One filter as a tile, scaled to its largest absolute value (mid-gray is zero). */
function tileOf(rows: Float32Array, i: number, width: number): Tile {
  const values = rows.subarray(i * width, (i + 1) * width);
  let m = 1e-12;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return { values, colour: grayMap(-m, m) };
}

/** The tree dictionary, one row per depth, root first. */
function treePng(p: PatchResults, side: number): Uint8Array {
  const t = p.tree;
  const width = side * side;
  const rows: Tile[][] = [];
  let next = 0;
  for (const count of t.levels) {
    rows.push(Array.from({ length: count }, (_, i) => tileOf(t.atoms, next + i, width)));
    next += count;
  }
  const img = tileImage(rows, { shape: [side, side], scale: 3, padding: 1, background: 255 });
  return encodePng(img.width, img.height, img.pixels, 1);
}

/** The invariance of each feature set against the shift, mean over seeds and x/y. */
function invarianceChart(d: DigitsResults): string {
  const amounts = [0, 1, 2, 3];
  return lineChart({
    title: `Invariance to shifts (${d.dataset})`,
    xLabel: "shift, pixels",
    yLabel: "correlation of features before and after",
    yDomain: [0, 1],
    markers: true,
    series: FEATURE_SETS.map(({ id, label }) => {
      const seeds = d.invariance.filter((r) => r.features === id);
      return {
        name: label,
        x: amounts,
        y: amounts.map((a) =>
          a === 0 ? 1 : seeds.reduce(
            (s, r) => s + meanCorrelation(r.records, (t) => t.kind !== "rotate" && t.amount === a),
            0,
          ) / seeds.length
        ),
      };
    }),
  });
}

/** Every figure of a run. */
export function groupSparsityFigures(
  r: { digits: DigitsResults[]; patches: PatchResults | null; conv: ConvResults | null },
  sizes: { patchSide: number; patchGrid: [number, number]; digitsGrid: [number, number] },
): GroupSparsityFigure[] {
  const out: GroupSparsityFigure[] = [];
  if (r.patches) {
    const side = sizes.patchSide;
    const [rows, cols] = sizes.patchGrid;
    for (const m of r.patches.maps) {
      const t = m.topography.orientation;
      out.push({
        file: `${m.model === "group" ? "topographic-map" : "l1-map"}.png`,
        content: grid(m.atoms, side, rows * cols, cols),
        caption: `${m.model === "group" ? "Group-sparse" : "L1 (control)"} decoder atoms on ` +
          `the ${rows} x ${cols} grid, whitened ${side} x ${side} natural patches: ` +
          `neighbours differ by ${t.neighbours.toFixed(1)} degrees in orientation, all pairs ` +
          `by ${t.allPairs.toFixed(1)} (z ${t.z.toFixed(1)}).`,
      });
    }
    const tree = r.patches.tree;
    out.push({
      file: "tree-dictionary.png",
      content: treePng(r.patches, side),
      caption: `Dictionary learned with tree-shaped lateral inhibition, one row per depth ` +
        `(root first; each node's children follow in order): parent-child |cosine| ` +
        `${tree.parentChild.toFixed(3)}, other branches ${tree.otherBranches.toFixed(3)}.`,
    });
  }
  for (const d of r.digits) {
    for (const f of d.filters) {
      const [rows, cols] = sizes.digitsGrid;
      out.push({
        file: `filters-${d.dataset}-${f.model}.png`,
        content: grid(f.rows, 28, Math.min(f.units, rows * cols), cols),
        caption: `${{ group: "Group-sparse", l1: "L1", ksparse: "k-sparse" }[f.model]} ` +
          `${f.model === "ksparse" ? "encoder filters" : "decoder atoms"} on ${d.dataset}, ` +
          `laid out on the ${rows} x ${cols} grid (first seed).`,
      });
    }
    out.push({
      file: `invariance-${d.dataset}.svg`,
      content: invarianceChart(d),
      caption: `Correlation of each feature before and after a shift, averaged over features, ` +
        `x and y, and seeds (${d.dataset}).`,
    });
  }
  if (r.conv) {
    const k = r.conv.filters.kernel;
    out.push({
      file: "conv-filters.png",
      content: grid(r.conv.filters.rows, k, r.conv.filters.maps, 8),
      caption: `First-layer dictionary filters (${k} x ${k}) of the convolutional ` +
        `group-sparse autoencoder on MNIST.`,
    });
  }
  return out;
}
