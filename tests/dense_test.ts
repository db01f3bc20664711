import assert from "node:assert/strict";
import { recordingGradients, tf } from "../lib/tf.ts";
import { setKernelOptions, useBackend } from "../lib/backend.ts";
import { dense } from "../lib/ops/dense.ts";
import {
  ACTIVATION_NAMES,
  activationEntry,
  type ActivationName,
  ACTIVATIONS,
} from "../lib/ops/activations.ts";
import { normalArray, randomStream } from "../lib/random.ts";

await useBackend("wasm");

function reference(x: number[], W: number[], b: number[], rows: number, k: number, n: number) {
  // act-free x W + b by hand, W stored [k, n]
  const out = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      let s = b[j];
      for (let t = 0; t < k; t++) s += x[i * k + t] * W[t * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}

const ACT: Record<ActivationName, (v: number) => number> = {
  linear: (v) => v,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  relu: (v) => Math.max(0, v),
  tanh: (v) => Math.tanh(v),
  square: (v) => v * v,
  modulus: (v) => Math.abs(v),
  synchrony: (v) => v / (1 + Math.exp(-v * v)),
};

Deno.test("dense is act(x W + b) by hand, fused at inference, for every activation and W^T", () => {
  const rng = randomStream(4, "dense");
  const [rows, k, n] = [5, 7, 3];
  const x = normalArray(rng, rows * k), W = normalArray(rng, k * n), b = normalArray(rng, n);
  const want = reference(Array.from(x), Array.from(W), Array.from(b), rows, k, n);
  for (const mode of ["blas", "tfjs"] as const) {
    setKernelOptions({ matmul: mode });
    for (const act of ACTIVATION_NAMES) {
      for (const transposed of [false, true]) {
        const xt = tf.tensor2d(x, [rows, k]);
        const Wt = transposed
          ? tf.transpose(tf.tensor2d(W, [k, n])) // stored [n, k]
          : tf.tensor2d(W, [k, n]);
        assert.equal(recordingGradients(), false);
        const y = dense(xt, Wt, tf.tensor1d(b), act, transposed).dataSync();
        for (let i = 0; i < want.length; i++) {
          assert.ok(
            Math.abs(y[i] - ACT[act](want[i])) < 1e-5,
            `${mode} ${act} ${transposed} [${i}]`,
          );
        }
      }
    }
  }
  setKernelOptions({ matmul: "blas" });
});

Deno.test("dense under a gradient tape gives the gradients of the plain ops", () => {
  const rng = randomStream(6, "dense-grad");
  const x = tf.tensor2d(normalArray(rng, 4 * 6), [4, 6]);
  const W = tf.tensor2d(normalArray(rng, 6 * 5), [6, 5]);
  const b = tf.tensor1d(normalArray(rng, 5));
  let recorded = false;
  const [gW, gb] = tf.grads((w: tf.Tensor, bias: tf.Tensor) => {
    recorded = recordingGradients();
    return tf.sum(tf.square(dense(x, w, bias, "sigmoid")));
  })([W, b]);
  assert.equal(recorded, true, "the tape is seen");
  const [pW, pb] = tf.grads((w: tf.Tensor, bias: tf.Tensor) =>
    tf.sum(tf.square(tf.sigmoid(tf.add(tf.matMul(x, w as tf.Tensor2D), bias))))
  )([W, b]);
  for (const [g, p] of [[gW, pW], [gb, pb]]) {
    const gv = g.dataSync(), pv = p.dataSync();
    for (let i = 0; i < pv.length; i++) assert.ok(Math.abs(gv[i] - pv[i]) < 1e-6);
  }
  // and a finite difference on one weight, independent of both
  const f = (w: tf.Tensor) => tf.sum(tf.square(dense(x, w, b, "sigmoid"))).dataSync()[0];
  const h = 1e-2, i = 7;
  const Wv = W.dataSync().slice();
  const plus = Wv.slice(), minus = Wv.slice();
  plus[i] += h;
  minus[i] -= h;
  const fd = (f(tf.tensor2d(plus, [6, 5])) - f(tf.tensor2d(minus, [6, 5]))) / (2 * h);
  assert.ok(Math.abs(fd - gW.dataSync()[i]) < 1e-3 * (1 + Math.abs(fd)), `${fd}`);
});

Deno.test("the activation table: each entry's function by hand, its fused op the same", () => {
  assert.deepEqual(ACTIVATION_NAMES, [
    "linear",
    "sigmoid",
    "relu",
    "tanh",
    "square",
    "modulus",
    "synchrony",
  ]);
  const a = [-3, -0.5, 0, 0.25, 2];
  const at = tf.tensor2d(a, [1, 5]);
  for (const name of ACTIVATION_NAMES) {
    const f = ACTIVATIONS[name];
    const y = f.apply(at).dataSync();
    a.forEach((v, i) => assert.ok(Math.abs(y[i] - ACT[name](v)) < 1e-6, `${name}(${v})`));
    if (f.fused) {
      const eye = tf.eye(5) as tf.Tensor2D;
      const fused = tf.fused.matMul({
        a: at,
        b: eye,
        bias: tf.zeros([5]),
        activation: f.fused,
      }).dataSync();
      a.forEach((_, i) => assert.ok(Math.abs(fused[i] - y[i]) < 1e-6, `fused ${name}`));
    }
  }
  assert.equal(ACTIVATIONS.tanh.fused, undefined, "tfjs has no fused tanh");
  assert.throws(
    () => activationEntry("softplus", "hidden activation"),
    /Unknown hidden activation "softplus": pass one of "linear", "sigmoid", "relu", "tanh"/,
  );
  assert.throws(() => activationEntry("toString"), /Unknown activation "toString"/);
  assert.throws(
    () => dense(at, tf.eye(5), tf.zeros([5]), "swish" as "relu"),
    /Unknown activation "swish"/,
  );
});
