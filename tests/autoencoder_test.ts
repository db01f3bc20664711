import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import {
  autoencoder,
  type AutoencoderOptions,
  KSPARSE_TABLE1_AUTOENCODERS,
} from "../lib/models/autoencoder.ts";
import { dropout, gaussianNoise, maskingNoise } from "../lib/ops/noise.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const rows = (n: number, d: number, seed: number, low = 0, high = 1) =>
  tf.tensor2d(uniformArray(randomStream(seed, "test-data"), n * d, low, high), [n, d]);

Deno.test("autoencoder loss gradients match central finite differences", async () => {
  const cases: [AutoencoderOptions, boolean][] = [
    [{ activation: "sigmoid" }, false], // Sec. 2.1: tied, linear output, squared error
    [{ activation: "linear", tied: false }, false],
    // every noise on, fixed by the same ctx.seed on both sides of the difference
    [{
      activation: "relu",
      output: "sigmoid",
      loss: "cross-entropy",
      tied: false,
      inputDropout: 0.3,
      hiddenDropout: 0.5,
      inputNoiseStd: 0.1,
    }, true],
    [{ activation: "sigmoid", output: "sigmoid", inputDropout: 0.2, hiddenDropout: 0.5 }, true],
  ];
  for (const [opts, training] of cases) {
    const ae = autoencoder({ inputs: 6, hidden: 5, seed: 3, initStd: 0.5, ...opts });
    const x = rows(4, 6, 9);
    const checked = await checkGradients(
      ae.params,
      () => ae.loss({ x }, { training, seed: 17 }),
    );
    assert.equal(checked, 6 * 5 * (ae.config.tied ? 1 : 2) + 5 + 6);
    ae.dispose();
  }
});

Deno.test("the forward pass matches a plain JavaScript reference", () => {
  for (const tied of [true, false]) {
    const ae = autoencoder({
      inputs: 3,
      hidden: 2,
      activation: "relu",
      output: "sigmoid",
      tied,
      seed: 4,
      initStd: 1,
    });
    tf.tidy(() => {
      ae.params.b.assign(tf.tensor1d([0.1, -0.2]));
      ae.params.bOut.assign(tf.tensor1d([0.3, 0, -0.3]));
    });
    const W = ae.params.W.arraySync() as number[][]; // [3, 2]
    const V = tied
      ? [0, 1].map((j) => [0, 1, 2].map((i) => W[i][j])) // W^T, [2, 3]
      : ae.params.WOut.arraySync() as number[][];
    const x = [0.2, 0.9, 0.4];
    const h = [0, 1].map((j) =>
      Math.max(0, x[0] * W[0][j] + x[1] * W[1][j] + x[2] * W[2][j] + [0.1, -0.2][j])
    );
    const out = [0, 1, 2].map((i) =>
      1 / (1 + Math.exp(-(h[0] * V[0][i] + h[1] * V[1][i] + [0.3, 0, -0.3][i])))
    );
    const xt = tf.tensor2d([x]);
    const gotH = ae.encode(xt).dataSync();
    const gotOut = ae.reconstruct(xt).dataSync();
    h.forEach((v, j) => assert.ok(Math.abs(gotH[j] - v) < 1e-5, `h[${j}]`));
    out.forEach((v, i) => assert.ok(Math.abs(gotOut[i] - v) < 1e-5, `out[${i}]`));
    // the two losses against their formulas
    const sq = out.reduce((s, o, i) => s + (x[i] - o) ** 2, 0);
    const ce = out.reduce((s, o, i) => s - x[i] * Math.log(o) - (1 - x[i]) * Math.log(1 - o), 0);
    assert.ok(Math.abs(ae.loss({ x: xt }).dataSync()[0] - sq) < 1e-5);
    const aeCe = autoencoder({ ...ae.config, loss: "cross-entropy" });
    for (const [k, v] of Object.entries(ae.params)) aeCe.params[k].assign(v);
    assert.ok(Math.abs(aeCe.loss({ x: xt }).dataSync()[0] - ce) < 1e-5);
    ae.dispose();
    aeCe.dispose();
  }
});

Deno.test("masking noise zeroes about 20% of the inputs, unscaled, and only while training", () => {
  const ae = autoencoder({ inputs: 100, hidden: 10, ...KSPARSE_TABLE1_AUTOENCODERS.denoising });
  const x = rows(200, 100, 1, 0.5, 1); // no zero pixels before the noise
  const noisy = ae.forward(x, { training: true, seed: 3 }).input.dataSync();
  const clean = x.dataSync();
  let zeros = 0;
  for (let i = 0; i < noisy.length; i++) {
    if (noisy[i] === 0) zeros++;
    else assert.equal(noisy[i], clean[i]);
  }
  const fraction = zeros / noisy.length;
  assert.ok(Math.abs(fraction - 0.2) < 0.01, `zeroed fraction ${fraction}`);
  assert.deepEqual(ae.forward(x, { training: false, seed: 3 }).input.dataSync(), clean);
  assert.deepEqual(ae.forward(x).input.dataSync(), clean);
  // the loss sees the noise only while training: validation is deterministic
  const val = ae.loss({ x }, { training: false, seed: 3 }).dataSync()[0];
  assert.equal(ae.loss({ x }, { training: false, seed: 4 }).dataSync()[0], val);
  assert.equal(ae.loss({ x }).dataSync()[0], val);
  assert.notEqual(ae.loss({ x }, { training: true, seed: 3 }).dataSync()[0], val);
  ae.dispose();
});

Deno.test("hidden dropout drops half the units, scales the rest by 2, and features use all", () => {
  const ae = autoencoder({ inputs: 20, hidden: 100, seed: 2, initStd: 0.3, hiddenDropout: 0.5 });
  const x = rows(100, 20, 5);
  const dense = ae.encode(x).dataSync();
  const dropped = ae.forward(x, { training: true, seed: 8 }).hidden.dataSync();
  let zeros = 0, sumDense = 0, sumDropped = 0;
  for (let i = 0; i < dense.length; i++) {
    sumDense += dense[i];
    sumDropped += dropped[i];
    if (dropped[i] === 0) zeros++;
    else assert.ok(Math.abs(dropped[i] - 2 * dense[i]) < 1e-6, "survivors are scaled by 2");
  }
  const fraction = zeros / dense.length;
  assert.ok(Math.abs(fraction - 0.5) < 0.015, `dropped fraction ${fraction}`);
  assert.ok(Math.abs(sumDropped / sumDense - 1) < 0.03, "the mean activity is kept");
  // at test time: all hidden units, unscaled (Sec. 4.4)
  assert.deepEqual(ae.forward(x, { training: false, seed: 8 }).hidden.dataSync(), dense);
  assert.deepEqual(ae.features(x).dataSync(), dense);
  // the input is not corrupted by a hidden-only dropout model
  assert.deepEqual(ae.forward(x, { training: true, seed: 8 }).input.dataSync(), x.dataSync());
  ae.dispose();
});

Deno.test("the same ctx.seed gives the same corrupted batch, another seed another one", () => {
  const ae = autoencoder({
    inputs: 30,
    hidden: 10,
    ...KSPARSE_TABLE1_AUTOENCODERS.dropoutDenoising,
    inputNoiseStd: 0.1,
  });
  const x = rows(8, 30, 2);
  const pass = (seed: number) => ae.forward(x, { training: true, seed });
  assert.deepEqual(pass(5).input.dataSync(), pass(5).input.dataSync());
  assert.deepEqual(pass(5).hidden.dataSync(), pass(5).hidden.dataSync());
  assert.deepEqual(ae.corrupt(x, 5).dataSync(), pass(5).input.dataSync());
  assert.notDeepEqual(pass(5).input.dataSync(), pass(6).input.dataSync());
  const loss = (seed: number) => ae.loss({ x }, { training: true, seed }).dataSync()[0];
  assert.equal(loss(5), loss(5));
  assert.notEqual(loss(5), loss(6));
  ae.dispose();
});

Deno.test("the noise ops: masking rate, dropout scaling, Gaussian moments, independence", () => {
  const x = tf.ones([200, 200]);
  const m = maskingNoise(x, 0.2, 1).dataSync();
  assert.ok(m.every((v) => v === 0 || v === 1));
  assert.ok(Math.abs(mean(m) - 0.8) < 0.005);
  const d = dropout(x, 0.25, 1).dataSync();
  assert.ok(d.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6));
  assert.ok(Math.abs(mean(d) - 1) < 0.01);
  const g = tf.moments(tf.sub(gaussianNoise(x, 0.3, 2), x));
  assert.ok(Math.abs(g.mean.dataSync()[0]) < 0.005);
  assert.ok(Math.abs(Math.sqrt(g.variance.dataSync()[0]) - 0.3) < 0.005);
  assert.deepEqual(maskingNoise(x, 0, 1).dataSync(), x.dataSync());
  assert.throws(() => dropout(x, 1, 1), /dropout rate must be in \[0, 1\), got 1/);
  assert.throws(() => gaussianNoise(x, -1, 1), /must be >= 0, got -1/);
  // the input mask and the hidden dropout of one step are drawn independently
  const ae = autoencoder({ inputs: 50, hidden: 50, inputDropout: 0.5, hiddenDropout: 0.5 });
  const p = ae.forward(tf.ones([40, 50]) as tf.Tensor2D, { training: true, seed: 9 });
  const a = p.input.dataSync(), h = p.hidden.dataSync();
  let same = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] === 0) === (h[i] === 0)) same++;
  assert.ok(Math.abs(same / a.length - 0.5) < 0.05, `masks agree on ${same / a.length}`);
  ae.dispose();
});

Deno.test("paper defaults and initialisation", () => {
  const ae = autoencoder();
  assert.deepEqual(ae.config, {
    inputs: 784,
    hidden: 1000,
    activation: "sigmoid",
    output: "linear",
    loss: "squared-error",
    tied: true,
    inputDropout: 0,
    hiddenDropout: 0,
    inputNoiseStd: 0,
    initStd: 0.01,
    seed: 0,
  });
  assert.deepEqual(Object.keys(ae.params), ["W", "b", "bOut"]);
  const w = ae.params.W.dataSync();
  let s = 0;
  for (const v of w) s += v * v;
  assert.ok(Math.abs(Math.sqrt(s / w.length) - 0.01) < 2e-4);
  ae.dispose();
  const g = autoencoder({ inputs: 30, hidden: 20, tied: false, initStd: "glorot", seed: 1 });
  assert.deepEqual(g.params.WOut.shape, [20, 30]);
  const a = Math.sqrt(6 / 50);
  const gw = g.params.W.dataSync();
  assert.ok(gw.every((v) => Math.abs(v) <= a) && Math.max(...gw.map(Math.abs)) > 0.9 * a);
  // the same seed gives the same weights, another seed others
  const g2 = autoencoder({ inputs: 30, hidden: 20, tied: false, initStd: "glorot", seed: 1 });
  assert.deepEqual(g2.params.W.dataSync(), gw);
  assert.notDeepEqual(g2.params.WOut.dataSync(), gw.slice(0, 600));
  g.dispose();
  g2.dispose();
});

Deno.test("bad shapes and settings are refused with the reason", () => {
  const ae = autoencoder({ inputs: 20, hidden: 10 });
  assert.throws(
    () => ae.encode(tf.zeros([2, 19]) as tf.Tensor2D),
    /shape \[batch, 20\], got \[2,19\]/,
  );
  assert.throws(() => ae.loss({ x: tf.zeros([20]) as unknown as tf.Tensor2D }), /flatten images/);
  assert.throws(() => ae.decode(tf.zeros([2, 20]) as tf.Tensor2D), /shape \[batch, 10\]/);
  ae.dispose();
  assert.throws(() => autoencoder({ hidden: 0 }), /hidden unit count must be a positive integer/);
  assert.throws(() => autoencoder({ inputDropout: 1 }), /input dropout rate must be in \[0, 1\)/);
  assert.throws(() => autoencoder({ hiddenDropout: -0.1 }), /hidden dropout rate/);
  assert.throws(() => autoencoder({ inputNoiseStd: -1 }), /noise standard deviation must be >= 0/);
  assert.throws(() => autoencoder({ loss: "cross-entropy" }), /pass output: "sigmoid"/);
  assert.throws(
    () => autoencoder({ activation: "softplus" as "relu" }),
    /Unknown activation "softplus": pass one of "linear", "sigmoid", "relu", "tanh"/,
  );
  assert.throws(() => autoencoder({ initStd: -1 }), /standard deviation >= 0 or "glorot"/);
});

Deno.test("a denoising autoencoder trains on real digits with a flat tensor count", async () => {
  const { train: data } = splitDataset(await loadDataset("mnist"), { trainSize: 300 });
  const ae = autoencoder({
    hidden: 32,
    ...KSPARSE_TABLE1_AUTOENCODERS.dropoutDenoising,
    seed: 1,
    initStd: 0.05,
  });
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const r = await train(ae, data, {
    epochs: 4,
    batchSize: 50,
    learningRate: 0.01,
    onEpochEnd: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  assert.ok(r.history[3].loss < 0.8 * r.history[0].loss, JSON.stringify(r.history));
  assert.equal(new Set(counts).size, 1, `tensor counts per epoch: ${counts}`);
  assert.equal(tf.memory().numTensors, before);
  ae.dispose();
  assert.equal(tf.memory().numTensors, before - 3);
});
