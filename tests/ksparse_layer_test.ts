import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { kSparseLayer } from "../lib/ops/ksparse_layer.ts";
import { loadKSparseNative } from "../lib/ops/_kernels/ksparse_native.ts";
import { denseClassifier } from "../lib/models/classifier.ts";
import { normalArray, randomStream } from "../lib/random.ts";
import { checkGradients } from "./gradient_check.ts";

const ignore = loadKSparseNative() === null;

const CASES = [
  { rows: 5, inputs: 7, hidden: 6, k: 1 },
  { rows: 5, inputs: 7, hidden: 6, k: 6 }, // k = hidden: every unit kept
  { rows: 17, inputs: 20, hidden: 37, k: 4 }, // blocks of 16 atoms and a ragged last one
  { rows: 40, inputs: 64, hidden: 200, k: 25 },
];

/** Inputs x, weights W, bias b and an upstream weighting R of one case. */
function problem(c: (typeof CASES)[number], seed: number) {
  const rs = randomStream(seed);
  return {
    x: tf.variable(tf.tensor2d(normalArray(rs, c.rows * c.inputs, 1), [c.rows, c.inputs])),
    W: tf.variable(tf.tensor2d(normalArray(rs, c.inputs * c.hidden, 0.5), [c.inputs, c.hidden])),
    b: tf.variable(tf.tensor1d(normalArray(rs, c.hidden, 0.3))),
    R: tf.tensor2d(normalArray(rs, c.rows * c.hidden, 1), [c.rows, c.hidden]),
  };
}

/** h and the gradients of sum(h * R) in x, W, b on one path. */
function run(p: ReturnType<typeof problem>, k: number, path: "sparse" | "dense", inputGrad = true) {
  return tf.tidy(() => {
    const vars = inputGrad ? [p.x, p.W, p.b] : [p.W, p.b];
    const h = kSparseLayer(p.x, p.W, p.b, k, { path, inputGrad }).dataSync() as Float32Array;
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(kSparseLayer(p.x, p.W, p.b, k, { path, inputGrad }), p.R)),
      vars,
    );
    return { h, grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
  });
}

function assertClose(a: Float32Array, b: Float32Array, what: string) {
  assert.equal(a.length, b.length, what);
  let scale = 1;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= 2e-5 * scale, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test({
    name: `${backend}: the sparse k-sparse layer equals kSparse(x W + b), values and gradients`,
    ignore,
    async fn() {
      await useBackend(backend);
      CASES.forEach((c, i) => {
        const p = problem(c, 30 + i);
        const label = `rows ${c.rows}, inputs ${c.inputs}, hidden ${c.hidden}, k ${c.k}`;
        const sparse = run(p, c.k, "sparse"), dense = run(p, c.k, "dense");
        assertClose(sparse.h, dense.h, `${label}: h`);
        ["dx", "dW", "db"].forEach((name, j) => {
          assertClose(sparse.grads[j], dense.grads[j], `${label}: ${name}`);
        });
        // without the input's gradient: the same dW and db
        const noDx = run(p, c.k, "sparse", false);
        assertClose(noDx.grads[0], dense.grads[1], `${label}: dW without dx`);
        assertClose(noDx.grads[1], dense.grads[2], `${label}: db without dx`);
        for (const t of Object.values(p)) t.dispose();
      });
    },
  });
}

Deno.test({
  name:
    "the sparse k-sparse layer: dW is zero in the columns no row keeps, and matches finite differences",
  ignore,
  async fn() {
    await useBackend("cpu");
    const c = { rows: 3, inputs: 5, hidden: 40, k: 2 };
    const p = problem(c, 4);
    const { grads, h } = run(p, c.k, "sparse");
    const kept = new Set<number>();
    for (let i = 0; i < h.length; i++) if (h[i] !== 0) kept.add(i % c.hidden);
    assert.ok(kept.size <= c.rows * c.k);
    const dW = grads[1];
    for (let j = 0; j < c.hidden; j++) {
      if (kept.has(j)) continue;
      for (let d = 0; d < c.inputs; d++) assert.equal(dW[d * c.hidden + j], 0, `dW[${d}, ${j}]`);
    }
    const checked = await checkGradients(
      { x: p.x, W: p.W, b: p.b },
      () => tf.sum(tf.mul(kSparseLayer(p.x, p.W, p.b, c.k, { path: "sparse" }), p.R)),
      { relTol: 1e-2, absTol: 1e-3 },
    );
    assert.ok(checked > 0);
    for (const t of Object.values(p)) t.dispose();
  },
});

Deno.test({
  name: "a classifier with k-sparse layers trains the same on the sparse and the dense path",
  ignore,
  async fn() {
    await useBackend("wasm");
    const x = tf.tensor2d(normalArray(randomStream(2), 32 * 12, 1), [32, 12]);
    const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), "int32");
    const grads = (path: "sparse" | "dense") => {
      const net = denseClassifier({
        inputs: 12,
        classes: 3,
        layers: [
          { units: 20, activation: { kind: "ksparse", k: 4 } },
          { units: 18, activation: { kind: "ksparse", k: 3 } },
        ],
        seed: 5,
        kSparsePath: path,
      });
      const out = tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => net.loss({ x, y }, { training: true, seed: 1 }),
          Object.values(net.params),
        );
        return Object.values(net.params).map((v) => grads[v.name].dataSync() as Float32Array);
      });
      net.dispose();
      return out;
    };
    const sparse = grads("sparse"), dense = grads("dense");
    // the path is how the layer computes, not what the model is: a checkpoint of one resumes
    // on the other, so it stays out of the recorded config
    const net = denseClassifier({
      inputs: 12,
      layers: [{ units: 20, activation: { kind: "ksparse", k: 4 } }],
      kSparsePath: "sparse",
    });
    assert.equal("kSparsePath" in net.config, false);
    net.dispose();
    sparse.forEach((g, i) => assertClose(g, dense[i], `parameter ${i}`));
    x.dispose();
    y.dispose();
  },
});

Deno.test("the k-sparse layer refuses a k outside [1, hidden]", () => {
  const W = tf.zeros([3, 4]), b = tf.zeros([4]), x = tf.zeros([2, 3]) as tf.Tensor2D;
  assert.throws(() => kSparseLayer(x, W, b, 0), /k must be an integer in \[1, 4\], got 0/);
  assert.throws(() => kSparseLayer(x, W, b, 5), /got 5/);
});
