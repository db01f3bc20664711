import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { energy } from "../lib/energy/mod.ts";
import { rbm } from "../lib/models/rbm.ts";
import { noiseSeed } from "../lib/ops/noise.ts";
import { bernoulli } from "../lib/ops/sampling.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor1D, Tensor2D } from "../lib/tf.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";

await useBackend("cpu");

function randomize(m: ReturnType<typeof rbm>, seed: number): void {
  m.params.W.assign(tf.randomNormal(m.params.W.shape, 0, 0.3, "float32", seed));
  m.params.b.assign(tf.randomNormal(m.params.b.shape, 0, 0.3, "float32", seed + 1));
  m.params.bOut.assign(tf.randomNormal(m.params.bOut.shape, 0, 0.3, "float32", seed + 2));
}

const weightsOf = (m: ReturnType<typeof rbm>) => ({
  W: m.params.W as unknown as Tensor2D,
  b: m.params.b as unknown as Tensor1D,
  bOut: m.params.bOut as unknown as Tensor1D,
});

Deno.test("Eq. 12: -F of a Gaussian-binary RBM is the sigmoid autoencoder's energy", () => {
  const m = rbm({ visible: 7, hidden: 5, visibleType: "gaussian" });
  randomize(m, 1);
  const x = tf.randomNormal([4, 7], 0, 1, "float32", 9) as Tensor2D;
  const free = m.freeEnergy(x).arraySync();
  const e = energy(weightsOf(m), x, { activation: "sigmoid" }).arraySync();
  free.forEach((f, i) => assert.ok(Math.abs(-f - e[i]) < 1e-5, `${-f} vs ${e[i]}`));
  m.dispose();
});

Deno.test("Eq. 30: at binary x, -F of a binary RBM is the binary-output autoencoder's energy", () => {
  const m = rbm({ visible: 6, hidden: 4 });
  randomize(m, 2);
  const x = tf.tensor2d([[1, 0, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1]]);
  const free = m.freeEnergy(x).arraySync();
  const e = energy(weightsOf(m), x, { activation: "sigmoid", output: "sigmoid" }).arraySync();
  free.forEach((f, i) => assert.ok(Math.abs(-f - e[i]) < 1e-5, `${-f} vs ${e[i]}`));
  m.dispose();
});

Deno.test("the loss's gradient is the CD-k update, <v h>_data - <v h>_model, in closed form", () => {
  for (const visibleType of ["binary", "gaussian"] as const) {
    const m = rbm({ visible: 6, hidden: 4, k: 2, visibleType });
    randomize(m, 3);
    const x = tf.randomUniform([5, 6], 0, 1, "float32", 4) as Tensor2D;
    const ctx = { epoch: 0, step: 0, values: {}, seed: 77, training: true };
    const { W, bOut } = m.params;
    const { grads: byName } = tf.variableGrads(() => m.loss({ x }, ctx), [W, bOut]);
    const grads = { W: byName[W.name], bOut: byName[bOut.name] };
    // the same negative samples: the chain is seeded by ctx.seed
    const v = m.gibbs(x, 2, 77);
    const stat = (d: Tensor2D) => tf.matMul(d, m.hiddenProbabilities(d), true, false);
    const dW = tf.div(tf.sub(stat(v), stat(x)), 5); // descent direction of the loss
    const err = tf.max(tf.abs(tf.sub(grads.W, dW))).arraySync() as number;
    assert.ok(err < 1e-5, `${visibleType}: ${err}`);
    // both visible terms (-b^T x, ||x - b||^2 / 2) give mean(v - x) for b_r
    const dbOut = tf.div(tf.sum(tf.sub(v, x), 0), 5);
    assert.ok((tf.max(tf.abs(tf.sub(grads.bOut, dbOut))).arraySync() as number) < 1e-5);
    m.dispose();
  }
});

Deno.test("sampleData: the CD-1 update of binary visibles drawn from the grey levels at each step", () => {
  const m = rbm({ visible: 6, hidden: 4, k: 1, sampleData: true });
  const plain = rbm({ visible: 6, hidden: 4, k: 1 });
  randomize(m, 3);
  randomize(plain, 3);
  const x = tf.randomUniform([5, 6], 0.2, 0.8, "float32", 4) as Tensor2D;
  const ctx = { epoch: 0, step: 0, values: {}, seed: 77, training: true };
  const { W, bOut } = m.params;
  const { grads: byName } = tf.variableGrads(() => m.loss({ x }, ctx), [W, bOut]);
  // the step's binary visibles, and the chain started from them
  const v0 = bernoulli(x, noiseSeed(77, "rbm:data"));
  const levels = new Set(v0.dataSync());
  assert.ok([...levels].every((u) => u === 0 || u === 1), `binary: ${[...levels]}`);
  const v = m.gibbs(v0, 1, 77);
  const stat = (d: Tensor2D) => tf.matMul(d, m.hiddenProbabilities(d), true, false);
  const dW = tf.div(tf.sub(stat(v), stat(v0)), 5);
  assert.ok((tf.max(tf.abs(tf.sub(byName[W.name], dW))).arraySync() as number) < 1e-5);
  const dbOut = tf.div(tf.sum(tf.sub(v, v0), 0), 5);
  assert.ok((tf.max(tf.abs(tf.sub(byName[bOut.name], dbOut))).arraySync() as number) < 1e-5);
  // the update differs from that of the grey levels themselves
  const { grads: greyGrads } = tf.variableGrads(
    () => plain.loss({ x }, ctx),
    [plain.params.W],
  );
  const gap = tf.max(tf.abs(tf.sub(greyGrads[plain.params.W.name], byName[W.name])));
  assert.ok((gap.arraySync() as number) > 1e-3);
  // outside training the grey levels are read as given, as by the plain model
  const evalCtx = { ...ctx, training: false };
  const a = m.loss({ x }, evalCtx).arraySync() as number;
  const b = plain.loss({ x }, evalCtx).arraySync() as number;
  assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
  // binary data are their own draw: the same update as without sampling
  const xb = tf.tensor2d([[1, 0, 1, 0, 1, 0], [0, 1, 1, 0, 0, 1]]);
  const lossOf = (r: typeof m) => r.loss({ x: xb }, ctx).arraySync() as number;
  assert.ok(Math.abs(lossOf(m) - lossOf(plain)) < 1e-6);
  // the config names the option only when it is on (older checkpoints resume)
  assert.equal(m.config.sampleData, true);
  assert.equal("sampleData" in plain.config, false);
  m.dispose();
  plain.dispose();
});

Deno.test("persistent chains carry over between steps and restart only for a new batch size", () => {
  const m = rbm({ visible: 6, hidden: 4, persistent: true });
  randomize(m, 5);
  const x = tf.tensor2d([[1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0, 1]]);
  const ctx = (step: number) => ({ epoch: 0, step, values: {}, seed: step + 1, training: true });
  const before = tf.memory().numTensors;
  m.loss({ x }, ctx(0)).dispose();
  m.loss({ x }, ctx(1)).dispose();
  assert.equal(tf.memory().numTensors, before + 1, "one chain variable, no leak");
  m.dispose();
  assert.equal(tf.memory().numTensors, before - 3, "dispose frees parameters and chains");
});

Deno.test("CD-1 through the one trainer learns MNIST: lower reconstruction error, lower free energy on digits than on noise", async () => {
  const { train: digits } = splitDataset(await loadDataset("mnist"), { trainSize: 600 });
  const m = rbm({ hidden: 32, seed: 1 });
  const x = tf.tensor2d(digits.x.subarray(0, 200 * 784), [200, 784]);
  const error = () =>
    tf.tidy(() => tf.mean(tf.square(tf.sub(m.reconstruct(x), x))).arraySync() as number);
  const before = error();
  await train(m, digits, {
    epochs: 3,
    batchSize: 20,
    optimizer: sgd({ momentum: 0.5 }),
    learningRate: 0.05,
    seed: 1,
  });
  const after = error();
  assert.ok(after < 0.6 * before, `reconstruction error ${before} -> ${after}`);
  const noise = tf.randomUniform([200, 784], 0, 1, "float32", 3) as Tensor2D;
  const fData = tf.mean(m.freeEnergy(x)).arraySync() as number;
  const fNoise = tf.mean(m.freeEnergy(tf.cast(tf.less(noise, 0.13), "float32") as Tensor2D))
    .arraySync() as number;
  assert.ok(fData < fNoise, `free energy of digits ${fData} vs noise of their density ${fNoise}`);
  m.dispose();
});

Deno.test("an RBM refuses bad settings and inputs with the allowed values", () => {
  assert.throws(() => rbm({ k: 0 }), /k must be an integer >= 1, got 0/);
  assert.throws(
    () => rbm({ visibleType: "poisson" as "binary" }),
    /visibleType must be "binary" or "gaussian"/,
  );
  assert.throws(
    () => rbm({ visibleType: "gaussian", sampleData: true }),
    /sampleData draws binary visibles and needs visibleType "binary"/,
  );
  const m = rbm({ visible: 4, hidden: 2 });
  assert.throws(() => m.freeEnergy(tf.zeros([1, 5]) as Tensor2D), /x must be \[batch, 4\]/);
  m.dispose();
});
