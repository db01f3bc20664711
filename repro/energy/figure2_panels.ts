/**
 * The panels of Figure 2 (Kamyshanska & Memisevic, Sec. 2.4), drawn from the trained model's
 * values on the grid: (a) the data, (b) the vector field r(x) - x, (c) the energy, (d) the
 * reconstructions of the grid points, (e) the squared reconstruction error, and the energy and
 * error along rays from the centre.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { figureSvg, plotSvg } from "../../lib/plot/render.ts";
import { lineChart, scatterChart } from "../../lib/plot/svg.ts";
import {
  composeSvg,
  type EnergyFigure,
  type GridValues,
  heatmapPng,
  heatmapSvg,
  quantile,
} from "./figure_panels.ts";
import type { Evaluated, Figure2Settings, radialProfile } from "./figure2.ts";

/** Figure 2's panel files from the grid values, the data and the radial profile. */
export function panels(
  xs: number[],
  points: Float32Array,
  g: Evaluated,
  s: Figure2Settings,
  data: Float32Array,
  profile: ReturnType<typeof radialProfile>,
): EnergyFigure[] {
  const even = (a: ArrayLike<number>, o: number) => Array.from(a).filter((_, i) => i % 2 === o);
  const size = { width: 420, height: 420 };
  const dataSvg = scatterChart({
    ...size,
    title: "(a) training data",
    xDomain: [-s.extent, s.extent],
    yDomain: [-s.extent, s.extent],
    radius: 1.5,
    series: [{ name: "data", x: even(data, 0), y: even(data, 1) }],
  });
  const fieldSvg = vectorField(points, g.recon, s, "(b) vector field r(x) - x");
  // energy colours span the upper half of the grid's values (lower ones clipped), so that the
  // ridge on the circle and the dip at the centre show beside the steep fall to the corners
  const energyGrid: GridValues = {
    xs,
    ys: xs,
    values: g.energy,
    range: [quantile(g.energy, 0.5), quantile(g.energy, 1)],
  };
  // the error on a log scale: its minima (circle and centre) are orders of magnitude apart
  // from the corners
  const errorGrid: GridValues = {
    xs,
    ys: xs,
    values: g.error.map((v) => Math.log10(Math.max(v, 1e-12))),
  };
  const energySvg = heatmapSvg(energyGrid, {
    title: "(c) energy E(x), upper half",
    overlay: data,
  });
  const reconSvg = scatterChart({
    ...size,
    title: "(d) reconstructions r(x) of the grid",
    xDomain: [-s.extent, s.extent],
    yDomain: [-s.extent, s.extent],
    radius: 1.5,
    series: [
      { name: "grid x", x: even(points, 0), y: even(points, 1), color: "#bab0ac" },
      { name: "r(x)", x: even(g.recon, 0), y: even(g.recon, 1), color: "#e15759" },
    ],
  });
  const errorSvg = heatmapSvg(errorGrid, {
    title: "(e) log10 ||r(x) - x||^2",
    overlay: data,
  });
  const profileSvg = composeSvg([
    lineChart({
      width: 420,
      height: 300,
      title: "energy along rays (mean over angles)",
      xLabel: "distance from the centre",
      series: [{ name: "E", x: profile.radius, y: profile.energy }],
    }),
    lineChart({
      width: 420,
      height: 300,
      title: "squared error along rays (log)",
      xLabel: "distance from the centre",
      logY: true,
      series: [{ name: "error", x: profile.radius, y: profile.error, color: "#e15759" }],
    }),
  ], 2);
  const all = composeSvg(
    [dataSvg, fieldSvg, energySvg, reconSvg, errorSvg],
    3,
    "Figure 2: contractive autoencoder (100 sigmoid units) on data around a circle",
  );
  return [
    { file: "figure2.svg", content: all },
    { file: "figure2a-data.svg", content: dataSvg },
    { file: "figure2b-field.svg", content: fieldSvg },
    { file: "figure2c-energy.svg", content: energySvg },
    { file: "figure2c-energy.png", content: heatmapPng(energyGrid, 8) },
    { file: "figure2d-reconstructions.svg", content: reconSvg },
    { file: "figure2e-error.svg", content: errorSvg },
    { file: "figure2e-error.png", content: heatmapPng(errorGrid, 8) },
    { file: "figure2-profile.svg", content: profileSvg },
  ];
}

/**
 * Arrows along r(x) - x from every grid point (every second one on grids over 25 points a
 * side), scaled so the median arrow is half the arrow spacing, the longest clipped at 0.9 of it.
 */
function vectorField(
  points: Float32Array,
  recon: Float32Array,
  s: Figure2Settings,
  title: string,
): string {
  const every = s.grid > 25 ? 2 : 1;
  const step = 2 * s.extent / (s.grid - 1);
  const spacing = every * step;
  const chosen: number[] = [];
  for (let j = 0; j < s.grid; j += every) {
    for (let i = 0; i < s.grid; i += every) chosen.push(2 * (j * s.grid + i));
  }
  const lengths = chosen.map((p) => Math.hypot(recon[p] - points[p], recon[p + 1] - points[p + 1]));
  const median = quantile(lengths, 0.5);
  const k = median > 0 ? 0.5 * spacing / median : 1;
  const arrows = chosen.map((p, a) => {
    const f = lengths[a] > 0 ? Math.min(k, 0.9 * spacing / lengths[a]) : 0;
    return {
      x1: points[p],
      y1: points[p + 1],
      x2: points[p] + f * (recon[p] - points[p]),
      y2: points[p + 1] + f * (recon[p + 1] - points[p + 1]),
    };
  });
  const domain = [-s.extent - step, s.extent + step];
  return figureSvg({
    width: 420,
    height: 420,
    title: `${title} (x${k.toPrecision(2)}, clipped)`,
    plot: (width, height) =>
      plotSvg({
        width,
        height,
        x: { domain, label: "x1" },
        y: { domain, label: "x2" },
        marks: [
          Plot.frame(),
          Plot.arrow(arrows, {
            x1: "x1",
            y1: "y1",
            x2: "x2",
            y2: "y2",
            headLength: 4,
            stroke: "#4e79a7",
          }),
        ],
      }),
  });
}
