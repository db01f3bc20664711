import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { energyField } from "../lib/energy/energy.ts";
import { contractiveAutoencoder } from "../lib/models/contractive.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

const ctx = { epoch: 0, step: 0, values: {}, seed: 3, training: true };

Deno.test("the contractive loss (Eq. 3 + lambda Eq. 40) has the gradient of finite differences", async () => {
  for (const activation of ["sigmoid", "tanh", "linear", "square", "synchrony"] as const) {
    const ae = contractiveAutoencoder({ inputs: 5, hidden: 3, activation, init: 0.5, seed: 2 });
    const x = tf.randomUniform([4, 5], 0, 1, "float32", 1) as Tensor2D;
    ae.params.b.assign(tf.randomNormal([3], 0, 0.3, "float32", 4));
    ae.params.bOut.assign(tf.randomNormal([5], 0, 0.3, "float32", 5));
    const n = await checkGradients(ae.params, () => ae.loss({ x }, ctx), {
      relTol: 1e-2,
      requireSignal: true,
    });
    assert.equal(n, 5 * 3 + 3 + 5);
    ae.dispose();
  }
});

Deno.test("the denoising variant trains non-differentiable units; the contraction refuses them", () => {
  assert.throws(
    () => contractiveAutoencoder({ activation: "relu", contraction: 0.5 }),
    /needs a differentiable activation, not "relu": pass contraction: 0 and a corruption/,
  );
  const ae = contractiveAutoencoder({
    inputs: 6,
    hidden: 4,
    activation: "modulus",
    corruption: 0.5,
  });
  assert.equal(ae.config.contraction, 0, "non-differentiable units default to no contraction");
  const x = tf.ones([3, 6]) as Tensor2D;
  // masking noise only while training: the validation loss is deterministic
  const a = ae.loss({ x }, { ...ctx, training: false }).arraySync();
  const b = ae.loss({ x }, { ...ctx, training: false, seed: 9 }).arraySync();
  assert.equal(a, b);
  assert.notEqual(ae.loss({ x }, ctx).arraySync(), ae.loss({ x }, { ...ctx, seed: 9 }).arraySync());
  ae.dispose();
});

Deno.test("a trained contractive autoencoder's energy has its reconstruction field as gradient", async () => {
  const { train: digits } = splitDataset(await loadDataset("mnist"), { trainSize: 500 });
  const ae = contractiveAutoencoder({
    hidden: 32,
    contraction: 0.2,
    normalizeFilters: true,
    seed: 1,
  });
  const x = tf.tensor2d(digits.x.subarray(0, 100 * 784), [100, 784]);
  const error = () =>
    tf.tidy(() =>
      tf.mean(tf.sum(tf.square(tf.sub(ae.reconstruct(x), x)), 1)).arraySync() as number
    );
  const before = error();
  await train(ae, digits, {
    epochs: 2,
    batchSize: 50,
    optimizer: sgd({ momentum: 0.9 }),
    learningRate: 0.01,
    seed: 1,
  });
  assert.ok(error() < 0.7 * before, `reconstruction error ${before} -> ${error()}`);
  // filters of equal norm after every step (Sec. 4.3)
  const norms = tf.sqrt(tf.sum(tf.square(ae.params.W), 0)).arraySync() as number[];
  assert.ok(Math.max(...norms) - Math.min(...norms) < 1e-4 * Math.max(...norms), `${norms}`);
  const rows = x.slice([0, 0], [5, 784]) as Tensor2D;
  const g = tf.grad((v: tf.Tensor) => tf.sum(ae.energy(v as Tensor2D)))(rows);
  const field = energyField(ae.weights(), rows, { activation: "sigmoid" });
  const diff = tf.max(tf.abs(tf.sub(g, field))).arraySync() as number;
  assert.ok(diff < 1e-4 * Math.max(1, tf.max(tf.abs(field)).arraySync() as number), `${diff}`);
  ae.dispose();
});

Deno.test("sigmoid outputs: the loss is the cross-entropy of Eq. 4's reconstruction, with its gradient", async () => {
  const ae = contractiveAutoencoder({
    inputs: 5,
    hidden: 3,
    output: "sigmoid",
    contraction: 0,
    init: 0.5,
    seed: 2,
  });
  ae.params.bOut.assign(tf.randomNormal([5], 0, 0.3, "float32", 5));
  const x = tf.randomUniform([4, 5], 0, 1, "float32", 1) as Tensor2D;
  // the cross-entropy written out from the reconstruction r = sigmoid(h W^T + b_r)
  const r = ae.reconstruct(x).arraySync() as number[][];
  const xs = x.arraySync() as number[][];
  const ce = xs.reduce(
    (sum, row, i) =>
      sum - row.reduce((s, v, j) => s + v * Math.log(r[i][j]) + (1 - v) * Math.log(1 - r[i][j]), 0),
    0,
  ) / xs.length;
  assert.ok(r.flat().every((v) => v > 0 && v < 1), "Eq. 4: the reconstruction lies in (0, 1)");
  const loss = ae.loss({ x }, ctx).arraySync() as number;
  assert.ok(Math.abs(loss - ce) < 1e-4 * ce, `${loss} vs ${ce}`);
  // with the contraction too, the autodiff gradient is the finite differences'
  const withPenalty = contractiveAutoencoder({ inputs: 5, hidden: 3, output: "sigmoid", seed: 2 });
  randomize3(withPenalty);
  const n = await checkGradients(withPenalty.params, () => withPenalty.loss({ x }, ctx), {
    relTol: 1e-2,
    requireSignal: true,
  });
  assert.equal(n, 5 * 3 + 3 + 5);
  // its energy is Eq. 28's, whose gradient is the log-odds field B(x) (Eq. 26)
  const inside = tf.clipByValue(x, 0.05, 0.95) as Tensor2D;
  const g = tf.grad((v: tf.Tensor) => tf.sum(withPenalty.energy(v as Tensor2D)))(inside);
  const field = energyField(withPenalty.weights(), inside, { output: "sigmoid" });
  const diff = tf.max(tf.abs(tf.sub(g, field))).arraySync() as number;
  assert.ok(diff < 1e-4 * (tf.max(tf.abs(field)).arraySync() as number), `${diff}`);
  assert.throws(
    () => contractiveAutoencoder({ output: "softmax" as "sigmoid" }),
    /output must be "linear" or "sigmoid", got "softmax"/,
  );
  ae.dispose();
  withPenalty.dispose();
});

function randomize3(ae: ReturnType<typeof contractiveAutoencoder>): void {
  ae.params.W.assign(tf.randomNormal(ae.params.W.shape, 0, 0.5, "float32", 6));
  ae.params.b.assign(tf.randomNormal([3], 0, 0.3, "float32", 4));
  ae.params.bOut.assign(tf.randomNormal([5], 0, 0.3, "float32", 5));
}
