/**
 * The flags that name a `repro:idae` grid, shared by `scripts/idae.ts` and
 * `scripts/idae_explosions.ts` (both must read them the same way to find the same models),
 * and with `scripts/idae_trend.ts` the preset and the chain's noise.
 *
 * @module
 */
import { choiceFlag, fractionFlag, integerFlag, type ScriptArgs, UsageError } from "../cli.ts";
import {
  CHAIN_NOISE_FLAG,
  type IdaeConfig,
  idaeConfig,
  idaeModelSpecs,
  idaeSpecBegins,
  idaeSpecKey,
} from "./config.ts";

/** The grid's flags and their usage lines, for `startScript`. */
export const IDAE_GRID_FLAGS: Readonly<Record<string, string>> = {
  "max-iterations": "N  cap on the fixed-point iterations (default the preset's)",
  seeds: "N  seeds per model (default the preset's: 5 in paper, 1 in quick)",
  "chain-noise": CHAIN_NOISE_FLAG.usage,
  "annealing-rate":
    "A  annealing rate α of Table 1a's models (default 0.999, our reading of Sec. 5.3; " +
    "0.99 is the other)",
  only: "K1,K2  only the models whose names begin so (k3, k5-sigma0.7-N100-a0.999: the " +
    "log's model lines)",
};

/**
 * The preset's config with --chain-noise applied: the one flag of the grid that
 * `scripts/idae_trend.ts` shares.
 *
 * @param args the parsed script arguments
 * @returns a copy of the preset's config, safe to change
 */
export function idaePresetConfig(args: ScriptArgs): IdaeConfig {
  const config = idaeConfig(args.preset);
  config.chainNoise = choiceFlag(
    "chain-noise",
    args.extra["chain-noise"],
    CHAIN_NOISE_FLAG.allowed,
    CHAIN_NOISE_FLAG.meaning,
  ) ?? config.chainNoise;
  return config;
}

/**
 * The preset's config with the grid's flags applied (--chain-noise, --max-iterations, --seeds,
 * --annealing-rate, --epochs), and the --only list checked against the grid's model names.
 *
 * @param args the parsed script arguments
 * @returns the config, and the --only prefixes (undefined when not given)
 */
export function idaeGridConfig(args: ScriptArgs): { config: IdaeConfig; only?: string[] } {
  const config = idaePresetConfig(args);
  const cap = integerFlag("max-iterations", args.extra["max-iterations"], 1);
  if (cap !== undefined) config.iteration.maxIterations = cap;
  config.seeds = integerFlag("seeds", args.extra.seeds, 1) ?? config.seeds;
  const annealingRate = fractionFlag("annealing-rate", args.extra["annealing-rate"]);
  if (annealingRate !== undefined) {
    config.table1a.runs = config.table1a.runs.map((r) => ({ ...r, annealingRate }));
  }
  if (args.epochs) {
    for (const grid of [config.table1a, config.table1b]) {
      grid.runs = grid.runs.map((r) => ({
        ...r,
        paperEpochs: r.paperEpochs ?? r.epochs,
        epochs: args.epochs!,
      }));
    }
  }
  const only = args.extra.only?.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (only) {
    const specs = idaeModelSpecs(config, args.seed);
    const unmatched = only.filter((p) => !specs.some((s) => idaeSpecBegins(s, p)));
    if (!only.length || unmatched.length) {
      throw new UsageError(
        `--only ${args.extra.only}: ${unmatched.join(", ") || "no name"} names no model of ` +
          `this grid; its models: ${specs.map(idaeSpecKey).join(", ")}`,
      );
    }
  }
  return { config, only };
}
