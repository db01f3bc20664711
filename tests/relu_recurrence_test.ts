import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { setKernelOptions, useBackend } from "../lib/backend.ts";
import {
  reluRecurrence,
  reluRecurrenceFinal,
  reluRecurrenceFused,
} from "../lib/ops/relu_recurrence.ts";
import { blasFailure } from "../lib/ops/_kernels/blas.ts";
import { normalArray, randomStream } from "../lib/random.ts";
import { drsae } from "../lib/models/drsae.ts";

await useBackend("wasm");

function tensors(rows: number, hidden: number, seed: number): [tf.Tensor2D, tf.Tensor2D] {
  const rng = randomStream(seed, "relu-recurrence-test");
  const a = tf.tensor2d(normalArray(rng, rows * hidden), [rows, hidden]);
  const S = tf.tensor2d(normalArray(rng, hidden * hidden).map((v) => 0.15 * v), [hidden, hidden]);
  return [a, S];
}

/** Values and gradients of sum(w * z) for a fixed weighting w of every iterate. */
function valueAndGrads(a: tf.Tensor2D, S: tf.Tensor2D, steps: number, w: tf.Tensor) {
  const f = (x: tf.Tensor, s: tf.Tensor) =>
    tf.sum(tf.mul(reluRecurrence(x as tf.Tensor2D, s as tf.Tensor2D, steps), w));
  const z = reluRecurrence(a, S, steps).dataSync();
  const [da, dS] = tf.grads(f)([a, S]);
  return { z, da: da.dataSync(), dS: dS.dataSync() };
}

/** Value and gradients of sum(w * z^T) through the final-iterate op. */
function finalValueAndGrads(a: tf.Tensor2D, S: tf.Tensor2D, steps: number, w: tf.Tensor) {
  const f = (x: tf.Tensor, s: tf.Tensor) =>
    tf.sum(tf.mul(reluRecurrenceFinal(x as tf.Tensor2D, s as tf.Tensor2D, steps), w));
  const z = reluRecurrenceFinal(a, S, steps).dataSync();
  const [da, dS] = tf.grads(f)([a, S]);
  return { z, da: da.dataSync(), dS: dS.dataSync() };
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])),
      `${what}[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
}

Deno.test("the fused relu recurrence equals the tfjs ops in value and in both gradients", () => {
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  for (const [rows, hidden, steps] of [[5, 7, 2], [1, 3, 3], [13, 9, 6], [40, 30, 11]]) {
    const [a, S] = tensors(rows, hidden, rows + steps);
    const rng = randomStream(steps, "weights");
    const w = tf.tensor3d(normalArray(rng, steps * rows * hidden), [steps, rows, hidden]);
    const wLast = tf.tensor2d(normalArray(rng, rows * hidden), [rows, hidden]);
    setKernelOptions({ matmul: "transpose" });
    assert.equal(reluRecurrenceFused(), false);
    const want = valueAndGrads(a, S, steps, w);
    const wantFinal = finalValueAndGrads(a, S, steps, wLast);
    setKernelOptions({ matmul: "blas" });
    assert.equal(reluRecurrenceFused(), true);
    const got = valueAndGrads(a, S, steps, w);
    const gotFinal = finalValueAndGrads(a, S, steps, wLast);
    close(gotFinal.z, wantFinal.z, `z^T (T=${steps})`);
    close(gotFinal.z, got.z.slice((steps - 1) * rows * hidden), `z^T is the last iterate`);
    close(gotFinal.da, wantFinal.da, `dL/da through z^T (T=${steps})`);
    close(gotFinal.dS, wantFinal.dS, `dL/dS through z^T (T=${steps})`);
    wLast.dispose();
    close(got.z, want.z, `z (${rows}x${hidden}, T=${steps})`);
    close(got.da, want.da, `dL/da (T=${steps})`);
    close(got.dS, want.dS, `dL/dS (T=${steps})`);
    // a hand check that is independent of both paths: z^1 = relu(a)
    const av = a.dataSync();
    for (let i = 0; i < rows * hidden; i++) assert.equal(got.z[i], Math.max(0, av[i]));
    tf.dispose([a, S, w]);
  }
});

Deno.test("the fused gradient matches central finite differences", () => {
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  const rows = 4, hidden = 5, steps = 4;
  const [a, S] = tensors(rows, hidden, 3);
  const w = tf.tensor3d(normalArray(randomStream(9), steps * rows * hidden), [
    steps,
    rows,
    hidden,
  ]);
  const loss = (av: Float32Array, sv: Float32Array) =>
    tf.tidy(() =>
      tf.sum(tf.mul(
        reluRecurrence(tf.tensor2d(av, [rows, hidden]), tf.tensor2d(sv, [hidden, hidden]), steps),
        w,
      )).dataSync()[0]
    );
  const { da, dS } = valueAndGrads(a, S, steps, w);
  const av = a.dataSync() as Float32Array, sv = S.dataSync() as Float32Array;
  const h = 1e-2;
  let checked = 0;
  for (const [x, grad, name] of [[av, da, "a"], [sv, dS, "S"]] as const) {
    for (let i = 0; i < x.length; i++) {
      const up = Float32Array.from(x), down = Float32Array.from(x);
      up[i] += h;
      down[i] -= h;
      const fd = name === "a"
        ? (loss(up, sv) - loss(down, sv)) / (2 * h)
        : (loss(av, up) - loss(av, down)) / (2 * h);
      // a kink of relu inside [x - h, x + h] makes the difference one-sided: skip those
      const kink = Math.abs(fd - grad[i]) > 0.05 * (1 + Math.abs(fd));
      if (kink) continue;
      assert.ok(Math.abs(fd - grad[i]) <= 2e-2 * (1 + Math.abs(fd)), `d/d${name}[${i}]`);
      checked++;
    }
  }
  assert.ok(checked >= 0.8 * (av.length + sv.length), `only ${checked} entries away from kinks`);
  tf.dispose([a, S, w]);
});

Deno.test("a DrSAE discriminative step gives the same loss and gradients fused or not", () => {
  const model = drsae({ inputs: 20, hidden: 12, classes: 3, steps: 11, seed: 5 });
  model.setPhase("discriminative");
  const x = tf.tidy(() => {
    const r = tf.abs(tf.tensor2d(normalArray(randomStream(2), 8 * 20), [8, 20]));
    return tf.div(r, tf.sqrt(tf.sum(tf.square(r), 1, true))) as tf.Tensor2D;
  });
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], "int32");
  const vars = Object.values(model.params);
  const run = () => {
    const { value, grads } = tf.variableGrads(() => model.loss({ x, y }), vars);
    const out = {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.dataSync()])),
    };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  };
  setKernelOptions({ matmul: "transpose" });
  const want = run();
  assert.equal(setKernelOptions({ matmul: "blas" }).matmul, "blas", `no BLAS: ${blasFailure()}`);
  const before = tf.memory().numTensors;
  const got = run();
  assert.equal(tf.memory().numTensors, before, "the fused step leaves no tensors behind");
  assert.ok(Math.abs(got.loss - want.loss) <= 1e-5 * want.loss, `${got.loss} vs ${want.loss}`);
  for (const k of Object.keys(want.grads)) close(got.grads[k], want.grads[k], `grad ${k}`);
  assert.ok(want.grads[Object.keys(want.grads)[0]].some((v) => v !== 0), "gradients are non-zero");
  tf.dispose([x, y]);
  model.dispose();
});

Deno.test("bad shapes and step counts are refused with the reason", () => {
  const [a, S] = tensors(3, 4, 1);
  assert.throws(() => reluRecurrence(a, S, 0), /positive integer/);
  assert.throws(() => reluRecurrence(a, tf.zeros([3, 3]) as tf.Tensor2D, 2), /square/);
  tf.dispose([a, S]);
});
