import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import type { ArrayData } from "../lib/data/rows.ts";
import { contractiveAutoencoder } from "../lib/models/contractive.ts";
import type { ContractiveAutoencoder } from "../lib/models/contractive.ts";
import { classSpecificAutoencoders, csaeFromAutoencoders } from "../lib/models/csae.ts";
import type { CsaeModel } from "../lib/models/csae.ts";
import { addClass, energyLinearClassifier, energyStatistics } from "../lib/models/csae_extend.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";
import { adam, sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

const randomize = (v: tf.Variable, seed: number, std = 0.3) =>
  v.assign(tf.randomNormal(v.shape, 0, std, "float32", seed));

function randomCsae(seed: number) {
  const m = classSpecificAutoencoders({
    classes: 3,
    inputs: 5,
    hidden: 4,
    activation: "tanh",
    seed,
  });
  randomize(m.tensors.W, seed + 1);
  randomize(m.tensors.b, seed + 2);
  randomize(m.tensors.bOut, seed + 3);
  randomize(m.tensors.C, seed + 4);
  return m;
}

Deno.test("Sec. 4.7 energies: V starts at the identity; the gradient is E^T (softmax - onehot) / n and matches finite differences", async () => {
  const base = randomCsae(10);
  const m = energyLinearClassifier(base);
  const x = tf.randomNormal([6, 5], 0, 1, "float32", 3) as Tensor2D;
  const y = tf.tensor1d([0, 2, 1, 1, 0, 2], "int32");
  const E = base.energies(x);
  assert.deepEqual(m.logits(x).arraySync(), E.arraySync(), "identity V, zero c: the energies");
  randomize(m.params.V, 5, 0.5);
  randomize(m.params.c, 6, 0.5);
  const { grads } = tf.variableGrads(() => m.loss({ x, y }), [m.params.V, m.params.c]);
  const closed = tf.tidy(() => {
    const p = tf.softmax(m.logits(x));
    const r = tf.sub(p, tf.oneHot(y, 3));
    return tf.div(tf.matMul(E, r, true, false), 6);
  });
  const got = grads[m.params.V.name].dataSync();
  closed.dataSync().forEach((v, i) => assert.ok(Math.abs(v - got[i]) < 1e-5, `V[${i}]`));
  const checked = await checkGradients(m.params, () => m.loss({ x, y }), { requireSignal: true });
  assert.equal(checked, 9 + 3);
  m.dispose();
  base.dispose();
});

Deno.test("Sec. 4.7 energies, standardised: the statistics are each class's energy mean and sd; scores start at the standardised energies", async () => {
  const base = randomCsae(11);
  const x = tf.randomNormal([40, 5], 0, 1, "float32", 7) as Tensor2D;
  const rows = { x: x.dataSync() as Float32Array, n: 40, features: 5 };
  // batches of 7 rows: the sums must carry across batches
  const stats = await energyStatistics(base, rows, 7);
  const E = base.energies(x).arraySync() as number[][];
  for (let k = 0; k < 3; k++) {
    const col = E.map((r) => r[k]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    assert.ok(Math.abs(stats.mean[k] - mean) < 1e-3 * (1 + Math.abs(mean)), `mean ${k}`);
    assert.ok(Math.abs(stats.std[k] - sd) < 1e-3 * (1 + sd), `sd ${k}`);
  }
  const m = energyLinearClassifier(base, { standardize: stats });
  const scores = m.logits(x).arraySync() as number[][];
  scores.forEach((row, i) =>
    row.forEach((v, k) => {
      const want = (E[i][k] - stats.mean[k]) / stats.std[k];
      assert.ok(Math.abs(v - want) < 1e-3, `score ${i},${k}: ${v} vs ${want}`);
    })
  );
  assert.throws(
    () => energyLinearClassifier(base, { standardize: { mean: [0, 0], std: [1, 1] } }),
    /standardize needs 3 means and 3 positive standard deviations/,
  );
  m.dispose();
  base.dispose();
  x.dispose();
});

Deno.test("addClass: the first K scores are the base model's, the new column is the new autoencoder's energy; gradients by finite differences", async () => {
  const base = randomCsae(20);
  const ae = contractiveAutoencoder({ inputs: 5, hidden: 4, activation: "tanh", seed: 7 });
  randomize(ae.params.W, 30);
  randomize(ae.params.b, 31);
  const m = addClass(base, ae);
  const x = tf.randomNormal([4, 5], 0, 1, "float32", 8) as Tensor2D;
  const l = m.logits(x).arraySync() as number[][];
  const b = base.logits(x).arraySync() as number[][];
  const e = ae.energy(x).arraySync();
  l.forEach((row, r) => {
    assert.equal(row.length, 4);
    row.slice(0, 3).forEach((v, j) => assert.ok(Math.abs(v - b[r][j]) < 1e-6));
    assert.ok(Math.abs(row[3] - e[r]) < 1e-5);
  });
  assert.deepEqual(Object.keys(m.params).sort(), ["C", "W", "b", "bOut"]);
  randomize(m.params.C, 9);
  const y = tf.tensor1d([3, 0, 3, 2], "int32");
  await checkGradients(m.params, () => m.loss({ x, y }), { requireSignal: true });
  const onlyC = addClass(base, ae, { learn: "normalization" });
  assert.deepEqual(Object.keys(onlyC.params), ["C"]);
  assert.throws(() => addClass(base, ae, { learn: "all" as "new-class" }), /learn must be/);
  onlyC.dispose();
  m.dispose();
  ae.dispose();
  base.dispose();
});

/** The rows of the given classes, at most perClass each, labels renumbered 0, 1, ... */
function classRows(data: ArrayData, classes: number[], perClass: number): ArrayData {
  const rows: number[] = [];
  const count = new Map<number, number>();
  for (let i = 0; i < data.n; i++) {
    const y = data.y![i];
    if (classes.includes(y) && (count.get(y) ?? 0) < perClass) {
      rows.push(i);
      count.set(y, (count.get(y) ?? 0) + 1);
    }
  }
  const x = new Float32Array(rows.length * data.features);
  rows.forEach((r, i) =>
    x.set(data.x.subarray(r * data.features, (r + 1) * data.features), i * data.features)
  );
  return {
    x,
    y: Uint8Array.from(rows, (r) => classes.indexOf(data.y![r])),
    n: rows.length,
    features: data.features,
  };
}

function errorOf(m: CsaeModel, rows: ArrayData): number {
  return tf.tidy(() => {
    const pred = tf.argMax(m.logits(tf.tensor2d(rows.x, [rows.n, 784])), 1)
      .arraySync() as number[];
    return pred.filter((p, i) => p !== rows.y![i]).length / rows.n;
  });
}

async function pretrained(rows: ArrayData, seed: number): Promise<ContractiveAutoencoder> {
  const ae = contractiveAutoencoder({ hidden: 16, contraction: 0.2, seed });
  await train(ae, rows, {
    epochs: 3,
    batchSize: 25,
    optimizer: sgd({ momentum: 0.9 }),
    learningRate: 0.01,
    seed,
  });
  return ae;
}

Deno.test("on MNIST 0/1/2: a model of 0 and 1 gains the class 2 without its autoencoders changing; the energies classifier trains V and c alone", async () => {
  const s = splitDataset(await loadDataset("mnist"), { trainSize: 6000, testSize: 2000 });
  const trainRows = classRows(s.train, [0, 1, 2], 150);
  const testRows = classRows(s.test, [0, 1, 2], 100);
  const aes: ContractiveAutoencoder[] = [];
  for (const j of [0, 1]) aes.push(await pretrained(classRows(trainRows, [j], 150), j + 1));
  const two = csaeFromAutoencoders(aes);
  const fit = () => ({
    epochs: 3,
    batchSize: 25,
    optimizer: sgd({ momentum: 0.9 }),
    learningRate: 0.01,
  });
  await train(two, classRows(trainRows, [0, 1], 150), { ...fit(), seed: 1 });
  const frozen = two.tensors.W.arraySync();

  const third = await pretrained(classRows(trainRows, [2], 150), 3);
  const W3 = third.params.W.arraySync();
  const three = addClass(two, third);
  await train(three, trainRows, { ...fit(), seed: 2 });
  assert.deepEqual(two.tensors.W.arraySync(), frozen, "the two old autoencoders are not retrained");
  assert.notDeepEqual(third.params.W.arraySync(), W3, "the new autoencoder is fine-tuned");
  const err = errorOf(three, testRows);
  const twos = classRows(testRows, [2], 100);
  const missed = errorOf(three, { ...twos, y: twos.y!.map(() => 2) });
  assert.ok(err < 0.1, `3-class test error ${err} after adding the class 2`);
  assert.ok(missed < 0.2, `${missed} of the test 2s classified as another digit`);

  const energies = energyLinearClassifier(three);
  const before = errorOf(energies, testRows);
  await train(energies, trainRows, { ...fit(), seed: 3 });
  assert.deepEqual(two.tensors.W.arraySync(), frozen);
  const after = errorOf(energies, testRows);
  assert.ok(after < 0.1, `energies + linear classifier: test error ${after} (before ${before})`);
  energies.dispose();
  three.dispose();
  third.dispose();
  two.dispose();
  for (const ae of aes) ae.dispose();
});

Deno.test("an optimizer reused on a second model whose parameter of the same name has another shape is refused by name", () => {
  for (const make of [() => sgd({ momentum: 0.9 }), () => adam()]) {
    const opt = make();
    const small = { C: tf.variable(tf.zeros([2])) };
    const large = { C: tf.variable(tf.zeros([3])) };
    tf.tidy(() => opt.apply(small, { C: tf.ones([2]) }, 0.1));
    assert.throws(
      () => tf.tidy(() => opt.apply(large, { C: tf.ones([3]) }, 0.1)),
      /state for parameter "C" is \[2\] but the parameter is \[3\].*new one for each model/,
    );
    opt.dispose();
    small.C.dispose();
    large.C.dispose();
  }
});
