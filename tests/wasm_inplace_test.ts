import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { kernelOptions, setKernelOptions, useBackend } from "../lib/backend.ts";
import { axpbyInPlace, projectNormsInPlace } from "../lib/ops/_kernels/wasm_inplace.ts";
import { blasFailure } from "../lib/ops/_kernels/blas.ts";
import { adam, type Optimizer, sgd } from "../lib/train/optimizers.ts";
import { normalArray, randomStream } from "../lib/random.ts";

await useBackend("wasm");

const refCount = (t: tf.Tensor) =>
  (tf.backend() as unknown as { refCount(id: unknown): number }).refCount(t.dataId);

Deno.test("the shared wasm Identity gives clones the input's buffer, and they outlive it", () => {
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  assert.equal(kernelOptions().sharedIdentity, true, "the BLAS mode shares");
  const x = tf.tensor2d([[1, 2], [3, 4]]);
  const before = tf.memory().numDataBuffers;
  const c = tf.clone(x);
  assert.equal(tf.memory().numDataBuffers, before, "no new buffer");
  assert.equal(c.dataId, x.dataId);
  assert.equal(refCount(x), 2);
  x.dispose();
  assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3, 4], "the clone keeps the data");
  assert.equal(refCount(c), 1);
  c.dispose();

  // tfjs's mode copies, as tfjs's kernel does
  setKernelOptions({ matmul: "tfjs" });
  assert.equal(kernelOptions().sharedIdentity, false);
  const y = tf.tensor1d([5, 6]);
  const d = tf.clone(y);
  assert.notEqual(d.dataId, y.dataId);
  assert.equal(refCount(y), 1);
  tf.dispose([y, d]);
  setKernelOptions({ matmul: "blas" });
});

Deno.test("gradients that save clones are the same with the shared and the copying Identity", () => {
  const rng = randomStream(5, "identity-grad");
  const x = tf.tensor2d(normalArray(rng, 6 * 4), [6, 4]);
  const w = tf.tensor2d(normalArray(rng, 4 * 3), [4, 3]);
  // matMul, sigmoid and square all save inputs or outputs for the backward pass
  const f = (a: tf.Tensor) => tf.sum(tf.square(tf.sigmoid(tf.matMul(x, a as tf.Tensor2D))));
  const grads: Float32Array[] = [];
  for (const shared of [false, true]) {
    setKernelOptions({ sharedIdentity: shared });
    const g = tf.grad(f)(w);
    grads.push(g.dataSync() as Float32Array);
    g.dispose();
  }
  setKernelOptions({ matmul: "blas" });
  assert.deepEqual(Array.from(grads[1]), Array.from(grads[0]));
  tf.dispose([x, w]);
});

Deno.test("axpbyInPlace computes a x + b y in y's own buffer", () => {
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  // a variable shares its initial value's buffer: made in a tidy, the value is freed
  const y = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
  const x = tf.tensor1d([10, 20, 30]);
  const id = y.dataId;
  assert.equal(axpbyInPlace(0.5, x, -2, y), true);
  assert.equal(y.dataId, id, "same buffer");
  // 0.5 * [10, 20, 30] - 2 * [1, 2, 3]
  assert.deepEqual(Array.from(y.dataSync()), [3, 6, 9]);
  assert.equal(axpbyInPlace(1, x, 1, y), true);
  assert.deepEqual(Array.from(y.dataSync()), [13, 26, 39]);
  tf.dispose([x, y]);
});

Deno.test("axpbyInPlace refuses, changing nothing, where writing in place is unsafe", () => {
  setKernelOptions({ matmul: "blas" });
  const x = tf.tensor1d([1, 1]);
  const y = tf.tidy(() => tf.variable(tf.tensor1d([2, 3])));
  // a clone shares y's buffer: writing would change the clone too
  const seen = tf.clone(y);
  assert.equal(axpbyInPlace(1, x, 1, y), false);
  assert.deepEqual(Array.from(seen.dataSync()), [2, 3]);
  assert.deepEqual(Array.from(y.dataSync()), [2, 3]);
  seen.dispose();
  // x and y the same buffer, sizes that differ, int32
  assert.equal(axpbyInPlace(1, y, 1, y), false);
  const three = tf.tensor1d([1, 2, 3]);
  assert.equal(axpbyInPlace(1, three, 1, y), false);
  const ints = tf.tidy(() => tf.variable(tf.tensor1d([1, 2], "int32")));
  assert.equal(axpbyInPlace(1, tf.tensor1d([1, 1], "int32"), 1, ints), false);
  // tfjs's kernels (no BLAS products)
  setKernelOptions({ matmul: "tfjs" });
  assert.equal(axpbyInPlace(1, x, 1, y), false);
  setKernelOptions({ matmul: "blas" });
  assert.deepEqual(Array.from(y.dataSync()), [2, 3], "nothing written");
  assert.equal(axpbyInPlace(1, x, 1, y), true, "and it works once y is alone again");
  assert.deepEqual(Array.from(y.dataSync()), [3, 4]);
  tf.dispose([x, y, three, ints]);
});

/**
 * Five steps of an optimizer on a fixed quadratic, gradients outside the update's tidy as in
 * `train()`; also whether the parameter kept its buffer from the second step on (in place).
 */
function optimize(make: () => Optimizer, inPlace: boolean): { w: number[]; kept: boolean } {
  setKernelOptions({ matmul: inPlace ? "blas" : "tfjs" });
  const rng = randomStream(9, "optimizer-inplace");
  const p = { w: tf.tidy(() => tf.variable(tf.tensor2d(normalArray(rng, 20 * 7), [20, 7]))) };
  const target = tf.tensor2d(normalArray(rng, 20 * 7), [20, 7]);
  const opt = make();
  let kept = true, id: unknown;
  for (let step = 0; step < 5; step++) {
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(() => tf.sum(tf.square(tf.sub(p.w, target))) as tf.Scalar)
    );
    tf.tidy(() => opt.apply(p, { w: Object.values(grads)[0] }, 0.05, { w: 0.5 }));
    tf.dispose([value, ...Object.values(grads)]);
    if (step >= 1 && p.w.dataId !== id) kept = false;
    id = p.w.dataId;
  }
  const w = Array.from(p.w.dataSync());
  tf.dispose([p.w, target]);
  opt.dispose();
  setKernelOptions({ matmul: "blas" });
  return { w, kept };
}

for (
  const [name, make] of [
    ["sgd with momentum", () => sgd({ momentum: 0.9 })],
    ["plain sgd", () => sgd({ momentum: 0 })],
    ["adam", () => adam({ epsilon: 1e-3 })],
  ] as [string, () => Optimizer][]
) {
  Deno.test(`${name} updated in place gives tfjs ops' numbers`, () => {
    const ops = optimize(make, false);
    const inPlace = optimize(make, true);
    assert.equal(ops.kept, false, "tfjs ops write new buffers");
    assert.equal(inPlace.kept, true, "the BLAS path writes the parameter in place");
    for (let i = 0; i < ops.w.length; i++) {
      assert.ok(
        Math.abs(inPlace.w[i] - ops.w[i]) <= 1e-5 * (1 + Math.abs(ops.w[i])),
        `w[${i}]: ${inPlace.w[i]} against ${ops.w[i]}`,
      );
    }
  });
}

Deno.test("sgd with momentum in place follows the closed form v <- m v - eta g, w <- w + v", () => {
  // f(w) = sum(w^2) / 2 has gradient w: two steps from w0 = 1 with eta 0.1, m 0.9:
  // v1 = -0.1, w1 = 0.9; v2 = 0.9 * -0.1 - 0.1 * 0.9 = -0.18, w2 = 0.72
  setKernelOptions({ matmul: "blas" });
  const p = { w: tf.tidy(() => tf.variable(tf.fill([3], 1))) };
  const opt = sgd({ momentum: 0.9 });
  for (let step = 0; step < 2; step++) {
    const g = tf.mul(p.w, 1); // a buffer of its own: a clone would share w's and stop the write
    const id = p.w.dataId;
    tf.tidy(() => opt.apply(p, { w: g }, 0.1));
    if (step > 0) assert.equal(p.w.dataId, id, "updated in place");
    g.dispose();
  }
  for (const v of p.w.dataSync()) assert.ok(Math.abs(v - 0.72) < 1e-6, `${v}`);
  p.w.dispose();
  opt.dispose();
});

Deno.test("projectNormsInPlace bounds the norms of rows or columns as tfjs ops do", () => {
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  const rng = randomStream(11, "project-inplace");
  for (const axis of [0, 1] as const) {
    // slice 0 small (within the bound), the others large
    const values = normalArray(rng, 9 * 7).map((v, i) =>
      v * (0.1 + (axis === 1 ? Math.floor(i / 7) : i % 7))
    );
    const W = tf.tidy(() => tf.variable(tf.tensor2d(values, [9, 7])));
    const want = tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(W), axis, true));
      return tf.div(W, tf.maximum(tf.div(norms, 2), 1));
    });
    const id = W.dataId;
    assert.equal(projectNormsInPlace(W, axis, 2), true);
    assert.equal(W.dataId, id, "written in place");
    const got = W.dataSync(), w = want.dataSync();
    for (let i = 0; i < w.length; i++) {
      assert.ok(Math.abs(got[i] - w[i]) <= 1e-6 * (1 + Math.abs(w[i])), `axis ${axis} [${i}]`);
    }
    // the defining property: every norm at most the bound, some exactly at it
    const norms = tf.tidy(() => tf.sqrt(tf.sum(tf.square(W), axis)).dataSync());
    assert.ok(norms.every((n) => n <= 2 * (1 + 1e-6)));
    assert.ok(norms.some((n) => Math.abs(n - 2) < 1e-5), "some slices were over the bound");
    assert.ok(norms.some((n) => n < 1.99), "and some within it, left alone");
    tf.dispose([W, want]);
  }
});

Deno.test("projectNormsInPlace leaves a shared matrix alone", () => {
  setKernelOptions({ matmul: "blas" });
  const W = tf.tidy(() => tf.variable(tf.tensor2d([[3, 4]])));
  const seen = tf.clone(W);
  assert.equal(projectNormsInPlace(W, 1, 1), false);
  assert.deepEqual(Array.from(seen.dataSync()), [3, 4]);
  seen.dispose();
  assert.equal(projectNormsInPlace(W, 1, 1), true);
  const [a, b] = W.dataSync();
  assert.ok(Math.abs(a - 0.6) < 1e-6 && Math.abs(b - 0.8) < 1e-6);
  W.dispose();
});
