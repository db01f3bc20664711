/**
 * Reproduce Bahdanau & Jaeger (2014), iterating denoising autoencoders, on MNIST or
 * Fashion-MNIST: Table 1a and 1b (logistic regression on fixed points, explosions, walkback
 * MSE), the pixel fractions of Sec. 6.1 and Figures 3-7.
 *
 *   deno task repro:idae --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes to --out (default results/idae/<dataset>): table1a, table1b, pixels and models as .md
 * and .csv, figure3/4/6 PNGs, figure5 and figure7 SVGs, metadata.json. --epochs sets the
 * epochs of every model; --max-iterations the cap on the fixed-point iteration (the preset's by
 * default: 1000 in quick and paper); --seeds N the seeds per model (`--preset paper --seeds 1`:
 * the paper's settings, one seed). Interrupt with Ctrl-C and run again to resume. --finished
 * trains nothing: it writes the tables and figures of the models already trained (a long
 * grid's so far, even while another process trains it) and marks the others. --only K1,K2
 * trains only the models whose names begin so (k3, k5-sigma0.7-N100-a0.999; the names of the
 * log's "model" lines) and treats the others as --finished does: two processes with disjoint
 * lists train one grid on two cores. --alpha A anneals Table 1a's models by A instead of the
 * preset's 0.999 (our reading of Sec. 5.3's "alpha = 0.9"; 0.99 is the other). The schedule
 * does not depend on N, so a model of N = 250 not yet started begins from the finished N = 100
 * model of the same settings.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { idaeSplits } from "../repro/idae/idae.ts";
import { idaeReproduction, idaeTables } from "../repro/idae/idae_run.ts";
import { IDAE_GRID_FLAGS, idaeGridConfig } from "../repro/idae/grid.ts";

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
  let repro;
  try {
    repro = await idaeReproduction(splits, config, {
      ...run.reproOptions(signal),
      log: (line) => console.error(line),
      finishedOnly,
      only,
    });
  } finally {
    dispose();
  }
  const tables = idaeTables(repro, config, {
    dataset: args.dataset,
    preset: args.preset,
    backend: backend.name,
    seed: args.seed,
    splits: { train: splits.train.n, validation: splits.validation.n, test: splits.test.n },
  });
  for (const t of tables) {
    await writeResultsTable(args.out, t.name, t.rows, {
      title: t.title,
      notes: t.notes,
      columnDigits: t.columnDigits,
    });
  }
  for (const f of repro.figures) {
    await writeFileAtomic(`${args.out}/${f.name}.${f.type}`, f.content);
  }
  const meta = await run.metadata(config.table1a.runs[0].epochs, {
    config,
    seeds: Array.from({ length: config.seeds }, (_, i) => args.seed + i),
    figures: repro.figures.map((f) => ({ file: `${f.name}.${f.type}`, caption: f.caption })),
    notes: repro.notes,
    timing: repro.timing,
    // wallSeconds then counts the writing only; the tables' seconds hold training and evaluation
    finishedOnly,
    only: only ?? null,
  });
  await writeMetadata(args.out, "metadata", meta);
  for (const name of ["table1a", "table1b", "pixels"]) {
    console.log(await Deno.readTextFile(`${args.out}/${name}.md`));
  }
  const est = repro.timing.estimates;
  console.error(
    `idae: training ${(1e3 * repro.timing.trainSecondsPerSampleStep).toFixed(3)} ms per sample ` +
      `and walkback step, iteration ${Math.round(repro.timing.sampleIterationsPerSecond)} ` +
      `rows x iterations/s; predicted MNIST wall time: quick ${
        (est.quick.total / 60).toFixed(0)
      } ` +
      `min, paper ${(est.paper.total / 3600).toFixed(0)} h (training + iteration at its cap)`,
  );
  console.error(`idae: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
