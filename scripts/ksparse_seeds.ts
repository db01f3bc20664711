/**
 * Makhzani & Frey's k = 25 rows over several seeds: Table 1's probe of the k = 25 autoencoder
 * and Table 3's k-sparse + fine-tuning network, each trained as `repro:ksparse` trains them,
 * once per seed, with their mean and spread.
 *
 *   deno task repro:ksparse-seeds --preset quick --seeds 1,2,3
 *
 * Writes to --out (default results/ksparse/<dataset>): seeds.md/.csv and seeds-metadata.json.
 * Shares checkpoints with `repro:ksparse` (same preset, dataset and seed), so an interrupted
 * run, or one after the main run, resumes. Flags as every script (`--help`).
 *
 * @module
 */
import { interruptSignal, numberListFlag, runMain, startScript } from "../repro/cli.ts";
import { UsageError } from "../repro/usage_error.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import {
  ksparseConfig,
  ksparseSeedRuns,
  ksparseSeedTable,
  ksparseSplits,
  writeKSparseTables,
} from "../repro/ksparse/mod.ts";

const FLAGS = { seeds: "N,N  seeds to run (default 1,2,3)" };

await runMain(async () => {
  const run = await startScript("ksparse-seeds", Deno.args, FLAGS);
  if (!run) return;
  const { args, backend } = run;
  const text = args.extra.seeds ?? "1,2,3";
  const seeds = numberListFlag("seeds", text, 0)!;
  if (seeds.some((s) => !Number.isInteger(s))) {
    throw new UsageError(`--seeds must list whole numbers >= 0 (e.g. 1,2,3), got "${text}"`);
  }
  if (new Set(seeds).size !== seeds.length) {
    throw new UsageError(`--seeds lists a seed twice: "${text}"; list each seed once`);
  }
  const config = ksparseConfig(args.preset, args.dataset, args.epochs);
  const splits = await ksparseSplits(args.dataset, config);
  const { signal, dispose } = interruptSignal();
  let outcomes;
  try {
    outcomes = await ksparseSeedRuns(splits, config, seeds, run.reproOptions(signal));
  } finally {
    dispose();
  }
  const table = ksparseSeedTable(outcomes, config, {
    dataset: args.dataset,
    preset: args.preset,
    backend: backend.name,
  });
  const { written } = await writeResultsSet(args.out, async () => {
    const written = await writeKSparseTables(args.out, [table]);
    const meta = await run.metadata(config.epochs, { config, seeds });
    meta.seeds = seeds;
    await writeMetadata(args.out, "seeds-metadata", meta);
    return { written };
  });
  console.log(await Deno.readTextFile(written.seeds));
});
