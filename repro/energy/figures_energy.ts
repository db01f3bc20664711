/**
 * Figures 1, 2 and 3 of Kamyshanska & Memisevic, "The potential energy of an autoencoder":
 *
 * - Figure 1 (Sec. 2.3): each hidden activation h and its antiderivative H, the term it adds to
 *   the energy E(x) = sum_k H(u_k) - 1/2 ||x - b_r||^2 (Eq. 11) — {@link figure1Svg};
 * - Figure 2 (Sec. 2.4): a contractive autoencoder on 2-D data around a circle, its vector field,
 *   energy surface, reconstructions and reconstruction error — {@link figure2} (`figure2.ts`);
 * - Figure 3 (Sec. 4): energies and reconstruction errors of test 6s and 9s under a 6-model and a
 *   9-model, per activation — {@link figure3} (`figure3.ts`).
 *
 * Each figure is returned as file names with SVG text or PNG bytes, beside the numbers that
 * make its point, so a script writes them and a notebook shows them.
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import { ACTIVATION_NAMES, ACTIVATIONS } from "../../lib/ops/activations.ts";
import { lineChart } from "../../lib/plot/svg.ts";
import { composeSvg } from "./figure_panels.ts";

export {
  composeSvg,
  type EnergyFigure,
  type GridValues,
  heatmapPng,
  heatmapSvg,
  type HeatmapSvgOptions,
  quantile,
  viridis,
} from "./figure_panels.ts";
export {
  figure2,
  FIGURE2_PRESETS,
  type Figure2Measures,
  type Figure2Options,
  type Figure2Result,
  type Figure2Settings,
  figure2Table,
  type StationaryPoint,
} from "./figure2.ts";
export {
  figure3,
  FIGURE3_MODELS,
  FIGURE3_PRESETS,
  type Figure3Activation,
  type Figure3Model,
  type Figure3Options,
  type Figure3Result,
  type Figure3Settings,
  figure3Table,
  type Separability,
  separability,
} from "./figure3.ts";

/** Options for {@link figure1Svg}. */
export interface Figure1Options {
  /** The range of u drawn, [-3, 3] by default (the paper's axes are not printed). */
  range?: [number, number];
  /** Points per curve (default 121). */
  points?: number;
}

/**
 * Figure 1: each activation of the package's table (sigmoid, tanh, linear, square, ReLU,
 * modulus, synchrony) and its antiderivative, the energy term of Sec. 2.3, as small multiples
 * on u in [-3, 3]. Antiderivatives are the library's, constants of integration dropped (tanh's
 * log cosh u is drawn as u + softplus(-2u), Eq. 15, i.e. shifted by log 2).
 *
 * @param options the range of u and the number of points
 * @returns one SVG document
 *
 * @example
 * ```ts
 * import { figure1Svg } from "./figures_energy.ts";
 * const svg = figure1Svg({ points: 21 });
 * console.log(svg.startsWith("<svg"), svg.includes('aria-description="H(u)"')); // true true
 * ```
 */
export function figure1Svg(options: Figure1Options = {}): string {
  const [lo, hi] = options.range ?? [-3, 3];
  const n = options.points ?? 121;
  if (!(hi > lo) || !Number.isInteger(n) || n < 2) {
    throw new Error(
      `figure1Svg: need range [lo, hi] with hi > lo and points >= 2, got [${lo}, ${hi}], ${n}`,
    );
  }
  const u = Array.from({ length: n }, (_, i) => lo + (hi - lo) * i / (n - 1));
  const panels = ACTIVATION_NAMES.map((name) => {
    const entry = ACTIVATIONS[name];
    const [h, H] = tf.tidy(() => {
      const t = tf.tensor1d(u);
      return [entry.apply(t).dataSync(), entry.antiderivative(t).dataSync()];
    });
    return lineChart({
      title: name,
      width: 300,
      height: 230,
      xLabel: "u",
      series: [
        { name: "h(u)", x: u, y: h },
        { name: "H(u)", x: u, y: H, color: "#e15759" },
      ],
    });
  });
  return composeSvg(
    panels,
    4,
    "Figure 1: hidden activations h and their antiderivatives H (the energy terms, Eq. 11)",
  );
}
