import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { disjointPools, toroidalPools } from "../lib/ops/groups.ts";
import { groupSparseAutoencoder } from "../lib/models/group_sparse.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

await useBackend("cpu");

Deno.test("the group-sparse loss has the gradient of finite differences", async () => {
  const ae = groupSparseAutoencoder({
    inputs: 5,
    pools: toroidalPools(2, 3, 2),
    lambda: 0.3,
    eps: 0.01,
    seed: 2,
  });
  ae.params.be.assign(tf.fill([6], 0.2));
  const x = tf.randomUniform([4, 5], 0, 1, "float32", 1) as Tensor2D;
  await checkGradients(ae.params, () => ae.loss({ x }), { relTol: 2e-2, requireSignal: true });
  ae.dispose();
});

Deno.test("decoder atoms have unit norm from the start and after every step", async () => {
  const ae = groupSparseAutoencoder({ inputs: 16, pools: disjointPools(8, 2), seed: 3 });
  const norms = () => tf.sqrt(tf.sum(tf.square(ae.params.D), 1)).arraySync() as number[];
  for (const n of norms()) assert.ok(Math.abs(n - 1) < 1e-5);
  const data = {
    x: Float32Array.from({ length: 40 * 16 }, (_, i) => Math.sin(i) ** 2),
    n: 40,
    features: 16,
  };
  await train(ae, data, { epochs: 2, batchSize: 10, learningRate: 0.05 });
  for (const n of norms()) assert.ok(Math.abs(n - 1) < 1e-5, `atom norm ${n}`);
  ae.dispose();
});

Deno.test("on MNIST the group penalty switches whole pools off: fewer active pools than without it", async () => {
  const { train: digits } = splitDataset(await loadDataset("mnist"), { trainSize: 1000 });
  const pools = toroidalPools(8, 8, 2);
  const activePools = async (lambda: number) => {
    const ae = groupSparseAutoencoder({ pools, lambda, seed: 1 });
    await train(ae, digits, {
      epochs: 3,
      batchSize: 50,
      optimizer: sgd({ momentum: 0.9 }),
      learningRate: 0.01,
      seed: 1,
    });
    const x = tf.tensor2d(digits.x.subarray(0, 200 * 784), [200, 784]);
    const active = tf.tidy(() => {
      const pooled = tf.matMul(
        tf.square(ae.encode(x)),
        tf.transpose(tf.tensor2d(
          pools.members.flatMap((m) =>
            Array.from({ length: 64 }, (_, u) => (m.includes(u) ? 1 : 0))
          ),
          [64, 64],
        )),
      );
      return tf.mean(tf.sum(tf.cast(tf.greater(pooled, 1e-4), "float32"), 1)).arraySync() as number;
    });
    const error = tf.tidy(() =>
      tf.mean(tf.sum(tf.square(tf.sub(x, ae.decode(ae.encode(x)))), 1)).arraySync() as number
    );
    ae.dispose();
    return { active, error };
  };
  const plain = await activePools(0);
  const grouped = await activePools(0.3);
  assert.ok(
    grouped.active < 0.8 * plain.active,
    `active pools ${grouped.active} vs ${plain.active}`,
  );
  // the penalty costs reconstruction (measured: 43 against 25 at lambda 0.3), within a factor 2
  assert.ok(
    grouped.error < 2 * plain.error,
    `the grouped model still reconstructs: error ${grouped.error} vs ${plain.error}`,
  );
});

Deno.test("bad settings and inputs are refused with the allowed values", () => {
  assert.throws(() => groupSparseAutoencoder({ lambda: -1 }), /lambda must be >= 0, got -1/);
  const ae = groupSparseAutoencoder({ inputs: 4, pools: disjointPools(4, 2) });
  assert.throws(() => ae.encode(tf.zeros([1, 5]) as Tensor2D), /x must be \[batch, 4\]/);
  assert.throws(() => ae.decode(tf.zeros([1, 3]) as Tensor2D), /codes must be \[batch, 4\]/);
  ae.dispose();
});
