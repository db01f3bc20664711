import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor1D, Tensor2D } from "../lib/tf.ts";
import {
  absorbing,
  contractionPenalty,
  energy,
  ENERGY_ACTIVATIONS,
  type EnergyActivationName,
  energyField,
  laplacian,
  PRINTED_ENERGY_TERMS,
  type TiedWeights,
} from "../lib/energy/mod.ts";

await useBackend("cpu");

const NAMES = Object.keys(ENERGY_ACTIVATIONS) as EnergyActivationName[];

function weights(inputs: number, hidden: number, seed: number, scale = 0.4): TiedWeights {
  return {
    W: tf.randomNormal([inputs, hidden], 0, scale, "float32", seed) as Tensor2D,
    b: tf.randomNormal([hidden], 0, 0.3, "float32", seed + 1) as Tensor1D,
    bOut: tf.randomNormal([inputs], 0, 0.3, "float32", seed + 2) as Tensor1D,
  };
}

function gradOfEnergy(f: (x: Tensor2D) => Tensor1D, x: Tensor2D): Tensor2D {
  return tf.grad((v: tf.Tensor) => tf.sum(f(v as Tensor2D)))(x) as Tensor2D;
}

/** max |a - b| / max(1, max |b|): relative error against the field's scale. */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(a, b))).arraySync() as number;
    const scale = Math.max(1, tf.max(tf.abs(b)).arraySync() as number);
    return diff / scale;
  });
}

Deno.test("footnote 1: the gradient of each energy is r(x) - x, for every activation", () => {
  for (const [i, activation] of NAMES.entries()) {
    const p = weights(12, 9, 10 * i + 1);
    const x = tf.randomNormal([7, 12], 0, 1, "float32", 100 + i) as Tensor2D;
    const g = gradOfEnergy((v) => energy(p, v, { activation }), x);
    const field = energyField(p, x, { activation });
    const err = relativeError(g, field);
    assert.ok(err < 1e-4, `${activation}: relative error ${err}`);
    assert.ok(tf.max(tf.abs(field)).arraySync() as number > 0.1, `${activation}: a trivial field`);
  }
});

Deno.test("Eq. 26 and 28: with sigmoid outputs the gradient is the log-odds field B(x), at real x in (0, 1)", () => {
  for (const [i, activation] of NAMES.entries()) {
    const p = weights(10, 6, 7 * i + 3);
    const x = tf.randomUniform([5, 10], 0.05, 0.95, "float32", 50 + i) as Tensor2D;
    const g = gradOfEnergy((v) => energy(p, v, { activation, output: "sigmoid" }), x);
    const err = relativeError(g, energyField(p, x, { activation, output: "sigmoid" }));
    assert.ok(err < 1e-4, `${activation}: relative error ${err}`);
  }
});

Deno.test("Eq. 30: at binary x the sigmoid-output energy is the binary RBM's free energy", () => {
  const p = weights(8, 5, 3);
  const x = tf.tensor2d([[0, 1, 1, 0, 1, 0, 0, 1], [1, 1, 1, 1, 0, 0, 0, 0]]);
  const ours = energy(p, x, { activation: "sigmoid", output: "sigmoid" }).arraySync();
  // -F(x) = sum_k softplus(x W_k + b_k) + b_r^T x: the entropy term vanishes (0 log 0 = 0)
  const free = tf.add(
    tf.sum(tf.softplus(tf.add(tf.matMul(x, p.W), p.b)), 1),
    tf.sum(tf.mul(x, p.bOut), 1),
  ).arraySync() as number[];
  ours.forEach((e, r) => assert.ok(Math.abs(e - free[r]) < 1e-5, `${e} vs ${free[r]}`));
});

Deno.test("Eq. 11 against Eq. 28: per class, the two energies differ by a term of x alone and a constant, so Eq. 45 cannot tell them apart", () => {
  // E_lin(x) - E_sig(x) = -1/2 ||x||^2 - (entropy of x) - 1/2 ||b_r||^2: the x terms are the
  // same for every class and cancel in the softmax of Eq. 45; the constant joins C_i
  const x = tf.randomUniform([6, 10], 0.05, 0.95, "float32", 9) as Tensor2D;
  const gaps = [0, 1, 2].map((k) => {
    const p = weights(10, 7, 40 + 5 * k);
    const gap = tf.sub(
      energy(p, x, { activation: "sigmoid" }),
      energy(p, x, { activation: "sigmoid", output: "sigmoid" }),
    ).arraySync() as number[];
    const bb = tf.sum(tf.square(p.bOut)).arraySync() as number;
    return { gap, bb };
  });
  for (const k of [1, 2]) {
    for (let r = 0; r < 6; r++) {
      const between = gaps[k].gap[r] - gaps[0].gap[r];
      const constant = -0.5 * (gaps[k].bb - gaps[0].bb);
      assert.ok(
        Math.abs(between - constant) < 1e-4,
        `class ${k}, row ${r}: ${between} vs ${constant}`,
      );
    }
  }
  // and the gap itself does depend on x: the two energies are not the same function
  assert.ok(Math.abs(gaps[0].gap[0] - gaps[0].gap[1]) > 1e-2);
});

Deno.test("the printed ReLU, synchrony and max energies fail their own definition; the library's pass", () => {
  const cases: [keyof typeof PRINTED_ENERGY_TERMS, number][] = [["relu", 0.5], ["synchrony", 0.5], [
    "max",
    0.5,
  ]];
  for (const [activation, minError] of cases) {
    const p = weights(10, 6, 21);
    // the printed synchrony energy has no output bias (-||x||^2): compare it on b_r = 0
    if (activation !== "relu") p.bOut = tf.zeros([10]) as Tensor1D;
    const x = tf.randomNormal([6, 10], 0, 1, "float32", 22) as Tensor2D;
    const field = energyField(p, x, { activation });
    const printed = gradOfEnergy((v) => PRINTED_ENERGY_TERMS[activation](p, v), x);
    const ours = gradOfEnergy((v) => energy(p, v, { activation }), x);
    assert.ok(relativeError(printed, field) > minError, `printed ${activation} passed`);
    assert.ok(relativeError(ours, field) < 1e-4, `library ${activation} failed`);
  }
});

/** The divergence of r(x) - x by central differences, in float64 on the CPU side. */
function divergenceByDifferences(
  p: TiedWeights,
  x: number[],
  activation: EnergyActivationName,
  eps = 1e-2,
): number {
  let div = 0;
  for (let i = 0; i < x.length; i++) {
    const at = (d: number) => {
      const v = x.slice();
      v[i] += d;
      return (energyField(p, tf.tensor2d([v]), { activation }).arraySync() as number[][])[0][i];
    };
    div += (at(eps) - at(-eps)) / (2 * eps);
  }
  return div;
}

Deno.test("Eq. 38: the Laplacian equals the divergence of the field by finite differences", () => {
  for (const activation of NAMES.filter((n) => n !== "max")) {
    const p = weights(6, 5, 31);
    const row = Array.from({ length: 6 }, (_, i) => Math.sin(3 * i + 1));
    const ours = laplacian(p, tf.tensor2d([row]), activation).arraySync()[0];
    const fd = divergenceByDifferences(p, row, activation);
    assert.ok(
      Math.abs(ours - fd) < 2e-2 * Math.max(1, Math.abs(fd)),
      `${activation}: ${ours} vs ${fd}`,
    );
  }
});

Deno.test("Eq. 42 and 44: PCA's Laplacian is d - D, k-means' is -D, everywhere", () => {
  // an orthonormal W of d = 3 columns in D = 7 dimensions
  const q = tf.linalg.qr(tf.randomNormal([7, 3], 0, 1, "float32", 5))[0] as Tensor2D;
  const pca = { W: q, b: tf.zeros([3]) as Tensor1D, bOut: tf.zeros([7]) as Tensor1D };
  const x = tf.randomNormal([4, 7], 0, 2, "float32", 6) as Tensor2D;
  for (const v of laplacian(pca, x, "linear").arraySync()) assert.ok(Math.abs(v - (3 - 7)) < 1e-4);
  const kmeans = {
    W: tf.randomNormal([7, 5], 0, 1, "float32", 8) as Tensor2D,
    b: tf.zeros([5]) as Tensor1D,
    bOut: tf.zeros([7]) as Tensor1D,
  };
  assert.deepEqual(laplacian(kmeans, x, "max").arraySync(), [-7, -7, -7, -7]);
  assert.deepEqual(absorbing(kmeans, x, "max").arraySync(), [1, 1, 1, 1]);
  // large linear weights: tr(W^T W) > D, a source everywhere
  const big = { ...pca, W: tf.mul(q, 2) as Tensor2D };
  assert.deepEqual(absorbing(big, x, "linear").arraySync(), [0, 0, 0, 0]); // 4 * 3 - 7 > 0
});

Deno.test("Eq. 40: the contraction penalty is the squared Frobenius norm of dh/dx", () => {
  for (const activation of ["sigmoid", "tanh", "linear", "square", "synchrony"] as const) {
    const p = weights(5, 4, 41);
    const x = tf.randomNormal([1, 5], 0, 1, "float32", 42) as Tensor2D;
    const a = ENERGY_ACTIVATIONS[activation];
    const jac = tf.tidy(() => {
      const rows = [];
      for (let k = 0; k < 4; k++) {
        const hk = (v: tf.Tensor) =>
          tf.sum(
            tf.slice(a.h(tf.add(tf.matMul(v as Tensor2D, p.W), p.b) as Tensor2D), [0, k], [1, 1]),
          );
        rows.push(tf.grad(hk)(x));
      }
      return tf.sum(tf.square(tf.concat(rows, 0))).arraySync() as number;
    });
    const ours = contractionPenalty(p, x, activation).arraySync()[0];
    assert.ok(Math.abs(ours - jac) < 1e-4 * Math.max(1, jac), `${activation}: ${ours} vs ${jac}`);
  }
});

Deno.test("energies refuse a bad shape or activation with the expected ones", () => {
  const p = weights(4, 3, 1);
  assert.throws(() => energy(p, tf.zeros([2, 5]) as Tensor2D), /x must be \[batch, 4\]/);
  assert.throws(
    () => energy(p, tf.zeros([2, 4]) as Tensor2D, { activation: "softsign" as "relu" }),
    /energy: unknown energy activation "softsign": use one of sigmoid, tanh/,
  );
});
