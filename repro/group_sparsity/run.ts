/**
 * The whole group-sparsity reproduction, returning plain results that `tables.ts` and
 * `figures.ts` turn into tables and pictures: the digits comparison on each dataset
 * (`digits.ts`), the patch maps and the tree dictionary (`patches.ts`), the convolutional
 * stack (`conv.ts`). Every model trains through the one trainer with its own checkpoint.
 *
 * @module
 */
import type { DatasetName } from "../../lib/data/mnist.ts";
import { loadSplits } from "../../lib/data/splits.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { GroupSparsityConfig } from "./config.ts";
import { convExperiment, type ConvResults } from "./conv.ts";
import { digitsComparison, type DigitsResults } from "./digits.ts";
import { patchExperiments, type PatchResults } from "./patches.ts";

/** The parts of the reproduction. */
export type GroupSparsityPart = "digits" | "patches" | "conv";

/** Every part, in the order they run. */
export const GROUP_SPARSITY_PARTS: readonly GroupSparsityPart[] = ["digits", "patches", "conv"];

/** Options of {@link groupSparsityReproduction}. */
export interface GroupSparsityRunOptions extends ReproRunOptions {
  /** Parts to run (default all). */
  parts?: readonly GroupSparsityPart[];
  /** Datasets of the digits comparison (default MNIST and Fashion-MNIST). */
  datasets?: readonly DatasetName[];
}

/** Everything a run measured. */
export interface GroupSparsityResults {
  /** The digits comparison per dataset. */
  digits: DigitsResults[];
  /** The patch maps and the tree dictionary, when run. */
  patches: PatchResults | null;
  /** The convolutional stack, when run. */
  conv: ConvResults | null;
}

/**
 * Run the parts of the reproduction.
 *
 * @example
 * ```ts
 * import { GROUP_SPARSITY_PRESETS } from "./config.ts";
 * import { groupSparsityReproduction } from "./run.ts";
 * const r = await groupSparsityReproduction(GROUP_SPARSITY_PRESETS.smoke, {
 *   dataset: "mnist", preset: "smoke", backend: "cpu", parts: ["patches"],
 * });
 * console.log(r.digits.length, r.patches?.maps.length, r.conv); // 0 2 null
 * ```
 */
export async function groupSparsityReproduction(
  config: GroupSparsityConfig,
  options: GroupSparsityRunOptions,
): Promise<GroupSparsityResults> {
  const parts = options.parts ?? GROUP_SPARSITY_PARTS;
  const results: GroupSparsityResults = { digits: [], patches: null, conv: null };
  if (parts.includes("digits")) {
    for (const dataset of options.datasets ?? ["mnist", "fashion-mnist"] as const) {
      const splits = await loadSplits(dataset, config.digits.sizes);
      results.digits.push(
        await digitsComparison(splits, config.digits, config, { ...options, dataset }),
      );
    }
  }
  if (parts.includes("patches")) {
    results.patches = await patchExperiments(config.patches, config.tree, config.batchSize, {
      ...options,
      dataset: "patches",
    });
  }
  if (parts.includes("conv")) {
    const splits = await loadSplits("mnist", config.conv.sizes);
    results.conv = await convExperiment(splits, config.conv, config, {
      ...options,
      dataset: "mnist",
    });
  }
  return results;
}
