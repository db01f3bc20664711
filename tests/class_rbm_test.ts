import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { classRbm } from "../lib/models/class_rbm.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor1D, Tensor2D } from "../lib/tf.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

function randomized(options: Parameters<typeof classRbm>[0]) {
  const m = classRbm({ inputs: 5, classes: 3, hidden: 4, ...options });
  Object.values(m.tensors).forEach((v, i) =>
    v.assign(tf.randomNormal(v.shape, 0, 0.5, "float32", 60 + i))
  );
  return m;
}

Deno.test("p(y | x) is the softmax of -F(x, y): the logits are -F up to a term shared by the classes", () => {
  const m = randomized({});
  const x = tf.randomUniform([4, 5], 0, 1, "float32", 1) as Tensor2D;
  const logits = m.logits(x).arraySync() as number[][];
  const shared = tf.sum(tf.mul(x, m.tensors.bOut), 1).arraySync() as number[];
  for (let y = 0; y < 3; y++) {
    const free = m.freeEnergy(x, tf.fill([4], y, "int32") as Tensor1D).arraySync();
    free.forEach((f, r) =>
      assert.ok(Math.abs(-f - (logits[r][y] + shared[r])) < 1e-4, `row ${r} class ${y}`)
    );
  }
  m.dispose();
});

Deno.test("the discriminative and hybrid losses have the gradients of finite differences", async () => {
  const x = tf.randomUniform([6, 5], 0, 1, "float32", 2) as Tensor2D;
  const y = tf.tensor1d([0, 1, 2, 2, 1, 0], "int32");
  const ctx = { epoch: 0, step: 0, values: {}, seed: 5, training: true };
  for (const objective of ["discriminative", "hybrid"] as const) {
    const m = randomized({ objective, alphaGenerative: 0.5 });
    await checkGradients(m.params, () => m.loss({ x, y }, ctx), {
      relTol: 2e-2,
      requireSignal: true,
    });
    m.dispose();
  }
});

Deno.test("the generative loss's gradient is the CD update on (x, y) in closed form", () => {
  const m = randomized({ objective: "generative", k: 2 });
  const x = tf.randomUniform([6, 5], 0, 1, "float32", 3) as Tensor2D;
  const yv = tf.tensor1d([0, 1, 2, 2, 1, 0], "int32");
  const t = tf.oneHot(yv, 3).toFloat() as Tensor2D;
  const ctx = { epoch: 0, step: 0, values: {}, seed: 11, training: true };
  const { U, d, W, c } = m.tensors;
  const { grads } = tf.variableGrads(() => m.loss({ x, y: yv }, ctx), [U, d]);
  const [v, s] = m.gibbs(x, t, 11);
  const hidden = (a: Tensor2D, b: Tensor2D) =>
    tf.sigmoid(tf.add(tf.add(tf.matMul(a, W), tf.matMul(b, U)), c));
  const dU = tf.div(tf.sub(tf.matMul(s, hidden(v, s), true), tf.matMul(t, hidden(x, t), true)), 6);
  const dd = tf.div(tf.sum(tf.sub(s, t), 0), 6);
  assert.ok((tf.max(tf.abs(tf.sub(grads[U.name], dU))).arraySync() as number) < 1e-5);
  assert.ok((tf.max(tf.abs(tf.sub(grads[d.name], dd))).arraySync() as number) < 1e-5);
  m.dispose();
});

Deno.test("persistent chains: each step's negative phase continues the last step's samples, not the data", () => {
  const x = tf.randomUniform([6, 5], 0, 1, "float32", 4) as Tensor2D;
  const yv = tf.tensor1d([0, 1, 2, 2, 1, 0], "int32");
  const t = tf.oneHot(yv, 3).toFloat() as Tensor2D;
  const ctx = (seed: number) => ({ epoch: 0, step: seed, values: {}, seed, training: true });
  const loss = (m: ReturnType<typeof randomized>, seed: number) => {
    const l = m.loss({ x, y: yv }, ctx(seed));
    const value = l.arraySync() as number;
    l.dispose();
    return value;
  };
  // the loss is mean F(x, t) - mean F(negatives): the negatives show through it
  const expected = (m: ReturnType<typeof randomized>, v: Tensor2D, s: Tensor2D) => {
    const e = tf.tidy(() =>
      tf.sub(
        tf.mean(m.freeEnergy(x, yv)),
        tf.mean(tf.neg(tf.add(
          tf.add(tf.sum(tf.mul(v, m.tensors.bOut), 1), tf.sum(tf.mul(s, m.tensors.d), 1)),
          tf.sum(
            tf.softplus(
              tf.add(tf.add(tf.matMul(v, m.tensors.W), tf.matMul(s, m.tensors.U)), m.tensors.c),
            ),
            1,
          ),
        ))),
      )
    );
    const value = e.arraySync() as number;
    e.dispose();
    return value;
  };
  const pcd = randomized({ objective: "generative", persistent: true });
  const cd = randomized({ objective: "generative" });
  // CD-k's settings are those recorded before the option existed: its old checkpoints resume
  assert.equal(pcd.config.persistent, true);
  assert.equal("persistent" in cd.config, false);
  const before = tf.memory().numTensors;
  const [v1, s1] = pcd.gibbs(x, t, 21); // the chains start at the data
  assert.ok(Math.abs(loss(pcd, 21) - expected(pcd, v1, s1)) < 1e-4);
  const [v2, s2] = pcd.gibbs(v1, s1, 22); // then continue from the last samples
  const [fromData, classesFromData] = pcd.gibbs(x, t, 22);
  const continued = loss(pcd, 22);
  assert.ok(Math.abs(continued - expected(pcd, v2, s2)) < 1e-4, "PCD continues its chains");
  assert.ok(
    Math.abs(continued - expected(pcd, fromData, classesFromData)) > 1e-3,
    "the two negative phases differ, so the check above can fail",
  );
  // CD-k restarts at the data every step
  assert.ok(Math.abs(loss(cd, 22) - expected(cd, fromData, classesFromData)) < 1e-4);
  tf.dispose([v1, s1, v2, s2, fromData, classesFromData]);
  assert.equal(tf.memory().numTensors, before + 2, "two chain variables, no leak");
  pcd.dispose();
  assert.equal(tf.memory().numTensors, before - 5, "dispose frees parameters and chains");
  cd.dispose();
});

Deno.test("trained discriminatively on MNIST digits, a classification RBM classifies them", async () => {
  const s = splitDataset(await loadDataset("mnist"), { trainSize: 1000, testSize: 500 });
  const m = classRbm({ hidden: 50, objective: "discriminative", seed: 1 });
  assert.ok(!("bOut" in m.params), "p(y | x) has no use for the visible bias");
  const r = await train(m, s.train, {
    epochs: 4,
    batchSize: 20,
    optimizer: sgd({ momentum: 0.9 }),
    learningRate: 0.1,
    seed: 1,
  });
  const losses = r.history.map((h) => h.loss);
  assert.ok(losses[3] < 0.5 * losses[0], JSON.stringify(losses));
  const pred = tf.argMax(m.logits(tf.tensor2d(s.test.x, [s.test.n, 784])), 1)
    .arraySync() as number[];
  const error = pred.filter((p, i) => p !== s.test.y![i]).length / s.test.n;
  assert.ok(error < 0.3, `test error ${error}`); // 1000 digits, 4 epochs
  m.dispose();
});

Deno.test("a classification RBM refuses bad settings with the allowed ones", () => {
  assert.throws(
    () => classRbm({ objective: "contrastive" as "hybrid" }),
    /objective must be one of generative, discriminative, hybrid/,
  );
  assert.throws(() => classRbm({ hidden: 0 }), /hidden must be an integer >= 1, got 0/);
});
