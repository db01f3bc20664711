/**
 * Bahdanau & Jaeger's Table 1a and 1b as means and spreads over every seed run so far (the
 * paper's are over 5 seeds): the grid's models (`repro:idae`) and the seeds that
 * `repro:idae-trend` runs added, read from their results files. Trains nothing.
 *
 *   deno task repro:idae-seeds --preset paper --out results/idae/mnist-N250
 *
 * --out is the grid's results folder (its models.csv is read, and seeds.md/.csv and
 * seeds-metadata.json are written there); --trends DIR1,DIR2 the folders of trend runs
 * (default results/idae/<dataset>). --preset, --dataset, --chain-noise, --annealing-rate and --epochs
 * name the grid as for `repro:idae`; only runs of that preset, dataset and chain are taken.
 *
 * @module
 */
import { runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import {
  IDAE_GRID_FLAGS,
  IDAE_SEED_DIGITS,
  idaeGridConfig,
  idaeSeedNotes,
  idaeSeedTable,
  readIdaeSeedRecords,
} from "../repro/idae/mod.ts";

await runMain(async () => {
  const run = await startScript("idae-seeds", Deno.args, {
    "chain-noise": IDAE_GRID_FLAGS["chain-noise"],
    "annealing-rate": IDAE_GRID_FLAGS["annealing-rate"],
    trends: "DIR1,DIR2  folders of repro:idae-trend results (default results/idae/<dataset>)",
  });
  if (!run) return;
  const { args } = run;
  const { config } = idaeGridConfig(args);
  const trendDirs = (args.extra.trends ?? `results/idae/${args.dataset}`).split(",")
    .map((d) => d.trim()).filter((d) => d !== "");
  const chainNoise = config.chainNoise ?? "first";
  const found = await readIdaeSeedRecords({
    gridDir: args.out,
    trendDirs,
    preset: args.preset,
    dataset: args.dataset,
    chainNoise,
    batchSize: config.batchSize,
  });
  await writeResultsSet(args.out, async () => {
    for (const line of found.skipped) console.error(`idae-seeds: left out ${line}`);
    const rows = idaeSeedTable(found.records, config, { paper: args.dataset === "mnist" });
    await writeResultsTable(args.out, "seeds", rows, {
      title: `Bahdanau & Jaeger, Table 1 over the seeds run so far, ${args.dataset}`,
      notes: idaeSeedNotes({
        gridDir: args.out,
        trendDirs,
        preset: args.preset,
        dataset: args.dataset,
        chainNoise,
        batchSize: config.batchSize,
      }, found.skipped.length),
      columnDigits: { ...IDAE_SEED_DIGITS },
    });
    const meta = await run.metadata(config.table1a.runs[0].epochs, {
      readsResults: true, // trains nothing: the numbers are the runs' of `sources`
      config,
      trendDirs,
      sources: [...new Set(found.records.map((r) => r.source))],
      skipped: found.skipped,
    });
    meta.seeds = [...new Set(found.records.map((r) => r.spec.seed))].sort((a, b) => a - b);
    await writeMetadata(args.out, "seeds-metadata", meta);
  });
  console.log(await Deno.readTextFile(`${args.out}/seeds.md`));
});
