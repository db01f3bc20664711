/**
 * How Bahdanau & Jaeger's Table 1a accuracy depends on run length (the paper trained for
 * N = 100-500 epochs): one walkback denoising autoencoder (--k, --sigma) trained for --epochs
 * epochs with the paper's schedule (SGD, rate 0.1 times alpha after every epoch; --alpha, 0.99
 * by default), and evaluated as in Sec. 5.5 at roughly doubling epochs: fixed points of the
 * evaluation rows, logistic regression on the transformed training rows, MSE^WB, explosions.
 *
 *   deno task repro:idae-trend --preset quick --k 1 --sigma 0.5 --epochs 80
 *
 * Writes to --out (default results/idae/<dataset>): trend-k<K>-sigma<S>-N<epochs>.md/.csv and
 * .svg, and trend-k<K>-sigma<S>-N<epochs>-metadata.json. After the sigma come -a<A> for
 * --alpha A other than 0.99 (the annealing rate), -b<B> for a --batch-size B other than the
 * preset's (such a model is never handed to the grid), then -noise-every for a k >= 2 model trained
 * with --chain-noise every (the walkback chain corrupted before every step instead of once as
 * in Eq. 8). --evaluate-at E1,E2 evaluates after those epochs only. --preset sets the
 * iteration cap, the evaluation rows and the probe. Each evaluation is kept beside the
 * checkpoint, so an interrupted run resumes with the whole curve. The paper's schedule does not
 * depend on the run's length, so the state after an evaluated epoch E is the finished E-epoch
 * model: where `repro:idae` of the same preset, seed and chain trains that model (Table 1a's or
 * 1b's N and alpha), it is written under the grid's checkpoint name with its evaluation, and the
 * grid uses both instead of training and evaluating it again (an existing grid checkpoint is
 * left alone).
 *
 * @module
 */
import {
  fractionFlag,
  integerFlag,
  interruptSignal,
  runMain,
  startScript,
  UsageError,
} from "../repro/cli.ts";
import { describeExplosionTest } from "../lib/eval/fixed_points.ts";
import {
  fileExists,
  readJsonIfExists,
  writeFileAtomic,
  writeJsonAtomic,
} from "../lib/io/atomic.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { lineChart, writeSvg } from "../lib/plot/svg.ts";
import {
  CHAIN_NOISE_FLAG,
  evaluateIdae,
  idaeCheckpointPath,
  idaeEvaluationPath,
  idaeEvaluationSets,
  type IdaeModelSpec,
  idaeModelSpecs,
  idaeSpecKey,
  idaeSplits,
  trainIdae,
} from "../repro/idae/idae.ts";
import { idaePaperNumbers } from "../repro/idae/idae_tables.ts";
import { idaePresetConfig } from "../repro/idae/grid.ts";
import { autoProgress } from "../lib/train/progress.ts";

await runMain(async () => {
  const run = await startScript("idae-trend", Deno.args, {
    k: "K  walkback steps (default 1)",
    sigma: "S  corruption sigma (default 0.5)",
    "chain-noise": CHAIN_NOISE_FLAG.usage,
    "evaluate-at": "E1,E2  epochs to evaluate after (default doubling to --epochs)",
    alpha: "A  annealing rate of the learning rate (default 0.99; Table 1a's is 0.999, " +
      "see lib/repro/idae.ts)",
    "batch-size": "B  minibatch size (default the preset's, 20 in paper; Sec. 5.3 tried 20 " +
      "and 50 without walkback)",
  });
  if (!run) return;
  const { args, backend } = run;
  const k = integerFlag("k", args.extra.k, 1) ?? 1;
  const sigma = Number(args.extra.sigma ?? 0.5);
  if (!(sigma > 0)) throw new UsageError(`--sigma must be a number > 0, got "${args.extra.sigma}"`);
  // the trend runs' rate since before --alpha (the grid's Table 1a now anneals by 0.999):
  // names carry -a<A> for any other, so older runs keep their names
  const alphaDefault = 0.99;
  const alpha = fractionFlag("alpha", args.extra.alpha) ?? alphaDefault;
  const config = idaePresetConfig(args);
  const presetBatch = config.batchSize;
  config.batchSize = integerFlag("batch-size", args.extra["batch-size"], 1) ?? presetBatch;
  const epochs = args.epochs ?? 8 * config.table1a.runs[0].epochs;
  const spec: IdaeModelSpec = {
    k,
    sigma,
    epochs,
    alpha,
    paperEpochs: epochs,
    seed: args.seed,
  };
  const splits = await idaeSplits(args.dataset, config);
  const sets = idaeEvaluationSets(splits, config);
  const evalAt = new Set<number>();
  const asked = args.extra["evaluate-at"];
  if (asked !== undefined) {
    for (const part of asked.split(",")) {
      const e = integerFlag("evaluate-at", part.trim(), 1)!;
      if (e > epochs) {
        throw new UsageError(
          `--evaluate-at ${e} is past the run's ${epochs} epochs: pass ${epochs} or less`,
        );
      }
      evalAt.add(e);
    }
  } else {
    for (let e = Math.max(1, Math.round(epochs / 16)); e < epochs; e *= 2) evalAt.add(e);
    evalAt.add(epochs);
  }
  const sameSigma = (s: number) => Math.abs(s - sigma) < 1e-9;
  // the paper's acc_test for the model after E epochs: Table 1b's row of that N where there is
  // one (k = 4, 5 at sigma = 0.7), else Table 1a's cell (which does not say its N)
  const paperAt = (e: number): number | null =>
    args.dataset === "mnist"
      ? idaePaperNumbers({ k, sigma, paperEpochs: e, alpha: spec.alpha })?.accTest ?? null
      : null;
  // The schedule does not depend on N, so the state after E epochs is the grid's finished
  // E-epoch model when the grid has one (`repro:idae` with the same preset and seed): keep it
  // under the grid's checkpoint name, unless the grid already has that file, and the evaluation
  // made here under the grid's evaluation name.
  const keep: Record<number, string> = {};
  const handedOver: Record<number, IdaeModelSpec> = {};
  // the grid trains with the preset's batch size: a model of another one is not the grid's
  for (const e of config.batchSize === presetBatch ? evalAt : []) {
    const grid = idaeModelSpecs(config, args.seed).find((s) =>
      s.k === k && sameSigma(s.sigma) && s.epochs === e && s.alpha === spec.alpha &&
      s.seed === args.seed
    );
    if (!grid) continue;
    const path = idaeCheckpointPath(args.checkpoints, grid, config, args.dataset);
    if (!(await fileExists(path))) {
      keep[e] = path;
      handedOver[e] = grid;
    }
  }
  // a chain corrupted every step is another model from k = 2 on (k = 1 is the same either way)
  const every = k > 1 && config.chainNoise === "every";
  const name = `trend-k${k}-sigma${sigma}${alpha === alphaDefault ? "" : `-a${alpha}`}` +
    (config.batchSize === presetBatch ? "" : `-b${config.batchSize}`) +
    (every ? "-noise-every" : "");
  // outputs carry the run length, and the seed when it is not the default 1, so that runs of
  // one model to different N or from different seeds sit side by side
  const file = `${name}-N${epochs}${args.seed === 1 ? "" : `-seed${args.seed}`}`;
  const checkpoint = `${args.checkpoints}/idae-${name}-${args.dataset}-${args.preset}-` +
    `${idaeSpecKey(spec)}.ckpt`;
  // the rows of earlier sessions, so that a resumed run reports the whole curve
  const rowsFile = `${checkpoint}.rows.json`;
  if (args.fresh) {
    for (const f of [checkpoint, rowsFile]) await Deno.remove(f).catch(() => {});
  }
  const rows: Record<string, unknown>[] = await Deno.readTextFile(rowsFile)
    .then((t) => JSON.parse(t) as Record<string, unknown>[])
    .catch(() => []);
  // rows written before the test counted blank images carry no label; they used mean >= 0.01
  for (const r of rows) r.explosion_test ??= describeExplosionTest({ minMean: 0.01 });
  console.error(
    `idae-trend: k = ${k}, sigma = ${sigma}, ${epochs} epochs (alpha ${spec.alpha}), ` +
      `evaluated after ${[...evalAt].join(", ")}; ${sets.train.n}/${sets.validation.n}/` +
      `${sets.test.n} rows transformed`,
  );
  for (const [e, path] of Object.entries(keep)) {
    console.error(`idae-trend: the state after ${e} epochs is kept as the grid's model: ${path}`);
  }
  const { signal, dispose } = interruptSignal();
  let trainSeconds = 0;
  try {
    const { model, result } = await trainIdae(splits.train, spec, config, {
      checkpoint,
      keepCheckpoints: keep,
      progress: autoProgress(),
      signal,
      onEpochEnd: async (epoch, m) => {
        if (!evalAt.has(epoch + 1) || rows.some((r) => r.epochs === epoch + 1)) return;
        const { evaluation: e } = await evaluateIdae(m, splits, sets, config, {
          seed: args.seed,
          log: (line) => console.error(line),
        });
        rows.push({
          row: `k = ${k}, σ = ${sigma} after ${epoch + 1} epochs`,
          paper: paperAt(epoch + 1),
          ours: e.accTest,
          epochs: epoch + 1,
          acc_train: e.accTrain,
          mse_test: e.mseTest,
          mse_wb_test: e.mseWbTest,
          ex_test: e.exTest,
          explosion_test: describeExplosionTest(),
          test_rows: e.testRows,
          iterations: e.iterationsTest,
          rule_held: e.stoppedByRuleTest,
          black: e.pixels.black,
          white: e.pixels.white,
          preset: args.preset,
          seed: args.seed,
          backend: backend.name,
        });
        await writeFileAtomic(rowsFile, JSON.stringify(rows));
        const grid = handedOver[epoch + 1];
        if (grid) {
          const path = idaeEvaluationPath(args.checkpoints, grid, config, args.dataset);
          if (!(await readJsonIfExists(path))) await writeJsonAtomic(path, e);
        }
        console.error(`idae-trend: epoch ${epoch + 1}: acc_test ${e.accTest.toFixed(4)}`);
      },
    });
    model.dispose();
    trainSeconds = result.seconds;
    for (const [e, path] of Object.entries(keep)) {
      if (await fileExists(path)) continue;
      // a run resumed past epoch E had no state after E left to write
      console.error(
        `idae-trend: the state after ${e} epochs was not written (the run resumed past it): ` +
          `the grid trains that model itself`,
      );
    }
  } finally {
    dispose();
  }
  rows.sort((a, b) => (a.epochs as number) - (b.epochs as number));
  for (const r of rows) r.paper = paperAt(r.epochs as number); // rows of older sessions too
  await writeResultsTable(args.out, file, rows, {
    title: `Walkback DAE (k = ${k}, σ = ${sigma}) test accuracy against training epochs, ` +
      args.dataset,
    notes: `One run of ${epochs} epochs (plain SGD, batch ${config.batchSize}, rate ` +
      `${config.learningRate} times ${spec.alpha} after every epoch, ${config.hidden} hidden` +
      `${
        k > 1 ? `, walkback chain corrupted ${every ? "before every step" : "once (Eq. 8)"}` : ""
      }), ` +
      `evaluated along the way as in Sec. 5.5: fixed points of the first ${sets.train.n} ` +
      `training, ${sets.validation.n} validation and ${sets.test.n} test rows (at most ` +
      `${config.iteration.maxIterations} iterations), logistic regression on the transformed ` +
      `training rows; "ours" is acc_test, "paper" the paper's: Table 1b's row of the ` +
      `row's N and α where it has a legible one (k = 4, 5), else the Table 1a value (epochs ` +
      `not stated, N in {100, 250}); ex_test is the raw count among test_rows, by the explosion_test ` +
      `(isExplosion's thresholds; "mean >= 0.01" rows leave out blank fixed points); black and white are the ` +
      `pixel fractions of the test fixed points (originals: 0.807 and 0.081).`,
    columnDigits: {
      paper: 3,
      ours: 4,
      acc_train: 4,
      mse_test: 3,
      mse_wb_test: 3,
      black: 3,
      white: 3,
    },
  });
  await writeSvg(
    `${args.out}/${file}.svg`,
    lineChart({
      series: [{
        name: `k = ${k}, σ = ${sigma}`,
        x: rows.map((r) => r.epochs as number),
        y: rows.map((r) => r.ours as number),
      }],
      logX: true,
      xLabel: "epochs",
      yLabel: "acc_test",
      title: `Walkback DAE k = ${k}, σ = ${sigma}: accuracy on fixed points against run length`,
    }),
  );
  // trainSeconds: training over every session of the run (wallSeconds is this session's)
  const meta = await run.metadata(epochs, {
    config,
    spec,
    evaluatedAt: [...evalAt],
    trainSeconds,
  });
  await writeMetadata(args.out, `${file}-metadata`, meta);
  console.log(await Deno.readTextFile(`${args.out}/${file}.md`));
});
