import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { setKernelOptions, useBackend } from "../lib/backend.ts";
import { blasFailure } from "../lib/ops/_kernels/blas.ts";
import { normalArray, randomStream } from "../lib/random.ts";

await useBackend("wasm");

Deno.test("the BLAS Sum equals tfjs's for every axis, keepDims and dtype", () => {
  const rng = randomStream(3, "wasm-sum");
  const x2 = tf.tensor2d(normalArray(rng, 37 * 23), [37, 23]);
  const x3 = tf.tensor3d(normalArray(rng, 4 * 5 * 6), [4, 5, 6]);
  const ints = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], "int32");
  const cases: [tf.Tensor, number | number[] | undefined, boolean][] = [
    [x2, 0, false],
    [x2, 1, false],
    [x2, -1, true],
    [x2, [0, 1], false],
    [x2, undefined, true],
    [x3, [0, 1], false],
    [x3, [1, 2], true],
    [x3, 1, false], // a middle axis: tfjs's kernel
    [x3, [2, 0], false], // not contiguous: tfjs's kernel
    [ints, 0, false], // int32: tfjs's kernel
  ];
  for (const [x, axis, keepDims] of cases) {
    setKernelOptions({ matmul: "transpose" });
    const want = tf.sum(x, axis, keepDims);
    assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
    const before = tf.memory().numTensors;
    const got = tf.sum(x, axis, keepDims);
    assert.equal(tf.memory().numTensors, before + 1, "no intermediate tensors left behind");
    const what = `sum of [${x.shape}] over ${axis} keepDims ${keepDims}`;
    assert.deepEqual(got.shape, want.shape, what);
    assert.equal(got.dtype, want.dtype, what);
    const g = got.dataSync(), w = want.dataSync();
    for (let i = 0; i < w.length; i++) {
      assert.ok(Math.abs(g[i] - w[i]) <= 1e-5 * (1 + Math.abs(w[i])), `${what} [${i}]`);
    }
    tf.dispose([got, want]);
  }
  // a hand check independent of both kernels: column sums of [[1, 2], [3, 4]]
  assert.deepEqual(Array.from(tf.sum(tf.tensor2d([[1, 2], [3, 4]]), 0).dataSync()), [4, 6]);
  tf.dispose([x2, x3, ints]);
});

Deno.test("gradients through broadcast biases use the BLAS Sum and stay right", () => {
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const b = tf.tensor1d([0.5, -1, 2]);
  // d/db sum((x + b)^2) = 2 sum_rows (x + b)
  const g = tf.grad((bias: tf.Tensor) => tf.sum(tf.square(tf.add(x, bias))))(b);
  assert.deepEqual(Array.from(g.dataSync()), [2 * (1.5 + 4.5), 2 * (1 + 4), 2 * (5 + 8)]);
  tf.dispose([x, b, g]);
});
