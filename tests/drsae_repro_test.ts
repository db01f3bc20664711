import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { readCheckpoint } from "../lib/train/checkpoint.ts";
import { type Drsae, drsae } from "../lib/models/drsae.ts";
import {
  activityStatistics,
  afferentAngles,
  categoricalOrder,
  connection,
  connectionsByAlignment,
  decoderGram,
  decoderMeans,
  decoderOf,
  type DrsaeWeights,
  encoderOf,
  figure2Units,
  istaComparison,
  optimalDecoders,
  readDrsaeWeights,
  strongestConnections,
  unitClasses,
} from "../lib/eval/drsae_analysis.ts";
import {
  barTileImage,
  checkDrsaeConfig,
  DRSAE_PAPER_TABLE1,
  DRSAE_PRESETS,
  drsaeConfig,
  type DrsaeReproConfig,
  type DrsaeRowOutcome,
  drsaeTable1,
  drsaeUnitTable,
  fineTuneSettingsFor,
  panelGrid,
  trainDrsae,
} from "../repro/drsae/mod.ts";
import { scatterChart } from "../lib/plot/svg.ts";
import { randomStream, uniformArray } from "../lib/random.ts";

await useBackend("cpu");

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} is not within ${tol} of ${b}`);

/** Plain weights with everything zero but what the test sets. */
function weights(hidden: number, inputs: number, classes = 2): DrsaeWeights {
  return {
    inputs,
    hidden,
    classes,
    E: new Float32Array(inputs * hidden),
    S: new Float32Array(hidden * hidden),
    b: new Float32Array(hidden),
    D: new Float32Array(hidden * inputs),
    C: new Float32Array(hidden * classes),
  };
}

Deno.test("presets are valid and derive from the paper's settings", () => {
  for (const preset of ["smoke", "quick", "paper"] as const) {
    const c = drsaeConfig(preset, "mnist");
    assert.deepEqual(c.architectures, [
      { hidden: 400, steps: 11 },
      { hidden: 200, steps: 11 },
      { hidden: 400, steps: 2 },
      { hidden: 200, steps: 2 },
    ]);
    assert.deepEqual(c.figureArchitecture, { hidden: 400, steps: 11 });
  }
  // paper: the paper's SGD in both phases, a fine-tuning rate per T; quick and smoke: Adam
  assert.equal(DRSAE_PRESETS.paper.optimizer, "sgd");
  assert.equal(DRSAE_PRESETS.paper.lambda, 0.03);
  for (const preset of ["smoke", "quick"] as const) {
    assert.equal(DRSAE_PRESETS[preset].optimizer, "adam");
    assert.equal(DRSAE_PRESETS[preset].lambda, 0.05);
    assert.equal(DRSAE_PRESETS[preset].fineTune.learningRateForSteps, undefined);
  }
  const ft = DRSAE_PRESETS.paper.fineTune;
  // each network's settings, in the key order of a run given its rate by flag, so that both
  // name the same checkpoint
  assert.equal(
    JSON.stringify(fineTuneSettingsFor(ft, { hidden: 400, steps: 2 })),
    JSON.stringify({ epochs: 120, learningRate: 0.03, finalLearningRate: 0.003, patience: 50 }),
  );
  assert.equal(
    JSON.stringify(fineTuneSettingsFor(ft, { hidden: 400, steps: 11 })),
    JSON.stringify({ epochs: 120, learningRate: 0.01, finalLearningRate: 0.001, patience: 50 }),
  );
  assert.equal(DRSAE_PRESETS.paper.sizes, undefined, "paper: the full 50,000 / 10,000 split");
  assert.equal(DRSAE_PRESETS.quick.sizes, undefined, "quick: the full split too");
  // a copy: changing it leaves the preset alone
  const c = drsaeConfig("smoke", "mnist");
  c.pretrain.epochs = 99;
  assert.equal(DRSAE_PRESETS.smoke.pretrain.epochs, 2);
});

Deno.test("bad settings are refused with the setting and the fix", () => {
  const base = DRSAE_PRESETS.smoke;
  const bad = (patch: Partial<DrsaeReproConfig>, message: RegExp) =>
    assert.throws(() => checkDrsaeConfig({ ...base, ...patch }), message);
  bad({ architectures: [] }, /No architectures to train/);
  bad({ architectures: [{ hidden: 0, steps: 2 }] }, /hidden must be a positive integer, got 0/);
  bad({ architectures: [{ hidden: 10, steps: 1.5 }] }, /steps \(T\) must be a positive integer/);
  bad(
    { figureArchitecture: { hidden: 100, steps: 3 } },
    /784-100\^3-10 is not among the trained ones .*: add it or pick one of them/,
  );
  bad({ lambda: -1 }, /lambda must be >= 0/);
  bad({ optimizer: "rmsprop" as "adam" }, /Unknown optimizer "rmsprop": use "adam" or "sgd"/);
  bad(
    { fineTune: { ...base.fineTune, optimizer: "lbfgs" as "sgd" } },
    /Unknown fine-tuning optimizer "lbfgs": use "adam" or "sgd"/,
  );
  bad(
    { fineTune: { ...base.fineTune, learningRateForSteps: { 2: 0 } } },
    /fineTune.learningRateForSteps\[2\] must be > 0/,
  );
  bad({ momentum: 1 }, /momentum must be in \[0, 1\)/);
  bad({ pretrain: { epochs: 0, learningRate: 0.1 } }, /pretrain.epochs must be a positive integer/);
  bad(
    { fineTune: { epochs: 3, learningRate: -1, patience: 2 } },
    /fineTune.learningRate must be > 0/,
  );
  bad({ fineTune: { epochs: 3, learningRate: 0.1, patience: 0 } }, /fineTune.patience must be/);
  bad({ sizes: { train: 0 } }, /sizes.train must be a positive integer/);
  assert.throws(() => drsaeConfig("huge" as "smoke", "mnist"), /Unknown preset "huge"/);
});

Deno.test("fine-tuning keeps the best validation epoch, stops early, and resumes without training on", async () => {
  const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), {
    trainSize: 300,
    validationSize: 200,
    testSize: 200,
  });
  const dir = await Deno.makeTempDir();
  const arch = { hidden: 24, steps: 2 };
  // a high fine-tuning rate makes the validation error move up and down
  const config: DrsaeReproConfig = {
    ...DRSAE_PRESETS.smoke,
    architectures: [arch],
    figureArchitecture: arch,
    batchSize: 50,
    pretrain: { epochs: 2, learningRate: 0.003 },
    // measured on cpu: the error falls to its best at epoch 9 of 12, then rises for two epochs
    fineTune: { epochs: 12, learningRate: 0.07, patience: 2 },
  };
  const checkpoints = { pretrain: `${dir}/pre.ckpt`, fineTune: `${dir}/ft.ckpt` };
  const first = await trainDrsae(splits, arch, config, { seed: 3, checkpoints });
  const errors = first.fineTune.history.map((h) => h.validation!);
  const best = errors.indexOf(Math.min(...errors));
  assert.equal(first.fineTune.bestEpoch, best, `validation errors ${errors}`);
  // the returned model is the best epoch's: its validation error is the minimum seen
  close(first.validationError, errors[best], 1e-9);
  assert.ok(first.fineTune.stoppedEarly, `validation errors ${errors}`);
  assert.ok(best > 0, "the best epoch is not simply the first");
  assert.equal(first.fineTune.epochs, best + 1 + config.fineTune.patience);
  // the pretraining phase kept its best validation L^U epoch too
  const lu = first.pretrain.history.map((h) => h.validation!);
  assert.equal(first.pretrain.bestEpoch, lu.indexOf(Math.min(...lu)));
  assert.equal(
    first.before.units.categorical + first.before.units.part +
      first.before.units.intermediate,
    arch.hidden,
  );
  const E = (await first.model.params.E.data()).slice();
  first.model.dispose();

  // run again from the checkpoints: nothing more trains and the same model comes back
  const again = await trainDrsae(splits, arch, config, { seed: 3, checkpoints });
  assert.equal(again.fineTune.epochs, first.fineTune.epochs);
  assert.equal(again.fineTune.resumedFrom, first.fineTune.epochs - 1);
  assert.equal(again.fineTune.bestEpoch, first.fineTune.bestEpoch);
  assert.equal(again.testError, first.testError);
  assert.deepEqual((await again.model.params.E.data()).slice(), E);
  again.model.dispose();
  const saved = await readCheckpoint(checkpoints.fineTune);
  assert.equal(saved?.meta.epoch, first.fineTune.epochs - 1);
});

Deno.test("fine-tuning can use an optimizer of its own, and starts from the pretrained network", async () => {
  const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), {
    trainSize: 100,
    validationSize: 100,
    testSize: 100,
  });
  const arch = { hidden: 12, steps: 2 };
  const config: DrsaeReproConfig = {
    ...DRSAE_PRESETS.smoke,
    architectures: [arch],
    figureArchitecture: arch,
    batchSize: 50,
    pretrain: { epochs: 1, learningRate: 0.003 },
    fineTune: { epochs: 1, learningRate: 1e-9, patience: 1, optimizer: "sgd" },
  };
  const r = await trainDrsae(splits, arch, config, { seed: 2 });
  assert.match(r.pretrain.optimizer, /^adam/);
  assert.match(r.fineTune.optimizer, /^sgd\(momentum=0\.9/);
  // at a rate of 1e-9 the units come out of fine-tuning as pretraining left them: the phase
  // starts from the pretrained network with a fresh optimizer of the kind asked for
  assert.deepEqual(r.after.units, r.before.units);
  close(
    r.after.angles.reduce((s, a) => s + a, 0),
    r.before.angles.reduce((s, a) => s + a, 0),
    1e-4,
  );
  r.model.dispose();
});

const outcome = (hidden: number, steps: number, testError: number): DrsaeRowOutcome => ({
  architecture: { hidden, steps },
  testError,
  validationError: testError - 0.001,
  pretrainEpochs: 20,
  fineTuneEpochs: 50,
  bestEpoch: 35,
  stoppedEarly: true,
  pretrainEpochSeconds: 10,
  fineTuneEpochSeconds: 11,
  seconds: 750,
  units: { kinds: [], part: 300, categorical: 40, intermediate: 60 },
});

Deno.test("Table 1 puts our errors beside the paper's and shows cited rows as cited", () => {
  const rows = drsaeTable1(
    [outcome(400, 11, 0.0123), outcome(200, 2, 0.02), outcome(100, 5, 0.03)],
    { dataset: "mnist", settings: { preset: "quick", seed: 1, backend: "wasm" } },
  );
  assert.deepEqual(rows.map((r) => r.row), [
    ...DRSAE_PAPER_TABLE1.map((r) => r.row),
    "DrSAE 784-100^5-10",
  ]);
  const row = (name: string) => rows.find((r) => r.row === name)!;
  assert.equal(row("DrSAE 784-400^11-10").paper, 1.08);
  close(row("DrSAE 784-400^11-10").ours as number, 1.23);
  close(row("DrSAE 784-400^11-10").validation as number, 1.13);
  assert.equal(row("DrSAE 784-400^11-10").categorical, 40);
  assert.equal(row("DrSAE 784-400^11-10").preset, "quick");
  close(row("DrSAE 784-200^2-10").ours as number, 2);
  assert.equal(row("DrSAE 784-200^2-10").paper, 1.49);
  // trained in no row of this run
  assert.equal(row("DrSAE 784-200^11-10").ours, null);
  assert.equal(row("DrSAE 784-200^11-10").note, "not in this preset");
  // an architecture the paper does not have: no paper value
  assert.equal(row("DrSAE 784-100^5-10").paper, null);
  // cited rows: the paper's number, no "ours", the source
  const cited = rows.filter((r) => !String(r.row).startsWith("DrSAE"));
  assert.deepEqual(cited.map((r) => r.paper), [3.76, 2.29, 1.30, 1.20, 1.18, 1.05]);
  for (const r of cited) {
    assert.equal(r.ours, null);
    assert.match(String(r.note), /^cited from .+, not re-run$/);
  }
  // every row has the same columns in the same order
  for (const r of rows) assert.deepEqual(Object.keys(r), Object.keys(rows[0]));
  // on Fashion-MNIST the paper's MNIST numbers are not shown as its own
  const fashion = drsaeTable1([outcome(400, 11, 0.1)], { dataset: "fashion-mnist" });
  assert.ok(fashion.every((r) => r.paper === null));
  assert.match(String(fashion[0].note), /MNIST result of .* \(3\.76%\)/);
  // a run that diverged keeps its row, with the reason
  const diverged = drsaeTable1([{ ...outcome(400, 11, 0), testError: null, note: "diverged: x" }], {
    dataset: "mnist",
  });
  assert.equal(diverged.find((r) => r.row === "DrSAE 784-400^11-10")?.note, "diverged: x");
});

Deno.test("the unit table counts categorical-units per network and phase", () => {
  const angles = Float32Array.from([0.1, 0.2, 0.6, 0.9, NaN]);
  const summary = (units: { part: number; categorical: number; intermediate: number }) => ({
    angles,
    explainingAway: new Float32Array(5),
    classifier: new Float32Array(5),
    units: { kinds: [], ...units },
    dead: 1,
  });
  const rows = drsaeUnitTable([{
    architecture: { hidden: 5, steps: 2 },
    before: summary({ part: 4, categorical: 0, intermediate: 1 }),
    after: summary({ part: 2, categorical: 1, intermediate: 2 }),
  }], { dataset: "mnist" });
  assert.deepEqual(rows.map((r) => [r.row, r.paper, r.ours, r.part, r.dead]), [
    ["784-5^2-10, after pretraining", 0, 0, 4, 1],
    ["784-5^2-10, after fine-tuning", null, 1, 2, 1],
  ]);
  close(rows[0].medianAngle as number, 0.6); // of the finite angles 0.1 0.2 0.6 0.9
  close(rows[0].maxAngle as number, 0.9);
});

Deno.test("unit orderings: categoricalness, Figure 2's rows, each unit's class", () => {
  assert.deepEqual(categoricalOrder([0.3, NaN, 0.9, 0.3, 0.1]), [2, 0, 3, 4, 1]);
  // 12 units, angle = index / 12: first row the 3 most categorical, last row the 3 least, the
  // middle row one unit from each of three equal strata of the 6 in between (8 7 | 6 5 | 4 3)
  const angles = Array.from({ length: 12 }, (_, i) => i / 12);
  assert.deepEqual(figure2Units(angles, 3, 3), [11, 10, 9, 7, 5, 3, 2, 1, 0]);
  assert.deepEqual(figure2Units(angles.slice(0, 4), 3, 3), [3, 2, 1, 0], "fewer units than slots");
  assert.throws(() => figure2Units(angles, 1, 3), /at least 2 rows/);
  const w = weights(3, 1, 3);
  w.C.set([0, 2, 1, /* unit 1 */ 0, 0, 0, /* unit 2 */ -1, -3, -0.5]);
  assert.deepEqual([...unitClasses(w)], [1, -1, 2]);
});

Deno.test("connections, ISTA comparison and alignment bins on hand-built matrices", () => {
  // decoders: unit 0 = e1, unit 1 = (e1 + e2)/sqrt 2, unit 2 = -e1; S with known entries
  const r = Math.SQRT1_2;
  const w = weights(3, 2);
  w.D.set([1, 0, r, r, -1, 0]);
  const S = (to: number, from: number, v: number) => w.S[from * 3 + to] = v; // S_ij from j to i
  S(0, 0, 0.9);
  S(1, 1, 0.8);
  S(2, 2, 1.2);
  S(0, 1, -0.3);
  S(0, 2, 0.5);
  S(1, 0, 0.2);
  S(1, 2, -0.4);
  S(2, 0, 0.1);
  S(2, 1, 0.05);
  close(connection(w, 0, 0), -0.1);
  close(connection(w, 0, 2), 0.5);
  const g = decoderGram(w);
  close(g[0 * 3 + 1], r);
  close(g[1 * 3 + 2], -r);
  close(g[2 * 3 + 2], 1);

  // Figure 4: units 0, 2 part, unit 1 categorical
  const kinds = ["part", "categorical", "part"] as const;
  const pp = istaComparison(w, kinds, { from: "part", to: "part" });
  assert.deepEqual([...pp.to], [0, 0, 2, 2]);
  assert.deepEqual([...pp.from], [0, 2, 0, 2]);
  [[1, -0.1], [-1, 0.5], [-1, 0.1], [1, 0.2]].forEach(([x, y], k) => {
    close(pp.ista[k], x);
    close(pp.actual[k], y);
  });
  const cp = istaComparison(w, kinds, { from: "categorical", to: "part" });
  assert.deepEqual([...cp.to], [0, 2]);
  close(cp.ista[0], r);
  close(cp.actual[0], -0.3);
  close(cp.ista[1], -r);
  close(cp.actual[1], 0.05);
  assert.equal(
    istaComparison(w, kinds, { from: "part", to: "part", excludeSelf: true }).to.length,
    2,
  );
  assert.throws(() => istaComparison(w, ["part"], { from: "part", to: "part" }), /one per unit/);

  // Figures 5 and 6: strongest connections
  const into0 = strongestConnections(w, 0, { direction: "into" });
  assert.deepEqual(into0.map((c) => c.unit), [2, 1]);
  close(into0[0].weight, 0.5);
  const from0 = strongestConnections(w, 0, { direction: "from", count: 1 });
  assert.deepEqual(from0.map((c) => c.unit), [1]);
  close(from0[0].weight, 0.2);
  assert.deepEqual(
    strongestConnections(w, 1, { direction: "into", among: [0], excludeSelf: false }).map((c) =>
      c.unit
    ),
    [0],
  );
  assert.deepEqual(
    strongestConnections(w, 0, { direction: "into", excludeSelf: false }).map((c) => c.unit),
    [2, 1, 0],
  );
  assert.throws(() => strongestConnections(w, 3, { direction: "into" }), /Unit 3 is out of range/);

  // Figure 7(a): part -> categorical (unit 1): from 0 (cos r) weight 0.2, from 2 (cos -r) -0.4
  const bins = connectionsByAlignment(w, kinds, { bins: 4 });
  assert.deepEqual(bins.centers, [-0.75, -0.25, 0.25, 0.75]);
  assert.deepEqual(bins.count, [1, 0, 0, 1]);
  close(bins.mean[0], -0.4);
  assert.equal(bins.mean[1], 0, "empty bins are 0 (Figure 7 caption)");
  close(bins.mean[3], 0.2);
  // cos = -1 falls in the first bin
  const edge = connectionsByAlignment(w, ["part", "part", "categorical"], { bins: 2 });
  assert.deepEqual(edge.count, [2, 0]);

  // Figure 7(c): into unit 0, |S_01| = 0.3 from angle 0.4 and |S_02| = 0.5 from angle 1.2
  const aff = afferentAngles(w, [0.1, 0.4, 1.2]);
  close(aff[0], (0.3 * 0.4 + 0.5 * 1.2) / 0.8);
  close(aff[2], (0.1 * 0.1 + 0.05 * 0.4) / 0.15);
  assert.ok(Number.isNaN(afferentAngles(weights(1, 1), [0.2])[0]), "no afferents: NaN");

  // Figure 7(e)
  const means = decoderMeans(w);
  close(means[0], 0.5);
  close(means[1], r);
  close(means[2], -0.5);
});

Deno.test("encoder, decoder and weights read back in the paper's orientation", async () => {
  const model = drsae({ inputs: 3, hidden: 2, classes: 2, steps: 2 });
  tf.tidy(() => {
    model.params.E.assign(tf.tensor2d([[1, 4], [2, 5], [3, 6]])); // unit 0's encoder: 1 2 3
    model.params.D.assign(tf.tensor2d([[7, 8, 9], [1, 0, 1]]));
    model.params.S.assign(tf.tensor2d([[1, 0.5], [0, 1]])); // from 0 to 1: 0.5
  });
  const w = await readDrsaeWeights(model);
  assert.deepEqual([...encoderOf(w, 0)], [1, 2, 3]);
  assert.deepEqual([...decoderOf(w, 0)], [7, 8, 9]);
  close(connection(w, 1, 0), 0.5);
  close(connection(w, 0, 1), 0);
  model.dispose();
});

Deno.test("activity statistics and the optimal decoders of chosen units", async () => {
  // E = I, b = 0, S = 0.5 I: z^1 = x, z^T = (2 - 2^(1-T)) x for x >= 0 (T = 3: 1.75 x)
  const model: Drsae = drsae({ inputs: 3, hidden: 3, classes: 2, steps: 3 });
  tf.tidy(() => {
    model.params.E.assign(tf.eye(3));
    model.params.b.assign(tf.zeros([3]));
    model.params.S.assign(tf.mul(tf.eye(3), 0.5));
  });
  const x = Float32Array.from([1, 0, 0.5, 0, 0, 1, 2, 0, 0, 0, 0, 0]);
  const stats = await activityStatistics(model, { x, n: 4, features: 3 }, { batchSize: 3 });
  assert.deepEqual([...stats.fractionActive], [0.5, 0, 0.5]);
  close(stats.meanWhenActive[0], 1.75 * 1.5);
  assert.equal(stats.meanWhenActive[1], 0, "never on: 0");
  close(stats.meanWhenActive[2], 1.75 * 0.75);

  // units picked out of the joint least-squares solution are the same rows as the full one
  tf.tidy(() => model.params.S.assign(tf.tensor2d([[0.5, 0.1, 0], [0, 0.4, 0.2], [0.1, 0, 0.3]])));
  const data = { x: uniformArray(randomStream(2, "x"), 60 * 3, 0.1, 1), n: 60, features: 3 };
  const full = await optimalDecoders(model, data, { ridge: 1e-6 });
  const some = await optimalDecoders(model, data, { ridge: 1e-6, units: [2, 0] });
  for (let t = 0; t < 3; t++) {
    [2, 0].forEach((u, k) => {
      for (let p = 0; p < 3; p++) close(some[t][k * 3 + p], full[t][u * 3 + p], 1e-4);
    });
  }
  await assert.rejects(
    () => optimalDecoders(model, data, { units: [3] }),
    /Unit 3 is out of range/,
  );
  model.dispose();
});

Deno.test("figure helpers: panels side by side, tiles with signed bars", () => {
  const panel = scatterChart({
    series: [{ name: "s", x: [0, 1], y: [1, 0] }],
    width: 200,
    height: 150,
  });
  const grid = panelGrid([panel, panel, panel], 2, "title");
  assert.match(grid, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="400" height="330"/);
  assert.equal(grid.match(/<svg x="200" y="30" /g)?.length, 1);
  assert.equal(grid.match(/<svg x="0" y="180" /g)?.length, 1);
  assert.throws(() => panelGrid(["<g/>"], 1), /not an SVG chart/);
  // one row: a head tile, then a tile with a positive bar of full length
  const img = barTileImage([[{ values: [1, -1, 0, 0] }, { values: [0, 0, 0, 2], bar: 1 }]], {
    tileShape: [2, 2],
    scale: 1,
  });
  const at = (x: number, y: number) => img.pixels[y * img.width + x];
  // the head tile sits at x = 2, below the bar strip (4 rows) and its 1-row gap: y = 2 + 5
  assert.equal(at(2, 7), 1, "positive is dark");
  assert.equal(at(3, 7), 255, "negative is light");
  assert.equal(at(2, 8), 128, "zero is mid-gray");
  // the second tile starts after the head's gap of 6: x = 2 + 2 + 6 = 10; its bar is black
  assert.equal(at(10, 2), 0);
  assert.equal(at(11, 5), 0);
  assert.throws(() => barTileImage([[{ values: [1, 2, 3] }]], { tileShape: [2, 2] }), /2 x 2/);
});
