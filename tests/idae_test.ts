import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { linearProbe } from "../lib/eval/probe.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import {
  IDAE_PAPER_TABLE1A,
  IDAE_PAPER_TABLE1B,
  IDAE_PRESETS,
  type IdaeConfig,
  idaeConfig,
  type IdaeEvaluation,
  type IdaeModelResult,
  type IdaeModelSpec,
  idaeModelSpecs,
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
