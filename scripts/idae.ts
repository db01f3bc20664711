/**
 * Reproduce Bahdanau & Jaeger (2014), iterating denoising autoencoders, on MNIST or
 * Fashion-MNIST: Table 1a and 1b (logistic regression on fixed points, explosions, walkback
 * MSE), the pixel fractions of Sec. 6.1 and Figures 3-7.
 *
 *   deno task repro:idae --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes table1a, table1b, pixels and models (.md, .csv), the figures and metadata.json to
 * --out (default results/idae/<dataset>). `--help` lists every flag. Interrupt with Ctrl-C and
 * run again to resume.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import {
  IDAE_GRID_FLAGS,
  idaeGridConfig,
  idaeReproduction,
  idaeSplits,
  idaeTables,
} from "../repro/idae/mod.ts";

await runMain(async () => {
  const run = await startScript("idae", Deno.args, {
    ...IDAE_GRID_FLAGS,
    finished: "  train nothing: tables from the models already trained, others marked",
    only: IDAE_GRID_FLAGS.only + "; use the others when finished (two processes, disjoint lists)",
  });
  if (!run) return;
  const { args, backend } = run;
  const { config, only } = idaeGridConfig(args);
  const finishedOnly = args.extra.finished === "true";
  const splits = await idaeSplits(args.dataset, config);
  console.error(
    `idae: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n}, ${config.hidden} hidden, ${config.seeds} seed(s) from ${args.seed}`,
  );
  const { signal, dispose } = interruptSignal();
  const repro = await idaeReproduction(splits, config, {
    ...run.reproOptions(signal),
    log: (line) => console.error(line),
    finishedOnly,
    only,
  }).finally(dispose);
  const tables = idaeTables(repro, config, {
    dataset: args.dataset,
    preset: args.preset,
    backend: backend.name,
    seed: args.seed,
    splits: { train: splits.train.n, validation: splits.validation.n, test: splits.test.n },
  });
  const { meta } = await writeResultsSet(args.out, async () => {
    for (const t of tables) {
      const { title, notes, columnDigits } = t;
      await writeResultsTable(args.out, t.name, t.rows, { title, notes, columnDigits });
    }
    for (const f of repro.figures) {
      await writeFileAtomic(`${args.out}/${f.name}.${f.type}`, f.content);
    }
    const meta = await run.metadata(config.table1a.runs[0].epochs, {
      config,
      seeds: Array.from({ length: config.seeds }, (_, i) => args.seed + i),
      figures: repro.figures.map((f) => ({ file: `${f.name}.${f.type}`, caption: f.caption })),
      notes: repro.notes,
      timing: repro.timing, // wallSeconds counts the writing only; the tables' seconds the rest
      finishedOnly,
      only: only ?? null,
    });
    await writeMetadata(args.out, "metadata", meta);
    return { meta };
  });
  for (const name of ["table1a", "table1b", "pixels"]) {
    console.log(await Deno.readTextFile(`${args.out}/${name}.md`));
  }
  const t = repro.timing;
  console.error(
    `idae: training ${(1e3 * t.trainSecondsPerSampleStep).toFixed(3)} ms per sample and ` +
      `walkback step, iteration ${Math.round(t.sampleIterationsPerSecond)} rows x ` +
      `iterations/s; predicted MNIST wall time: quick ${
        (t.estimates.quick.total / 60).toFixed(0)
      } ` +
      `min, paper ${
        (t.estimates.paper.total / 3600).toFixed(0)
      } h (training + iteration at its cap)`,
  );
  console.error(`idae: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
