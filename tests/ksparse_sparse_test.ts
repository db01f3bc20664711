import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { kernelOptions, setKernelOptions, useBackend } from "../lib/backend.ts";
import { kSparseLoss, kSparseSparseStep } from "../lib/ops/ksparse_step.ts";
import { loadKSparseNative } from "../lib/ops/_kernels/ksparse_native.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { linearSchedule } from "../lib/train/schedules.ts";
import { train } from "../lib/train/train.ts";
import { normalArray, randomStream, uniformArray } from "../lib/random.ts";
import { checkGradients } from "./gradient_check.ts";

const native = loadKSparseNative() !== null;
const ignore = !native;

interface Case {
  rows: number;
  inputs: number;
  hidden: number;
  k: number;
}

const CASES: Case[] = [
  { rows: 5, inputs: 7, hidden: 6, k: 1 },
  { rows: 5, inputs: 7, hidden: 6, k: 6 }, // k = hidden: everything kept
  { rows: 1, inputs: 9, hidden: 4, k: 2 },
  { rows: 16, inputs: 20, hidden: 30, k: 4 },
  { rows: 33, inputs: 12, hidden: 50, k: 10 },
  { rows: 40, inputs: 64, hidden: 200, k: 25 },
];

/** Variables W, b, b' and inputs x of one case, Gaussian with the given seed. */
function problem(c: Case, seed: number, integers = false) {
  const rs = randomStream(seed);
  const draw = (n: number, scale: number) =>
    integers
      ? Float32Array.from(uniformArray(rs, n), (u) => Math.floor(u * 5) - 2)
      : normalArray(rs, n, scale);
  return {
    x: tf.tensor2d(draw(c.rows * c.inputs, 1), [c.rows, c.inputs]),
    W: tf.variable(tf.tensor2d(draw(c.inputs * c.hidden, 0.5), [c.inputs, c.hidden])),
    b: tf.variable(tf.tensor1d(draw(c.hidden, 0.3))),
    bOut: tf.variable(tf.tensor1d(draw(c.inputs, 0.3))),
  };
}

/** Loss and gradients of W, b, b' on one path. */
function lossAndGrads(
  p: ReturnType<typeof problem>,
  k: number,
  path: "sparse" | "dense",
): { loss: number; grads: Float32Array[] } {
  return tf.tidy(() => {
    const vars = [p.W, p.b, p.bOut];
    const { value, grads } = tf.variableGrads(
      () => kSparseLoss(p.x, p.W, p.b, p.bOut, k, path),
      vars,
    );
    return {
      loss: value.dataSync()[0],
      grads: vars.map((v) => grads[v.name].dataSync() as Float32Array),
    };
  });
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string, tol = 2e-5) {
  assert.equal(a.length, b.length, what);
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) {
    assert.ok(
      Math.abs(a[i] - b[i]) <= tol * scale,
      `${what}[${i}]: sparse ${a[i]} vs dense ${b[i]}`,
    );
  }
}

function compare(c: Case, seed: number, integers = false): void {
  const p = problem(c, seed, integers);
  const sparse = lossAndGrads(p, c.k, "sparse");
  const dense = lossAndGrads(p, c.k, "dense");
  const label = `rows ${c.rows}, inputs ${c.inputs}, hidden ${c.hidden}, k ${c.k}`;
  assertClose([sparse.loss], [dense.loss], `${label}: loss`);
  ["dW", "db", "db'"].forEach((name, i) => {
    assertClose(sparse.grads[i], dense.grads[i], `${label}: ${name}`);
  });
  for (const t of Object.values(p)) t.dispose();
}

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test({
    name: `${backend}: sparse loss and gradients equal the dense tfjs reference`,
    ignore,
    async fn() {
      await useBackend(backend);
      CASES.forEach((c, i) => compare(c, 100 + i));
    },
  });

  Deno.test({
    name: `${backend}: ties at the k-th value are kept on both paths`,
    ignore,
    async fn() {
      await useBackend(backend);
      // small integers: every product and sum is exact, so equal pre-activations tie exactly
      for (const k of [1, 2, 3, 5]) compare({ rows: 12, inputs: 3, hidden: 8, k }, 7 + k, true);
      // duplicated atoms: columns 0 and 1 of W and b equal, so z_0 = z_1 on every row
      const c = { rows: 6, inputs: 5, hidden: 4, k: 1 };
      const p = problem(c, 3);
      const W = p.W.arraySync() as number[][];
      for (const row of W) row[1] = row[0] = 2; // both atoms the largest for positive inputs
      p.W.assign(tf.tensor2d(W));
      p.b.assign(tf.zeros([4]));
      p.x.dispose();
      p.x = tf.abs(tf.randomNormal([6, 5], 0, 1, "float32", 5)) as tf.Tensor2D;
      const sparse = lossAndGrads(p, 1, "sparse");
      const dense = lossAndGrads(p, 1, "dense");
      assertClose([sparse.loss], [dense.loss], "tied loss");
      sparse.grads.forEach((g, i) => assertClose(g, dense.grads[i], `tied grad ${i}`));
      for (const t of Object.values(p)) t.dispose();
    },
  });
}

Deno.test({
  name: "the sparse path matches central finite differences",
  ignore,
  async fn() {
    await useBackend("cpu");
    const ae = kSparseAutoencoder({ inputs: 6, hidden: 5, k: 2, seed: 3, initStd: 0.5 });
    const aeSparse = kSparseAutoencoder({
      inputs: 6,
      hidden: 5,
      k: 2,
      seed: 3,
      initStd: 0.5,
      step: "sparse",
    });
    const x = tf.tensor2d(uniformArray(randomStream(9), 4 * 6), [4, 6]);
    assert.equal(await checkGradients(aeSparse.params, () => aeSparse.loss({ x })), 41);
    ae.dispose();
    aeSparse.dispose();
  },
});

Deno.test({
  name: "auto picks the sparse path on cpu and wasm, dense with the reference kernels",
  ignore,
  async fn() {
    await useBackend("cpu");
    assert.equal(kSparseSparseStep(), true);
    await useBackend("wasm");
    const before = kernelOptions();
    if (before.native) assert.equal(kSparseSparseStep(), true);
    setKernelOptions({ matmul: "tfjs" });
    assert.equal(kSparseSparseStep(), false);
    setKernelOptions(before);
    assert.throws(
      () => kSparseAutoencoder({ step: "fast" as "auto" }),
      /step must be "auto", "sparse" or "dense"/,
    );
  },
});

Deno.test({
  name: "MNIST: a short run gives the dense path's losses epoch by epoch",
  ignore,
  async fn() {
    await useBackend("cpu");
    const { train: rows } = splitDataset(await loadDataset("mnist"), { trainSize: 500 });
    const run = async (step: "sparse" | "dense") => {
      const ae = kSparseAutoencoder({ hidden: 100, k: 10, seed: 4, step });
      const r = await train(ae, rows, {
        epochs: 3,
        batchSize: 50,
        seed: 2,
        schedules: { k: linearSchedule({ from: 30, to: 10, fraction: 0.5, round: true }) },
      });
      const W = (await ae.params.W.data()) as Float32Array;
      ae.dispose();
      return { W, losses: r.history.map((h) => h.loss) };
    };
    const sparse = await run("sparse");
    const dense = await run("dense");
    assert.equal(sparse.losses.length, 3);
    sparse.losses.forEach((l, i) => {
      assert.ok(Math.abs(l - dense.losses[i]) < 1e-4 * dense.losses[i], `epoch ${i}: ${l}`);
    });
    assertClose(sparse.W, dense.W, "W after training", 1e-3);
  },
});
