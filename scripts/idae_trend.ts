/**
 * How Bahdanau & Jaeger's Table 1a accuracy depends on run length (the paper trained for
 * N = 100-500 epochs): one walkback DAE (--k, --sigma) trained for --epochs epochs with the
 * paper's schedule and evaluated as in Sec. 5.5 at roughly doubling epochs.
 *
 *   deno task repro:idae-trend --preset quick --k 1 --sigma 0.5 --epochs 80
 *
 * Writes trend-k<K>-sigma<S>[-a<A>][-b<B>][-noise-every]-N<epochs>[-seed<S>] .md/.csv/.svg and
 * its -metadata.json to --out (default results/idae/<dataset>); `--help` lists every flag. An
 * interrupted run resumes with the whole curve; the states after evaluated epochs that the grid
 * (`repro:idae`, same preset, seed and chain) trains are handed to it (see repro/idae/trend.ts).
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { writeSvg } from "../lib/plot/svg.ts";
import { autoProgress } from "../lib/train/progress.ts";
import {
  IDAE_TREND_FLAGS,
  idaeEvaluationSets,
  idaeSplits,
  idaeTrendChart,
  idaeTrendFiles,
  idaeTrendSettings,
  idaeTrendTable,
  runIdaeTrend,
} from "../repro/idae/mod.ts";

await runMain(async () => {
  const run = await startScript("idae-trend", Deno.args, IDAE_TREND_FLAGS);
  if (!run) return;
  const { args, backend } = run;
  const s = idaeTrendSettings(args);
  const splits = await idaeSplits(args.dataset, s.config);
  const sets = idaeEvaluationSets(splits, s.config);
  const files = await idaeTrendFiles(s, args.checkpoints, args.dataset, args.preset);
  if (args.fresh) {
    for (const f of [files.checkpoint, files.rowsFile]) await Deno.remove(f).catch(() => {});
  }
  console.error(
    `idae-trend: k = ${s.spec.k}, sigma = ${s.spec.sigma}, ${s.spec.epochs} epochs (annealing ` +
      `rate ${s.spec.annealingRate}), evaluated after ${[...s.evalAt].join(", ")}; ` +
      `${sets.train.n}/${sets.validation.n}/${sets.test.n} rows transformed`,
  );
  const { signal, dispose } = interruptSignal();
  const { rows, trainSeconds } = await runIdaeTrend(s, files, splits, sets, {
    dataset: args.dataset,
    preset: args.preset,
    backend: backend.name,
    checkpointDir: args.checkpoints,
    progress: autoProgress(),
    signal,
    log: (line) => console.error(`idae-trend: ${line}`),
  }).finally(dispose);
  await writeResultsSet(args.out, async () => {
    await writeResultsTable(args.out, s.file, rows, idaeTrendTable(s, sets, args.dataset));
    await writeSvg(`${args.out}/${s.file}.svg`, idaeTrendChart(s, rows));
    // trainSeconds: training over every session of the run (wallSeconds is this session's)
    const meta = await run.metadata(s.spec.epochs, {
      config: s.config,
      spec: s.spec,
      evaluatedAt: [...s.evalAt],
      trainSeconds,
    });
    await writeMetadata(args.out, `${s.file}-metadata`, meta);
  });
  console.log(await Deno.readTextFile(`${args.out}/${s.file}.md`));
});
