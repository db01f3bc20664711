/**
 * Kamyshanska & Memisevic (2015) on the 2007 benchmark sets (Sec. 4.2-4.8): baselines beside
 * the published SVM-RBF errors, Table 1 (linear CSAE with and without pretraining), Table 3
 * (linear, modulus, sigmoid and factored sigmoid CSAE), Table 4 (the Sec. 4.7 variants on
 * mnist-small, mnist-rot and convex), Table 5 (CSAE, a re-run DBN-1, the cited RBM column's
 * model, and a classification RBM beside the cited models),
 * Figure 6 and Figure 9.
 *
 *   deno task repro:energy-benchmarks --preset smoke|quick|paper [--sets a,b] [--tables 1,3,4,5]
 *
 * Writes to results/energy/benchmarks unless --out is given: baselines and table1/3/4/5 as
 * .md and .csv, figure6.svg, figure9-*.png, captions.md and metadata.json. The sets are
 * regenerated from recipes (or read from the original files named by $ICML2007_DATA_DIR).
 * Interrupt with Ctrl-C and run again to resume. `--help` lists the flags.
 *
 * @module
 */
import {
  choiceFlag,
  choiceListFlag,
  integerFlag,
  interruptSignal,
  runMain,
  startScript,
  UsageError,
} from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { ENERGY_GRID_FLAGS, withGridFlags } from "../repro/energy/flags.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { BENCHMARK_NAMES, BENCHMARK_RECIPES, type BenchmarkName } from "../lib/data/benchmarks.ts";
import {
  BENCHMARK_PRESETS,
  BENCHMARK_TABLES,
  benchmarkFigures,
  benchmarkTables,
  energyBenchmarks,
  VARIANT_NAMES,
  writeEnergyFigures,
  writeEnergyTables,
} from "../repro/energy/mod.ts";

/** Table 4's row names as the command line spells them: learn-normalization, ... */
const VARIANT_FLAG_NAMES = VARIANT_NAMES.map((v) => v.replace(/ /g, "-"));

const FLAGS = {
  sets: `A,B  sets to run (default all): ${BENCHMARK_NAMES.join(",")}`,
  tables: "N,N  tables to make (default 1,3,4,5); the baselines always run",
  "baselines-only": "  run the baselines alone (logistic regression, MLP, SVM-RBF, DBN-1), no " +
    "CSAE table",
  "skip-svm": "  leave out the SVM-RBF baseline, the slowest (minutes per set when not cached); " +
    "logistic regression and the MLP still run, and the difficulty order uses the lower of their errors",
  "background-rule": "RULE  how digit and background combine in every mnist-back-* set: " +
    "replace (the digit's pixel where it is non-zero, else the background) or max (the larger); " +
    "default per set: max for mnist-back-rand, replace for the image backgrounds",
  variants: `A,B  Table 4's rows to run (default all): ${VARIANT_FLAG_NAMES.join(",")}`,
  recipe: "N  generate the sets that have it at recipe N (BENCHMARK_RECIPES): 2 stretches the " +
    "photograph patches of mnist-back-image and mnist-rot-back-image to the full grey range",
  "dbn1-hidden": "N  hidden units of the DBN-1 baseline (default: the preset's)",
  "dbn1-pretrain-epochs": "N  epochs of the DBN-1 baseline's CD-1 pretraining (default: the " +
    "preset's; more on the small sets, as for every phase)",
  "dbn1-sample-data": "  train the DBN-1 baseline's RBM on binary visibles drawn from the grey " +
    "levels afresh at every step, instead of the grey levels as they are",
  ...ENERGY_GRID_FLAGS,
};

await runMain(async () => {
  const run = await startScript("energy-benchmarks", Deno.args, FLAGS);
  if (!run) return;
  const { args } = run;
  const sets = choiceListFlag("sets", args.extra.sets, BENCHMARK_NAMES, (s) =>
    s as BenchmarkName) ??
    [...BENCHMARK_NAMES];
  const baselinesOnly = args.extra["baselines-only"] === "true";
  if (baselinesOnly && args.extra.tables !== undefined) {
    throw new UsageError("--baselines-only makes no table: drop --tables or --baselines-only");
  }
  const tables = baselinesOnly
    ? []
    : choiceListFlag("tables", args.extra.tables, BENCHMARK_TABLES, Number) ??
      [...BENCHMARK_TABLES];
  const variants = choiceListFlag("variants", args.extra.variants, VARIANT_FLAG_NAMES)
    ?.map((v) => v.replace(/-/g, " "));
  if (variants && !tables.includes(4)) {
    throw new UsageError("--variants chooses Table 4's rows: add 4 to --tables");
  }
  const backgroundRule = choiceFlag(
    "background-rule",
    args.extra["background-rule"],
    ["replace", "max"] as const,
    "how digit and background pixels combine",
  );
  const recipe = integerFlag("recipe", args.extra.recipe, 1);
  if (recipe !== undefined) {
    const having = sets.filter((s) => BENCHMARK_RECIPES[s].includes(recipe));
    if (having.length === 0) {
      const versions = BENCHMARK_NAMES.filter((s) => BENCHMARK_RECIPES[s].includes(recipe));
      throw new UsageError(
        `--recipe ${recipe}: none of the sets asked for has it` +
          (versions.length ? `; ${versions.join(", ")} do` : "; no set has it"),
      );
    }
  }
  const data = {
    ...(backgroundRule ? { backgroundRule } : {}),
    ...(recipe !== undefined ? { recipe } : {}),
  };
  const outGiven = Deno.args.some((a) => a === "--out" || a.startsWith("--out="));
  const out = outGiven ? args.out : "results/energy/benchmarks";
  const base = BENCHMARK_PRESETS[args.preset];
  const skipSvm = args.extra["skip-svm"] === "true";
  const dbn1Hidden = integerFlag("dbn1-hidden", args.extra["dbn1-hidden"], 1);
  const dbn1Pretrain = integerFlag("dbn1-pretrain-epochs", args.extra["dbn1-pretrain-epochs"], 1);
  const dbn1 = base.baseline.dbn1 && {
    ...base.baseline.dbn1,
    ...(dbn1Hidden !== undefined ? { hidden: dbn1Hidden } : {}),
    ...(dbn1Pretrain !== undefined ? { pretrainEpochs: dbn1Pretrain } : {}),
    ...(args.extra["dbn1-sample-data"] === "true" ? { sampleData: true as const } : {}),
  };
  const config = {
    ...base,
    baseline: { ...base.baseline, svm: skipSvm ? null : base.baseline.svm, dbn1 },
    energy: withGridFlags({
      ...base.energy,
      fineTune: { ...base.energy.fineTune, epochs: args.epochs ?? base.energy.fineTune.epochs },
    }, args.extra),
  };
  console.error(
    `energy-benchmarks: preset ${args.preset}, sets ${sets.join(", ")}, tables ` +
      `${tables.join(", ")}; ${config.energy.pretrain.epochs} pretraining and ` +
      `${config.energy.fineTune.epochs} fine-tuning epochs`,
  );
  const { signal, dispose } = interruptSignal();
  let results;
  try {
    const { dataset: _, ...options } = run.reproOptions(signal);
    results = await energyBenchmarks(config, {
      ...options,
      sets,
      tables,
      data,
      variants,
    });
  } finally {
    dispose();
  }
  const tablesMade = benchmarkTables(results, config);
  const { written, meta } = await writeResultsSet(out, async () => {
    await writeEnergyFigures(out, benchmarkFigures(results));
    const written = await writeEnergyTables(out, tablesMade);
    const meta = await run.metadata(config.energy.fineTune.epochs, {
      config,
      sets,
      tables,
      ...(variants ? { variants } : {}),
      backgroundRule: backgroundRule ?? "per set (DEFAULT_BACKGROUND_RULES)",
      ...(recipe !== undefined ? { recipe } : {}),
      data: results.sets.map((s) => ({ set: s.set, sizes: s.sizes, source: s.source })),
    });
    await writeMetadata(out, "metadata", meta);
    return { written, meta };
  });
  for (const t of tablesMade) console.log(await Deno.readTextFile(written[t.name]));
  console.error(`energy-benchmarks: wrote ${out} in ${meta.wallSeconds.toFixed(1)} s`);
});
