import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { linearProbe } from "../lib/eval/probe.ts";
import { readResultsCsv } from "../lib/io/table.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import {
  IDAE_PAPER_TABLE1A,
  IDAE_PAPER_TABLE1B,
  IDAE_PRESETS,
  idaeCheckpointPath,
  type IdaeConfig,
  idaeConfig,
  type IdaeEvaluation,
  idaeEvaluationPath,
  type IdaeModelResult,
  type IdaeModelSpec,
  idaeModelSpecs,
  idaeReproduction,
  idaeSplits,
  trainIdae,
  validateIdaeConfig,
  walkbackErrors,
} from "../repro/idae/mod.ts";
import {
  bestModel,
  idaePixelTable,
  idaeTable1a,
  idaeTable1b,
  meanAndSpread,
} from "../repro/idae/tables.ts";
import { estimateIdaeSeconds } from "../repro/idae/timing.ts";
import { selectFigure4Samples, selectFigure6Samples } from "../repro/idae/figures.ts";
import { sensitiveColour, tileImages } from "../repro/idae/tiles.ts";
import { readCheckpoint } from "../lib/train/checkpoint.ts";
import { runScript, runSmoke } from "./test_helpers.ts";

await useBackend("wasm");

const spec = (over: Partial<IdaeModelSpec> = {}): IdaeModelSpec => ({
  k: 1,
  sigma: 0.3,
  epochs: 5,
  annealingRate: 0.99,
  paperEpochs: 250,
  seed: 1,
  ...over,
});
const evaluation = (over: Partial<IdaeEvaluation> = {}): IdaeEvaluation => ({
  accTrain: 0.9,
  accValidation: 0.9,
  accTest: 0.9,
  mseWbTrain: 12,
  mseWbTest: 13,
  mseTest: 11,
  exTrain: 10,
  exTest: 4,
  trainRows: 10000,
  testRows: 10000,
  iterationsTrain: 100,
  iterationsTest: 100,
  stoppedByRuleTest: true,
  convergedTest: 0.8,
  pixels: { black: 0.7, white: 0.1 },
  testPredictions: [],
  seconds: 1,
  sampleIterationsPerSecond: 50000,
  ...over,
});
const result = (s: Partial<IdaeModelSpec>, e: Partial<IdaeEvaluation> | null): IdaeModelResult => ({
  spec: spec(s),
  trainSeconds: 2,
  finalLoss: 12,
  evaluation: e ? evaluation(e) : null,
});
const ctx = { paper: true, preset: "quick", backend: "wasm" };

Deno.test("the paper preset holds the settings of Sec. 5.2-5.4", () => {
  const p = IDAE_PRESETS.paper;
  assert.equal(p.hidden, 500);
  assert.equal(p.batchSize, 20);
  assert.equal(p.learningRate, 0.1);
  assert.equal(p.seeds, 5);
  assert.deepEqual(p.table1a.ks, [1, 2, 3]);
  assert.deepEqual(p.table1a.sigmas, [0.3, 0.5, 0.7]);
  assert.deepEqual(p.table1b.ks, [4, 5]);
  assert.deepEqual(p.table1b.sigmas, [0.7]);
  assert.deepEqual(
    p.table1b.runs.map((r) => [r.epochs, r.annealingRate]),
    [[100, 0.99], [100, 0.999], [250, 0.99], [250, 0.999]],
  );
  for (const r of [...p.table1a.runs, ...p.table1b.runs]) {
    assert.ok([100, 250, 500].includes(r.epochs) && [0.99, 0.999].includes(r.annealingRate));
  }
  assert.equal(p.iteration.tolerance, 1e-4);
  assert.equal(p.iteration.convergedFraction, 0.75);
  assert.deepEqual(p.figures.snapshots, [0, 1, 25, 500]);
  for (const name of ["smoke", "quick", "paper"] as const) validateIdaeConfig(IDAE_PRESETS[name]);
  // quick: every Table 1a cell and k = 4, 5 once, in the paper's rows
  const quick = idaeModelSpecs(IDAE_PRESETS.quick, 1);
  assert.equal(quick.length, 11);
  assert.ok(quick.every((s) => s.seed === 1 && s.paperEpochs === 250));
  // a copy, not the preset itself
  const c = idaeConfig("quick");
  c.table1a.ks.push(9);
  assert.deepEqual(IDAE_PRESETS.quick.table1a.ks, [1, 2, 3]);
});

Deno.test("a bad setting is refused with its name and the fix", () => {
  const base = idaeConfig("smoke");
  const bad = (change: (c: IdaeConfig) => void, pattern: RegExp) => {
    const c = structuredClone(base);
    change(c);
    assert.throws(() => validateIdaeConfig(c), pattern);
  };
  bad((c) => (c.table1a.ks = [0]), /table1a\.ks is 0: pass a whole number >= 1/);
  bad((c) => (c.table1a.ks = []), /table1a\.ks is \[\]: pass at least one walkback step count/);
  bad((c) => (c.table1b.sigmas = [-0.1]), /table1b\.sigmas is -0\.1: pass standard deviations/);
  bad(
    (c) => (c.table1a.runs[0].annealingRate = 1.5),
    /annealingRate is 1\.5: pass an annealing rate in \(0, 1\]/,
  );
  bad((c) => (c.table1b.runs[0].epochs = 2.5), /epochs is 2\.5/);
  bad((c) => (c.iteration.convergedFraction = 2), /iteration\.convergedFraction is 2/);
  bad((c) => (c.figures.snapshots = [0, 25, 1]), /figures\.snapshots .*increasing/);
  bad((c) => (c.evaluation.trainRows = 0), /evaluation\.trainRows is 0/);
  bad((c) => (c.learningRate = 0), /learningRate is 0: pass a positive rate/);
});

Deno.test("every model is listed once per seed, Table 1a's first", () => {
  const c = idaeConfig("smoke");
  c.seeds = 3;
  c.table1b = { ks: [3, 4], sigmas: [0.7], runs: c.table1a.runs }; // k = 3, sigma 0.7 is in both
  const specs = idaeModelSpecs(c, 7);
  assert.equal(specs.length, 3 * (9 + 1));
  assert.deepEqual(specs.slice(0, 3).map((s) => [s.k, s.sigma, s.seed]), [
    [1, 0.3, 7],
    [1, 0.3, 8],
    [
      1,
      0.3,
      9,
    ],
  ]);
  assert.deepEqual(specs.at(-1), {
    k: 4,
    sigma: 0.7,
    epochs: 1,
    annealingRate: 0.99,
    paperEpochs: 250,
    seed: 9,
  });
});

Deno.test("mean and sample standard deviation over seeds", () => {
  assert.deepEqual(meanAndSpread([]), { mean: NaN, sd: null, n: 0 });
  assert.deepEqual(meanAndSpread([0.5]), { mean: 0.5, sd: null, n: 1 });
  const m = meanAndSpread([0.8, 0.9, 1.0]);
  assert.ok(Math.abs(m.mean - 0.9) < 1e-12);
  assert.ok(Math.abs(m.sd! - 0.1) < 1e-12);
});

Deno.test("Table 1a: means and spreads over seeds beside the paper, counts scaled to its sets", () => {
  const grid = {
    ks: [1, 3],
    sigmas: [0.3, 0.7],
    runs: [{ epochs: 5, annealingRate: 0.99, paperEpochs: 250 }],
  };
  const rows = idaeTable1a(
    [
      result({ seed: 1 }, { accTest: 0.8, exTest: 3, testRows: 1000, exTrain: 2, trainRows: 5000 }),
      result({ seed: 2 }, { accTest: 0.9, exTest: 5, testRows: 1000, exTrain: 4, trainRows: 5000 }),
      result({ k: 3, sigma: 0.7 }, { accTest: 0.91 }),
      result({ k: 3, sigma: 0.7, seed: 2 }, null), // a diverged seed counts nowhere
      result({ k: 1, sigma: 0.3, epochs: 7 }, { accTest: 0.1 }), // another schedule: ignored
    ],
    grid,
    ctx,
  );
  assert.deepEqual(rows.map((r) => r.row), [
    "k = 1, σ = 0.3",
    "k = 1, σ = 0.7",
    "k = 3, σ = 0.3",
    "k = 3, σ = 0.7",
  ]);
  const [a, b, , d] = rows;
  assert.equal(a.paper, 0.823);
  assert.equal(a.paper_ex_test, 368.8);
  assert.ok(Math.abs((a.ours as number) - 0.85) < 1e-12);
  assert.ok(Math.abs((a.ours_sd as number) - Math.sqrt(0.005)) < 1e-12);
  assert.equal(a.ex_test, 40); // (3 + 5) / 2 per 1000 rows = 40 per 10,000
  assert.equal(a.ex_train, 30); // (2 + 4) / 2 per 5000 rows = 30 per 50,000
  assert.equal(a.seeds, "1 2");
  assert.equal(a.epochs, 5);
  assert.equal(b.ours, null);
  assert.equal(b.note, "not run in this preset");
  assert.equal(d.paper, 0.915);
  assert.equal(d.ours, 0.91);
  assert.equal(d.ours_sd, null);
  assert.equal(d.seeds, "1");
  // no paper values off MNIST
  const fashion = idaeTable1a([], grid, { ...ctx, paper: false });
  assert.ok(fashion.every((r) => r.paper === null && r.paper_ex_test === null));
  // the paper's nine cells, as printed
  assert.deepEqual(IDAE_PAPER_TABLE1A.map((r) => r.accTest), [
    0.823,
    0.859,
    0.822,
    0.858,
    0.899,
    0.893,
    0.866,
    0.909,
    0.915,
  ]);
});

Deno.test("Table 1b: the paper's rows, ours where run, raw pixels last", () => {
  const grid = {
    ks: [4, 5],
    sigmas: [0.7],
    runs: [{ epochs: 5, annealingRate: 0.999, paperEpochs: 250 }],
  };
  const rows = idaeTable1b(
    [
      result({ k: 5, sigma: 0.7, annealingRate: 0.999 }, { accTest: 0.93, mseWbTest: 13.5 }),
      result({ k: 5, sigma: 0.7, annealingRate: 0.999, seed: 2 }, {
        accTest: 0.95,
        mseWbTest: 14.5,
      }),
    ],
    grid,
    { accTrain: 0.95, accTest: 0.92 },
    ctx,
  );
  assert.equal(rows.length, 9);
  const winner = rows.find((r) => r.row === "k = 5, σ = 0.7, N = 250, α = 0.999")!;
  assert.equal(winner.paper, 0.932);
  assert.equal(winner.paper_mse_wb_test, 13.712);
  assert.equal(winner.paper_ex_test, 25.4);
  assert.ok(Math.abs((winner.ours as number) - 0.94) < 1e-12);
  assert.equal(winner.mse_wb_test, 14);
  assert.equal(winner.epochs, 5);
  const first = rows[0];
  assert.equal(first.row, "k = 4, σ = 0.7, N = 100, α = 0.99");
  assert.equal(first.paper, 0.925);
  assert.equal(first.ours, null);
  assert.equal(
    rows.find((r) => r.row === "k = 4, σ = 0.7, N = 250, α = 0.999")?.note,
    "not run in this preset",
  );
  const raw = rows.at(-1)!;
  assert.deepEqual([raw.row, raw.paper, raw.ours], [
    "Logistic regression on raw pixels",
    0.922,
    0.92,
  ]);
  // legible cells only: four rows have numbers, the best two at 0.932
  assert.equal(IDAE_PAPER_TABLE1B.filter((r) => r.accTest !== null).length, 4);
  // off MNIST only the rows run are listed
  const fashion = idaeTable1b([], grid, null, { ...ctx, paper: false });
  assert.deepEqual(fashion.map((r) => r.row), [
    "k = 4, σ = 0.7, N = 250, α = 0.999",
    "k = 5, σ = 0.7, N = 250, α = 0.999",
    "Logistic regression on raw pixels",
  ]);
});

Deno.test("pixel fractions in percent, k = 1 models by sigma, best model last", () => {
  const rs = [
    result({ sigma: 0.5 }, { pixels: { black: 0.6, white: 0.1 } }),
    result({ sigma: 0.5, seed: 2 }, { pixels: { black: 0.7, white: 0.1 } }),
    result({ k: 2, sigma: 0.5 }, { pixels: { black: 0.1, white: 0.1 } }),
  ];
  const rows = idaePixelTable(rs, { black: 0.8, white: 0.08 }, rs[2], ctx);
  assert.deepEqual(rows.map((r) => r.paper), [80.7, 8.1, 68.4, 8.9, null, null]);
  assert.ok(Math.abs((rows[2].ours as number) - 65) < 1e-9);
  assert.ok(Math.abs((rows[3].ours as number) - 10) < 1e-9);
  assert.match(rows[4].row as string, /best model \(k = 2, σ = 0.5, seed 1\): black/);
});

Deno.test("the best model has the highest test accuracy; estimates scale with the work", () => {
  const rs = [
    result({}, { accTest: 0.5 }),
    result({ seed: 2 }, { accTest: 0.7 }),
    result({}, null),
  ];
  assert.equal(bestModel(rs)?.spec.seed, 2);
  assert.equal(bestModel([]), null);
  const rates = { trainSecondsPerSampleStep: 1e-4, sampleIterationsPerSecond: 1e5, hidden: 500 };
  const rows = { train: 50000, validation: 10000, test: 10000 };
  const paper = estimateIdaeSeconds(IDAE_PRESETS.paper, rates, rows);
  // Table 1a: 5 seeds x 3 sigmas x (1 + 2 + 3) x 250 epochs; 1b: 5 x (4 + 5) x (100+100+250+250)
  assert.ok(Math.abs(paper.training - (5 * 3 * 6 * 250 + 5 * 9 * 700) * 50000 * 1e-4) < 1e-6);
  assert.ok(Math.abs(paper.iteration - (5 * (9 + 8) * 70000 * 1000) / 1e5) < 1e-6);
  // rates from 100-unit models count five times for 500 units
  const small = estimateIdaeSeconds(IDAE_PRESETS.paper, { ...rates, hidden: 100 }, rows);
  assert.ok(Math.abs(small.total - 5 * paper.total) < 1e-6);
});

Deno.test("the probe returns the chosen fit's test predictions when asked", async () => {
  const splits = await idaeSplits("mnist", {
    ...IDAE_PRESETS.smoke,
    sizes: { train: 500, validation: 100, test: 200 },
  });
  const options = { l2: [0], epochs: 3, learningRate: 0.01 };
  const r = await linearProbe(splits, { ...options, predictions: true });
  assert.equal(r.testPredictions?.length, 200);
  const wrong = r.testPredictions!.filter((p, i) => p !== splits.test.y[i]).length;
  assert.equal(wrong / 200, r.testError);
  assert.equal((await linearProbe(splits, options)).testPredictions, undefined);
});

Deno.test("walkbackErrors is the Eq. 8 loss with the training corruption", async () => {
  const x = uniformArray(randomStream(3, "idae-test"), 6 * 12);
  const data = { x, n: 6, features: 12 };
  for (const k of [1, 3]) {
    const dae = walkbackDae({ inputs: 12, hidden: 5, sigma: 0.5, walkbackK: k, seed: 2 });
    const e = await walkbackErrors(dae, data, { seed: 0 });
    const t = tf.tensor2d(x, [6, 12]);
    const loss = dae.loss({ x: t }, { training: true, seed: 0 });
    assert.ok(Math.abs(e.walkback - (await loss.data())[0]) < 1e-4, `k=${k}`);
    if (k === 1) assert.equal(e.walkback, e.firstStep);
    else assert.notEqual(e.walkback, e.firstStep);
    tf.dispose([t, loss]);
    dae.dispose();
  }
});

Deno.test("training anneals the rate by the annealing rate after each epoch, with plain SGD", async () => {
  const { train } = await idaeSplits("mnist", {
    ...IDAE_PRESETS.smoke,
    sizes: { train: 60, validation: 10, test: 10 },
  });
  const { model, result } = await trainIdae(
    train,
    spec({ k: 2, epochs: 3, annealingRate: 0.5 }),
    { hidden: 8, batchSize: 20, learningRate: 0.1 },
  );
  assert.deepEqual(result.history.map((h) => h.learningRate), [0.1, 0.05, 0.025]);
  assert.equal(result.optimizer, "sgd(momentum=0)");
  model.dispose();
});

Deno.test("figure samples follow the captions of Figures 4 and 6", () => {
  const labels = [8, 0, 0, 1, 1, 2, 3];
  const far = [[9, 9, 9, 9, 1, 9, 2], [9, 9, 9, 9, 9, 9, 9]];
  for (let seed = 0; seed < 5; seed++) {
    const s = selectFigure4Samples(labels, far, { first: 0, count: 3, minDistance: 5, seed });
    assert.equal(s.rows[0], 0);
    assert.equal(new Set(s.rows.map((i) => labels[i])).size, 4, "distinct classes");
    assert.ok(
      !s.rows.includes(4) && !s.rows.includes(6),
      "rows near their fixed point are left out",
    );
    assert.equal(s.relaxed, false);
  }
  const relaxed = selectFigure4Samples(labels, far, {
    first: 0,
    count: 5,
    minDistance: 5,
    seed: 1,
  });
  assert.equal(relaxed.rows.length, 6);
  assert.equal(relaxed.relaxed, true);
  const o = {
    x: new Float32Array([0, 0, 0, 0]),
    y: new Uint8Array([1, 1, 2, 3]),
    n: 4,
    features: 1,
  };
  const f = { x: new Float32Array([6, 1, 6, 6]), n: 4, features: 1 };
  const pick = selectFigure6Samples(o, f, [1, 1, 0, 3], { count: 5, minDistance: 5, seed: 1 });
  assert.deepEqual(pick.good.sort(), [0, 3]); // correct and moved at least 5
  assert.deepEqual(pick.bad, [2]);
});

Deno.test("image grids: the sensitive colours and the tile layout", () => {
  assert.deepEqual(sensitiveColour(0), [0, 0, 0]);
  assert.deepEqual(sensitiveColour(0.01), [0, 0, 51]); // nearly black shows blue
  assert.deepEqual(sensitiveColour(0.5), [128, 128, 128]);
  assert.deepEqual(sensitiveColour(0.96), [255, 204, 0]); // nearly white shows yellow-orange
  const img = tileImages([[{ values: [1, 1, 1, 1] }], [null, { values: [0, 0, 0, 0] }]], {
    shape: [2, 2],
    scale: 1,
    padding: 1,
    background: 7,
  });
  assert.equal(img.width, 7);
  assert.equal(img.height, 7);
  const at = (x: number, y: number) => img.pixels[3 * (y * img.width + x)];
  assert.equal(at(0, 0), 7);
  assert.equal(at(1, 1), 255);
  assert.equal(at(4, 4), 0);
  assert.equal(at(1, 4), 7); // the empty cell keeps the background
  assert.throws(
    () => tileImages([[{ values: [1, 2, 3] }]], { shape: [2, 2] }),
    /3 values, not 2x2/,
  );
});

/** Two tiny models (k = 1 and k = 2), one seed, a few hundred digits: a whole run in seconds. */
function tinyReproConfig(): IdaeConfig {
  const s = IDAE_PRESETS.smoke;
  return {
    ...s,
    hidden: 16,
    seeds: 1,
    sizes: { train: 200, validation: 50, test: 60 },
    table1a: { ...s.table1a, ks: [1], sigmas: [0.5] },
    table1b: { ...s.table1b, ks: [2] },
    figures: { ...s.figures, snapshots: [0, 1, 3], candidates: 20, trajectory: 5 },
  };
}

Deno.test("an interrupted reproduction resumes from its checkpoints and cached evaluations", async () => {
  const dir = await Deno.makeTempDir();
  const config = tinyReproConfig();
  const splits = await idaeSplits("mnist", config);
  const lines: string[] = [];
  const options = {
    dataset: "mnist",
    preset: "smoke",
    backend: "wasm",
    checkpointDir: dir,
    log: (l: string) => lines.push(l),
  };
  const a = await idaeReproduction(splits, config, options);
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 0);
  const b = await idaeReproduction(splits, config, options);
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 2);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(strip(b.table1a), strip(a.table1a));
  assert.deepEqual(strip(b.table1b), strip(a.table1b));
  assert.deepEqual(a.figures.map((f) => f.name), [
    "figure3",
    "figure4",
    "figure5-accuracy",
    "figure5-explosions",
    "figure6",
    "figure7-steps5",
    "figure7-distance",
  ]);
  // the cached run redraws Figure 6 from the recomputed fixed points: the same image
  const png = (r: typeof a) => r.figures.find((f) => f.name === "figure6")?.content;
  assert.deepEqual(png(b), png(a));
});

Deno.test("finishedOnly trains nothing and tables only the finished models", async () => {
  const dir = await Deno.makeTempDir();
  const config = tinyReproConfig();
  const splits = await idaeSplits("mnist", config);
  const options = { dataset: "mnist", preset: "smoke", backend: "wasm", checkpointDir: dir };
  const none = await idaeReproduction(splits, config, { ...options, finishedOnly: true });
  assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing was trained or written");
  assert.deepEqual(none.results.map((r) => r.evaluation), [null, null]);
  assert.equal(none.table1a[0].ours, null);
  assert.match(String(none.table1a[0].note), /seed 1: not finished: 0 of 1 epochs trained/);
  const full = await idaeReproduction(splits, config, options);
  const lines: string[] = [];
  const again = await idaeReproduction(splits, config, {
    ...options,
    finishedOnly: true,
    log: (l) => lines.push(l),
  });
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 2);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(strip(again.table1a), strip(full.table1a));
  await assert.rejects(
    idaeReproduction(splits, config, { ...options, checkpointDir: undefined, finishedOnly: true }),
    /finishedOnly reads the finished models from checkpointDir/,
  );
});

Deno.test("a longer model starts from the grid's finished shorter one, with the same numbers", async () => {
  const dir = await Deno.makeTempDir();
  const base = tinyReproConfig();
  const config: IdaeConfig = {
    ...base,
    table1b: {
      ...base.table1b,
      runs: [{ epochs: 1, annealingRate: 0.9, paperEpochs: 100 }, {
        epochs: 3,
        annealingRate: 0.9,
        paperEpochs: 250,
      }],
    },
  };
  const splits = await idaeSplits("mnist", config);
  const lines: string[] = [];
  await idaeReproduction(splits, config, {
    dataset: "mnist",
    preset: "smoke",
    backend: "wasm",
    checkpointDir: dir,
    log: (l) => lines.push(l),
  });
  assert.ok(
    lines.includes("  starts from the finished 1-epoch model k2-sigma0.7-N1of100-a0.9-seed1"),
    lines.join("\n"),
  );
  const long = idaeModelSpecs(config, 1).find((s) => s.epochs === 3)!;
  const ck = await readCheckpoint(idaeCheckpointPath(dir, long, config, "mnist"));
  assert.equal(ck?.meta.epoch, 2);
  // the same model trained from scratch for 3 epochs
  const { model } = await trainIdae(splits.train, long, config);
  for (const [name, v] of Object.entries(model.params)) {
    assert.deepEqual(ck!.arrays[`param:${name}`].data, v.dataSync(), name);
  }
  model.dispose();
});

Deno.test("only trains the models named and uses the others when finished", async () => {
  const dir = await Deno.makeTempDir();
  const config = tinyReproConfig(); // models k1-sigma0.5-... and k2-sigma0.7-...
  const splits = await idaeSplits("mnist", config);
  const options = { dataset: "mnist", preset: "smoke", backend: "wasm", checkpointDir: dir };
  const second = await idaeReproduction(splits, config, { ...options, only: ["k2"] });
  const files = () => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.ok(
    files().length > 0 && files().every((f) => f.startsWith("idae-mnist-k2-")),
    files().join(),
  );
  assert.equal(second.results[0].evaluation, null);
  assert.match(String(second.results[0].note), /not finished: 0 of 1 epochs trained/);
  assert.ok(second.results[1].evaluation!.accTest > 0);
  // the other process's part: trains k1, and reads k2's finished model and evaluation
  const lines: string[] = [];
  const first = await idaeReproduction(splits, config, {
    ...options,
    only: ["k1-sigma0.5"],
    log: (l) => lines.push(l),
  });
  assert.ok(first.results.every((r) => r.evaluation !== null));
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 1);
  assert.deepEqual(first.results[1].evaluation, second.results[1].evaluation);
  await assert.rejects(
    idaeReproduction(splits, config, { ...options, only: ["k1-sigma0.7"] }),
    /only: k1-sigma0.7 names no model of this grid; its models are k1-sigma0.5-N1of250/,
  );
  await assert.rejects(
    idaeReproduction(splits, config, { ...options, checkpointDir: undefined, only: ["k1"] }),
    /only leaves the other models to other processes/,
  );
  const bad = await runScript("idae", ["--preset", "smoke", "--only", "k9"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--only k9: k9 names no model of this grid; its models: k1-sigma0.3/);
});

Deno.test("repro:idae --preset smoke writes every table, figure and the metadata", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke("idae", out, ["--backend", "wasm", "--max-iterations", "20"], {
    XDG_RUNTIME_DIR: "/tmp",
  });
  assert.equal(r.code, 0, r.stderr);
  const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  for (
    const f of [
      "table1a.md",
      "table1a.csv",
      "table1b.md",
      "table1b.csv",
      "pixels.md",
      "pixels.csv",
      "models.csv",
      "figure3.png",
      "figure4.png",
      "figure5-accuracy.svg",
      "figure5-explosions.svg",
      "figure6.png",
      "figure7-steps20.svg",
      "figure7-distance.svg",
      "metadata.json",
    ]
  ) assert.ok(files.includes(f), `${f} missing: ${files}`);
  for (const f of files.filter((f) => f.endsWith(".png"))) {
    assert.deepEqual([...(await Deno.readFile(`${out}/${f}`)).subarray(1, 4)], [80, 78, 71], f);
  }
  for (const f of files.filter((f) => f.endsWith(".svg"))) {
    assert.match(await Deno.readTextFile(`${out}/${f}`), /^<svg/, f);
  }
  const t1a = await readResultsCsv(`${out}/table1a.csv`);
  assert.equal(t1a.length, 9);
  for (const row of t1a) {
    assert.ok((row.ours as number) >= 0 && (row.ours as number) <= 1, JSON.stringify(row));
    assert.equal(typeof row.ours_sd, "number", "two seeds give a spread");
    assert.ok((row.ex_test as number) >= 0 && (row.mse_wb_test as number) > 0);
    assert.equal(row.seeds, "1 2");
    assert.ok((row.iterations as number) <= 20, "--max-iterations caps the iteration");
  }
  assert.equal(t1a[8].paper, 0.915);
  const t1b = await readResultsCsv(`${out}/table1b.csv`);
  assert.equal(t1b.at(-1)?.row, "Logistic regression on raw pixels");
  assert.ok((t1b.at(-1)?.ours as number) > 0.5, "logistic regression on pixels learns");
  assert.equal(t1b.filter((r) => typeof r.ours === "number").length, 3);
  const pixels = await readResultsCsv(`${out}/pixels.csv`);
  assert.deepEqual(pixels.slice(0, 2).map((r) => r.paper), [80.7, 8.1]);
  assert.ok((pixels[0].ours as number) > 70, "most pixels of a digit are black");
  const md = await Deno.readTextFile(`${out}/table1a.md`);
  assert.match(
    md,
    /every pixel is below 0\.5 and whose pixel standard deviation is below 0\.1; a blank/,
  );
  assert.match(md, /after 20 iterations/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.equal(meta.preset, "smoke");
  assert.equal(meta.backend, "wasm");
  assert.equal(meta.extra.config.iteration.maxIterations, 20);
  assert.deepEqual(meta.extra.seeds, [1, 2]);
  assert.ok(meta.extra.timing.trainSecondsPerSampleStep > 0);
  assert.ok(meta.extra.timing.estimates.quick.total > 0);
  assert.equal(meta.extra.figures.length, files.filter((f) => /\.(png|svg)$/.test(f)).length);
  // repro:idae-seeds reads the grid's models.csv back: the same means and spreads as Table 1a
  const noTrends = await Deno.makeTempDir();
  const seedsRun = await runScript("idae_seeds", [
    ...["--preset", "smoke", "--backend", "wasm", "--out", out, "--trends", noTrends],
  ], { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(seedsRun.code, 0, seedsRun.stderr);
  const seeds = await readResultsCsv(`${out}/seeds.csv`, { text: ["row", "seeds", "per_seed"] });
  assert.equal(seeds.length, 9 + 2, "Table 1a's cells and the k = 4, 5 models");
  for (const [i, row] of t1a.entries()) {
    assert.equal(seeds[i].n, 2);
    assert.equal(seeds[i].seeds, "1 2");
    for (const [a, b] of [["ours", "ours"], ["ours_sd", "ours_sd"], ["ex_test", "ex_test"]]) {
      assert.ok(Math.abs((seeds[i][a] as number) - (row[b] as number)) < 1e-9, `${i} ${a}`);
    }
  }
  const badSeeds = await runScript("idae_seeds", [
    ...["--preset", "smoke", "--backend", "wasm", "--out", noTrends],
  ]);
  assert.equal(badSeeds.code, 1);
  assert.match(badSeeds.stderr, /no .*models\.csv: name the grid's results folder/);
  // --seeds 1 --finished: the tables of the first seed's models, read back, nothing trained
  const one = await runScript("idae", [
    ...["--preset", "smoke", "--backend", "wasm", "--max-iterations", "20", "--seeds", "1"],
    ...["--finished", "--out", `${out}/one`, "--checkpoints", `${out}/ckpt`],
  ], { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(one.code, 0, one.stderr);
  assert.match(r.stderr, /epoch \d+\/\d+/, "the first run trained");
  assert.doesNotMatch(one.stderr, /epoch \d+\/\d+/, "no epoch was trained");
  assert.equal(one.stderr.match(/evaluation read from/g)?.length, 11);
  const metaOne = JSON.parse(await Deno.readTextFile(`${out}/one/metadata.json`));
  assert.equal(metaOne.extra.finishedOnly, true);
  assert.equal(meta.extra.finishedOnly, false);
  const t1aOne = await readResultsCsv(`${out}/one/table1a.csv`);
  assert.deepEqual(t1aOne.map((r) => [r.seeds, r.note]), t1a.map(() => [1, null]));

  // repro:idae-explosions profiles the same grid's finished models without training any
  const exFlags = ["--backend", "wasm", "--max-iterations", "20", "--seeds", "1"];
  const exRun = (dir: string, flags: string[] = [], ckpt = `${out}/ckpt`) =>
    runScript("idae_explosions", [
      ...["--preset", "smoke", ...exFlags, ...flags, "--out", `${out}/${dir}`],
      ...["--checkpoints", ckpt],
    ], { XDG_RUNTIME_DIR: "/tmp" });
  const ex = await exRun("ex");
  assert.equal(ex.code, 0, ex.stderr);
  assert.doesNotMatch(ex.stderr, /epoch \d+\/\d+/, "no epoch was trained");
  const exRows = await readResultsCsv(`${out}/ex/explosions.csv`);
  assert.equal(exRows.length, 11, "every model of the first seed");
  for (const row of exRows) {
    assert.equal(row.note ?? null, null, JSON.stringify(row));
    assert.equal(row.test_rows, 300);
    assert.equal(row.ours, row.ex_test_evaluated, "the evaluation's iteration, the same count");
    assert.equal((row.gray as number) + (row.blank as number), row.ours);
    const byClass = Object.keys(row).filter((c) => /^ex_\d$/.test(c));
    assert.equal(byClass.length, 10);
    assert.equal(byClass.reduce((a, c) => a + (row[c] as number), 0), row.ours);
    assert.ok((row.main_rows as number) <= (row.ours as number));
  }
  assert.equal(exRows[8].paper, 147.6, "Table 1a's EX_test of k = 3, sigma = 0.7");
  assert.deepEqual(
    [...(await Deno.readFile(`${out}/ex/explosions.png`)).subarray(1, 4)],
    [80, 78, 71],
  );
  // --only takes the grid's names, and refuses others
  const exOnly = await exRun("ex1", ["--only", "k1"]);
  assert.equal(exOnly.code, 0, exOnly.stderr);
  assert.equal(exOnly.stderr.match(/read from .*\.explosions\.json/g)?.length, 3, "kept profiles");
  const exAgain = await exRun("ex1", ["--only", "k1", "--fresh"]);
  assert.equal(exAgain.code, 0, exAgain.stderr);
  assert.doesNotMatch(exAgain.stderr, /read from/, "--fresh profiles again");
  assert.deepEqual(
    await readResultsCsv(`${out}/ex1/explosions.csv`).then((r) => r.map((x) => x.ours)),
    exRows.slice(0, 3).map((r) => r.ours),
  );
  assert.deepEqual(
    (await readResultsCsv(`${out}/ex1/explosions.csv`)).map((r) => r.row),
    exRows.slice(0, 3).map((r) => r.row),
  );
  const exBad = await exRun("ex2", ["--only", "k9"]);
  assert.equal(exBad.code, 2);
  assert.match(exBad.stderr, /--only k9: k9 names no model of this grid; its models: k1-sigma0.3/);
  // a model not trained is listed, not profiled
  const exFresh = await exRun("ex3", [], `${out}/none`);
  assert.equal(exFresh.code, 0, exFresh.stderr);
  const none = await readResultsCsv(`${out}/ex3/explosions.csv`);
  assert.ok(none.every((r) => r.note === "not finished: 0 of 1 epochs trained"));
});

Deno.test("repro:idae refuses an unknown flag with the accepted ones", async () => {
  const r = await runScript("idae", ["--preset", "smoke", "--walkback", "3"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown flag --walkback/);
  assert.match(r.stderr, /--preset smoke\|quick\|paper/);
  const cap = await runScript("idae", ["--preset", "smoke", "--max-iterations", "0"]);
  assert.equal(cap.code, 2);
  assert.match(cap.stderr, /--max-iterations must be an integer >= 1, got "0"/);
  const seeds = await runScript("idae", ["--preset", "smoke", "--seeds", "two"]);
  assert.equal(seeds.code, 2);
  assert.match(seeds.stderr, /--seeds must be an integer >= 1, got "two"/);
  const chain = await runScript("idae", ["--preset", "smoke", "--chain-noise", "all"]);
  assert.equal(chain.code, 2);
  assert.match(
    chain.stderr,
    /--chain-noise must be first or every \(first: corrupt once.*\), got "all"/,
  );
});

Deno.test("repro:idae-trend evaluates one model along its run and resumes with the whole curve", async () => {
  const out = await Deno.makeTempDir();
  const flags = ["--backend", "wasm", "--epochs", "2", "--k", "2", "--sigma", "0.3"];
  const first = await runSmoke("idae_trend", out, flags, { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(first.code, 0, first.stderr);
  const rows = await readResultsCsv(`${out}/trend-k2-sigma0.3-N2.csv`);
  assert.deepEqual(rows.map((r) => r.epochs), [1, 2]);
  for (const r of rows) {
    assert.equal(r.paper, 0.858); // Table 1a, k = 2, sigma = 0.3
    assert.ok((r.ours as number) > 0 && (r.ours as number) <= 1);
    assert.ok((r.mse_wb_test as number) > 0);
    assert.equal(r.test_rows, 300);
    assert.equal(r.explosion_test, "max < 0.5, sd < 0.1");
  }
  assert.match(await Deno.readTextFile(`${out}/trend-k2-sigma0.3-N2.svg`), /^<svg/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/trend-k2-sigma0.3-N2-metadata.json`));
  assert.deepEqual(meta.extra.evaluatedAt, [1, 2]);
  assert.equal(meta.extra.spec.k, 2);
  assert.ok(meta.extra.trainSeconds > 0);
  // the smoke grid trains this model for 1 epoch: the state after epoch 1 is handed over under
  // the grid's checkpoint name, finished
  const gridSpec = idaeModelSpecs(IDAE_PRESETS.smoke, 1).find((s) => s.k === 2 && s.sigma === 0.3)!;
  const kept = idaeCheckpointPath(`${out}/ckpt`, gridSpec, IDAE_PRESETS.smoke, "mnist");
  assert.match(first.stderr, /state after 1 epochs is kept as the grid's model/);
  const ck = await readCheckpoint(kept);
  assert.equal(ck?.meta.epoch, 0);
  assert.equal((ck?.meta.history as unknown[]).length, 1);
  const handed = JSON.parse(
    await Deno.readTextFile(
      idaeEvaluationPath(`${out}/ckpt`, gridSpec, IDAE_PRESETS.smoke, "mnist"),
    ),
  );
  assert.equal(handed.accTest, rows[0].ours, "the grid reads the evaluation made here");
  // a second run finds the finished checkpoint and the kept evaluations: same curve, no training
  const again = await runSmoke("idae_trend", out, flags, { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /probe:/);
  assert.deepEqual(await readResultsCsv(`${out}/trend-k2-sigma0.3-N2.csv`), rows);

  const bad = await runScript("idae_trend", ["--preset", "smoke", "--k", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--k must be an integer >= 1, got "0"/);
  const badAlpha = await runScript("idae_trend", ["--preset", "smoke", "--annealing-rate", "1.5"]);
  assert.equal(badAlpha.code, 2);
  assert.match(badAlpha.stderr, /--annealing-rate must be a number in \(0, 1\], got "1.5"/);
});

Deno.test("repro:idae-trend --chain-noise every trains another model under its own name, evaluated where asked", async () => {
  const out = await Deno.makeTempDir();
  const flags = ["--backend", "wasm", "--epochs", "2", "--k", "2", "--sigma", "0.3"];
  const r = await runSmoke(
    "idae_trend",
    out,
    [...flags, "--chain-noise", "every", "--evaluate-at", "2"],
    { XDG_RUNTIME_DIR: "/tmp" },
  );
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/trend-k2-sigma0.3-noise-every-N2.csv`);
  assert.deepEqual(rows.map((row) => row.epochs), [2]);
  const md = await Deno.readTextFile(`${out}/trend-k2-sigma0.3-noise-every-N2.md`);
  assert.match(md, /walkback chain corrupted before every step/);
  const meta = JSON.parse(
    await Deno.readTextFile(`${out}/trend-k2-sigma0.3-noise-every-N2-metadata.json`),
  );
  assert.equal(meta.extra.config.chainNoise, "every");
  // its checkpoint is not the default chain's: a default run of the same flags trains afresh
  const first = await runSmoke("idae_trend", out, [...flags, "--evaluate-at", "2"], {
    XDG_RUNTIME_DIR: "/tmp",
  });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /probe:/);
  assert.match(
    await Deno.readTextFile(`${out}/trend-k2-sigma0.3-N2.md`),
    /walkback chain corrupted once \(Eq. 8\)/,
  );
  const late = await runScript("idae_trend", [...flags, "--preset", "smoke", "--evaluate-at", "5"]);
  assert.equal(late.code, 2);
  assert.match(late.stderr, /--evaluate-at 5 is past the run's 2 epochs/);
});

Deno.test("repro:idae-trend runs on Fashion-MNIST with no paper value, and names a seed and an annealing rate other than the default", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke(
    "idae_trend",
    out,
    [
      "--backend",
      "wasm",
      "--dataset",
      "fashion-mnist",
      "--epochs",
      "1",
      "--seed",
      "2",
      "--annealing-rate",
      "0.999",
    ],
    { XDG_RUNTIME_DIR: "/tmp" },
  );
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/trend-k1-sigma0.5-a0.999-N1-seed2.csv`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].seed, 2);
  const meta = JSON.parse(
    await Deno.readTextFile(`${out}/trend-k1-sigma0.5-a0.999-N1-seed2-metadata.json`),
  );
  assert.equal(meta.extra.spec.annealingRate, 0.999);
  assert.equal(rows[0].paper, null);
  assert.ok((rows[0].ours as number) > 0);
});

Deno.test("repro:idae-trend --batch-size trains another model under its own name and hands nothing to the grid", async () => {
  const out = await Deno.makeTempDir();
  const flags = ["--backend", "wasm", "--epochs", "1", "--k", "1", "--sigma", "0.5"];
  const r = await runSmoke("idae_trend", out, [...flags, "--batch-size", "50"], {
    XDG_RUNTIME_DIR: "/tmp",
  });
  assert.equal(r.code, 0, r.stderr);
  // without the flag this model is the smoke grid's k = 1, sigma = 0.5 model: with batch 50 it
  // is not, and no grid checkpoint is written for it
  assert.doesNotMatch(r.stderr, /kept as the grid's model/);
  const gridSpec = idaeModelSpecs(IDAE_PRESETS.smoke, 1).find((s) => s.k === 1 && s.sigma === 0.5)!;
  assert.equal(
    await Deno.stat(idaeCheckpointPath(`${out}/ckpt`, gridSpec, IDAE_PRESETS.smoke, "mnist"))
      .then(() => true, () => false),
    false,
  );
  const meta = JSON.parse(await Deno.readTextFile(`${out}/trend-k1-sigma0.5-b50-N1-metadata.json`));
  assert.equal(meta.extra.config.batchSize, 50);
  assert.match(await Deno.readTextFile(`${out}/trend-k1-sigma0.5-b50-N1.md`), /batch 50,/);
  assert.match(r.stderr, /\d+ samples\/s/);
  const bad = await runScript("idae_trend", ["--preset", "smoke", "--batch-size", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--batch-size must be an integer >= 1, got "0"/);
});
