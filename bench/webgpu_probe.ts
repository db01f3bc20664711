/**
 * What a walkback DAE training step (784-500, k = 3; Bahdanau & Jaeger) waits for on the WebGPU
 * backend: the round trip of one read, 20 matrix products in a row under each of tfjs-webgpu's
 * matMul programs and two submit batch sizes, then steps of batch 20 and 1000 with and without
 * the corruption noise, split into the time to enqueue the work and the time until its result
 * can be read, with the count of device reads, and the kernels of one step with their GPU time
 * (`tf.profile`).
 *
 *   deno run -A --unstable-webgpu bench/webgpu_probe.ts
 *
 * Prints one line per measurement. On a software adapter it runs too, and times the emulation.
 *
 * @module
 */
import { tf } from "../lib/tf.ts";
import type { Tensor, Tensor2D } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { randomStream, uniformArray } from "../lib/random.ts";

const report = await useBackend("webgpu");
console.log(`backend ${report.name}, adapter ${report.adapter ?? "none"}`);
const x = uniformArray(randomStream(1, "webgpu-probe"), 1000 * 784);
const w = uniformArray(randomStream(2, "webgpu-probe"), 784 * 500);

/** The fastest of `reps` runs of `f` until its result is read, after one warm-up run. */
async function time(label: string, f: () => Tensor, reps = 3): Promise<void> {
  try {
    const warm = f();
    await warm.data();
    warm.dispose();
    const ms: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const out = f();
      await out.data();
      ms.push(performance.now() - t0);
      out.dispose();
    }
    console.log(`${label}: ${Math.min(...ms).toFixed(2)} ms (fastest of ${reps})`);
  } catch (e) {
    console.log(`${label}: failed (${(e as Error).message})`);
  }
}

const a1000 = tf.tensor2d(x, [1000, 784]);
const a20 = tf.tensor2d(x.subarray(0, 20 * 784), [20, 784]);
const m = tf.tensor2d(w, [784, 500]);
for (const t of [a1000, a20, m]) await t.data(); // resident before anything is timed
// a sum over 15,680 values runs on the GPU (tfjs-webgpu computes inputs under 1,000 values on
// the CPU), so this is the round trip of one read
await time("read one number of a GPU sum", () => tf.sum(a20));
await time("read back 1000x784 (3.1 MB)", () => tf.add(a1000, 0));
for (const submit of [15, 100]) {
  tf.env().set("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE", submit);
  for (const program of [-1, 0, 1, 2, 3]) {
    tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", program);
    for (const [rows, a] of [[1000, a1000], [20, a20]] as const) {
      await time(
        `submit ${submit}, matMul program ${program}: 20 matMuls ${rows}x784 @ 784x500, one read`,
        () =>
          tf.tidy(() => {
            let s: Tensor = tf.scalar(0);
            for (let i = 0; i < 20; i++) s = tf.add(s, tf.matMul(a as Tensor2D, m).mean());
            return s;
          }),
      );
    }
  }
}
tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", -1);
tf.env().set("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE", 15);
tf.dispose([a1000, a20, m]);

// count the backend's device reads during the steps
const backend = tf.engine().backend as unknown as Record<string, (...a: unknown[]) => unknown>;
let reads = 0;
for (const name of ["read", "readSync"]) {
  const original = backend[name];
  if (typeof original !== "function") continue;
  backend[name] = function (this: unknown, ...args: unknown[]) {
    reads++;
    return original.apply(this, args);
  };
}
for (const batch of [20, 1000]) {
  const model = walkbackDae({ inputs: 784, hidden: 500, sigma: 0.5, walkbackK: 3, seed: 1 });
  const optimizer = sgd({ momentum: 0 });
  const xb = tf.tensor2d(x.subarray(0, batch * 784), [batch, 784]);
  const vars = Object.values(model.params);
  const keyOf = new Map(Object.entries(model.params).map(([k, v]) => [v.name, k]));
  const step = (i: number, noise: boolean) =>
    tf.tidy(() => {
      const ctx = { epoch: 0, step: i, values: {}, seed: i, training: noise };
      const { value, grads } = tf.variableGrads(() => model.loss({ x: xb }, ctx), vars);
      const named: Record<string, Tensor> = {};
      for (const [k, g] of Object.entries(grads)) named[keyOf.get(k)!] = g;
      optimizer.apply(model.params, named, 0.1);
      return value;
    });
  for (const noise of [false, true]) {
    for (let i = 0; i < 2; i++) {
      const v = step(i, noise);
      await v.data();
      v.dispose();
    }
    reads = 0;
    const t0 = performance.now();
    const losses: Tensor[] = [];
    for (let i = 0; i < 10; i++) losses.push(step(i, noise));
    const t1 = performance.now();
    await losses[9].data();
    const t2 = performance.now();
    tf.dispose(losses);
    console.log(
      `walkback k = 3, batch ${batch}, noise ${noise}: ${((t2 - t0) / 10).toFixed(1)} ms/step, ` +
        `${((t1 - t0) / 10).toFixed(1)} of them to enqueue; ${reads} device reads in 10 steps`,
    );
  }
  if (batch === 1000) {
    const profile = await tf.profile(() => step(0, true));
    const byKernel: Record<string, { n: number; ms: number }> = {};
    for (const k of profile.kernels) {
      const e = byKernel[k.name] ??= { n: 0, ms: 0 };
      e.n++;
      e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    }
    const top = Object.entries(byKernel).sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)
      .map(([name, e]) => `${name} ×${e.n} ${e.ms.toFixed(1)} ms`).join(", ");
    console.log(`kernels of one batch-1000 step: ${profile.kernels.length}; GPU time: ${top}`);
  }
  xb.dispose();
  optimizer.dispose();
  model.dispose();
}
