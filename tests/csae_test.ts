import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import type { ArrayData } from "../lib/data/rows.ts";
import { energy, reconstruct } from "../lib/energy/energy.ts";
import { contractiveAutoencoder } from "../lib/models/contractive.ts";
import {
  centreConstants,
  classSpecificAutoencoders,
  csaeFromAutoencoders,
} from "../lib/models/csae.ts";
import { factoredCsae } from "../lib/models/csae_factored.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor1D, Tensor2D } from "../lib/tf.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

const randomize = (v: tf.Variable, seed: number, std = 0.3) =>
  v.assign(tf.randomNormal(v.shape, 0, std, "float32", seed));

Deno.test("Eq. 45: the CSAE's energies are its autoencoders' energies, one column per class", () => {
  const aes = [0, 1, 2].map((i) => {
    const ae = contractiveAutoencoder({ inputs: 6, hidden: 4, activation: "tanh", seed: i });
    randomize(ae.params.W, 10 + i);
    randomize(ae.params.b, 20 + i);
    randomize(ae.params.bOut, 30 + i);
    return ae;
  });
  const m = csaeFromAutoencoders(aes);
  const x = tf.randomNormal([5, 6], 0, 1, "float32", 1) as Tensor2D;
  const e = m.energies(x).arraySync() as number[][];
  aes.forEach((ae, j) => {
    const own = ae.energy(x).arraySync();
    own.forEach((v, r) =>
      assert.ok(Math.abs(v - e[r][j]) < 1e-4, `class ${j} row ${r}: ${v} vs ${e[r][j]}`)
    );
  });
  // the constants shift the logits only
  m.tensors.C.assign(tf.tensor1d([1, -2, 0.5]));
  const l = m.logits(x).arraySync() as number[][];
  assert.ok(Math.abs(l[0][1] - (e[0][1] - 2)) < 1e-5);
  m.dispose();
  for (const ae of aes) ae.dispose();
});

Deno.test("Eq. 28: with sigmoid outputs the CSAE scores by the binary energy; outputs cannot mix", () => {
  const aes = [0, 1].map((i) => {
    const ae = contractiveAutoencoder({ inputs: 6, hidden: 4, output: "sigmoid", seed: i });
    randomize(ae.params.W, 10 + i);
    randomize(ae.params.b, 20 + i);
    randomize(ae.params.bOut, 30 + i);
    return ae;
  });
  const m = csaeFromAutoencoders(aes);
  assert.equal(m.config.output, "sigmoid");
  const x = tf.randomUniform([5, 6], 0, 1, "float32", 1) as Tensor2D;
  const e = m.energies(x).arraySync() as number[][];
  aes.forEach((ae, j) => {
    const own = energy(ae.weights(), x, { activation: "sigmoid", output: "sigmoid" }).arraySync();
    own.forEach((v, r) =>
      assert.ok(
        Math.abs(v - e[r][j]) < 1e-4 * Math.max(1, Math.abs(v)),
        `${j} ${r}: ${v} ${e[r][j]}`,
      )
    );
  });
  // against the linear-output energies of the same weights, each class differs by terms in x
  // shared by all classes plus its constant -1/2 ||b_r||^2 (Sec. 2.5): the same classifier
  const columns = aes.map((ae) =>
    energy(ae.weights(), x, { activation: "sigmoid" }).arraySync() as number[]
  );
  const linear = columns[0].map((_, r) => columns.map((c) => c[r]));
  const bb = aes.map((ae) => -0.5 * (tf.sum(tf.square(ae.params.bOut)).arraySync() as number));
  for (let r = 0; r < 5; r++) {
    const shift = (c: number) => e[r][c] - linear[r][c] + bb[c];
    assert.ok(Math.abs(shift(0) - shift(1)) < 1e-3, `row ${r}: ${shift(0)} vs ${shift(1)}`);
  }
  const other = contractiveAutoencoder({ inputs: 6, hidden: 4, seed: 5 });
  assert.throws(
    () => csaeFromAutoencoders([aes[0], other]),
    /autoencoder 1 is 6-4 sigmoid with linear outputs, autoencoder 0 is 6-4 sigmoid with sigmoid outputs/,
  );
  other.dispose();
  m.dispose();
  for (const ae of aes) ae.dispose();
});

Deno.test("centreConstants: C_i = -mean E_i over the rows, whatever C was; bad rows are refused", () => {
  const m = classSpecificAutoencoders({ classes: 3, inputs: 5, hidden: 7, seed: 2 });
  randomize(m.tensors.W, 3, 0.5);
  randomize(m.tensors.b, 4, 0.5);
  const x = tf.randomUniform([40, 5], 0, 1, "float32", 5) as Tensor2D;
  const e = m.energies(x).arraySync() as number[][];
  const expected = [0, 1, 2].map((j) => -e.reduce((s, r) => s + r[j], 0) / e.length);
  for (const start of [[0, 0, 0], [5, -3, 100]]) {
    m.tensors.C.assign(tf.tensor1d(start));
    const C = Array.from(centreConstants(m, x));
    C.forEach((c, j) => assert.ok(Math.abs(c - expected[j]) < 1e-4, `class ${j}: ${c}`));
    // every score has mean zero over the rows; the energies themselves are untouched
    const meanScore = tf.mean(m.logits(x), 0).arraySync() as number[];
    for (const v of meanScore) assert.ok(Math.abs(v) < 1e-4, `${meanScore}`);
  }
  assert.throws(
    () => centreConstants(m, tf.zeros([0, 5]) as Tensor2D),
    /centreConstants: x must be \[rows, 5\] with rows >= 1/,
  );
  x.dispose();
  m.dispose();
});

Deno.test("Eq. 46-50: the factored model is K tied autoencoders with W^j = W^x diag(w^f_j) W^h", () => {
  const m = factoredCsae({
    classes: 3,
    inputs: 5,
    factors: 4,
    hidden: 6,
    activation: "modulus",
    seed: 1,
  });
  for (const [i, name] of (["Wx", "Wf", "Wh", "Bh", "Br"] as const).entries()) {
    randomize(m.tensors[name], 40 + i);
  }
  const x = tf.randomNormal([4, 5], 0, 1, "float32", 2) as Tensor2D;
  const e = m.energies(x).arraySync() as number[][];
  const labels = tf.tensor1d([2, 0, 1, 2], "int32");
  const r = m.reconstruct(x, labels).arraySync() as number[][];
  for (let j = 0; j < 3; j++) {
    const p = {
      W: m.classWeights(j),
      b: tf.squeeze(tf.slice(m.tensors.Bh, [j, 0], [1, 6])) as Tensor1D,
      bOut: tf.squeeze(tf.slice(m.tensors.Br, [j, 0], [1, 5])) as Tensor1D,
    };
    const own = energy(p, x, { activation: "modulus" }).arraySync();
    own.forEach((v, row) =>
      assert.ok(Math.abs(v - e[row][j]) < 1e-4, `class ${j}: ${v} vs ${e[row][j]}`)
    );
    const rec = reconstruct(p, x, { activation: "modulus" }).arraySync() as number[][];
    [2, 0, 1, 2].forEach((y, row) => {
      if (y !== j) return;
      rec[row].forEach((v, c) => assert.ok(Math.abs(v - r[row][c]) < 1e-4, `r ${row},${c}`));
    });
  }
  m.dispose();
});

Deno.test("the CSAE losses (log, hinge, reconstruction) have the gradients of finite differences", async () => {
  const x = tf.randomUniform([6, 4], 0, 1, "float32", 3) as Tensor2D;
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2], "int32");
  for (const loss of ["log", "hinge"] as const) {
    const m = classSpecificAutoencoders({
      classes: 3,
      inputs: 4,
      hidden: 2,
      loss,
      l2: 0.1,
      initStd: 0.5,
      seed: 4,
    });
    await checkGradients(m.params, () => m.loss({ x, y }), {
      relTol: 2e-2,
      requireSignal: loss === "log",
    });
    m.dispose();
  }
  const f = factoredCsae({
    classes: 3,
    inputs: 4,
    factors: 3,
    hidden: 2,
    initStd: 0.5,
    objective: "reconstruction",
    corruption: 0,
    seed: 5,
  });
  await checkGradients(
    f.params,
    () => f.loss({ x, y }, { epoch: 0, step: 0, values: {}, seed: 1, training: true }),
    {
      relTol: 2e-2,
    },
  );
  f.dispose();
});

Deno.test("the hinge loss is max(0, 1 + best other score - own score)", () => {
  const m = classSpecificAutoencoders({
    classes: 3,
    inputs: 2,
    hidden: 1,
    loss: "hinge",
    initStd: 0,
  });
  m.tensors.C.assign(tf.tensor1d([0.5, 0, -0.2]));
  const x = tf.zeros([2, 2]) as Tensor2D; // energies: sum H(0) = log 2 for every class
  const value = m.loss({ x, y: tf.tensor1d([0, 2], "int32") }).arraySync() as number;
  // row 0: max(0, 1 + 0 - 0.5) = 0.5; row 1: max(0, 1 + 0.5 + 0.2) = 1.7
  assert.ok(Math.abs(value - (0.5 + 1.7) / 2) < 1e-6, `${value}`);
  m.dispose();
});

function classRows(data: ArrayData, classes: number[], perClass: number): ArrayData {
  const rows: number[] = [];
  const count = new Map<number, number>();
  for (let i = 0; i < data.n && rows.length < classes.length * perClass; i++) {
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

Deno.test("constantNorm: every filter keeps its class's starting mean norm through training; off, the norms move", async () => {
  const x = tf.randomUniform([40, 6], 0, 1, "float32", 3) as Tensor2D;
  const y = tf.tensor1d([...Array(40).keys()].map((i) => i % 3), "int32") as Tensor1D;
  const data: ArrayData = {
    x: x.dataSync() as Float32Array,
    y: new Int32Array(y.dataSync()),
    n: 40,
    features: 6,
  };
  const norms = (W: tf.Variable) =>
    tf.tidy(() => tf.sqrt(tf.sum(tf.square(W), 1)).arraySync() as number[][]);
  const make = (constantNorm: boolean) => {
    const m = classSpecificAutoencoders({
      classes: 3,
      inputs: 6,
      hidden: 4,
      seed: 2,
      initStd: 0.5,
      constantNorm,
    });
    return m;
  };
  const kept = make(true);
  const plain = make(false);
  assert.equal(kept.config.constantNorm, true);
  assert.equal("constantNorm" in plain.config, false, "absent from config when off");
  const start = norms(kept.tensors.W);
  const means = start.map((row) => row.reduce((a, b) => a + b, 0) / row.length);
  assert.ok(Math.max(...start[0]) - Math.min(...start[0]) > 0.05, "unequal norms at the start");
  for (const m of [kept, plain]) {
    await train(m, data, { epochs: 3, batchSize: 10, learningRate: 0.5, seed: 1 });
  }
  for (const [k, row] of norms(kept.tensors.W).entries()) {
    for (const n of row) {
      assert.ok(Math.abs(n - means[k]) < 1e-4, `class ${k}: ${n} vs ${means[k]}`);
    }
  }
  const moved = norms(plain.tensors.W).flat().some((n, i) => Math.abs(n - start.flat()[i]) > 1e-3);
  assert.ok(moved, "without the option training changes the norms");
  for (const t of [x, y]) t.dispose();
  kept.dispose();
  plain.dispose();
});

Deno.test("pretrained per class then fine-tuned, the CSAE classifies MNIST digits; normalization-only trains C alone", async () => {
  const s = splitDataset(await loadDataset("mnist"), { trainSize: 6000, testSize: 2000 });
  const classes = [0, 1, 2];
  const trainRows = classRows(s.train, classes, 150);
  const testRows = classRows(s.test, classes, 100);
  const aes = [];
  for (const [j] of classes.entries()) {
    const own = classRows(trainRows, [j], 150);
    const ae = contractiveAutoencoder({ hidden: 16, contraction: 0.2, seed: j + 1 });
    await train(ae, own, {
      epochs: 3,
      batchSize: 25,
      optimizer: sgd({ momentum: 0.9 }),
      learningRate: 0.01,
      seed: j,
    });
    aes.push(ae);
  }
  const error = (m: ReturnType<typeof csaeFromAutoencoders>) =>
    tf.tidy(() => {
      const pred = tf.argMax(m.logits(tf.tensor2d(testRows.x, [testRows.n, 784])), 1)
        .arraySync() as number[];
      return pred.filter((p, i) => p !== testRows.y![i]).length / testRows.n;
    });
  const normalize = csaeFromAutoencoders(aes, { learn: "normalization" });
  const W0 = normalize.tensors.W.arraySync();
  await train(normalize, trainRows, { epochs: 2, batchSize: 25, learningRate: 0.01, seed: 1 });
  assert.deepEqual(normalize.tensors.W.arraySync(), W0, "normalization-only leaves the filters");
  assert.deepEqual(Object.keys(normalize.params), ["C"]);
  const full = csaeFromAutoencoders(aes, { l2: 1e-4 });
  await train(full, trainRows, {
    epochs: 3,
    batchSize: 25,
    optimizer: sgd({ momentum: 0.9 }),
    learningRate: 0.01,
    seed: 1,
  });
  const fullError = error(full);
  assert.ok(fullError < 0.1, `fine-tuned test error ${fullError} on 0/1/2`);
  normalize.dispose();
  full.dispose();
  for (const ae of aes) ae.dispose();
});
