import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { setKernelOptions, useBackend } from "../lib/backend.ts";
import { drsaeLosses, drsaeLossesFused } from "../lib/ops/drsae_head.ts";
import { blasFailure } from "../lib/ops/_kernels/blas.ts";
import { normalArray, randomStream } from "../lib/random.ts";

await useBackend("wasm");

const SETTINGS = { lambda: 0.05, normEpsilon: 1e-6 };

/** A small problem: 6 rows, 5 hidden units (some codes exactly 0, one row all 0), 8 inputs. */
function problem() {
  const rng = randomStream(12, "drsae-head");
  const z = normalArray(rng, 6 * 5).map((v) => Math.max(0, v)); // relu codes, zeros included
  z.fill(0, 0, 5); // a row with no active unit: the norm guard
  return {
    x: tf.tensor2d(normalArray(rng, 6 * 8), [6, 8]),
    z: tf.tensor2d(z, [6, 5]),
    D: tf.tensor2d(normalArray(rng, 5 * 8), [5, 8]),
    C: tf.tensor2d(normalArray(rng, 5 * 3), [5, 3]),
    y: tf.tensor1d([0, 2, 1, 1, 0, 2], "int32"),
  };
}

for (const supervised of [false, true]) {
  Deno.test(
    `the fused DrSAE losses (${supervised ? "L^U + L^S" : "L^U"}) and gradients equal tfjs ops'`,
    () => {
      const p = problem();
      const run = (mode: "blas" | "transpose") => {
        assert.equal(setKernelOptions({ matmul: mode }).matmul, mode, `no BLAS: ${blasFailure()}`);
        assert.equal(drsaeLossesFused(), mode === "blas");
        const f = (z: tf.Tensor, D: tf.Tensor, C: tf.Tensor) =>
          drsaeLosses(
            p.x,
            z as tf.Tensor2D,
            D,
            supervised ? C : null,
            supervised ? p.y : null,
            SETTINGS,
          );
        const loss = f(p.z, p.D, p.C).dataSync()[0];
        const grads = tf.grads((z, D, C) => tf.add(f(z, D, C), tf.mul(0, tf.sum(C))))([
          p.z,
          p.D,
          p.C,
        ]).map((g) => g.dataSync());
        return { loss, grads };
      };
      const fused = run("blas");
      const ops = run("transpose");
      setKernelOptions({ matmul: "blas" });
      assert.ok(Math.abs(fused.loss - ops.loss) < 1e-5 * Math.abs(ops.loss), `${fused.loss}`);
      fused.grads.forEach((g, i) => {
        const o = ops.grads[i];
        for (let j = 0; j < o.length; j++) {
          assert.ok(Math.abs(g[j] - o[j]) < 1e-5 * (1 + Math.abs(o[j])), `grad ${i}[${j}]`);
        }
      });
      if (!supervised) assert.ok(fused.grads[2].every((v) => v === 0), "C unused by L^U");
      tf.dispose(Object.values(p));
    },
  );
}

Deno.test("the fused DrSAE losses match finite differences in D", () => {
  setKernelOptions({ matmul: "blas" });
  const p = problem();
  const f = (D: tf.Tensor) => drsaeLosses(p.x, p.z, D, p.C, p.y, SETTINGS);
  const g = tf.grad(f)(p.D).dataSync();
  const Dv = p.D.dataSync();
  for (const i of [0, 9, 23, 39]) {
    const h = 1e-2;
    const plus = Dv.slice(), minus = Dv.slice();
    plus[i] += h;
    minus[i] -= h;
    const fd = (f(tf.tensor2d(plus, [5, 8])).dataSync()[0] -
      f(tf.tensor2d(minus, [5, 8])).dataSync()[0]) / (2 * h);
    assert.ok(Math.abs(fd - g[i]) < 2e-3 * (1 + Math.abs(fd)), `D[${i}]: ${fd} vs ${g[i]}`);
  }
  tf.dispose(Object.values(p));
});

Deno.test("the fused DrSAE losses refuse labels outside the classifier", () => {
  setKernelOptions({ matmul: "blas" });
  const p = problem();
  const bad = tf.tensor1d([0, 3, 1, 1, 0, 2], "int32");
  assert.throws(() => drsaeLosses(p.x, p.z, p.D, p.C, bad, SETTINGS), /Label 3 is outside/);
  tf.dispose([...Object.values(p), bad]);
});
