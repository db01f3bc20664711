import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";
import {
  disjointPools,
  groupPenalty,
  groupShrink,
  poolMatrix,
  toroidalPools,
  treePools,
} from "../lib/ops/groups.ts";

await useBackend("cpu");

Deno.test("pools: disjoint groups, toroidal neighbourhoods that wrap, sub-trees", () => {
  assert.throws(() => disjointPools(5, 2), /5 units do not split into groups of 2/);
  const torus = toroidalPools(4, 5, 3);
  assert.equal(torus.members.length, 20);
  for (const pool of torus.members) assert.equal(new Set(pool).size, 9);
  // every unit lies in window^2 pools
  const count = new Array(20).fill(0);
  for (const pool of torus.members) for (const u of pool) count[u]++;
  assert.deepEqual(count, new Array(20).fill(9));
  assert.deepEqual(torus.members[19], [19, 15, 16, 4, 0, 1, 9, 5, 6]); // (3, 4) wraps both ways
  const tree = treePools(3, 2); // 1 + 2 + 4 nodes
  assert.equal(tree.units, 7);
  assert.deepEqual(tree.members[0], [0, 1, 3, 4, 2, 5, 6]);
  assert.deepEqual(tree.members[2], [2, 5, 6]);
  assert.deepEqual(tree.members[6], [6]);
});

Deno.test("the penalty is the sum of the pools' L2 norms, smoothed by eps", () => {
  const pools = toroidalPools(3, 3, 2);
  const z = [0.5, -1, 2, 0, 1.5, -0.25, 3, 0.75, -2];
  const want = (eps: number) =>
    pools.members.reduce(
      (s, pool) => s + Math.sqrt(eps + pool.reduce((a, u) => a + z[u] ** 2, 0)),
      0,
    );
  const P = poolMatrix(pools);
  for (const eps of [0, 0.1]) {
    const got = groupPenalty(tf.tensor2d([z]), P, eps).arraySync()[0];
    assert.ok(Math.abs(got - want(eps)) < 1e-4, `eps ${eps}: ${got} vs ${want(eps)}`);
  }
});

Deno.test("the penalty's gradient is sum over the unit's pools of z_u / ||z_P||, and finite differences agree", () => {
  const pools = treePools(3, 2);
  const P = poolMatrix(pools);
  const z = [0.3, -0.7, 1.1, 0.2, -0.4, 0.9, -1.3];
  const eps = 1e-3;
  const g = tf.grad((v: tf.Tensor) => tf.sum(groupPenalty(v as Tensor2D, P, eps)))(tf.tensor2d([z]))
    .arraySync() as number[][];
  const norm = (pool: readonly number[]) =>
    Math.sqrt(eps + pool.reduce((a, u) => a + z[u] ** 2, 0));
  for (let u = 0; u < z.length; u++) {
    const closed = pools.members.reduce(
      (s, pool) => s + (pool.includes(u) ? z[u] / norm(pool) : 0),
      0,
    );
    assert.ok(Math.abs(g[0][u] - closed) < 1e-4, `unit ${u}: ${g[0][u]} vs ${closed}`);
    const h = 1e-3;
    const at = (d: number) => {
      const v = z.slice();
      v[u] += d;
      return groupPenalty(tf.tensor2d([v]), P, eps).arraySync()[0];
    };
    const fd = (at(h) - at(-h)) / (2 * h);
    assert.ok(Math.abs(fd - closed) < 1e-2, `unit ${u}: finite difference ${fd} vs ${closed}`);
  }
});

Deno.test("group shrinkage is the proximal operator: closed form, zeroed weak groups, and the minimum of its objective", () => {
  const P = poolMatrix(disjointPools(6, 3));
  const z = tf.tensor2d([[3, 0, 4, 0.1, 0.2, -0.2]]);
  const t = 1;
  const v = groupShrink(z, P, t);
  const got = v.arraySync()[0];
  // group 1: norm 5, scaled by 1 - 1/5; group 2: norm 0.3 <= 1, zeroed
  [2.4, 0, 3.2, 0, 0, 0].forEach((w, i) =>
    assert.ok(Math.abs(got[i] - w) < 1e-6, `${i}: ${got[i]}`)
  );
  const objective = (x: Tensor2D) =>
    tf.tidy(() =>
      (tf.sum(tf.square(tf.sub(x, z))).arraySync() as number) / 2 +
      t * groupPenalty(x, P).arraySync()[0]
    );
  const best = objective(v);
  for (let s = 0; s < 50; s++) {
    const nudged = tf.add(v, tf.randomNormal([1, 6], 0, 0.05, "float32", s)) as Tensor2D;
    assert.ok(objective(nudged) >= best - 1e-6, `a nearby point beats the prox (seed ${s})`);
  }
  assert.throws(() => groupShrink(z, poolMatrix(toroidalPools(2, 3, 2)), 1), /pools overlap/);
});
