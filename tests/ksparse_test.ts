import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { kSparse, topKMask } from "../lib/ops/topk.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

Deno.test("topKMask keeps exactly the k largest of each row", () => {
  const z = tf.tensor2d([[0.3, -1, 2, 0.5, 0.1], [5, 4, 3, 2, 1]]);
  assert.deepEqual(topKMask(z, 2).arraySync(), [[0, 0, 1, 1, 0], [1, 1, 0, 0, 0]]);
  assert.deepEqual(topKMask(z, 5).arraySync(), [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]);
  assert.throws(() => topKMask(z, 0), /k must be an integer in \[1, 5\]/);
  assert.throws(() => topKMask(z, 6), /k must be an integer/);
});

Deno.test("kSparse gradient is the support mask (closed form)", () => {
  const z = tf.tensor2d([[0.3, -1, 2, 0.5], [1, 4, -3, 2]]);
  const w = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(kSparse(v as tf.Tensor2D, 2), w)))(z);
  assert.deepEqual(g.arraySync(), [[0, 0, 3, 4], [0, 6, 0, 8]]);
});

Deno.test("k-sparse autoencoder loss gradient matches central finite differences", async () => {
  const ae = kSparseAutoencoder({ inputs: 6, hidden: 5, k: 2, seed: 3, initStd: 0.5 });
  const x = tf.tensor2d(uniformArray(randomStream(9), 4 * 6), [4, 6]);
  const checked = await checkGradients(ae.params, () => ae.loss({ x }));
  assert.equal(checked, 6 * 5 + 5 + 6);
  ae.dispose();
});

Deno.test("k-sparse codes have k non-zeros in training and alpha*k as features", () => {
  const ae = kSparseAutoencoder({ inputs: 20, hidden: 30, k: 4, alpha: 2, seed: 1 });
  const x = tf.tensor2d(uniformArray(randomStream(2), 7 * 20), [7, 20]);
  const nz = (t: tf.Tensor) => tf.sum(tf.notEqual(t, 0), 1).arraySync() as number[];
  assert.deepEqual(nz(ae.encode(x)), Array(7).fill(4));
  assert.deepEqual(nz(ae.features(x)), Array(7).fill(8));
  // the kept values are the k largest of the dense preactivation
  const dense = ae.preactivation(x).arraySync() as number[][];
  const code = ae.encode(x).arraySync() as number[][];
  for (let r = 0; r < 7; r++) {
    const kth = [...dense[r]].sort((a, b) => b - a)[3];
    for (let j = 0; j < 30; j++) {
      assert.ok(code[r][j] === (dense[r][j] >= kth ? dense[r][j] : 0));
    }
  }
  assert.throws(() => ae.encode(tf.zeros([2, 19]) as tf.Tensor2D), /shape \[batch, 20\]/);
  ae.dispose();
});

Deno.test("k-sparse constructor rejects bad settings with the reason", () => {
  assert.throws(
    () => kSparseAutoencoder({ hidden: 10, k: 11 }),
    /k must be an integer in \[1, hidden=10\]/,
  );
  assert.throws(() => kSparseAutoencoder({ alpha: 0.5 }), /alpha must be >= 1/);
});

Deno.test("paper defaults: 784-1000, k=25, alpha=3, init std 0.01", () => {
  const ae = kSparseAutoencoder();
  assert.deepEqual(ae.config, {
    inputs: 784,
    hidden: 1000,
    k: 25,
    alpha: 3,
    initStd: 0.01,
    seed: 0,
  });
  const w = ae.params.W.dataSync();
  let s = 0;
  for (const v of w) s += v * v;
  assert.ok(Math.abs(Math.sqrt(s / w.length) - 0.01) < 2e-4);
  ae.dispose();
});

Deno.test("building and disposing a model leaves no tensors behind", () => {
  const before = tf.memory().numTensors;
  const ae = kSparseAutoencoder({ inputs: 8, hidden: 6, k: 2 });
  assert.equal(tf.memory().numTensors, before + 3, "exactly W, b and b' live");
  ae.dispose();
  assert.equal(tf.memory().numTensors, before);
});
