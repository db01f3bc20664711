import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { treePools } from "../lib/ops/groups.ts";
import {
  inferCodes,
  lateralEnergy,
  lateralLearningStep,
  treeInhibitionMask,
} from "../lib/models/lateral_inhibition.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";

await useBackend("cpu");

Deno.test("without inhibition and with orthonormal atoms, inference is the closed form max(0, x D^T - lambda / 2)", async () => {
  const D = tf.linalg.qr(tf.randomNormal([8, 5], 0, 1, "float32", 1))[0].transpose() as Tensor2D; // 5 x 8
  const x = tf.randomNormal([3, 8], 0, 1, "float32", 2) as Tensor2D;
  const lambda = 0.2;
  const { z, converged } = await inferCodes(x, D, tf.zeros([5, 5]) as Tensor2D, {
    lambda,
    tolerance: 1e-6,
    maxIterations: 2000,
  });
  assert.ok(converged);
  const want = tf.relu(tf.sub(tf.matMul(x, D, false, true), lambda / 2));
  assert.ok((tf.max(tf.abs(tf.sub(z, want))).arraySync() as number) < 1e-4);
});

Deno.test("inferred codes satisfy the optimality conditions of the energy with inhibition", async () => {
  const D = tf.div(tf.randomNormal([6, 10], 0, 1, "float32", 3), 2) as Tensor2D;
  const S = tf.relu(tf.randomNormal([6, 6], 0, 0.3, "float32", 4)) as Tensor2D;
  const x = tf.randomNormal([4, 10], 0, 1, "float32", 5) as Tensor2D;
  const lambda = 0.1;
  for (const accelerated of [true, false]) {
    const { z } = await inferCodes(x, D, S, {
      lambda,
      tolerance: 1e-7,
      maxIterations: 20000,
      accelerated,
    });
    // gradient of the smooth part, then KKT on z >= 0: g + lambda = 0 where z > 0, >= 0 where z = 0
    const g = tf.add(
      tf.mul(-2, tf.matMul(tf.sub(x, tf.matMul(z, D)), D, false, true)),
      tf.matMul(z, tf.add(S, tf.transpose(S))),
    );
    const zs = z.arraySync() as number[][], gs = g.arraySync() as number[][];
    zs.forEach((row, r) =>
      row.forEach((v, u) => {
        const kkt = gs[r][u] + lambda;
        if (v > 1e-6) assert.ok(Math.abs(kkt) < 2e-3, `active ${r},${u}: ${kkt}`);
        else assert.ok(kkt > -2e-3, `inactive ${r},${u}: ${kkt}`);
      })
    );
    const e = lateralEnergy(x, z, D, S, lambda).arraySync();
    for (let s = 0; s < 20; s++) {
      const nudged = tf.relu(
        tf.add(z, tf.randomNormal(z.shape, 0, 0.02, "float32", 10 + s)),
      ) as Tensor2D;
      lateralEnergy(x, nudged, D, S, lambda).arraySync().forEach((v, r) =>
        assert.ok(v >= e[r] - 1e-4)
      );
    }
  }
});

Deno.test("inhibition between two similar atoms makes one of them win", async () => {
  const D = tf.tensor2d([[1, 0.1, 0], [0.95, -0.2, 0], [0, 0, 1]]); // the first fits x a little better
  const x = tf.tensor2d([[1, 0, 0]]);
  const active = async (s: number) => {
    const S = tf.tensor2d([[0, s, 0], [s, 0, 0], [0, 0, 0]]);
    const { z } = await inferCodes(x, D, S, { lambda: 0.01, maxIterations: 5000, tolerance: 1e-7 });
    return (z.arraySync() as number[][])[0].slice(0, 2).filter((v) => v > 1e-3).length;
  };
  assert.equal(await active(0), 2, "without inhibition both similar atoms share the input");
  assert.equal(await active(5), 1, "with strong inhibition one takes it");
});

Deno.test("the tree mask allows no inhibition along a branch and some across branches", () => {
  const tree = treePools(3, 2); // 0; 1, 2; 3, 4 under 1; 5, 6 under 2
  const m = treeInhibitionMask(tree).arraySync() as number[][];
  for (let i = 0; i < 7; i++) assert.equal(m[i][i], 0);
  assert.equal(m[0][5], 0, "the root is every node's ancestor");
  assert.equal(m[1][4], 0, "4 is under 1");
  assert.equal(m[3][4], 1, "siblings inhibit each other");
  assert.equal(m[3][5], 1, "cousins inhibit each other");
  assert.equal(m[1][2], 1);
});

Deno.test("learning on MNIST: energy falls, atoms stay unit-norm, S stays non-negative, masked and bounded", async () => {
  const { train } = splitDataset(await loadDataset("mnist"), { trainSize: 200 });
  const tree = treePools(3, 3); // 13 units
  const mask = treeInhibitionMask(tree);
  const D = tf.variable(tf.div(tf.randomNormal([13, 784], 0, 1, "float32", 7), 28));
  const S = tf.variable(tf.zeros([13, 13]));
  const x = tf.tensor2d(train.x.subarray(0, 100 * 784), [100, 784]);
  const energies = [];
  for (let step = 0; step < 12; step++) {
    const r = await lateralLearningStep(x, D, S, {
      lambda: 0.5,
      dictionaryRate: 0.01,
      inhibitionRate: 0.5,
      mask,
      maxInhibition: 2,
      maxIterations: 50,
    });
    energies.push(r.energy);
  }
  assert.ok(energies[11] < 0.8 * energies[0], JSON.stringify(energies));
  for (const n of tf.norm(D, 2, 1).arraySync() as number[]) assert.ok(Math.abs(n - 1) < 1e-4);
  const s = S.arraySync() as number[][], m = mask.arraySync() as number[][];
  s.forEach((row, i) => row.forEach((v, j) => assert.ok(v >= 0 && (m[i][j] === 1 || v === 0))));
  assert.ok((tf.norm(S).arraySync() as number) <= 2 + 1e-4);
  assert.ok((tf.sum(S).arraySync() as number) > 0, "co-active units came to inhibit each other");
});
