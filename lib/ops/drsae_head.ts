/**
 * DrSAE's losses on top of the encoder (Rolfe & LeCun 2013, Eq. 2 and 3) as one fused op on the
 * wasm backend with the system BLAS, rows as examples:
 *
 *   e = x - z D                                   the reconstruction error, [batch, inputs]
 *   L^U = mean_b ( 1/2 ||e_b||^2 + lambda ||z_b||_1 )                                   (Eq. 2)
 *   u = z / sqrt(||z||^2 + eps^2),  l = u C,  L^S = mean_b ( logsumexp(l_b) - l_b[y_b] )  (Eq. 3)
 *
 * with its gradients in z, D and C:
 *
 *   dL/dz = ( -e D^T + lambda sign(z) ) / B + ( g - u (g . u) ) / n,   g = dL/du = dL/dl C^T
 *   dL/dD = -z^T e / B,   dL/dl = ( softmax(l) - onehot(y) ) / B,   dL/dC = u^T dL/dl
 *
 * Written with tfjs ops the two losses and their gradients are about 100 kernels per training
 * step, most on a few hundred numbers, where the cost is tfjs's work per kernel; fused they are
 * the same six products on the BLAS and a few loops. Everywhere else (no BLAS, cpu, WebGPU)
 * {@link drsaeLosses} composes tfjs ops ({@link drsaeLossU}, {@link drsaeLossS}, which the model
 * also uses for its separate losses and scores), and the tests compare the two. sign(0) is -1, as in
 * the gradient of tfjs's `abs` (it never matters here: z^T comes out of a relu, whose
 * derivative is 0 there).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { WasmBackend } from "./_kernels/wasm_backend.ts";
import type { Scalar, Tensor, Tensor2D } from "../tf.ts";
import { loadBlas } from "./_kernels/blas.ts";
import { wasmMatMul } from "./_kernels/wasm_matmul.ts";

type TensorInfo = tf.TensorInfo;

const FORWARD = "SparseAeDrsaeHead";
const BACKWARD = "SparseAeDrsaeHeadGrad";

/** The constants of the losses. */
export interface DrsaeLossSettings {
  /** The L1 weight of Eq. 2. */
  lambda: number;
  /** The guard of ||z|| in Eq. 3: sqrt(||z||^2 + eps^2). */
  normEpsilon: number;
}

interface HeadAttrs {
  lambda: number;
  eps: number;
  labels: Int32Array | null; // null: L^U alone (the unsupervised phase)
}

/** [loss, e, u, norms, probabilities] from z, D (and C for L^S), x. */
function forwardKernel(
  args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: HeadAttrs },
): TensorInfo[] {
  const blas = loadBlas()!;
  const { inputs: { z, D, C, x }, attrs: { lambda, eps, labels } } = args;
  const backend = args.backend as WasmBackend;
  const [rows, hidden] = z.shape;
  const width = x.shape[1];
  const classes = C ? C.shape[1] : 0;
  // allocate every output before taking views: growing wasm memory detaches earlier views
  const loss = backend.makeOutput([], "float32");
  const e = backend.makeOutput([rows, width], "float32");
  const u = backend.makeOutput(labels ? [rows, hidden] : [0], "float32");
  const norms = backend.makeOutput(labels ? [rows] : [0], "float32");
  const probs = backend.makeOutput(labels ? [rows, classes] : [0], "float32");
  const zv = backend.typedArrayFromHeap(z);
  const ev = backend.typedArrayFromHeap(e);
  ev.set(backend.typedArrayFromHeap(x));
  // e = x - z D: the product subtracted from x in place (alpha -1, beta 1)
  blas.sgemm(false, false, rows, width, hidden, zv, backend.typedArrayFromHeap(D), ev, 1, -1);
  let total = 0;
  for (let i = 0; i < ev.length; i++) total += 0.5 * ev[i] * ev[i];
  let l1 = 0;
  for (let i = 0; i < zv.length; i++) l1 += Math.abs(zv[i]);
  total += lambda * l1;
  if (labels) {
    const uv = backend.typedArrayFromHeap(u);
    const nv = backend.typedArrayFromHeap(norms);
    const pv = backend.typedArrayFromHeap(probs);
    for (let b = 0; b < rows; b++) {
      let sq = 0;
      for (let j = b * hidden; j < (b + 1) * hidden; j++) sq += zv[j] * zv[j];
      const n = Math.sqrt(sq + eps * eps);
      nv[b] = n;
      for (let j = b * hidden; j < (b + 1) * hidden; j++) uv[j] = zv[j] / n;
    }
    blas.sgemm(false, false, rows, classes, hidden, uv, backend.typedArrayFromHeap(C), pv);
    for (let b = 0; b < rows; b++) {
      const row = pv.subarray(b * classes, (b + 1) * classes);
      let max = -Infinity;
      for (let k = 0; k < classes; k++) max = Math.max(max, row[k]);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += Math.exp(row[k] - max);
      const lse = max + Math.log(sum);
      total += lse - row[labels[b]];
      for (let k = 0; k < classes; k++) row[k] = Math.exp(row[k] - lse); // softmax, in place
    }
  }
  backend.typedArrayFromHeap(loss)[0] = total / rows;
  return [loss, e, u, norms, probs];
}

/** [dL/dz, dL/dD, (dL/dC)] from the upstream gradient and the forward's saved tensors. */
function backwardKernel(
  args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: HeadAttrs },
): TensorInfo[] {
  const blas = loadBlas()!;
  const { inputs: { dy, z, D, C, e, u, norms, probs }, attrs: { lambda, labels } } = args;
  const backend = args.backend as WasmBackend;
  const [rows, hidden] = z.shape;
  const width = e.shape[1];
  const classes = C ? C.shape[1] : 0;
  const dz = backend.makeOutput([rows, hidden], "float32");
  const dD = backend.makeOutput([hidden, width], "float32");
  const dC = labels ? backend.makeOutput([hidden, classes], "float32") : null;
  const dl = labels ? new Float32Array(rows * classes) : null;
  const g = backend.typedArrayFromHeap(dy)[0] / rows;
  const zv = backend.typedArrayFromHeap(z);
  const ev = backend.typedArrayFromHeap(e);
  const dzv = backend.typedArrayFromHeap(dz);
  const Dv = backend.typedArrayFromHeap(D);
  // L^U: dz = -g e D^T + g lambda sign(z); dD = -g z^T e
  blas.sgemm(false, true, rows, hidden, width, ev, Dv, dzv, 0, -g);
  for (let i = 0; i < dzv.length; i++) dzv[i] += g * lambda * (zv[i] > 0 ? 1 : -1);
  blas.sgemm(true, false, hidden, width, rows, zv, ev, backend.typedArrayFromHeap(dD), 0, -g);
  if (labels && dC && dl) {
    const uv = backend.typedArrayFromHeap(u);
    const nv = backend.typedArrayFromHeap(norms);
    const pv = backend.typedArrayFromHeap(probs);
    const Cv = backend.typedArrayFromHeap(C);
    for (let b = 0; b < rows; b++) {
      for (let k = 0; k < classes; k++) {
        dl[b * classes + k] = g * (pv[b * classes + k] - (k === labels[b] ? 1 : 0));
      }
    }
    blas.sgemm(true, false, hidden, classes, rows, uv, dl, backend.typedArrayFromHeap(dC));
    const du = new Float32Array(rows * hidden);
    blas.sgemm(false, true, rows, hidden, classes, dl, Cv, du);
    for (let b = 0; b < rows; b++) {
      let dot = 0;
      for (let j = b * hidden; j < (b + 1) * hidden; j++) dot += du[j] * uv[j];
      const n = nv[b];
      for (let j = b * hidden; j < (b + 1) * hidden; j++) dzv[j] += (du[j] - uv[j] * dot) / n;
    }
  }
  return dC ? [dz, dD, dC] : [dz, dD];
}

tf.registerKernel({ kernelName: FORWARD, backendName: "wasm", kernelFunc: forwardKernel as never });
tf.registerKernel({
  kernelName: BACKWARD,
  backendName: "wasm",
  kernelFunc: backwardKernel as never,
});

/** Whether {@link drsaeLosses} runs fused now: wasm with the BLAS products. */
export function drsaeLossesFused(): boolean {
  return tf.getBackend() === "wasm" && wasmMatMul() === "blas";
}

/**
 * L^U of Eq. 2 with tfjs ops, mean over the batch: 1/2 ||x - z D||^2 + lambda ||z||_1. Not
 * tidied.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { drsaeLossU } from "./drsae_head.ts";
 * const u = drsaeLossU(tf.tensor2d([[1, 1]]), tf.tensor2d([[2]]), tf.tensor2d([[0.5, 0]]), 0.1);
 * console.log(u.dataSync()[0].toFixed(2)); // "0.70"
 * ```
 */
export function drsaeLossU(x: Tensor2D, z: Tensor2D, D: Tensor, lambda: number): Scalar {
  const err = tf.sub(x, tf.matMul(z, D as Tensor2D));
  const perExample = tf.add(
    tf.mul(0.5, tf.sum(tf.square(err), 1)),
    tf.mul(lambda, tf.sum(tf.abs(z), 1)),
  );
  return tf.mean(perExample) as Scalar; // Eq. 2, mean over the batch
}

/**
 * The class scores of Eq. 3, C applied to z / ||z|| with ||z|| guarded as
 * sqrt(||z||^2 + eps^2). Not tidied.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { drsaeLogits } from "./drsae_head.ts";
 * const l = drsaeLogits(tf.tensor2d([[3, 4]]), tf.tensor2d([[1], [1]]), 0);
 * console.log(l.dataSync()[0].toFixed(2)); // "1.40"
 * ```
 */
export function drsaeLogits(z: Tensor2D, C: Tensor, normEpsilon: number): Tensor2D {
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), normEpsilon * normEpsilon));
  return tf.matMul(tf.div(z, norm), C as Tensor2D);
}

/**
 * L^S of Eq. 3 with tfjs ops: the mean softmax cross-entropy of {@link drsaeLogits}. Not
 * tidied.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { drsaeLossS } from "./drsae_head.ts";
 * const s = drsaeLossS(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0], [0, 0]]), tf.tensor1d([0], "int32"), 0);
 * console.log(s.dataSync()[0].toFixed(3)); // "0.693"
 * ```
 */
export function drsaeLossS(z: Tensor2D, C: Tensor, labels: Tensor, normEpsilon: number): Scalar {
  const onehot = tf.oneHot(tf.cast(labels, "int32"), C.shape[1]!);
  // Eq. 3 maximises logistic_y = z_y - log sum exp z; its negative is the cross-entropy
  return tf.losses.softmaxCrossEntropy(onehot, drsaeLogits(z, C, normEpsilon)) as Scalar;
}

function composed(
  x: Tensor2D,
  z: Tensor2D,
  D: Tensor,
  C: Tensor | null,
  labels: Tensor | null,
  s: DrsaeLossSettings,
): Scalar {
  return tf.tidy(() => {
    const lossU = drsaeLossU(x, z, D, s.lambda);
    if (!C || !labels) return lossU;
    return tf.add(lossU, drsaeLossS(z, C, labels, s.normEpsilon)) as Scalar;
  });
}

/**
 * L^U (Eq. 2), plus L^S (Eq. 3) when `C` and `labels` are given, of the codes z: fused on wasm
 * with the BLAS, tfjs ops elsewhere. Differentiable in z, D and C.
 *
 * @param x the inputs, [batch, inputs]
 * @param z the codes z^T, [batch, hidden]
 * @param D the decoder, [hidden, inputs]
 * @param C the classifier, [hidden, classes], or null for L^U alone
 * @param labels the classes, [batch], or null for L^U alone
 * @param settings lambda and the norm guard
 *
 * @example L^U of one code by hand: 1/2 ||x - z D||^2 + lambda ||z||_1
 * ```ts
 * import { tf } from "../tf.ts";
 * import { drsaeLosses } from "./drsae_head.ts";
 * const loss = drsaeLosses(tf.tensor2d([[1, 1]]), tf.tensor2d([[2]]), tf.tensor2d([[0.5, 0]]), null, null, { lambda: 0.1, normEpsilon: 1e-6 });
 * console.log(loss.dataSync()[0].toFixed(2)); // "0.70"
 * ```
 */
export function drsaeLosses(
  x: Tensor2D,
  z: Tensor2D,
  D: Tensor,
  C: Tensor | null,
  labels: Tensor | null,
  settings: DrsaeLossSettings,
): Scalar {
  const supervised = C !== null && labels !== null;
  const fusable = drsaeLossesFused() &&
    [x, z, D, ...(supervised ? [C!] : [])].every((t) => t.dtype === "float32");
  if (!fusable) return composed(x, z, D, C, labels, settings);
  const attrs: HeadAttrs = {
    lambda: settings.lambda,
    eps: settings.normEpsilon,
    labels: supervised ? Int32Array.from(labels!.dataSync()) : null,
  };
  if (attrs.labels) {
    const classes = C!.shape[1]!;
    for (const y of attrs.labels) {
      if (!(y >= 0 && y < classes)) {
        throw new Error(`Label ${y} is outside the classifier's ${classes} classes`);
      }
    }
  }
  const engine = tf.engine();
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [zz, DD, CC] = args as Tensor[];
    const inputs: Record<string, Tensor> = { z: zz, D: DD, x };
    if (supervised) inputs.C = CC;
    const [loss, e, u, norms, probs] = engine.runKernel(
      FORWARD,
      inputs as never,
      attrs as never,
    ) as Tensor[];
    save([zz, DD, ...(supervised ? [CC] : []), e, u, norms, probs]);
    return {
      value: loss,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sz, sD] = saved;
        const rest = saved.slice(supervised ? 3 : 2);
        const gradInputs: Record<string, Tensor> = {
          dy,
          z: sz,
          D: sD,
          e: rest[0],
          u: rest[1],
          norms: rest[2],
          probs: rest[3],
        };
        if (supervised) gradInputs.C = saved[2];
        return engine.runKernel(BACKWARD, gradInputs as never, attrs as never) as Tensor[];
      },
    };
  });
  return (supervised ? op(z, D, C!) : op(z, D)) as Scalar;
}
