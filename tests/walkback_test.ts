import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { autoencoder } from "../lib/models/autoencoder.ts";
import { walkbackDae, walkbackStepSeed } from "../lib/models/walkback.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

const rows = (n: number, d: number, seed: number) =>
  tf.tensor2d(uniformArray(randomStream(seed, "test-data"), n * d), [n, d]);
const read = async (t: tf.Tensor): Promise<number[]> => {
  const v = [...(await t.data())];
  t.dispose();
  return v;
};
const scalar = async (t: tf.Tensor): Promise<number> => (await read(t))[0];

Deno.test("with k = 1 the walkback loss is the plain denoising loss for the same seed", async () => {
  for (const tied of [false, true]) {
    const opts = { inputs: 12, hidden: 7, tied, seed: 3 };
    const dae = walkbackDae({ ...opts, sigma: 0.5 });
    const plain = autoencoder({
      ...opts,
      output: "sigmoid",
      inputNoiseStd: 0.5,
      initStd: "glorot",
    });
    const x = rows(9, 12, 1);
    for (const training of [true, false]) {
      for (const seed of [5, 6]) {
        const a = await scalar(dae.loss({ x }, { training, seed }));
        const b = await scalar(plain.loss({ x }, { training, seed }));
        assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, b), `${a} vs ${b}`);
      }
    }
    // the noise is there while training, and the same seed repeats it
    const s5 = await scalar(dae.loss({ x }, { training: true, seed: 5 }));
    assert.equal(await scalar(dae.loss({ x }, { training: true, seed: 5 })), s5);
    assert.notEqual(await scalar(dae.loss({ x }, { training: true, seed: 6 })), s5);
    x.dispose();
    dae.dispose();
    plain.dispose();
  }
});

for (const chainNoise of ["first", "every"] as const) {
  Deno.test(`with k = 2 and chainNoise "${chainNoise}" the loss is the mean of two terms computed by hand`, async () => {
    const [d, h] = [5, 3];
    const dae = walkbackDae({
      inputs: d,
      hidden: h,
      sigma: 0.7,
      walkbackK: 2,
      chainNoise,
      seed: 2,
    });
    assert.equal(dae.config.chainNoise, chainNoise);
    tf.tidy(() => {
      dae.params.b.assign(tf.tensor1d([0.1, -0.2, 0.3]));
      dae.params.bOut.assign(tf.tensor1d([0.2, 0, -0.1, 0.05, -0.3]));
    });
    const W = await dae.params.W.array() as number[][]; // [d, h]
    const V = await dae.params.WOut.array() as number[][]; // [h, d]
    const b = [0.1, -0.2, 0.3], bOut = [0.2, 0, -0.1, 0.05, -0.3];
    const sig = (a: number) => 1 / (1 + Math.exp(-a));
    const r = (x: number[]) => {
      const hid = [...Array(h)].map((_, j) => sig(x.reduce((s, v, i) => s + v * W[i][j], b[j])));
      return [...Array(d)].map((_, i) => sig(hid.reduce((s, v, j) => s + v * V[j][i], bOut[i])));
    };
    const x = rows(4, d, 7);
    const xs = await x.array() as number[][];
    const seed = 11;
    // the noise of each chain step: what corrupt adds to zeros with that step's seed
    const zeros = tf.zeros([4, d]) as tf.Tensor2D;
    const noise: number[][][] = [];
    for (let i = 0; i < 2; i++) {
      const t = dae.corrupt(zeros, walkbackStepSeed(seed, i));
      noise.push(await t.array() as number[][]);
      t.dispose();
    }
    assert.notDeepEqual(noise[0], noise[1], "each chain step draws its own noise");
    let t1 = 0, t2 = 0;
    const chain: number[][][] = [[], []];
    xs.forEach((row, n) => {
      const r1 = r(row.map((v, i) => v + noise[0][n][i]));
      // Eq. 8's r^2(x~) = r(r(x~)); Bengio et al.'s chain corrupts r^1 again
      const r2 = r(chainNoise === "every" ? r1.map((v, i) => v + noise[1][n][i]) : r1);
      chain[0].push(r1);
      chain[1].push(r2);
      t1 += row.reduce((s, v, i) => s + (v - r1[i]) ** 2, 0) / xs.length;
      t2 += row.reduce((s, v, i) => s + (v - r2[i]) ** 2, 0) / xs.length;
    });
    const got = await scalar(dae.loss({ x }, { training: true, seed }));
    assert.ok(Math.abs(got - (t1 + t2) / 2) < 1e-5, `${got} vs ${(t1 + t2) / 2}`);
    assert.notEqual(t1, t2);
    // the chain the loss sees, step by step
    const steps = dae.walkback(x, { training: true, seed });
    assert.equal(steps.length, 2);
    for (let i = 0; i < 2; i++) {
      const s = await read(steps[i]);
      chain[i].flat().forEach((v, j) => assert.ok(Math.abs(s[j] - v) < 1e-5, `r^${i + 1}[${j}]`));
    }
    // without noise the chain is r(x), r(r(x))
    const clean = dae.walkback(x, { training: false, seed });
    const rr = xs.map((row) => r(r(row))).flat();
    (await read(clean[1])).forEach((v, j) => assert.ok(Math.abs(v - rr[j]) < 1e-5));
    clean[0].dispose();
    zeros.dispose();
    x.dispose();
    dae.dispose();
  });
}

Deno.test("gradients through the walkback chain match central finite differences", async () => {
  for (const [tied, chainNoise] of [[false, "first"], [true, "first"], [false, "every"]] as const) {
    const dae = walkbackDae({
      chainNoise,
      inputs: 6,
      hidden: 4,
      sigma: 0.5,
      walkbackK: 3,
      tied,
      initStd: 1, // large weights: a chain that depends strongly on its parameters
      seed: 4,
    });
    const x = rows(5, 6, 9);
    const before = tf.memory().numTensors;
    // the same ctx.seed on both sides of every difference: the same noise
    const checked = await checkGradients(
      dae.params,
      () => dae.loss({ x }, { training: true, seed: 21 }),
    );
    assert.equal(checked, 6 * 4 * (tied ? 1 : 2) + 4 + 6);
    assert.equal(tf.memory().numTensors, before);
    // the chain matters: the gradient differs from that of its first step alone
    const first = walkbackDae({ ...dae.config, walkbackK: 1 });
    for (const [k, v] of Object.entries(dae.params)) first.params[k].assign(v);
    const g3 = tf.variableGrads(() => dae.loss({ x }, { training: true, seed: 21 }));
    const g1 = tf.variableGrads(() => first.loss({ x }, { training: true, seed: 21 }));
    const name = dae.params.W.name;
    assert.notDeepEqual(await read(g3.grads[name]), await read(g1.grads[first.params.W.name]));
    tf.dispose([g3.value, g1.value, ...Object.values(g3.grads), ...Object.values(g1.grads)]);
    first.dispose();
    x.dispose();
    dae.dispose();
  }
});

Deno.test("walkback training on real digits lowers the loss with a flat tensor count", async () => {
  const { train: data } = splitDataset(await loadDataset("mnist"), { trainSize: 400 });
  const dae = walkbackDae({ hidden: 64, sigma: 0.5, walkbackK: 2, seed: 1 });
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const optimizer = sgd({ momentum: 0 }); // Sec. 5.3: plain SGD
  const r = await train(dae, data, {
    epochs: 4,
    batchSize: 20, // Sec. 5.3
    learningRate: 0.1, // Sec. 5.3
    optimizer,
    seed: 2,
    onEpochEnd: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  optimizer.dispose();
  const losses = r.history.map((e) => e.loss);
  // measured on cpu: 67.95, 53.57, 53.18, 53.00
  for (let e = 1; e < 4; e++) assert.ok(losses[e] < losses[e - 1], `losses ${losses}`);
  assert.ok(losses[3] < 0.85 * losses[0], `losses ${losses}`);
  assert.equal(new Set(counts).size, 1, `tensor counts per epoch: ${counts}`);
  dae.dispose();
  assert.ok(tf.memory().numTensors <= before - 4, "dispose frees W, b, bOut and WOut");
});

Deno.test("defaults follow Sec. 5.2 and bad settings are refused with the reason", () => {
  const dae = walkbackDae();
  assert.deepEqual(dae.config, {
    inputs: 784,
    hidden: 500,
    sigma: 0.5,
    walkbackK: 1,
    chainNoise: "first",
    tied: false,
    initStd: "glorot",
    seed: 0,
  });
  assert.deepEqual(dae.autoencoder.config, {
    inputs: 784,
    hidden: 500,
    activation: "sigmoid",
    output: "sigmoid",
    loss: "squared-error",
    tied: false,
    inputDropout: 0,
    hiddenDropout: 0,
    inputNoiseStd: 0.5,
    initStd: "glorot",
    seed: 0,
  });
  assert.deepEqual(Object.keys(dae.params), ["W", "b", "bOut", "WOut"]);
  assert.equal(dae.params, dae.autoencoder.params);
  dae.dispose();
  assert.throws(() => walkbackDae({ walkbackK: 0 }), /walkback step count must be a positive/);
  assert.throws(() => walkbackDae({ walkbackK: 1.5 }), /positive integer, got 1.5/);
  assert.throws(() => walkbackDae({ sigma: -0.1 }), /sigma must be a standard deviation >= 0/);
  assert.throws(
    // @ts-expect-error: a value outside WalkbackNoise, as from untyped JSON
    () => walkbackDae({ chainNoise: "all" }),
    /chainNoise must be "first" \(Eq. 8\) or "every" \(Bengio et al., 2013\), got "all"/,
  );
  const small = walkbackDae({ inputs: 4, hidden: 2 });
  const x = tf.zeros([1, 4]) as tf.Tensor2D;
  assert.throws(() => small.walkback(x, undefined, 0), /positive integer, got 0/);
  assert.throws(() => small.reconstruct(tf.zeros([1, 3]) as tf.Tensor2D), /shape \[batch, 4\]/);
  x.dispose();
  small.dispose();
  assert.equal(walkbackStepSeed(9, 0), 9);
  assert.equal(walkbackStepSeed(9, 1), walkbackStepSeed(9, 1));
  assert.notEqual(walkbackStepSeed(9, 1), walkbackStepSeed(10, 1));
});

Deno.test("loss and walkback leak no tensors", async () => {
  const dae = walkbackDae({ inputs: 8, hidden: 4, walkbackK: 3 });
  const x = rows(3, 8, 1);
  const before = tf.memory().numTensors;
  await scalar(dae.loss({ x }, { training: true, seed: 1 }));
  await scalar(dae.loss({ x }, { training: false, seed: 1 }));
  tf.dispose(dae.walkback(x, { training: true, seed: 1 }));
  tf.dispose(dae.reconstruct(x));
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  dae.dispose();
});
