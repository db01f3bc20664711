import assert from "node:assert/strict";
import { readResultsCsv } from "../lib/io/table.ts";
import { runScript } from "./test_helpers.ts";
import { withGridFlags } from "../repro/energy/flags.ts";
import {
  BENCHMARK_PAPER_TABLE1,
  BENCHMARK_PAPER_TABLE3,
  BENCHMARK_PAPER_TABLE4,
  BENCHMARK_PAPER_TABLE5,
  BENCHMARK_PRESETS,
  BENCHMARK_SVM_RBF,
  benchmarkDataTag,
  benchmarkEnergyConfig,
  candidates,
  difficultyOrder,
  ENERGY_PAPER_TABLE2,
  modelsNeeded,
  scaleRates,
  withLowerRates,
} from "../repro/energy/mod.ts";

Deno.test("repro:energy-benchmarks smoke writes the tables and figures and resumes", async () => {
  const out = await Deno.makeTempDir();
  const args = (dir: string) => [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--sets",
    "rectangles,mnist-small",
    "--tables",
    "1,3,4",
    "--checkpoints",
    `${out}/ckpt`,
    "--out",
    `${out}/${dir}`,
  ];
  const a = await runScript("energy_benchmarks", args("a"));
  assert.equal(a.code, 0, a.stderr);
  const sets = ["rectangles", "mnist-small"] as const;
  const baselines = await readResultsCsv(`${out}/a/baselines.csv`);
  assert.deepEqual(baselines.map((r) => r.row), [...sets]);
  for (const r of baselines) {
    assert.equal(r.paper, BENCHMARK_SVM_RBF[r.row as (typeof sets)[number]]);
    for (const c of ["ours", "mlp", "svm"]) {
      assert.ok((r[c] as number) >= 0 && (r[c] as number) <= 100, `${r.row} ${c}`);
    }
    assert.ok(Math.abs((r.svmDiff as number) - ((r.svm as number) - (r.paper as number))) < 1e-6);
    assert.match(String(r.svmSetting), /^C (1|10), gamma .*support vectors/);
    // DBN-1 beside the cited "RBM" column, which is Larochelle et al.'s DBN-1
    assert.equal(r.paperDbn1, BENCHMARK_PAPER_TABLE5[r.row as (typeof sets)[number]].rbm);
    assert.ok((r.dbn1 as number) >= 0 && (r.dbn1 as number) <= 100, `${r.row} dbn1`);
    assert.match(String(r.dbn1Setting), /^RBM of 20 units, CD-1 \d+ epochs at 0\.01; fine-tuned/);
  }
  // with an SVM on every set, the difficulty order is our SVM's
  assert.match(
    await Deno.readTextFile(`${out}/a/baselines.md`),
    /by the published SVM's error and by ours/,
  );
  const t1 = await readResultsCsv(`${out}/a/table1.csv`);
  assert.deepEqual(t1.map((r) => r.row), [...sets]);
  for (const r of t1) {
    const p = BENCHMARK_PAPER_TABLE1[r.row as (typeof sets)[number]]!;
    assert.deepEqual(
      [r.paper, r.paperTrain, r.paperWithout, r.paperWithoutTrain],
      [p.withTest, p.withTrain, p.withoutTest, p.withoutTrain],
    );
    for (const c of ["ours", "oursTrain", "oursWithout", "oursWithoutTrain"]) {
      assert.ok((r[c] as number) >= 0 && (r[c] as number) <= 100, `${r.row} ${c}`);
    }
    assert.match(String(r.pretrainingHelps), /^(yes|no)$/);
  }
  const t3 = await readResultsCsv(`${out}/a/table3.csv`);
  const columns = ["linear", "modulus", "sigmoid", "sigmoid-factored"] as const;
  assert.deepEqual(t3.map((r) => r.row), sets.flatMap((s) => columns.map((c) => `${s} ${c}`)));
  for (const r of t3) {
    const set = r.set as (typeof sets)[number];
    assert.equal(r.paper, BENCHMARK_PAPER_TABLE3[set][r.model as (typeof columns)[number]]);
    assert.ok((r.ours as number) >= 0 && (r.ours as number) <= 100);
    assert.equal(r.retrained, "yes");
  }
  // of these two sets, Table 4 has mnist-small only
  const t4 = await readResultsCsv(`${out}/a/table4.csv`);
  assert.deepEqual(t4.map((r) => r.variant), [
    "CSAE",
    "hinge",
    "learn normalization",
    "energies",
    "no pretraining",
  ]);
  assert.equal(t4[0].paper, BENCHMARK_PAPER_TABLE4["mnist-small"]!.CSAE);
  assert.equal(t4[1].paper, null, "hinge is not in Table 4");
  for (const f of ["table1.md", "table3.md", "table4.md", "baselines.md"]) {
    assert.match(await Deno.readTextFile(`${out}/a/${f}`), /regenerated from documented recipes/);
  }
  assert.match(await Deno.readTextFile(`${out}/a/table1.md`), /\| rectangles \| 0\.84 \|/);
  // Figure 6's three panels: Table 1's linear CSAE, and Table 3's sigmoid and factored sigmoid
  // models against the same trained from random initial weights
  for (const f of ["figure6.svg", "figure6-sigmoid.svg", "figure6-factored-sigmoid.svg"]) {
    const svg = await Deno.readTextFile(`${out}/a/${f}`);
    assert.match(svg, /^<svg/, f);
    assert.match(svg, /without pretraining/, f);
  }
  for (const f of ["examples", "sigmoid-class0", "sigmoid-class1", "factored-wx"]) {
    const png = await Deno.readFile(`${out}/a/figure9-rectangles-${f}.png`);
    assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71], f); // "PNG"
  }
  const meta = JSON.parse(await Deno.readTextFile(`${out}/a/metadata.json`));
  assert.equal(meta.preset, "smoke");
  assert.deepEqual(meta.extra.sets, [...sets]);
  assert.deepEqual(meta.extra.tables, [1, 3, 4]);
  assert.equal(meta.extra.data[0].sizes.train, 300);
  assert.match(meta.extra.data[0].source, /^generated/);
  // the second run finds every model and baseline in the checkpoint folder and trains nothing
  const b = await runScript("energy_benchmarks", args("b"));
  assert.equal(b.code, 0, b.stderr);
  assert.doesNotMatch(b.stderr, /epoch 1\/\d+ /, "nothing trained again");
  const strip = (rs: Record<string, unknown>[]) => rs.map(({ seconds: _, ...r }) => r);
  for (const t of ["baselines", "table1", "table3", "table4"]) {
    assert.deepEqual(
      strip(await readResultsCsv(`${out}/b/${t}.csv`)),
      strip(await readResultsCsv(`${out}/a/${t}.csv`)),
      t,
    );
  }
});

Deno.test("repro:energy-benchmarks --baselines-only --background-rule max runs the baselines of the other set", async () => {
  const out = await Deno.makeTempDir();
  const args = (rule: string) => [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--sets",
    "mnist-back-rand",
    "--baselines-only",
    "--background-rule",
    rule,
    "--checkpoints",
    `${out}/ckpt`,
    "--out",
    `${out}/${rule}`,
  ];
  const results: Record<string, unknown>[] = [];
  for (const rule of ["replace", "max"]) {
    const r = await runScript("energy_benchmarks", args(rule));
    assert.equal(r.code, 0, r.stderr);
    const rows = await readResultsCsv(`${out}/${rule}/baselines.csv`);
    assert.deepEqual(rows.map((r) => r.row), ["mnist-back-rand"]);
    results.push(rows[0]);
    // no CSAE table is made
    await assert.rejects(() => Deno.stat(`${out}/${rule}/table1.csv`));
    const meta = JSON.parse(await Deno.readTextFile(`${out}/${rule}/metadata.json`));
    assert.equal(meta.extra.backgroundRule, rule);
    assert.match(meta.extra.data[0].source, new RegExp(`background rule ${rule}`));
  }
  // the max rule's set is another set: its baselines are computed, not read from the replace
  // rule's cache (the same checkpoint folder)
  assert.notDeepEqual(
    [results[0].ours, results[0].mlp, results[0].svmValidation],
    [results[1].ours, results[1].mlp, results[1].svmValidation],
  );
  const both = await runScript("energy_benchmarks", [...args("max"), "--tables", "1"]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--baselines-only makes no table/);
  // --skip-svm: the other two baselines (from the cache), no SVM, the order by the lower of them
  const noSvm = [...args("max").slice(0, -1), `${out}/no-svm`, "--skip-svm"];
  const r = await runScript("energy_benchmarks", noSvm);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /SVM-RBF C/, "no SVM fit");
  const [row] = await readResultsCsv(`${out}/no-svm/baselines.csv`);
  assert.equal(row.svm, null);
  assert.deepEqual([row.ours, row.mlp], [results[1].ours, results[1].mlp]);
  assert.match(
    await Deno.readTextFile(`${out}/no-svm/baselines.md`),
    /lower of our logistic regression and MLP/,
  );
  const meta = JSON.parse(await Deno.readTextFile(`${out}/no-svm/metadata.json`));
  assert.equal(meta.extra.config.baseline.svm, null);
  assert.doesNotMatch(String(row.dbn1Setting), /sampled/);
  // --dbn1-sample-data: another DBN-1, never the cached one of the grey levels
  const sampled = [...args("max").slice(0, -1), `${out}/sampled`, "--skip-svm"];
  const s = await runScript("energy_benchmarks", [...sampled, "--dbn1-sample-data"]);
  assert.equal(s.code, 0, s.stderr);
  const [sRow] = await readResultsCsv(`${out}/sampled/baselines.csv`);
  assert.match(String(sRow.dbn1Setting), /at 0\.01 on visibles sampled from the grey levels;/);
  assert.deepEqual([sRow.ours, sRow.mlp], [results[1].ours, results[1].mlp]);
  const sMeta = JSON.parse(await Deno.readTextFile(`${out}/sampled/metadata.json`));
  assert.equal(sMeta.extra.config.baseline.dbn1.sampleData, true);
  assert.equal("sampleData" in meta.extra.config.baseline.dbn1, false);
});

Deno.test("repro:energy-benchmarks refuses unknown sets and tables with exit code 2", async () => {
  const bad = await runScript("energy_benchmarks", [
    "--preset",
    "smoke",
    "--sets",
    "mnist-rot,mnist",
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--sets: unknown mnist; use rectangles,/);
  const table = await runScript("energy_benchmarks", ["--preset", "smoke", "--tables", "2"]);
  assert.equal(table.code, 2);
  assert.match(table.stderr, /--tables: unknown 2; use 1,3,4,5/);
  for (const [flag, value] of [["--l2", "0,x"], ["--hidden", "100.5"], ["--lr", "0"]]) {
    const grid = await runScript("energy_benchmarks", ["--preset", "smoke", flag, value]);
    assert.equal(grid.code, 2, `${flag} ${value}`);
    assert.match(grid.stderr, new RegExp(`${flag} must`));
  }
});

Deno.test("the grid flags replace the preset's grids and leave the rest", () => {
  const base = BENCHMARK_PRESETS.quick.energy;
  const c = withGridFlags(base, { hidden: "200,300", contraction: "1", l2: "0,1e-4", lr: "0.3" });
  assert.deepEqual(c.hidden, [200, 300]);
  assert.deepEqual(c.factors, [200, 300]);
  assert.deepEqual(c.contraction, [1]);
  assert.deepEqual(c.fineTune.l2, [0, 1e-4]);
  assert.deepEqual(c.fineTune.learningRate, [0.3]);
  assert.deepEqual(c.fineTune.factoredLearningRate, base.fineTune.factoredLearningRate);
  assert.deepEqual(
    withGridFlags(base, { "lr-factored": "0.001,0.003" }).fineTune.factoredLearningRate,
    [0.001, 0.003],
  );
  assert.throws(() => withGridFlags(base, { "lr-factored": "0" }), /--lr-factored/);
  assert.deepEqual(c.corruption, base.corruption);
  assert.equal(c.fineTune.epochs, base.fineTune.epochs);
  assert.equal(c.pretrain.normalizeFilters, false);
  assert.deepEqual(withGridFlags(base, {}), base);
  const normalized = withGridFlags(base, { "normalize-filters": "true" });
  assert.equal(normalized.pretrain.normalizeFilters, true);
  assert.equal(normalized.pretrain.epochs, base.pretrain.epochs);
  assert.equal(base.pretrain.output, "linear");
  const binary = withGridFlags(base, { "pretrain-output": "sigmoid" });
  assert.equal(binary.pretrain.output, "sigmoid");
  assert.equal(binary.pretrain.normalizeFilters, false);
  assert.throws(
    () => withGridFlags(base, { "pretrain-output": "softmax" }),
    /--pretrain-output must be linear or sigmoid, got "softmax"/,
  );
  const longer = withGridFlags(base, { "pretrain-epochs": "50" });
  assert.equal(longer.pretrain.epochs, 50);
  assert.equal(longer.pretrain.factoredEpochs, base.pretrain.factoredEpochs);
  assert.throws(() => withGridFlags(base, { "pretrain-epochs": "2.5" }), /--pretrain-epochs/);
  const factored = withGridFlags(base, { "factored-pretrain-epochs": "40" });
  assert.deepEqual(
    [factored.pretrain.factoredEpochs, factored.pretrain.epochs],
    [40, base.pretrain.epochs],
  );
  assert.throws(
    () => withGridFlags(base, { "factored-pretrain-epochs": "0" }),
    /--factored-pretrain-epochs must be an integer >= 1/,
  );
  assert.equal("constantNorm" in base.fineTune, false);
  assert.equal("constantNorm" in withGridFlags(base, {}).fineTune, false, "absent unless asked");
  const constant = withGridFlags(base, { "constant-norm": "true" });
  assert.equal(constant.fineTune.constantNorm, true);
  assert.equal(constant.pretrain.normalizeFilters, false, "fine-tuning only");
  assert.equal("lrDecay" in withGridFlags(base, {}).fineTune, false, "absent unless asked");
  const decayed = withGridFlags(base, { "lr-decay": "0.5" });
  assert.equal(decayed.fineTune.lrDecay, 0.5);
  assert.deepEqual(decayed.fineTune.learningRate, base.fineTune.learningRate);
  assert.throws(() => withGridFlags(base, { "lr-decay": "0.5,1" }), /--lr-decay takes one value/);
  assert.throws(() => withGridFlags(base, { "lr-decay": "-1" }), /--lr-decay/);
  assert.equal("centreConstants" in withGridFlags(base, {}).fineTune, false, "absent unless asked");
  assert.equal(withGridFlags(base, { "centre-constants": "true" }).fineTune.centreConstants, true);
  assert.equal(withGridFlags(base, {}).pretrain.rateWidth, base.pretrain.rateWidth);
  assert.equal(withGridFlags(base, { "pretrain-rate-width": "100" }).pretrain.rateWidth, 100);
  assert.throws(() => withGridFlags(base, { "pretrain-rate-width": "0" }), /--pretrain-rate-width/);
});

Deno.test("two-class sets get two-class models; the tables choose each set's models", () => {
  const convex = benchmarkEnergyConfig("convex", BENCHMARK_PRESETS.quick);
  assert.equal(convex.classes, 2);
  assert.deepEqual(convex.sizes, { train: 6000, validation: 2000, test: 10000 });
  assert.equal(benchmarkEnergyConfig("mnist-rot", BENCHMARK_PRESETS.paper).classes, 10);
  // quick: one setting per model; paper: Table 2's grid (4 hidden x 3 contraction x 3 lr x 3 l2)
  const sigmoid = ENERGY_PAPER_TABLE2.find((r) => r.id === "csae-sigmoid")!;
  assert.equal(candidates(sigmoid, convex).length, 1);
  assert.equal(
    candidates(sigmoid, benchmarkEnergyConfig("convex", BENCHMARK_PRESETS.paper)).length,
    108,
  );
  assert.deepEqual(modelsNeeded("convex", [1]), [], "convex is not in Table 1");
  assert.deepEqual(modelsNeeded("mnist-rot", [1, 5]), [
    "csae-linear",
    "csae-sigmoid",
    "factored-sigmoid",
    "nopretrain-linear",
    "rbm",
  ]);
  assert.deepEqual(modelsNeeded("mnist-rot", [1, 3]), [
    "csae-linear",
    "csae-modulus",
    "csae-sigmoid",
    "factored-sigmoid",
    "nopretrain-linear",
    "nopretrain-sigmoid",
    "nopretrain-factored-sigmoid",
  ]);
  assert.deepEqual(modelsNeeded("convex", [3]).filter((id) => id.startsWith("nopretrain")), []);
  assert.equal(BENCHMARK_PAPER_TABLE5.convex.csae, 21.52);
  const order = difficultyOrder([
    { set: "mnist-rot-back-image", best: 0.5 },
    { set: "rectangles", best: 0.1 },
    { set: "mnist-rot", best: 0.2 },
  ]);
  assert.deepEqual(order.svmRanks, [3, 1, 2]);
  assert.equal(order.matches, true);
});

Deno.test("repro:energy-benchmarks --recipe 2 generates the sets that have it, and names it", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript("energy_benchmarks", [
    ...["--preset", "smoke", "--backend", "wasm", "--baselines-only", "--skip-svm"],
    ...["--sets", "mnist-small,mnist-back-image", "--recipe", "2"],
    ...["--checkpoints", `${out}/ckpt`, "--out", `${out}/r2`],
  ]);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/r2/metadata.json`));
  assert.equal(meta.extra.recipe, 2);
  const sources = meta.extra.data.map((d: { source: string }) => d.source);
  // mnist-small has one recipe and keeps it; mnist-back-image takes the stretched patches
  assert.match(sources[0], /recipe r1/);
  assert.match(sources[1], /recipe r2/);
  const none = await runScript("energy_benchmarks", [
    ...["--preset", "smoke", "--sets", "convex,rectangles", "--recipe", "2"],
  ]);
  assert.equal(none.code, 2);
  assert.match(
    none.stderr,
    /--recipe 2: none of the sets asked for has it; mnist-back-image, mnist-rot-back-image do/,
  );
});

/** The pretraining, fine-tuning and RBM epochs a set gets under `config`. */
function phaseEpochs(config: typeof BENCHMARK_PRESETS.quick) {
  return (set: "rectangles" | "convex" | "mnist-rot") => {
    const c = benchmarkEnergyConfig(set, config);
    return [c.pretrain.epochs, c.fineTune.epochs, c.rbm.epochs];
  };
}

Deno.test("quick gives the small sets the MNIST variants' number of updates", () => {
  const epochs = phaseEpochs(BENCHMARK_PRESETS.quick);
  // 1,000 rows: 10 minibatches an epoch, so 100 epochs; 6,000 rows: 60, so 20; 10,000: 10
  assert.deepEqual(epochs("rectangles"), [100, 100, 100]);
  assert.deepEqual(epochs("convex"), [20, 20, 20]);
  assert.deepEqual(epochs("mnist-rot"), [10, 10, 10]);
  // smoke and paper keep their epochs on every set
  assert.equal(benchmarkEnergyConfig("rectangles", BENCHMARK_PRESETS.smoke).fineTune.epochs, 2);
});

Deno.test("longer fine-tuning leaves the classification RBM its own number of updates", () => {
  const q = BENCHMARK_PRESETS.quick;
  const e40 = { ...q, energy: { ...q.energy, fineTune: { ...q.energy.fineTune, epochs: 40 } } };
  const epochs = phaseEpochs(e40);
  // rectangles fine-tunes 400 updates a run, so x3 (and the pretraining with it), while the
  // RBM's 10 epochs are 100 updates, so x10 as in the quick preset
  assert.deepEqual(epochs("rectangles"), [30, 120, 100]);
  assert.deepEqual(epochs("convex"), [10, 40, 20]);
  assert.deepEqual(epochs("mnist-rot"), [10, 40, 10]);
});

Deno.test("a model whose every setting diverged runs again at a third of its rates", async () => {
  const base = benchmarkEnergyConfig("convex", BENCHMARK_PRESETS.quick);
  const seen: number[] = [];
  const result = (testError: number, note?: string) => ({
    id: "csae-linear",
    testError,
    trainError: testError,
    validationError: testError,
    epochs: 1,
    candidates: 1,
    setting: { hidden: 100, learningRate: 0 },
    retrained: false,
    seconds: 0,
    ...(note ? { note } : {}),
  });
  // diverges unless the pretraining rate is at most 0.0011
  const r = await withLowerRates((c) => {
    seen.push(c.pretrain.learningRate.default);
    return Promise.resolve(
      c.pretrain.learningRate.default > 0.0011 ? result(NaN, "diverged: NaN") : result(0.2),
    );
  }, base);
  assert.deepEqual(seen, [0.003, 0.001]);
  assert.equal(r.testError, 0.2);
  assert.match(r.note!, /^every rate divided by 3 after the preset's diverged \(diverged: NaN\)/);
  // every rate is scaled, the rest of the config kept
  const s = scaleRates(base, 0.5);
  assert.deepEqual(s.fineTune.learningRate, base.fineTune.learningRate.map((v) => v / 2));
  assert.equal(s.pretrain.learningRate.sigmoid, base.pretrain.learningRate.sigmoid! / 2);
  assert.equal(s.rbm.learningRate.hybrid, base.rbm.learningRate.hybrid / 2);
  assert.equal(s.fineTune.epochs, base.fineTune.epochs);
  // a model that never stops diverging is tried 3 times and keeps NaN, with the reason
  seen.length = 0;
  const never = await withLowerRates((c) => {
    seen.push(c.pretrain.learningRate.default);
    return Promise.resolve(result(NaN, "diverged"));
  }, base);
  assert.equal(seen.length, 3);
  assert.ok(Number.isNaN(never.testError));
  assert.match(never.note!, /divided by 9/);
});

Deno.test("benchmarkDataTag: another recipe, background rule or source never shares a name", () => {
  const generated = { kind: "generated" as const, seed: 0, cacheFile: null, cache: "off" as const };
  const tags = [
    benchmarkDataTag("convex", { ...generated, recipe: 1, backgroundRule: null }),
    benchmarkDataTag("convex", { ...generated, recipe: 2, backgroundRule: null }),
    benchmarkDataTag("mnist-back-rand", { ...generated, recipe: 1, backgroundRule: "replace" }),
    benchmarkDataTag("mnist-back-rand", { ...generated, recipe: 1, backgroundRule: "max" }),
    benchmarkDataTag("mnist-back-rand", { ...generated, recipe: 2, backgroundRule: "max" }),
    benchmarkDataTag("mnist-back-rand", {
      kind: "original",
      dir: "/data",
      from: "the dir option",
      trainFile: "mnist_background_random_train.amat",
      testFile: "mnist_background_random_test.amat",
      transposed: true,
    }),
  ];
  // recipe 1 keeps the names runs had before recipes were versioned
  assert.deepEqual(tags, [
    "convex",
    "convex-r2",
    "mnist-back-rand",
    "mnist-back-rand-max",
    "mnist-back-rand-r2-max",
    "mnist-back-rand-original",
  ]);
});
