import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import type { Tensor2D, Variable } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { autoencoder } from "../lib/models/autoencoder.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import {
  classifierFromAutoencoders,
  classifierFromKSparse,
  classifierFromRbms,
  denseClassifier,
} from "../lib/models/classifier.ts";
import { rbm } from "../lib/models/rbm.ts";
import { fineTuningStages, stackCodes } from "../lib/models/stack.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { classificationError } from "../lib/eval/metrics.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";
import type { ArrayData } from "../lib/data/rows.ts";

await useBackend("cpu");

const rows = (n: number, d: number, seed: number) =>
  tf.tensor2d(uniformArray(randomStream(seed, "test-data"), n * d), [n, d]);
const labels = (n: number, classes: number, seed: number) => {
  const rng = randomStream(seed, "test-labels");
  return tf.tensor1d(Array.from({ length: n }, () => rng.int(classes)), "int32");
};
/** n rows of `features` uniform values, labelled 0, 1, ..., classes - 1 in turn. */
const cyclicData = (seed: number, n: number, features: number, classes: number): ArrayData => ({
  x: uniformArray(randomStream(seed, "data"), n * features),
  y: new Uint8Array(n).map((_, i) => i % classes),
  n,
  features,
});
const nonZeros = (t: tf.Tensor) => tf.sum(tf.notEqual(t, 0), 1).arraySync() as number[];
const values = (params: Record<string, Variable>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [...v.dataSync()]]));

Deno.test("classifier loss gradients match central finite differences", async () => {
  // every kind of layer, with input masking and dropout fixed by the same ctx.seed
  const net = denseClassifier({
    inputs: 5,
    classes: 3,
    layers: [
      { units: 6, activation: { kind: "ksparse", k: 3 }, dropout: 0.5 },
      { units: 4, activation: "sigmoid" },
      { units: 4, activation: "relu", dropout: 0.25 },
      { units: 3, activation: "linear" },
    ],
    inputDropout: 0.2,
    inputNoiseStd: 0.05,
    initStd: 0.8,
    seed: 2,
  });
  const batch = { x: rows(6, 5, 1), y: labels(6, 3, 1) };
  const checked = await checkGradients(
    net.params,
    () => net.loss(batch, { training: true, seed: 21 }),
  );
  assert.equal(checked, 5 * 6 + 6 + 6 * 4 + 4 + 4 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3);
  // and without noise
  await checkGradients(net.params, () => net.loss(batch));
  net.dispose();
});

Deno.test("the loss is the mean cross-entropy of the logits, noise only while training", () => {
  const net = denseClassifier({
    inputs: 8,
    classes: 4,
    layers: [{ units: 6, dropout: 0.5 }],
    inputDropout: 0.2,
    seed: 3,
  });
  const x = rows(5, 8, 2);
  const y = labels(5, 4, 2);
  const logits = net.logits(x).arraySync() as number[][];
  const ys = y.arraySync() as number[];
  let ce = 0;
  for (let r = 0; r < 5; r++) {
    const m = Math.max(...logits[r]);
    const z = logits[r].reduce((s, v) => s + Math.exp(v - m), 0);
    ce += -(logits[r][ys[r]] - m - Math.log(z)) / 5;
  }
  const clean = net.loss({ x, y }).dataSync()[0];
  assert.ok(Math.abs(clean - ce) < 1e-5, `${clean} vs ${ce}`);
  assert.equal(net.loss({ x, y }, { training: false, seed: 4 }).dataSync()[0], clean);
  const noisy = (seed: number) => net.loss({ x, y }, { training: true, seed }).dataSync()[0];
  assert.notEqual(noisy(4), clean);
  assert.equal(noisy(4), noisy(4));
  assert.notEqual(noisy(4), noisy(5));
  net.dispose();
});

/** A tensor's values with -0 read as 0: the k-sparse layer's zeros may carry either sign. */
function unsigned(t: tf.Tensor): number[] {
  return [...t.dataSync()].map((v) => v + 0);
}

Deno.test("a classifier from a k-sparse AE keeps exactly alpha*k hidden units per example", () => {
  const ae = kSparseAutoencoder({ inputs: 20, hidden: 30, k: 4, alpha: 2, seed: 1 });
  const x = rows(7, 20, 3);
  const net = classifierFromKSparse(ae, { classes: 5 });
  assert.deepEqual(net.config.layers, [{
    units: 30,
    activation: { kind: "ksparse", k: 8 },
    dropout: 0,
  }]);
  assert.deepEqual(nonZeros(net.hidden(x)), Array(7).fill(8));
  assert.deepEqual(unsigned(net.hidden(x)), unsigned(ae.features(x)));
  const net3 = classifierFromKSparse(ae, { alpha: 3 });
  assert.deepEqual(nonZeros(net3.hidden(x)), Array(7).fill(12));
  // the weights are copies: the autoencoder can go, and training one leaves the other
  const W = [...ae.params.W.dataSync()];
  ae.dispose();
  assert.deepEqual([...net.params.W0.dataSync()], W);
  tf.tidy(() => net.params.W0.assign(tf.zerosLike(net.params.W0)));
  assert.deepEqual([...net3.params.W0.dataSync()], W);
  net.dispose();
  net3.dispose();
});

Deno.test("a deep k-sparse classifier stacks encoders trained on the codes below", async () => {
  const data = cyclicData(4, 60, 12, 3);
  const ae1 = kSparseAutoencoder({ inputs: 12, hidden: 10, k: 2, alpha: 2, seed: 1, initStd: 0.1 });
  await train(ae1, data, { epochs: 1, batchSize: 20 });
  const codes = await stackCodes(data, (x) => ae1.features(x));
  assert.equal(codes.n, 60);
  assert.equal(codes.features, 10);
  assert.equal(codes.y, data.y);
  const ae2 = kSparseAutoencoder({ inputs: 10, hidden: 8, k: 1, alpha: 3, seed: 2, initStd: 0.1 });
  await train(ae2, codes, { epochs: 1, batchSize: 20 });
  const net = classifierFromKSparse([ae1, ae2], { classes: 3 });
  const x = tf.tensor2d(data.x, [60, 12]);
  assert.deepEqual(unsigned(net.hidden(x, 0)), unsigned(ae1.features(x)));
  assert.deepEqual(unsigned(net.hidden(x, 0)), [...codes.x].map((v) => v + 0));
  assert.deepEqual(unsigned(net.hidden(x, 1)), unsigned(ae2.features(ae1.features(x))));
  assert.deepEqual(nonZeros(net.hidden(x, 1)), Array(60).fill(3));
  assert.throws(
    () => classifierFromKSparse([ae2, ae1]),
    /Encoder 1 takes 12 inputs but encoder 0 has 8/,
  );
  await assert.rejects(stackCodes(data, (x) => tf.sum(x) as unknown as Tensor2D), /return one row/);
  for (const m of [ae1, ae2, net]) m.dispose();
});

Deno.test("a classifier from RBMs is their up-pass, layer by layer, with copied weights", async () => {
  const data = cyclicData(5, 60, 12, 3);
  const first = rbm({ visible: 12, hidden: 10, seed: 1, initStd: 0.1 });
  await train(first, data, { epochs: 2, batchSize: 20, learningRate: 0.1 });
  const codes = await stackCodes(data, (x) => first.hiddenProbabilities(x));
  const second = rbm({ visible: 10, hidden: 6, seed: 2, initStd: 0.1 });
  await train(second, codes, { epochs: 2, batchSize: 20, learningRate: 0.1 });
  const net = classifierFromRbms([first, second], { classes: 3 });
  assert.deepEqual(net.config.layers.map((l) => [l.units, l.activation]), [
    [10, "sigmoid"],
    [6, "sigmoid"],
  ]);
  const x = tf.tensor2d(data.x, [60, 12]);
  const h1 = first.hiddenProbabilities(x);
  const h2 = second.hiddenProbabilities(h1);
  assert.deepEqual(net.hidden(x, 0).arraySync(), h1.arraySync());
  assert.deepEqual(net.hidden(x, 1).arraySync(), h2.arraySync());
  // fine-tuning moves the network's copy, not the RBMs
  const before = first.params.W.arraySync();
  await train(net, data, { epochs: 1, batchSize: 20, learningRate: 0.5 });
  assert.deepEqual(first.params.W.arraySync(), before);
  assert.notDeepEqual(net.hidden(x, 0).arraySync(), h1.arraySync());
  assert.throws(
    () => classifierFromRbms([second, first]),
    /Encoder 1 takes 12 inputs but encoder 0 has 6/,
  );
  const gaussian = rbm({ visible: 10, hidden: 4, visibleType: "gaussian" });
  assert.throws(() => classifierFromRbms([first, gaussian]), /must have binary visibles/);
  for (const m of [first, second, gaussian, net, x, h1, h2]) m.dispose();
});

Deno.test("a classifier from autoencoders keeps their encoders and regularisers", () => {
  const ae = autoencoder({
    inputs: 10,
    hidden: 6,
    activation: "relu",
    inputDropout: 0.2,
    hiddenDropout: 0.5,
    initStd: 0.3,
    seed: 2,
  });
  const ae2 = autoencoder({ inputs: 6, hidden: 4, activation: "linear", seed: 3 });
  const net = classifierFromAutoencoders([ae, ae2]);
  assert.deepEqual(net.config.layers, [
    { units: 6, activation: "relu", dropout: 0.5 },
    { units: 4, activation: "linear", dropout: 0 },
  ]);
  assert.equal(net.config.inputDropout, 0.2);
  const x = rows(5, 10, 4);
  assert.deepEqual(net.hidden(x, 0).dataSync(), ae.encode(x).dataSync());
  assert.deepEqual(net.hidden(x).dataSync(), ae2.encode(ae.encode(x)).dataSync());
  const plain = classifierFromAutoencoders(ae, { inputDropout: 0, dropout: [0] });
  assert.equal(plain.config.inputDropout, 0);
  assert.equal(plain.config.layers[0].dropout, 0);
  assert.throws(() => classifierFromAutoencoders(ae, { dropout: [0, 0] }), /pass one per layer/);
  for (const m of [ae, ae2, net, plain]) m.dispose();
});

Deno.test("frozen layers do not change in training; the stages of Sec. 4.6 train top-down", async () => {
  const data = cyclicData(7, 80, 6, 3);
  const net = denseClassifier({
    inputs: 6,
    classes: 3,
    layers: [{ units: 5, activation: { kind: "ksparse", k: 3 } }, { units: 4, dropout: 0.5 }],
    inputDropout: 0.1,
    seed: 1,
  });
  const stages = fineTuningStages(net);
  assert.deepEqual(stages.map((s) => Object.keys(s.params)), [
    ["WOut", "bOut"],
    ["W1", "b1", "WOut", "bOut"],
    ["W0", "b0", "W1", "b1", "WOut", "bOut"],
  ]);
  let before = values(net.allParams);
  for (const stage of stages) {
    await train(stage, data, { epochs: 2, batchSize: 20, learningRate: 0.5 });
    const after = values(net.allParams);
    for (const k of Object.keys(after)) {
      if (k in stage.params) assert.notDeepEqual(after[k], before[k], `${k} was trained`);
      else assert.deepEqual(after[k], before[k], `${k} is frozen`);
    }
    before = after;
  }
  const onlyHidden = net.freeze(["output"]);
  assert.deepEqual(Object.keys(onlyHidden.params), ["W0", "b0", "W1", "b1"]);
  assert.throws(
    () => net.freeze([2]),
    /Cannot freeze layer 2: pass hidden layer indices in \[0, 1\]/,
  );
  net.dispose();
  onlyHidden.dispose(); // a second dispose through a view is harmless
});

Deno.test("a small classifier learns real digits through train()", async () => {
  const splits = splitDataset(await loadDataset("mnist"), {
    trainSize: 500,
    validationSize: 500,
    testSize: 10,
  });
  const net = denseClassifier({ layers: [{ units: 64, activation: "relu" }], seed: 1 });
  const chance = await classificationError(splits.validation, net.logits);
  assert.ok(chance > 0.7, `untrained error ${chance}`);
  const optimizer = sgd({ momentum: 0.9 });
  const r = await train(net, splits.train, {
    epochs: 8,
    batchSize: 50,
    learningRate: 0.05,
    optimizer,
    seed: 2,
  });
  optimizer.dispose();
  const losses = r.history.map((h) => h.loss);
  assert.ok(losses[7] < 0.5 * losses[0], `losses ${losses}`);
  const error = await classificationError(splits.validation, net.logits);
  assert.ok(error < 0.25, `validation error ${error} after ${losses}`);
  net.dispose();
});

Deno.test("the live tensor count stays flat across training steps", async () => {
  const data = cyclicData(5, 100, 8, 4);
  const net = denseClassifier({
    inputs: 8,
    classes: 4,
    layers: [{ units: 6, activation: { kind: "ksparse", k: 2 }, dropout: 0.5 }, { units: 5 }],
    inputDropout: 0.2,
    inputNoiseStd: 0.1,
  });
  const start = tf.memory().numTensors;
  const counts: number[] = [];
  await train(net.freeze([0]), data, {
    epochs: 4,
    batchSize: 10,
    onEpochEnd: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  assert.equal(new Set(counts).size, 1, `tensor counts per epoch: ${counts}`);
  assert.equal(tf.memory().numTensors, start);
  net.dispose();
  assert.equal(tf.memory().numTensors, start - 6);
});

Deno.test("bad shapes and settings are refused with the reason", () => {
  const layer = { units: 3, W: new Float32Array(4 * 3) };
  assert.throws(
    () => denseClassifier({ inputs: 5, layers: [layer] }),
    /Layer 0 W has 12 values but \[5,3\] needs 15: pass it row-major as \[5, 3\]/,
  );
  assert.throws(
    () => denseClassifier({ inputs: 4, layers: [{ units: 3, W: tf.zeros([3, 4]) }] }),
    /Layer 0 W has shape \[3,4\] but the layer needs \[4,3\]/,
  );
  assert.throws(
    () =>
      denseClassifier({ inputs: 4, classes: 2, layers: [], output: { b: new Float32Array(3) } }),
    /The output b has 3 values but \[2\] needs 2/,
  );
  assert.throws(
    () => denseClassifier({ layers: [{ units: 5, activation: { kind: "ksparse", k: 6 } }] }),
    /Layer 0 keeps k=6 of 5 units: pass an integer k in \[1, 5\]/,
  );
  assert.throws(
    () => denseClassifier({ layers: [{ units: 5, activation: "softplus" as "relu" }] }),
    /Unknown activation "softplus" in layer 0: pass one of "linear", "sigmoid", "relu", "tanh"/,
  );
  assert.throws(() => denseClassifier({ layers: [{ units: 0 }] }), /unit count of layer 0/);
  assert.throws(
    () => denseClassifier({ layers: [{ units: 2, dropout: 1 }] }),
    /dropout of layer 0/,
  );
  assert.throws(
    () => denseClassifier({ inputs: 4, layers: [], inputDropout: -1 }),
    /input dropout/,
  );
  const net = denseClassifier({ inputs: 4, classes: 2, layers: [{ units: 3 }] });
  assert.throws(() => net.logits(tf.zeros([2, 5]) as Tensor2D), /shape \[batch, 4\], got \[2,5\]/);
  assert.throws(() => net.loss({ x: tf.zeros([2, 4]) as Tensor2D }), /needs labels/);
  assert.throws(() => net.hidden(tf.zeros([2, 4]) as Tensor2D, 1), /no hidden layer 1/);
  net.dispose();
  const softmax = denseClassifier({ inputs: 4, classes: 2, layers: [] });
  assert.deepEqual(Object.keys(softmax.params), ["WOut", "bOut"]);
  assert.throws(() => softmax.hidden(tf.zeros([1, 4]) as Tensor2D), /no hidden layers: use logits/);
  assert.throws(() => fineTuningStages(softmax), /no hidden layers to fine-tune/);
  softmax.dispose();
});
