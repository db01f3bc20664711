/**
 * Micro-benchmarks of the hot ops of k-sparse training (784 inputs, 1000 hidden, batch 100,
 * k = 25), and one training step of each model, on every CPU backend in `BACKENDS` (wasm,
 * cpu, and any added later), and on WebGPU when its adapter is a real GPU (on software Vulkan
 * it is left out: it would time the emulation, not the backend).
 *
 *   deno bench -A bench/ops_bench.ts
 *
 * Each group compares the backends on one op, with pure wasm as the baseline, so
 * `deno bench` prints how many times faster or slower each one is. tfjs runs single-threaded
 * on wasm and cpu. Where a system BLAS opens (`useBackend` reports `matmul: "blas (...)"`),
 * wasm also runs with its matrix products on that BLAS, at 1 thread and at one per core;
 * the baseline keeps them in wasm (`useBackend("wasm", { kernels: { matmul: "transpose" } })`).
 *
 * - `matMul` 100x784 by 784x1000: plain, with `transposeA` (A stored as 784x100) and with
 *   `transposeB` (B stored as 1000x784): the same product in the three layouts the forward
 *   and backward passes use;
 * - `topKMask` on 100x1000, k = 25;
 * - `sum` of a 100x1000 matrix over the batch (what every bias gradient does) and per example;
 * - DrSAE's relu recurrence alone (T = 11, 100x400), forward and backward: fused into two
 *   kernels where matMul runs on a BLAS (`lib/ops/relu_recurrence.ts`), tfjs ops elsewhere;
 * - one k-sparse training step: `tf.variableGrads` of the model's loss, then an SGD update
 *   with momentum 0.9 (the trainer's step, without its batching);
 * - one DrSAE step (Rolfe & LeCun; 784-400, T = 11, batch 100, discriminative phase): the
 *   unrolled recurrent forward and its backward, SGD with momentum 0.9, the per-matrix
 *   learning rates and the norm projections;
 * - one walkback DAE step (Bahdanau & Jaeger; 784-500, k = 3, sigma 0.5, batch 20): the
 *   chain of noisy reconstructions with gradients through it, plain SGD, lr 0.1.
 *
 * Inputs are built and disposed inside each bench, outside the timed span; the timed span
 * ends when the result has been read back, so every backend is measured to completion.
 *
 * @module
 */
import { tf } from "../lib/tf.ts";
import type { Tensor, Tensor2D } from "../lib/tf.ts";
import {
  type BackendName,
  BACKENDS,
  probeWebGpu,
  useBackend,
  type UseBackendOptions,
} from "../lib/backend.ts";
import { topKMask } from "../lib/ops/topk.ts";
import { reluRecurrenceFinal } from "../lib/ops/relu_recurrence.ts";
import { drsae } from "../lib/models/drsae.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import type { Batch, Trainable } from "../lib/types.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { normalArray, randomStream, uniformArray } from "../lib/random.ts";

const BATCH = 100;
const INPUTS = 784;
const HIDDEN = 1000;
const K = 25;
const BASELINE: BackendName = "wasm";

/** One backend with its options. */
interface Variant {
  backend: BackendName;
  /** Passed to useBackend: BLAS off, or its thread count (see `KernelOptions`). */
  options: UseBackendOptions;
  /** Shown in the bench name. */
  label: string;
  /** The group's baseline. */
  baseline?: boolean;
}

/**
 * Every backend, pure wasm first; BLAS-backed ones at 1 thread and all cores; WebGPU only on a
 * real GPU adapter.
 */
async function findVariants(): Promise<Variant[]> {
  const out: Variant[] = [];
  const gpu = await probeWebGpu();
  const names = [
    BASELINE,
    ...BACKENDS.filter((b) =>
      b !== BASELINE && (b !== "webgpu" || (gpu.available && !gpu.fallback))
    ),
  ];
  for (const backend of names) {
    const report = await useBackend(backend);
    if (!report.matmul?.startsWith("blas")) {
      out.push({ backend, options: {}, label: backend, baseline: backend === BASELINE });
      continue;
    }
    out.push({
      backend,
      options: { kernels: { matmul: "transpose" } },
      label: `${backend}, matMul in ${backend}`,
      baseline: backend === BASELINE,
    });
    const library = report.matmul.match(/^blas \(([^,)]+)/)?.[1] ?? "BLAS";
    for (const threads of new Set([1, navigator.hardwareConcurrency ?? 1])) {
      out.push({
        backend,
        options: { kernels: { blasThreads: threads } },
        label: `${backend}, matMul on ${library} ${threads} thread${threads > 1 ? "s" : ""}`,
      });
    }
  }
  return out;
}

const variants = await findVariants();

/** Make `v`'s backend active with its options. */
async function activate(v: Variant): Promise<void> {
  await useBackend(v.backend, v.options);
}

const rng = randomStream(7, "ops-bench");
const x = uniformArray(rng, BATCH * INPUTS); // [100, 784]
const w = normalArray(rng, INPUTS * HIDDEN, 0.01); // [784, 1000]
const z = normalArray(rng, BATCH * HIDDEN); // [100, 1000]
const xT = transpose(x, BATCH, INPUTS); // [784, 100]
const xUnitNorm = unitRows(x, BATCH, INPUTS); // DrSAE's inputs: rows of unit L2 norm
const wT = transpose(w, INPUTS, HIDDEN); // [1000, 784]

function unitRows(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += a[r * cols + c] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < cols; c++) out[r * cols + c] = a[r * cols + c] * inv;
  }
  return out;
}

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  }
  return out;
}

/**
 * Register one bench per backend in `group`: `setup` builds the inputs (untimed), `run`
 * computes the result (timed until it is read back); everything is disposed afterwards.
 */
function benchOp(
  group: string,
  setup: () => Tensor[],
  run: (inputs: Tensor[]) => Tensor,
  options: { n?: number; warmup?: number; matMul?: boolean } = {},
): void {
  const { matMul = true, ...benchOptions } = options;
  // BLAS variants differ from pure wasm only in matMul: ops without one skip them.
  for (const v of variants.filter((v) => matMul || v.options.kernels?.blasThreads === undefined)) {
    Deno.bench({
      name: `${group} [${v.label}]`,
      group,
      baseline: v.baseline,
      ...benchOptions,
      async fn(b) {
        await activate(v);
        const inputs = setup();
        try {
          b.start();
          const out = run(inputs);
          await out.data();
          b.end();
          out.dispose();
        } finally {
          for (const t of inputs) t.dispose();
        }
      },
    });
  }
}

benchOp(
  "matMul 100x784 @ 784x1000",
  () => [tf.tensor2d(x, [BATCH, INPUTS]), tf.tensor2d(w, [INPUTS, HIDDEN])],
  ([a, b]) => tf.matMul(a as Tensor2D, b as Tensor2D),
);

benchOp(
  "matMul transposeA (A stored 784x100)",
  () => [tf.tensor2d(xT, [INPUTS, BATCH]), tf.tensor2d(w, [INPUTS, HIDDEN])],
  ([a, b]) => tf.matMul(a as Tensor2D, b as Tensor2D, true, false),
);

benchOp(
  "matMul transposeB (B stored 1000x784)",
  () => [tf.tensor2d(x, [BATCH, INPUTS]), tf.tensor2d(wT, [HIDDEN, INPUTS])],
  ([a, b]) => tf.matMul(a as Tensor2D, b as Tensor2D, false, true),
);

benchOp(
  `topKMask 100x1000, k=${K}`,
  () => [tf.tensor2d(z, [BATCH, HIDDEN])],
  ([t]) => topKMask(t as Tensor2D, K),
  { matMul: false },
);

benchOp(
  "Sum over the batch (a bias gradient), 100x1000",
  () => [tf.tensor2d(z, [BATCH, HIDDEN])],
  ([t]) => tf.sum(t, 0),
);

benchOp(
  "Sum per example, 100x1000",
  () => [tf.tensor2d(z, [BATCH, HIDDEN])],
  ([t]) => tf.sum(t, 1),
);

// DrSAE's recurrence alone (Eq. 1, T = 11, 100 x 400): forward through all iterates and the
// gradients of sum(z^T) in the drive and in S. Fused into two kernels where matMul runs on a
// BLAS (lib/ops/relu_recurrence.ts), tfjs ops elsewhere.
const recurrenceDrive = normalArray(rng, BATCH * 400, 0.05);
const recurrenceS = normalArray(rng, 400 * 400, 0.02);
benchOp(
  "relu recurrence T=11, 100x400: forward and backward",
  () => [tf.tensor2d(recurrenceDrive, [BATCH, 400]), tf.tensor2d(recurrenceS, [400, 400])],
  ([a, S]) =>
    tf.tidy(() => {
      const grads = tf.grads((d: Tensor, s: Tensor) =>
        tf.sum(reluRecurrenceFinal(d as Tensor2D, s as Tensor2D, 11))
      )([a, S]);
      return tf.add(tf.sum(grads[0]), tf.sum(grads[1]));
    }),
);

/** A model with parameters and a loss, disposable (what {@link benchTrainStep} builds). */
interface BenchModel extends Trainable {
  dispose(): void;
}

/**
 * Register one bench per backend of one training step: `tf.variableGrads` of the model's
 * loss, then an SGD update with the model's `learningRateScale` and `constrain()` (the
 * trainer's step, without its batching). The model is built once per bench call (untimed),
 * takes one untimed step so the momentum state exists, then the timed step ends when the loss
 * has been read back; model, batch and optimizer are disposed.
 */
function benchTrainStep(
  name: string,
  group: string,
  make: () => BenchModel,
  makeBatch: () => Batch,
  hp: { learningRate: number; momentum: number },
): void {
  for (const v of variants) {
    Deno.bench({
      name: `${name} [${v.label}]`,
      group,
      baseline: v.baseline,
      n: 20,
      warmup: 2,
      async fn(b) {
        await activate(v);
        let model!: BenchModel;
        // The constructor's initial-value tensors are freed by the tidy; the variables stay.
        tf.tidy(() => {
          model = make();
        });
        const optimizer = sgd({ momentum: hp.momentum });
        const batch = makeBatch();
        const ctx = { epoch: 0, step: 0, values: {}, seed: 0, training: true };
        const varList = Object.values(model.params);
        const keyOf = new Map(Object.entries(model.params).map(([k, v]) => [v.name, k]));
        const step = (): Tensor => {
          const loss = tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => model.loss(batch, ctx), varList);
            const named: Record<string, Tensor> = {};
            for (const [name, g] of Object.entries(grads)) named[keyOf.get(name)!] = g;
            optimizer.apply(model.params, named, hp.learningRate, model.learningRateScale);
            return value;
          });
          model.constrain?.();
          return loss;
        };
        try {
          const first = step();
          await first.data();
          first.dispose();
          b.start();
          const loss = step();
          await loss.data();
          b.end();
          loss.dispose();
        } finally {
          batch.x.dispose();
          batch.y?.dispose();
          optimizer.dispose();
          model.dispose();
        }
      },
    });
  }
}

benchTrainStep(
  "k-sparse train step",
  "k-sparse train step 784-1000, batch 100, k=25",
  () => kSparseAutoencoder({ inputs: INPUTS, hidden: HIDDEN, k: K, seed: 1 }),
  () => ({ x: tf.tensor2d(x, [BATCH, INPUTS]) }),
  { learningRate: 0.01, momentum: 0.9 },
);

// DrSAE (Rolfe & LeCun): one unrolled forward (T = 11 iterations of relu(x E + z S - b)) and
// backward of the discriminative loss L^U + L^S, SGD with momentum 0.9, the per-matrix
// learning rates and the norm projections.
const DRSAE_HIDDEN = 400;
const DRSAE_T = 11;
const labels = Int32Array.from({ length: BATCH }, (_, i) => i % 10);
benchTrainStep(
  "DrSAE recurrent step",
  `DrSAE train step 784-${DRSAE_HIDDEN}, T=${DRSAE_T}, batch ${BATCH}, discriminative`,
  () => {
    const model = drsae({ inputs: INPUTS, hidden: DRSAE_HIDDEN, steps: DRSAE_T, seed: 1 });
    model.setPhase("discriminative");
    return model;
  },
  () => ({ x: tf.tensor2d(xUnitNorm, [BATCH, INPUTS]), y: tf.tensor1d(labels, "int32") }),
  { learningRate: 0.05, momentum: 0.9 },
);

// Walkback DAE (Bahdanau & Jaeger): the chain of k = 3 noisy reconstructions with gradients
// through all of it, plain SGD (momentum 0), lr 0.1, batch 20 (Sec. 5.3).
const WALKBACK_BATCH = 20;
benchTrainStep(
  "walkback train step",
  `walkback DAE train step 784-500, k=3, sigma=0.5, batch ${WALKBACK_BATCH}`,
  () => walkbackDae({ inputs: INPUTS, hidden: 500, sigma: 0.5, walkbackK: 3, seed: 1 }),
  () => ({ x: tf.tensor2d(x.subarray(0, WALKBACK_BATCH * INPUTS), [WALKBACK_BATCH, INPUTS]) }),
  { learningRate: 0.1, momentum: 0 },
);
