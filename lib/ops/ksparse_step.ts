/**
 * The reconstruction loss of the k-sparse autoencoder (Makhzani & Frey 2014, Sec. 2.2) with
 * gradients that touch only the support. Rows are examples, x is [batch, inputs] and the tied
 * W is [inputs, hidden]:
 *
 *   1) z = x W + b                                     (dense: one product)
 *   2) Γ_r = supp_k(z_r), the k largest of each row (ties at the k-th value kept)
 *   3) x^_r = sum_(j in Γ_r) z_rj Wt_j + b',   E = mean_r ||x_r - x^_r||^2
 *   4) back-propagate through the entries of Γ only:
 *        dx^ = 2 (x^ - x) / batch,   dz_rj = dx^_r . Wt_j,   db_j = sum_r dz_rj   (j in Γ_r)
 *        dW[:, j] = sum_r ( z_rj dx^_r + dz_rj x_r )^T   (decoder and encoder uses of W)
 *        db' = sum_r dx^_r
 *
 * where Wt_j is column j of W (atom j). Written with dense tfjs ops the step is six products of
 * batch x inputs x hidden; here the decoder product, dz and both parts of dW run over the k
 * active columns of each row, about 1 + 4k/hidden dense products' worth of work (a fifth at
 * k = 25 of 1000). The dense product of step 1 is a tfjs fused matMul with the bias (the BLAS
 * on wasm); the gathered loops are compiled C (`./_kernels/ksparse_native.ts`), which read W in
 * its [inputs, hidden] layout a block of atoms at a time and write dW once, with no transposed
 * copy of either.
 *
 * {@link kSparseLoss} takes this path on the cpu and wasm backends when the loops compile (on
 * wasm not with the reference kernels, `setKernelOptions({ matmul: "tfjs" })` or
 * `{ native: false }`), and composes tfjs ops everywhere else (WebGPU): the reference the tests
 * compare against.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor2D } from "../tf.ts";
import type { WasmBackend } from "./_kernels/wasm_backend.ts";
import { kSparse } from "./topk.ts";
import { loadKSparseNative } from "./_kernels/ksparse_native.ts";
import { wasmMatMul } from "./_kernels/wasm_matmul.ts";
import { wasmNative } from "./_kernels/wasm_native.ts";

type TensorInfo = tf.TensorInfo;

const FORWARD = "SparseAeKSparseStep";
const BACKWARD = "SparseAeKSparseStepGrad";

/** Which computation {@link kSparseLoss} uses: `"auto"` picks the sparse one where it runs. */
export type KSparseStepPath = "auto" | "sparse" | "dense";

/** Float32 views of a kernel's tensors, and new outputs, on the cpu or wasm backend. */
export interface KernelIo {
  /** The tensor's values in place (a view of wasm memory on wasm). */
  view(t: TensorInfo): Float32Array;
  /** A new float32 output of this shape. */
  make(shape: number[]): TensorInfo;
}

/**
 * The {@link KernelIo} of a kernel's backend (cpu or wasm), for the compiled loops of this
 * module and of `./ksparse_layer.ts`. On wasm, allocate every output before taking views:
 * growing wasm memory detaches earlier views.
 */
export function kernelIo(backend: unknown): KernelIo {
  const b = backend as Partial<WasmBackend> & {
    data?: { get(id: unknown): { values: unknown } };
    makeTensorInfo?(shape: number[], dtype: string, values: Float32Array): TensorInfo;
  };
  if (b.typedArrayFromHeap && b.makeOutput) {
    const w = b as WasmBackend;
    return { view: (t) => w.typedArrayFromHeap(t), make: (s) => w.makeOutput(s, "float32") };
  }
  return {
    view: (t) => b.data!.get(t.dataId).values as Float32Array,
    make: (s) => b.makeTensorInfo!(s, "float32", new Float32Array(s.reduce((p, d) => p * d, 1))),
  };
}

function checkFloat(ts: TensorInfo[]): void {
  for (const t of ts) {
    if (t.dtype !== "float32") throw new Error(`The k-sparse step needs float32, got ${t.dtype}`);
  }
}

/** [loss, kth, e] from x, a = x W + b, W and b'. */
function forwardKernel(
  args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: { k: number } },
): TensorInfo[] {
  const lib = loadKSparseNative()!;
  const { inputs: { x, a, W, bOut }, attrs: { k } } = args;
  checkFloat([x, a, W, bOut]);
  const [rows, inputs] = x.shape;
  const hidden = a.shape[1];
  const m = kernelIo(args.backend);
  // allocate every output before taking views: growing wasm memory detaches earlier views
  const loss = m.make([]);
  const kth = m.make([rows]);
  const e = m.make([rows, inputs]);
  const total = lib.forward({ rows, inputs, hidden }, k, {
    x: m.view(x),
    a: m.view(a),
    W: m.view(W),
    bOut: m.view(bOut),
    e: m.view(e),
    kth: m.view(kth),
  });
  m.view(loss)[0] = rows > 0 ? total / rows : NaN;
  return [loss, kth, e];
}

/** [dW, db, db'] from the upstream gradient and the forward's x, a, kth, e and W. */
function backwardKernel(
  args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: { k: number } },
): TensorInfo[] {
  const lib = loadKSparseNative()!;
  const { inputs: { dy, x, a, kth, e, W }, attrs: { k } } = args;
  const [rows, inputs] = x.shape;
  const hidden = a.shape[1];
  const m = kernelIo(args.backend);
  const dW = m.make([inputs, hidden]);
  const db = m.make([hidden]);
  const dbOut = m.make([inputs]);
  const scale = (2 * m.view(dy)[0]) / rows;
  lib.backward({ rows, inputs, hidden }, k, scale, {
    x: m.view(x),
    a: m.view(a),
    kth: m.view(kth),
    e: m.view(e),
    W: m.view(W),
    dW: m.view(dW),
    db: m.view(db),
    dbOut: m.view(dbOut),
  });
  return [dW, db, dbOut];
}

for (const backendName of ["wasm", "cpu"]) {
  tf.registerKernel({ kernelName: FORWARD, backendName, kernelFunc: forwardKernel as never });
  tf.registerKernel({ kernelName: BACKWARD, backendName, kernelFunc: backwardKernel as never });
}

/**
 * Whether {@link kSparseLoss} with `"auto"` takes the sparse path now: on cpu when the loops
 * compile; on wasm when they do and the package's kernels are in force (not the `"tfjs"`
 * reference products, not `native: false`).
 *
 * @example
 * ```ts
 * import { kSparseSparseStep } from "./ksparse_step.ts";
 * console.log(typeof kSparseSparseStep()); // "boolean"
 * ```
 */
export function kSparseSparseStep(): boolean {
  const backend = tf.getBackend();
  if (backend === "cpu") return loadKSparseNative() !== null;
  if (backend === "wasm") {
    return wasmMatMul() !== "tfjs" && wasmNative() !== null && loadKSparseNative() !== null;
  }
  return false;
}

/**
 * The loss with tfjs ops: mean over rows of ||x - (kSparse(x W + b) W^T + b')||^2. Not tidied.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { kSparseLossDense } from "./ksparse_step.ts";
 * const W = tf.tensor2d([[1, 0], [0, 1]]);
 * const l = kSparseLossDense(tf.tensor2d([[1, 2]]), W, tf.zeros([2]), tf.zeros([2]), 1);
 * console.log(l.dataSync()[0]); // 1: the code keeps 2 and drops 1
 * ```
 */
export function kSparseLossDense(
  x: Tensor2D,
  W: Tensor,
  b: Tensor,
  bOut: Tensor,
  k: number,
): Scalar {
  const z = kSparse(tf.add(tf.matMul(x, W as Tensor2D), b), k); // steps 1-2
  const err = tf.sub(x, tf.add(tf.matMul(z, W as Tensor2D, false, true), bOut)); // step 3
  return tf.mean(tf.sum(tf.square(err), 1)) as Scalar;
}

function sparseLoss(x: Tensor2D, W: Tensor, b: Tensor, bOut: Tensor, k: number): Scalar {
  const backend = tf.getBackend();
  if (backend !== "cpu" && backend !== "wasm") {
    throw new Error(`The sparse k-sparse step runs on cpu and wasm, not ${backend}`);
  }
  if (!loadKSparseNative()) throw new Error("The sparse k-sparse step needs its compiled loops");
  const engine = tf.engine();
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [WW, bb, bo] = args as Tensor[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    // step 1, dense: one fused product (on the wasm BLAS kernels the bias is the sgemm's C)
    const a = tf.fused.matMul({ a: x, b: WW as Tensor2D, bias: bb });
    const [loss, kth, e] = engine.runKernel(
      FORWARD,
      { x, a, W: WW, bOut: bo } as never,
      { k } as never,
    ) as Tensor[];
    save([x, a, kth, e, WW]);
    return {
      value: loss,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sa, skth, se, sW] = saved;
        return engine.runKernel(
          BACKWARD,
          { dy, x: sx, a: sa, kth: skth, e: se, W: sW } as never,
          { k } as never,
        ) as Tensor[];
      },
    };
  });
  return op(W, b, bOut) as Scalar;
}

/**
 * The k-sparse autoencoder's loss, mean over the rows of ||x - x^||^2 (steps 1-3), with its
 * gradients in W, b and b' (step 4): over the active columns only where {@link
 * kSparseSparseStep} says so (or `path` is `"sparse"`), with dense tfjs ops otherwise (or when
 * `path` is `"dense"`). Both give the same numbers to float32 rounding.
 *
 * @param x inputs, [batch, inputs]
 * @param W tied weights, [inputs, hidden]
 * @param b hidden bias, [hidden]
 * @param bOut output bias, [inputs]
 * @param k units kept per row (1 <= k <= hidden)
 * @param path `"auto"` (default), `"sparse"` (throws where it cannot run) or `"dense"`
 * @returns the mean squared reconstruction error
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { kSparseLoss } from "./ksparse_step.ts";
 * await tf.setBackend("cpu");
 * const x = tf.tensor2d([[1, 2]]);
 * const W = tf.variable(tf.tensor2d([[1, 0], [0, 1]]));
 * const b = tf.variable(tf.zeros([2])), bOut = tf.variable(tf.zeros([2]));
 * const { value, grads } = tf.variableGrads(() => kSparseLoss(x, W, b, bOut, 1));
 * console.log(value.dataSync()[0]); // 1
 * console.log(grads[bOut.name].arraySync()); // [-2, 0]: 2 (x^ - x), x^ = [0, 2]
 * ```
 */
export function kSparseLoss(
  x: Tensor2D,
  W: Tensor,
  b: Tensor,
  bOut: Tensor,
  k: number,
  path: KSparseStepPath = "auto",
): Scalar {
  const hidden = W.shape[1]!;
  if (!Number.isInteger(k) || k < 1 || k > hidden) {
    throw new Error(`k must be an integer in [1, ${hidden}], got ${k}`);
  }
  const sparse = path === "sparse" || (path === "auto" && kSparseSparseStep());
  return sparse ? sparseLoss(x, W, b, bOut, k) : kSparseLossDense(x, W, b, bOut, k);
}
