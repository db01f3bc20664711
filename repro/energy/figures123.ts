/**
 * Figures 1-3 of the paper (drawn by `figures_energy.ts`) as one results set beside Table 2's:
 * Figure 1 (activations and antiderivatives), Figure 2 (the 2-D circle autoencoder's field,
 * energy and error) and Figure 3 (energies of 6s and 9s per activation), with the numbers
 * behind Figures 2 and 3 as tables.
 *
 * @module
 */
import type { ProgressReporter } from "../../lib/types.ts";
import { figure1Svg, figure2, figure2Table, figure3, figure3Table } from "./figures_energy.ts";
import type { EnergyResultFigure } from "./figures.ts";
import type { EnergyTable } from "./tables.ts";

/** Options for {@link energyFigures123}. */
export interface Figures123Options {
  /** `"smoke"` (seconds) or `"paper"` (the settings of `figure2.ts` and `figure3.ts`). */
  preset: "smoke" | "paper";
  /** Where training progress goes. */
  progress?: ProgressReporter;
}

/** Figures 1-3 and the tables of Figures 2 and 3. */
export interface Figures123 {
  /** The figures, each with a caption. */
  figures: EnergyResultFigure[];
  /** `figure2` and `figure3`, for `writeEnergyTables`. */
  tables: EnergyTable[];
}

/** A caption for one of the other module's figure files, from its name. */
function caption(file: string): string {
  if (file === "figure1.svg") {
    return "Figure 1: each activation h(u) and its antiderivative H(u), the energy term of Sec. 2.3.";
  }
  if (file.startsWith("figure2")) {
    return `Figure 2 (${file}): contractive autoencoder on 2-D points around a circle (Sec. 2.4).`;
  }
  return `Figure 3 (${file}): energies and reconstruction errors of test 6s and 9s under ` +
    `per-class models (Sec. 4).`;
}

/**
 * Draw Figures 1-3 with `figures_energy.ts` (Figures 2 and 3 train their models).
 *
 * @example
 * ```ts
 * import { energyFigures123 } from "./figures123.ts";
 * const r = await energyFigures123({ preset: "smoke" });
 * console.log(r.figures[0].file, r.tables.map((t) => t.name)); // figure1.svg [ "figure2", "figure3" ]
 * ```
 */
export async function energyFigures123(options: Figures123Options): Promise<Figures123> {
  const f2 = await figure2({ preset: options.preset, progress: options.progress });
  const f3 = await figure3({ preset: options.preset, progress: options.progress });
  const figures = [
    { file: "figure1.svg", content: figure1Svg() },
    ...f2.figures,
    ...f3.figures,
  ].map((f) => ({ ...f, caption: caption(f.file) }));
  const settings = (s: object) =>
    Object.entries(s).map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : v}`)
      .join(", ");
  return {
    figures,
    tables: [{
      name: "figure2",
      rows: figure2Table(f2),
      title: "Figure 2: the circle autoencoder's energy, error and Laplacian",
      notes: `Preset ${options.preset}: ${settings(f2.settings)}.`,
      columnDigits: { ours: 4 },
    }, {
      name: "figure3",
      rows: figure3Table(f3),
      title: "Figure 3: do per-class energies and errors separate 6s from 9s?",
      notes: `Preset ${options.preset}: ${settings(f3.settings)}.`,
      columnDigits: { ours: 3 },
    }],
  };
}
