/**
 * What the explosions of Bahdanau & Jaeger's walkback DAEs are (Sec. 6.1), for the finished
 * models of a `repro:idae` grid: blank or gray, converged or not, the classes of the digits
 * that explode, and the distinct images they reach. Trains nothing.
 *
 *   deno task repro:idae-explosions --preset paper --seeds 1 --out results/idae/mnist-N250
 *
 * Takes the grid's flags (--preset, --dataset, --seed, --seeds, --annealing-rate, --chain-noise,
 * --max-iterations, --checkpoints) to find its models, and --only K1,K2 to profile some of
 * them. Writes explosions.md/.csv, explosions.png and explosions-metadata.json to --out
 * (default results/idae/<dataset>). Each model's profile is kept beside its checkpoint, so a
 * later run profiles only the models finished since; --fresh profiles them all again.
 *
 * @module
 */
import { runMain, startScript } from "../repro/cli.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { IDAE_GRID_FLAGS, idaeExplosions, idaeGridConfig, idaeSplits } from "../repro/idae/mod.ts";

await runMain(async () => {
  const run = await startScript("idae-explosions", Deno.args, IDAE_GRID_FLAGS);
  if (!run) return;
  const { args, backend } = run;
  const { config, only } = idaeGridConfig(args);
  const splits = await idaeSplits(args.dataset, config);
  const result = await idaeExplosions(splits, config, {
    dataset: args.dataset,
    checkpointDir: args.checkpoints,
    preset: args.preset,
    backend: backend.name,
    seed: args.seed,
    only,
    fresh: args.fresh, // profiles again; the grid's checkpoints are never removed here
    log: (line) => console.error(`idae-explosions: ${line}`),
  });
  await writeResultsSet(args.out, async () => {
    await writeResultsTable(args.out, "explosions", result.rows, {
      title: `Bahdanau & Jaeger, Sec. 6.1: the explosions of each walkback DAE, ${args.dataset}`,
      notes: result.notes,
      columnDigits: { main_max: 3, main_mean: 4, seconds: 1 },
    });
    await writeFileAtomic(`${args.out}/explosions.png`, result.figure);
    const meta = await run.metadata(config.table1a.runs[0].epochs, {
      config,
      only: only ?? null,
      figure: { file: "explosions.png", caption: result.caption },
    });
    await writeMetadata(args.out, "explosions-metadata", meta);
  });
  console.log(await Deno.readTextFile(`${args.out}/explosions.md`));
});
