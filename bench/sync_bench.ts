/**
 * Where the time of a WebGPU step goes, beside wasm: the cost of reading one number back (the
 * round trip every `await t.data()` pays), of dispatching elementwise ops one after another,
 * and of walkback DAE training steps (784-500, k = 3, sigma 0.5; Bahdanau & Jaeger) run in a row with
 * one read at the end, as the trainer runs them (it reads the loss only for progress and at
 * the end of an epoch). Every tensor an op reads is on the device and warmed before the timed
 * span, so uploads and shader compilation are outside it.
 *
 *   deno bench -A --unstable-webgpu bench/sync_bench.ts
 *
 * WebGPU is benched only where its adapter is a real GPU (on software Vulkan it would time the
 * emulation); wasm runs with its matrix products on a system BLAS where one opens, at the
 * default thread count.
 *
 * @module
 */
import { tf } from "../lib/tf.ts";
import type { Tensor } from "../lib/tf.ts";
import { type BackendName, probeWebGpu, useBackend } from "../lib/backend.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { normalArray, randomStream, uniformArray } from "../lib/random.ts";

const gpu = await probeWebGpu();
const backends: BackendName[] = gpu.available && !gpu.fallback ? ["wasm", "webgpu"] : ["wasm"];
const rng = randomStream(11, "sync-bench");
const INPUTS = 784;
const HIDDEN = 1000;
const ROWS = 100;
const x = uniformArray(rng, 1000 * INPUTS);
const w = normalArray(rng, INPUTS * HIDDEN, 0.01);

/**
 * One bench per backend: `setup` makes resident inputs (read back once so they are on the
 * device), `run` is timed until its result has been read back.
 */
function bench(
  group: string,
  setup: () => Tensor[],
  run: (inputs: Tensor[]) => Tensor,
): void {
  for (const backend of backends) {
    Deno.bench({
      name: `${group} [${backend}]`,
      group,
      baseline: backend === "wasm",
      n: 20,
      warmup: 2,
      async fn(b) {
        await useBackend(backend);
        const inputs = setup();
        try {
          for (const t of inputs) await t.data(); // uploaded before the timed span
          const warm = run(inputs); // and the shaders compiled
          await warm.data();
          warm.dispose();
          b.start();
          const out = run(inputs);
          await out.data();
          b.end();
          out.dispose();
        } finally {
          tf.dispose(inputs);
        }
      },
    });
  }
}

// tfjs-webgpu computes ops whose inputs hold under 1,000 values on the CPU (its CPU forwarding):
// 100 x 1000 keeps these on the device
bench(
  "sum of 100x1000, read one number",
  () => [tf.tensor2d(x.subarray(0, ROWS * HIDDEN), [ROWS, HIDDEN])],
  ([a]) => tf.sum(a),
);

bench(
  "100 adds of 100x1000 in a row, read one number",
  () => [tf.tensor2d(x.subarray(0, ROWS * HIDDEN), [ROWS, HIDDEN])],
  ([a]) =>
    tf.tidy(() => {
      let y = a;
      for (let i = 0; i < 100; i++) y = tf.add(y, 1);
      return tf.sum(y);
    }),
);

bench(
  "matMul 100x784 @ 784x1000, one read",
  () => [
    tf.tensor2d(x.subarray(0, ROWS * INPUTS), [ROWS, INPUTS]),
    tf.tensor2d(w, [INPUTS, HIDDEN]),
  ],
  ([a, m]) => tf.matMul(a as tf.Tensor2D, m as tf.Tensor2D),
);

bench(
  "50 matMuls 100x784 @ 784x1000 in a row, one read",
  () => [
    tf.tensor2d(x.subarray(0, ROWS * INPUTS), [ROWS, INPUTS]),
    tf.tensor2d(w, [INPUTS, HIDDEN]),
  ],
  ([a, m]) =>
    tf.tidy(() => {
      let s: Tensor = tf.scalar(0);
      for (let i = 0; i < 50; i++) {
        s = tf.add(s, tf.matMul(a as tf.Tensor2D, m as tf.Tensor2D).mean());
      }
      return s;
    }),
);

/** 20 walkback training steps in a row (Eq. 8, k = 3, plain SGD at 0.1), one read at the end. */
for (const batch of [20, 1000]) {
  for (const backend of backends) {
    const group = `walkback DAE 784-500, k=3: 20 steps of batch ${batch}, one read`;
    Deno.bench({
      name: `${group} [${backend}]`,
      group,
      baseline: backend === "wasm",
      n: 5,
      warmup: 1,
      async fn(b) {
        await useBackend(backend);
        const model = walkbackDae({
          inputs: INPUTS,
          hidden: 500,
          sigma: 0.5,
          walkbackK: 3,
          seed: 1,
        });
        const optimizer = sgd({ momentum: 0 });
        const xb = tf.tensor2d(x.subarray(0, batch * INPUTS), [batch, INPUTS]);
        const varList = Object.values(model.params);
        const keyOf = new Map(Object.entries(model.params).map(([k, v]) => [v.name, k]));
        const steps = async (n: number) => {
          let sum: Tensor = tf.scalar(0);
          for (let step = 0; step < n; step++) {
            const ctx = { epoch: 0, step, values: {}, seed: step, training: true };
            const next = tf.tidy(() => {
              const { value, grads } = tf.variableGrads(() => model.loss({ x: xb }, ctx), varList);
              const named: Record<string, Tensor> = {};
              for (const [name, g] of Object.entries(grads)) named[keyOf.get(name)!] = g;
              optimizer.apply(model.params, named, 0.1);
              return tf.add(sum, value);
            });
            sum.dispose();
            sum = next;
          }
          await sum.data();
          sum.dispose();
        };
        try {
          await steps(2);
          b.start();
          await steps(20);
          b.end();
        } finally {
          xb.dispose();
          optimizer.dispose();
          model.dispose();
        }
      },
    });
  }
}
