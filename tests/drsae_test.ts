import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { type Drsae, drsae, istaInit } from "../lib/models/drsae.ts";
import {
  classifierNorms,
  classifyUnits,
  encoderDecoderAngles,
  explainingAwayNorms,
  istaConnectionAngles,
  lateActivation,
  optimalDecoders,
} from "../lib/eval/drsae_analysis.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { meanLoss, train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

const set = (model: Drsae, name: keyof Drsae["params"], rows: number[][] | number[]) =>
  tf.tidy(() => model.params[name].assign(tf.tensor(rows, model.params[name].shape)));

Deno.test("DrSAE gradients match central finite differences through every unrolled step", async () => {
  const model = drsae({ inputs: 6, hidden: 5, classes: 3, steps: 3, lambda: 0.02, seed: 4 });
  // a recurrent matrix away from ISTA's and a non-zero classifier, so every path carries signal
  set(model, "S", Array.from(uniformArray(randomStream(1, "S"), 25, -0.3, 0.3)));
  set(model, "C", Array.from(uniformArray(randomStream(1, "C"), 15, -1, 1)));
  set(model, "E", Array.from(uniformArray(randomStream(1, "E"), 30, -0.2, 0.6)));
  const x = tf.tensor2d(uniformArray(randomStream(9, "x"), 4 * 6), [4, 6]);
  const y = tf.tensor1d([0, 2, 1, 2], "int32");
  model.setPhase("discriminative");
  const lossOf = () => model.loss({ x, y });
  const checked = await checkGradients(model.params, lossOf, {
    absTol: 2e-3,
    relTol: 2e-2,
    requireSignal: true,
  });
  assert.equal(checked, 6 * 5 + 5 * 5 + 5 + 5 * 6 + 5 * 3);
  // S acts only from the second step on, so its gradient comes from unrolled steps 2..T
  const sGrad = tf.tidy(() =>
    tf.variableGrads(() => model.unsupervisedLoss(x), [model.params.S]).grads
  );
  assert.ok(Object.values(sGrad)[0].dataSync().some((g) => g !== 0));
  model.dispose();
});

/** F(z) = 1/2 ||x - z D||^2 + lambda ||z||_1 and g = (x - z D) D^T, per row, in float64. */
function lasso(x: number[][], z: number[][], D: number[][], lambda: number) {
  return x.map((xr, r) => {
    const res = xr.map((v, j) => v - z[r].reduce((s, zi, i) => s + zi * D[i][j], 0));
    const f = 0.5 * res.reduce((s, v) => s + v * v, 0) +
      lambda * z[r].reduce((s, v) => s + Math.abs(v), 0);
    const g = D.map((d) => d.reduce((s, v, j) => s + v * res[j], 0));
    return { f, g };
  });
}

Deno.test("with Eq. 4 the encoder is non-negative ISTA: KKT at large T, monotone objective", async () => {
  const lambda = 0.1;
  const model = drsae({ inputs: 10, hidden: 8, classes: 2, steps: 3, lambda, seed: 5 });
  const D = model.params.D.arraySync() as number[][];
  // the largest eigenvalue of D^T D, by power iteration in float64
  let u = Array(8).fill(1);
  let L = 0;
  for (let k = 0; k < 500; k++) {
    const v = D.map((di) =>
      D.reduce((s, dk, kk) => s + u[kk] * di.reduce((a, w, j) => a + w * dk[j], 0), 0)
    );
    L = Math.hypot(...v);
    u = v.map((w) => w / L);
  }
  const step = await istaInit(model, { istaStep: 1 / L });
  assert.equal(step, 1 / L);
  const x = tf.tensor2d(uniformArray(randomStream(3, "x"), 5 * 10, 0, 1), [5, 10]);
  const xs = x.arraySync();
  // the objective falls with every iteration
  const objective = (t: number) => {
    const z = model.encode(x, t);
    const out = lasso(xs, z.arraySync(), D, lambda).map((r) => r.f);
    z.dispose();
    return out;
  };
  let prev = objective(1);
  for (let t = 2; t <= 60; t++) {
    const f = objective(t);
    for (let r = 0; r < 5; r++) {
      assert.ok(f[r] <= prev[r] + 1e-6, `row ${r}, T=${t}: ${f[r]} > ${prev[r]}`);
    }
    prev = f;
  }
  // KKT of min 1/2 ||x - Dz||^2 + lambda ||z||_1, z >= 0 at T = 2000
  const z = model.encode(x, 2000).arraySync();
  let active = 0, inactive = 0;
  lasso(xs, z, D, lambda).forEach(({ g }, r) => {
    for (let i = 0; i < 8; i++) {
      assert.ok(z[r][i] >= 0);
      if (z[r][i] > 1e-4) {
        active++;
        assert.ok(Math.abs(g[i] - lambda) < 1e-3, `active z[${r}][${i}]: d^T res = ${g[i]}`);
      } else {
        inactive++;
        assert.ok(g[i] <= lambda + 1e-3, `inactive z[${r}][${i}]: d^T res = ${g[i]}`);
      }
    }
  });
  assert.ok(active > 0 && inactive > 0, `${active} active, ${inactive} inactive`);
  x.dispose();
  model.dispose();
});

Deno.test("constrain() enforces the norm bounds of Sec. 2 in the paper's orientation", () => {
  const T = 4;
  const model = drsae({ inputs: 7, hidden: 6, classes: 3, steps: T, seed: 2 });
  const big = (name: "E" | "D" | "C", scale: number) =>
    set(
      model,
      name,
      Array.from(uniformArray(randomStream(7, name), model.params[name].size, -scale, scale)),
    );
  big("E", 3);
  big("D", 3);
  big("C", 20);
  // one small decoder and encoder stay as they are: projection only shrinks
  const smallRow = [0.1, 0, 0, 0, 0, 0, 0];
  tf.tidy(() => {
    const d = model.params.D.arraySync() as number[][];
    d[0] = smallRow;
    model.params.D.assign(tf.tensor2d(d));
  });
  model.constrain();
  const norms = (v: tf.Variable, axis: number) =>
    tf.tidy(() => [...tf.norm(v, 2, axis).dataSync()]);
  // the paper's columns of D: rows here, <= 1
  const dn = norms(model.params.D, 1);
  assert.ok(dn.every((n) => n <= 1 + 1e-5), `${dn}`);
  assert.ok(Math.abs(dn[0] - 0.1) < 1e-6);
  assert.ok(dn.slice(1).every((n) => Math.abs(n - 1) < 1e-5), "large decoders end on the sphere");
  // the paper's rows of E: columns here, <= 1.25 / T
  const en = norms(model.params.E, 0);
  assert.equal(en.length, 6);
  assert.ok(en.every((n) => n <= 1.25 / T + 1e-6 && n > 1.25 / T - 1e-5), `${en}`);
  // the paper's rows of C (one per class): columns here, <= 5
  const cn = norms(model.params.C, 0);
  assert.equal(cn.length, 3);
  assert.ok(cn.every((n) => Math.abs(n - 5) < 1e-4), `${cn}`);
  model.dispose();
});

Deno.test("learning rates are divided by repetitions in the unrolled network (Sec. 2)", () => {
  const model = drsae({ inputs: 4, hidden: 3, steps: 11 });
  assert.deepEqual(model.learningRateScale, { E: 1 / 11, b: 1 / 11, S: 1 / 10, D: 1, C: 1 / 5 });
  model.dispose();
  const one = drsae({ inputs: 4, hidden: 3, steps: 1 });
  assert.equal(one.learningRateScale.S, 1);
  one.dispose();
});

Deno.test("paper defaults: 784-400^11-10, bounds, Eq. 4 initialisation", async () => {
  const model = drsae();
  const { config } = model;
  assert.equal(config.inputs, 784);
  assert.equal(config.hidden, 400);
  assert.equal(config.classes, 10);
  assert.equal(config.steps, 11);
  assert.equal(config.encoderBound, 1.25 / 11);
  assert.equal(config.decoderBound, 1);
  assert.equal(config.classifierBound, 5);
  assert.equal(config.istaStep, 1.25 / 11, "1.25/T is below 1/L for 400 random unit decoders");
  assert.equal(model.phase, "unsupervised");
  // the initial parameters already satisfy every bound
  const before = Object.fromEntries(
    Object.entries(model.params).map(([k, v]) => [k, v.dataSync().slice()]),
  );
  model.constrain();
  for (const [k, v] of Object.entries(model.params)) {
    const now = v.dataSync();
    let worst = 0;
    for (let i = 0; i < now.length; i++) worst = Math.max(worst, Math.abs(now[i] - before[k][i]));
    assert.ok(worst < 1e-6, `${k} moved by ${worst}`);
  }
  const angles = await encoderDecoderAngles(model);
  assert.ok(angles.every((a) => a < 1e-3));
  model.dispose();
});

Deno.test("bad settings and missing labels are refused with the reason", () => {
  assert.throws(() => drsae({ steps: 0 }), /number of steps must be a positive integer/);
  assert.throws(() => drsae({ lambda: -1 }), /lambda must be >= 0/);
  assert.throws(() => drsae({ istaStep: 0 }), /istaStep must be > 0/);
  assert.throws(
    () => drsae({ phase: "supervised" as "unsupervised" }),
    /Unknown phase "supervised": pass "unsupervised" or "discriminative"/,
  );
  const model = drsae({ inputs: 4, hidden: 3, phase: "discriminative" });
  const x = tf.zeros([2, 4]) as tf.Tensor2D;
  assert.throws(() => model.loss({ x }), /discriminative phase needs labels/);
  assert.throws(() => model.encode(tf.zeros([2, 5]) as tf.Tensor2D), /shape \[batch, 4\]/);
  // an all-zero code gives a uniform softmax, not NaN
  const l = model.supervisedLoss(x, tf.tensor1d([0, 1], "int32")).dataSync()[0];
  assert.ok(Math.abs(l - Math.log(10)) < 1e-5, `${l}`);
  model.dispose();
  x.dispose();
});

Deno.test("training through train() lowers the loss in both phases on real digits", async () => {
  const { train: data } = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), {
    trainSize: 300,
  });
  const model = drsae({ hidden: 64, steps: 5, seed: 1 });
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const opts = {
    epochs: 2,
    batchSize: 20,
    learningRate: 0.2,
    onEpochEnd: () => {
      counts.push(tf.memory().numTensors);
    },
  };
  const u0 = await meanLoss(model, data);
  await train(model, data, opts);
  const u1 = await meanLoss(model, data);
  assert.ok(u1 < 0.9 * u0, `unsupervised loss ${u0} -> ${u1}`);
  model.setPhase("discriminative");
  const d0 = await meanLoss(model, data);
  assert.ok(d0 > u1 + 2, "L^S (about log 10 at the start) is added");
  await train(model, data, opts);
  const d1 = await meanLoss(model, data);
  assert.ok(d1 < d0, `discriminative loss ${d0} -> ${d1}`);
  // flat within each run (the second also holds C's momentum: C has no gradient in the first)
  assert.equal(counts[0], counts[1], `tensor counts per epoch: ${counts}`);
  assert.equal(counts[2], counts[3], `tensor counts per epoch: ${counts}`);
  assert.equal(tf.memory().numTensors, before);
  // the constraints held throughout
  const en = tf.tidy(() => tf.max(tf.norm(model.params.E, 2, 0)).dataSync()[0]);
  assert.ok(en <= 1.25 / 5 + 1e-5);
  model.dispose();
});

Deno.test("analysis on hand-built matrices gives the known angles, norms and counts", async () => {
  const model = drsae({ inputs: 3, hidden: 2, classes: 2, steps: 3 });
  const theta = 0.8;
  set(model, "D", [[1, 0, 0], [0, 1, 0]]); // decoders e_1, e_2 (rows here)
  set(model, "E", [[1, 0], [0, Math.cos(theta)], [0, Math.sin(theta)]]); // encoders: columns
  set(model, "S", [[0.5, 0.3], [0, 1]]); // S - I: columns [-0.5, 0] and [0.3, 0]
  set(model, "C", [[3, 4], [0, 1]]);
  const angles = await encoderDecoderAngles(model);
  assert.ok(Math.abs(angles[0]) < 1e-3 && Math.abs(angles[1] - theta) < 1e-5, `${angles}`);
  const kinds = classifyUnits(angles);
  assert.deepEqual(kinds, {
    kinds: ["part", "categorical"],
    part: 1,
    categorical: 1,
    intermediate: 0,
  });
  assert.deepEqual(classifyUnits([0.1, 0.6, NaN]).kinds, ["part", "intermediate", "intermediate"]);
  assert.throws(() => classifyUnits([0.1], { part: 0.8, categorical: 0.7 }), /swap them/);
  const ea = await explainingAwayNorms(model);
  assert.ok(Math.abs(ea[0] - 0.5) < 1e-6 && Math.abs(ea[1] - 0.3) < 1e-6, `${ea}`);
  const cn = await classifierNorms(model);
  assert.ok(Math.abs(cn[0] - 5) < 1e-6 && Math.abs(cn[1] - 1) < 1e-6, `${cn}`);
  // D^T D = I: the ISTA rows are -e_i; column 0 of S - I is parallel, column 1 orthogonal
  const ia = await istaConnectionAngles(model);
  assert.ok(Math.abs(ia[0]) < 1e-3 && Math.abs(ia[1] - Math.PI / 2) < 1e-5, `${ia}`);

  // late activation: unit 1 is silent at z^1 and driven at z^2 by unit 0 through S
  set(model, "E", [[1, 0], [0, 0], [0, 0]]);
  set(model, "b", [0, 0]);
  set(model, "S", [[1, 0.5], [0, 1]]);
  const late = await lateActivation(model, {
    x: new Float32Array([1, 0, 0, 0, 0, 1]),
    n: 2,
    features: 3,
  });
  assert.deepEqual([...late], [0, 0.5]);
  model.dispose();
});

Deno.test("optimal decoders of each iterate are known for a linear recurrence", async () => {
  // E = I, b = 0, S = 0.5 I and x >= 0: z^1 = x, z^2 = 1.5 x, z^3 = 1.75 x, so D^t = I / c_t
  const model = drsae({ inputs: 3, hidden: 3, classes: 2, steps: 3 });
  set(model, "E", [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  set(model, "b", [0, 0, 0]);
  set(model, "S", [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]]);
  const x = uniformArray(randomStream(4, "x"), 50 * 3, 0.1, 1);
  const ds = await optimalDecoders(model, { x, n: 50, features: 3 }, {
    ridge: 1e-7,
    batchSize: 16,
  });
  assert.equal(ds.length, 3);
  [1, 1.5, 1.75].forEach((c, t) => {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const want = i === j ? 1 / c : 0;
        assert.ok(
          Math.abs(ds[t][i * 3 + j] - want) < 1e-3,
          `D^${t + 1}[${i},${j}] = ${ds[t][i * 3 + j]}`,
        );
      }
    }
  });
  // a unit that never fires gets a zero decoder thanks to the ridge
  set(model, "b", [0, 0, 5]);
  const dead = await optimalDecoders(model, { x, n: 50, features: 3 });
  assert.ok([...dead[2].slice(6)].every((v) => v === 0));
  model.dispose();
});

Deno.test("encoders, losses and analyses leave no tensors behind", async () => {
  const before = tf.memory().numTensors;
  const model = drsae({ inputs: 8, hidden: 6, classes: 3, steps: 4 });
  assert.equal(tf.memory().numTensors, before + 5, "exactly E, S, b, D and C live");
  const x = tf.tensor2d(uniformArray(randomStream(1), 3 * 8), [3, 8]);
  const y = tf.tensor1d([0, 1, 2], "int32");
  const mid = tf.memory().numTensors;
  await istaInit(model);
  tf.dispose([
    model.encode(x),
    ...model.encodeAll(x),
    model.classify(x),
    model.unsupervisedLoss(x),
    model.supervisedLoss(x, y),
    model.loss({ x }),
  ]);
  model.constrain();
  const data = { x: x.dataSync().slice() as Float32Array, n: 3, features: 8 };
  await encoderDecoderAngles(model);
  await explainingAwayNorms(model);
  await classifierNorms(model);
  await istaConnectionAngles(model);
  await optimalDecoders(model, data);
  await lateActivation(model, data);
  assert.equal(tf.memory().numTensors, mid);
  tf.dispose([x, y]);
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});
