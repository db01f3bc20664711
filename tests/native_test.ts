import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { kernelOptions, setKernelOptions, useBackend } from "../lib/backend.ts";
import { elementwiseFailure, loadElementwise } from "../lib/ops/_kernels/elementwise.ts";
import { rowDistances } from "../lib/ops/_kernels/wasm_native.ts";
import { normalArray, randomStream } from "../lib/random.ts";

await useBackend("wasm");

// CI installs a C compiler (.ci/run): the compiled kernels must load there and here.
const kernels = loadElementwise();

Deno.test("the elementwise kernels compile and load", () => {
  assert.ok(kernels, elementwiseFailure());
  assert.match(kernels!.library, /elementwise-[0-9a-f]{8}\.so$/);
});

Deno.test("the compiled sigmoid is 1 / (1 + e^-x) to float32 precision, NaN passing through", () => {
  const n = 200_001;
  const x = new Float32Array(n).map((_, i) => -100 + (200 * i) / (n - 1));
  const y = new Float32Array(n);
  kernels!.sigmoid(x, y);
  for (let i = 0; i < n; i++) {
    const want = 1 / (1 + Math.exp(-x[i]));
    assert.ok(Math.abs(y[i] - want) <= 1e-7, `abs at ${x[i]}: ${y[i]} vs ${want}`);
    if (x[i] > -80) {
      assert.ok(Math.abs(y[i] - want) <= 2e-7 * want, `rel at ${x[i]}: ${y[i]} vs ${want}`);
    }
  }
  const special = new Float32Array([NaN, Infinity, -Infinity, 0]);
  const out = new Float32Array(4);
  kernels!.sigmoid(special, out);
  assert.ok(Number.isNaN(out[0]));
  assert.equal(out[1], 1);
  assert.ok(out[2] >= 0 && out[2] < 1e-37);
  assert.equal(out[3], 0.5);
  assert.throws(() => kernels!.sigmoid(new Float32Array(3), new Float32Array(2)), /one length/);
});

Deno.test("the compiled relu loops match their definitions, NaN kept", () => {
  const x = new Float32Array([-2, -0, 0, 3, NaN, -Infinity]);
  kernels!.reluInPlace(x);
  assert.deepEqual(Array.from(x.slice(0, 4)), [0, -0, 0, 3]);
  assert.ok(Number.isNaN(x[4]));
  assert.equal(x[5], 0);
  const g = new Float32Array([1, 2, 3, NaN]);
  const z = new Float32Array([0.5, 0, -1, 2]);
  const delta = new Float32Array(4);
  const acc = new Float32Array([10, 10, 10, 10]);
  kernels!.reluBackward(g, z, delta, acc);
  assert.deepEqual(Array.from(delta.slice(0, 3)), [1, 0, 0]);
  assert.deepEqual(Array.from(acc.slice(0, 3)), [11, 10, 10]);
  assert.ok(Number.isNaN(delta[3]) && Number.isNaN(acc[3]));
});

Deno.test("tf.sigmoid and its gradient on the native kernels equal tfjs's own", () => {
  const rng = randomStream(8, "native-sigmoid");
  const x = tf.tensor2d(normalArray(rng, 37 * 29).map((v) => 4 * v), [37, 29]);
  const w = tf.tensor2d(normalArray(rng, 37 * 29), [37, 29]);
  const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(a), w));
  const run = (native: boolean) => {
    assert.equal(setKernelOptions({ native }).native, native);
    const y = tf.sigmoid(x).dataSync();
    const g = tf.grad(f)(x).dataSync();
    return { y, g };
  };
  const ours = run(true), theirs = run(false);
  setKernelOptions({ matmul: "blas" });
  assert.ok(kernelOptions().native, "matmul: 'blas' turns the native kernels back on");
  for (let i = 0; i < theirs.y.length; i++) {
    assert.ok(Math.abs(ours.y[i] - theirs.y[i]) < 3e-7, `y[${i}]`);
    assert.ok(Math.abs(ours.g[i] - theirs.g[i]) < 3e-7 * (1 + Math.abs(theirs.g[i])), `g[${i}]`);
  }
  // the gradient's closed form, by hand: w s (1 - s)
  const s = ours.y, wv = w.dataSync();
  for (let i = 0; i < s.length; i++) {
    assert.ok(Math.abs(ours.g[i] - wv[i] * s[i] * (1 - s[i])) < 1e-6);
  }
  tf.dispose([x, w]);
});

Deno.test("matmul: 'tfjs' restores tfjs's sigmoid kernel", () => {
  setKernelOptions({ matmul: "tfjs" });
  assert.equal(kernelOptions().native, false);
  setKernelOptions({ matmul: "blas" });
  assert.equal(kernelOptions().native, true);
});

Deno.test("rowDistances: the compiled pass equals sqrt(sum((a - b)^2)) for widths around 8", () => {
  const rng = randomStream(10, "row-distance");
  for (const cols of [1, 7, 8, 9, 784]) {
    const a = tf.tensor2d(normalArray(rng, 5 * cols), [5, cols]);
    const b = tf.tensor2d(normalArray(rng, 5 * cols), [5, cols]);
    setKernelOptions({ matmul: "blas" });
    assert.ok(kernelOptions().native);
    const got = rowDistances(a, b).dataSync();
    const av = a.dataSync(), bv = b.dataSync();
    for (let r = 0; r < 5; r++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += (av[r * cols + j] - bv[r * cols + j]) ** 2;
      assert.ok(Math.abs(got[r] - Math.sqrt(s)) < 1e-5 * (1 + Math.sqrt(s)), `${cols} [${r}]`);
    }
    setKernelOptions({ native: false });
    const ops = rowDistances(a, b).dataSync();
    setKernelOptions({ matmul: "blas" });
    for (let r = 0; r < 5; r++) assert.ok(Math.abs(got[r] - ops[r]) < 1e-5 * (1 + ops[r]));
    tf.dispose([a, b]);
  }
  assert.throws(() => rowDistances(tf.zeros([2, 3]), tf.zeros([3, 2])), /one shape/);
});
