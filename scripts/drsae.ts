/**
 * Reproduce Rolfe & LeCun (2013), discriminative recurrent sparse autoencoders, on MNIST or
 * Fashion-MNIST: Table 1 (the four DrSAEs trained in two phases, cited rows as cited), the
 * part / categorical unit counts, and Figures 2-8.
 *
 *   deno task repro:drsae --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes to --out (default results/drsae/<dataset>): table1, units and fit (each network's
 * error, L^U, L^S and never-active units on the training, validation and test splits) as .md
 * and .csv,
 * figure2a-encoders.png, figure2b-decoders.png, figure2c-classifier.png, figure3.svg,
 * figure4.svg, figure5.png, figure6a/b/c.png, figure7.svg, figure8a/b.png, training.svg and
 * metadata.json. `--epochs N` sets both phases' epochs (fine-tuning may stop earlier),
 * `--pretrain-epochs N` the pretraining epochs alone, `--lambda L` the L1 weight of Eq. 2,
 * `--optimizer adam|sgd` both phases' optimizer, `--fine-tune-optimizer adam|sgd` fine-tuning's
 * alone, `--pretrain-rate LR` and `--fine-tune-rate LR` the phases' (first) learning rates (the
 * last scales with the first), `--architectures 400x11,200x2` the
 * networks trained (default the four of Table 1; the first is the figures' network unless
 * 400x11 is among them).
 * Interrupt with Ctrl-C and run again to resume.
 *
 * @module
 */
import {
  choiceFlag,
  integerFlag,
  interruptSignal,
  runMain,
  startScript,
  UsageError,
} from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import {
  architectureName,
  drsaeConfig,
  type DrsaePhaseSettings,
  drsaeSplits,
  parseArchitectures,
  withFirstRate,
} from "../repro/drsae/drsae.ts";
import { describeOutcome, drsaeReproduction } from "../repro/drsae/drsae_run.ts";
import { drsaeFigures, writeDrsaeFigures } from "../repro/drsae/drsae_figures.ts";

await runMain(async () => {
  const run = await startScript("drsae", Deno.args, {
    architectures: "400x11,200x2  networks to train, HIDDENxSTEPS (default Table 1's four)",
    "pretrain-epochs": "N  pretraining epochs (default the preset's, or --epochs)",
    lambda: "L  the L1 weight of Eq. 2 (default 0.03 in paper, 0.05 in quick; not in the paper)",
    optimizer: "adam|sgd  both phases' optimizer (default SGD in paper, Adam in quick)",
    "fine-tune-optimizer": "adam|sgd  fine-tuning's optimizer (default --optimizer)",
    "pretrain-rate": "LR  pretraining's learning rate (needed with an optimizer not the preset's)",
    "fine-tune-rate": "LR  fine-tuning's first learning rate; its last scales with it",
  });
  if (!run) return;
  const { args, backend } = run;
  const config = drsaeConfig(args.preset, args.dataset);
  if (args.epochs) {
    config.pretrain.epochs = args.epochs;
    config.fineTune.epochs = args.epochs;
  }
  const pretrainEpochs = integerFlag("pretrain-epochs", args.extra["pretrain-epochs"], 1);
  if (pretrainEpochs !== undefined) config.pretrain.epochs = pretrainEpochs;
  if (args.extra.lambda !== undefined) {
    const l = Number(args.extra.lambda);
    if (!(l >= 0) || args.extra.lambda.trim() === "") {
      throw new UsageError(`--lambda must be a number >= 0, got "${args.extra.lambda}"`);
    }
    config.lambda = l;
  }
  // --optimizer sets both phases' optimizer, --fine-tune-optimizer fine-tuning's alone; a
  // phase whose optimizer is not the preset's needs its rate, tuned for the preset's optimizer
  const presetOptimizer = config.optimizer;
  const optimizerFlag = (flag: string) =>
    choiceFlag(flag, args.extra[flag], ["adam", "sgd"] as const);
  /** The rate a flag gives, or undefined where the preset's may stand. */
  const rateFlag = (flag: string, phase: DrsaePhaseSettings, optimizer: string) => {
    const v = args.extra[flag];
    if (v === undefined) {
      if (optimizer !== presetOptimizer) {
        throw new UsageError(
          `${optimizer} in this phase needs --${flag}: the preset's rate ` +
            `${phase.learningRate} is tuned for ${presetOptimizer}`,
        );
      }
      return undefined;
    }
    const r = Number(v);
    if (!(r > 0) || !Number.isFinite(r) || v.trim() === "") {
      throw new UsageError(`--${flag} must be a number > 0, got "${v}"`);
    }
    return r;
  };
  config.optimizer = optimizerFlag("optimizer") ?? config.optimizer;
  const ftOpt = optimizerFlag("fine-tune-optimizer");
  if (ftOpt !== undefined && ftOpt !== config.optimizer) config.fineTune.optimizer = ftOpt;
  const preRate = rateFlag("pretrain-rate", config.pretrain, config.optimizer);
  if (preRate !== undefined) config.pretrain = withFirstRate(config.pretrain, preRate);
  const ftRate = rateFlag(
    "fine-tune-rate",
    config.fineTune,
    config.fineTune.optimizer ?? config.optimizer,
  );
  if (ftRate !== undefined) {
    // one rate for every network: the preset's rates per T give way
    const { learningRateForSteps: _, ...ft } = config.fineTune;
    config.fineTune = withFirstRate(ft, ftRate);
  }
  if (args.extra.architectures !== undefined) {
    try {
      config.architectures = parseArchitectures(args.extra.architectures);
    } catch (e) {
      throw new UsageError(`--architectures: ${(e as Error).message}`);
    }
    const fig = config.figureArchitecture;
    if (!config.architectures.some((a) => a.hidden === fig.hidden && a.steps === fig.steps)) {
      config.figureArchitecture = config.architectures[0];
    }
  }
  const splits = await drsaeSplits(args.dataset, config);
  console.error(
    `drsae: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n} (unit-norm), ${
        config.architectures.map((a) => architectureName(a))
          .join(", ")
      }; ${config.pretrain.epochs} pretraining + up to ${config.fineTune.epochs} ` +
      `fine-tuning epochs (patience ${config.fineTune.patience})`,
  );
  const { signal, dispose } = interruptSignal();
  let result;
  try {
    result = await drsaeReproduction(splits, config, {
      ...run.reproOptions(signal),
      onRowDone: (o) => console.error(`drsae: ${describeOutcome(o)}`),
    });
  } finally {
    dispose();
  }
  const optName = (o: "adam" | "sgd") =>
    o === "adam" ? `Adam with epsilon ${config.epsilon}` : `SGD momentum ${config.momentum}`;
  const ftOptimizer = config.fineTune.optimizer ?? config.optimizer;
  const opt = ftOptimizer === config.optimizer
    ? `${optName(config.optimizer)} (${
      config.optimizer === "sgd" ? "as in the paper" : "the paper: SGD"
    }; see lib/repro/drsae.ts)`
    : `${optName(config.optimizer)} in pretraining, ${optName(ftOptimizer)} in fine-tuning ` +
      `(the paper: SGD in both; see lib/repro/drsae.ts)`;
  const rate = (p: { learningRate: number; finalLearningRate?: number }) =>
    p.finalLearningRate === undefined
      ? `lr ${p.learningRate}`
      : `lr ${p.learningRate} falling linearly to ${p.finalLearningRate}`;
  const settings = `Preset ${args.preset}: ${config.pretrain.epochs} pretraining epochs on L^U ` +
    `at ${rate(config.pretrain)}, then at most ${config.fineTune.epochs} fine-tuning ` +
    `epochs on L^U + L^S at ${rate(config.fineTune)}${
      Object.entries(config.fineTune.learningRateForSteps ?? {}).map(([t, r]) =>
        ` (T = ${t}: ${rate(withFirstRate(config.fineTune, r))})`
      ).join("")
    }, stopped after ` +
    `${config.fineTune.patience} epochs without a lower validation error, best epoch kept; ` +
    `${opt}, batch ${config.batchSize}, lambda ${config.lambda} (not given in the paper); ` +
    `per-matrix learning rates divided by repetitions (C by 5 more), norm bounds projected ` +
    `after every step (Sec. 2); unit-norm inputs; splits ${splits.train.n}/${splits.validation.n}/` +
    `${splits.test.n}; seed ${args.seed}; backend ${backend.name}.`;
  const paths = await writeResultsTable(args.out, "table1", result.table1, {
    title: `Rolfe & LeCun Table 1: ${args.dataset} test error %`,
    notes: `"ours" is the test error at the best validation epoch of fine-tuning; "validation" ` +
      `the validation error there; "bestEpoch" counts fine-tuning epochs from 1; "part" and ` +
      `"categorical" count units with encoder-decoder angle < 0.5 and > 0.7 rad. Cited rows are ` +
      `the paper's citations, not re-run. ${settings}`,
    columnDigits: { pretrainEpochSeconds: 1, fineTuneEpochSeconds: 1, seconds: 1 },
  });
  await writeResultsTable(args.out, "units", result.units, {
    title: `Rolfe & LeCun Figure 3: categorical-units per network (${args.dataset})`,
    notes: `"ours" is the number of categorical-units (encoder-decoder angle > 0.7 rad), "part" ` +
      `the part-units (< 0.5 rad), "intermediate" those between (footnote 7). The paper gives ` +
      `no counts; its one statement, "Before discriminative fine-tuning, there are no ` +
      `categorical-units" (Sec. 3), is the 0 in the paper column. ${settings}`,
    columnDigits: { medianAngle: 3, maxAngle: 3 },
  });
  await writeResultsTable(args.out, "fit", result.fit, {
    title: `Rolfe & LeCun DrSAEs on each split (${args.dataset}): error %, L^U, L^S`,
    notes: `The final network of each row of Table 1 (best validation epoch) measured on every ` +
      `split: "ours" is the classification error %, lossU the mean L^U (Eq. 2), lossS the mean ` +
      `L^S (Eq. 3), neverOn the units whose z^T is 0 on every digit of the split. The paper ` +
      `gives the test error only (Table 1). A training error far below the validation and ` +
      `test errors, with more units silent on held-out digits than on training digits, means ` +
      `the network fits its training digits and does not generalise. ${settings}`,
  });
  const figures = drsaeFigures(result);
  await writeDrsaeFigures(args.out, figures);
  if (!result.analysis) {
    console.error("drsae: the figure network did not train; Figures 2 and 4-8 are not drawn");
  }
  const meta = await run.metadata(config.fineTune.epochs, {
    config,
    pretrainEpochs: config.pretrain.epochs,
    figures: figures.map((f) => ({ name: f.name, caption: f.caption })),
    outcomes: result.outcomes.map(({ units: _, fit: __, ...o }) => o),
  });
  await writeMetadata(args.out, "metadata", meta);
  console.log(await Deno.readTextFile(paths.markdown));
  console.error(`drsae: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
