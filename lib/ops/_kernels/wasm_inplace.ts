/**
 * In-place updates of parameters and optimizer state on the wasm backend, on the system BLAS:
 *
 *   y <- a x + b y                          (sscal, then saxpy; no new buffer)
 *   W_i <- W_i / max(||W_i|| / bound, 1)    (a norm bound on the rows or columns of W)
 *
 * Written with tfjs ops, an SGD momentum update v <- m v - eta g is three kernels (two
 * Multiply, one Sub), each allocating a buffer the size of the parameter, and Adam's moments
 * the same. Updated in place it is two passes over memory and no allocation; for a DrSAE
 * step (784-400^11-10) that is the size of E, D and S, about 0.8 million numbers, every step.
 *
 * tfjs tensors are immutable, so writing into one is safe only when no other tensor sees its
 * buffer: {@link axpbyInPlace} writes only when y's buffer has exactly one reference (the wasm
 * backend counts them: clones, reshapes and variables made from a tensor share a buffer), and
 * otherwise returns false, leaving the caller to use tfjs ops; {@link projectNormsInPlace} the
 * same. It also returns false away from
 * wasm, without the BLAS products (`wasmMatMul() !== "blas"`), and for other dtypes, so every
 * caller keeps a tfjs path and the results are the same to float32 rounding on each.
 *
 * @module
 */
import { tf } from "../../tf.ts";
import type { WasmBackend } from "./wasm_backend.ts";
import type { Tensor } from "../../tf.ts";
import { loadBlas } from "./blas.ts";
import { wasmMatMul } from "./wasm_matmul.ts";

/**
 * y <- a x + b y in place, when it is safe and fast (wasm backend, BLAS products, float32, y's
 * buffer seen by y alone, x and y of one size and different buffers).
 *
 * @returns true when y was updated; false when nothing was done and the caller must update y
 *   with tfjs ops
 *
 * @example
 * ```ts
 * import { tf } from "../../tf.ts";
 * import { axpbyInPlace } from "./wasm_inplace.ts";
 * const v = tf.variable(tf.tensor1d([1, 2]));
 * const g = tf.tensor1d([10, 10]);
 * if (!axpbyInPlace(-0.1, g, 0.9, v)) v.assign(tf.add(tf.mul(g, -0.1), tf.mul(v, 0.9)));
 * console.log(Array.from(v.dataSync()).map((x) => x.toFixed(2))); // ["-0.10", "0.80"]
 * ```
 */
export function axpbyInPlace(a: number, x: Tensor, b: number, y: Tensor): boolean {
  if (x.dtype !== "float32" || x.size !== y.size || x.dataId === y.dataId || x.isDisposed) {
    return false;
  }
  const backend = writable(y);
  if (!backend) return false;
  const blas = loadBlas()!;
  const yv = backend.typedArrayFromHeap(y);
  const xv = backend.typedArrayFromHeap(x);
  if (b !== 1) blas.scale(b, yv);
  blas.axpy(a, xv, yv);
  return true;
}

/** The wasm backend when `t` may be written in place (see the module's notes), else null. */
function writable(t: Tensor): WasmBackend | null {
  if (tf.getBackend() !== "wasm" || wasmMatMul() !== "blas" || !loadBlas()) return null;
  if (t.dtype !== "float32" || t.isDisposed) return null;
  const backend = tf.backend() as unknown as WasmBackend;
  return backend.refCount(t.dataId) === 1 ? backend : null;
}

/**
 * Scale each slice of the matrix W along `axis` (1: each row, 0: each column, as in
 * `tf.sum(W, axis)`) down to L2 norm at most `bound`, in place: W_i / max(||W_i|| / bound, 1).
 * The norms come from two tfjs kernels (square, then a sum on the BLAS); only the slices
 * above the bound are written, each by one sscal, so a step where every slice is within its
 * bound writes nothing.
 *
 * @returns true when W was projected; false when nothing was done (not wasm with the BLAS
 *   products, not a float32 matrix, or its buffer shared) and the caller must project W with
 *   tfjs ops
 *
 * @example
 * ```ts
 * import { tf } from "../../tf.ts";
 * import { projectNormsInPlace } from "./wasm_inplace.ts";
 * const W = tf.tidy(() => tf.variable(tf.tensor2d([[3, 4], [0.3, 0.4]])));
 * if (!projectNormsInPlace(W, 1, 1)) {
 *   W.assign(tf.div(W, tf.maximum(tf.norm(W, 2, 1, true), 1)));
 * }
 * console.log(Array.from(W.dataSync()).map((x) => x.toFixed(1))); // ["0.6", "0.8", "0.3", "0.4"]
 * ```
 */
export function projectNormsInPlace(W: Tensor, axis: 0 | 1, bound: number): boolean {
  if (W.rank !== 2 || (axis !== 0 && axis !== 1) || !(bound > 0)) return false;
  const backend = writable(W);
  if (!backend) return false;
  const [rows, cols] = W.shape;
  const squares = tf.tidy(() => tf.sum(tf.square(W), axis));
  const sums = squares.dataSync();
  squares.dispose();
  const blas = loadBlas()!;
  const wv = backend.typedArrayFromHeap(W);
  for (let i = 0; i < sums.length; i++) {
    const over = Math.sqrt(sums[i]) / bound;
    if (!(over > 1)) continue; // within the bound (NaN norms are left for the trainer to see)
    if (axis === 1) blas.scale(1 / over, wv.subarray(i * cols, (i + 1) * cols));
    else blas.scale(1 / over, wv.subarray(i, (rows - 1) * cols + i + 1), cols);
  }
  return true;
}
