/**
 * Sums on the wasm backend as products with a vector of ones on the system BLAS.
 *
 * tfjs's wasm Sum reduces with scalar loops and transposes first unless the reduced axes are
 * the last ones: summing a [1000, 784] matrix takes about 0.5 ms along its rows and 1.2 ms
 * along its columns (measured), where the product with ones takes about 0.1 ms. Every model
 * sums on its hot path: per-example squared errors, the gradients of broadcast biases (a sum
 * over the batch), the norms of the weight projections and the step lengths of the
 * fixed-point iteration.
 *
 * A reduction over a leading block of axes of x viewed as [lead, rest] is ones[1, lead] x, one
 * over a trailing block is x ones[rest, 1]; anything else (a full sum, a block in the middle,
 * int32 tensors) goes to tfjs's kernel. `setWasmMatMul("blas")` in `./wasm_matmul.ts` turns this on
 * together with the BLAS matMul, and every other mode turns it off.
 *
 * @module
 */
import { tf } from "../../tf.ts";
import { replaceWasmKernel, type WasmBackend } from "./wasm_backend.ts";
import { loadBlas } from "./blas.ts";

type TensorInfo = tf.TensorInfo;

const original = tf.getKernel("Sum", "wasm");
let ones = new Float32Array(0);
let active = false;

function onesOf(n: number): Float32Array {
  if (ones.length < n) ones = new Float32Array(Math.max(n, 2 * ones.length)).fill(1);
  return ones.subarray(0, n);
}

function prod(xs: readonly number[]): number {
  return xs.reduce((p, d) => p * d, 1);
}

function blasSum(fallback: tf.KernelFunc): tf.KernelFunc {
  const blas = loadBlas()!;
  return (args) => {
    const { inputs: { x }, attrs } = args as unknown as {
      inputs: { x: TensorInfo };
      attrs: { axis: number | number[] | null; keepDims: boolean };
    };
    const backend = args.backend as unknown as WasmBackend;
    const rank = x.shape.length;
    if (x.dtype !== "float32" || rank === 0) return fallback(args);
    const given = attrs.axis ?? [...Array(rank).keys()];
    const axes = [
      ...new Set((Array.isArray(given) ? given : [given]).map((a) => a < 0 ? a + rank : a)),
    ]
      .sort((a, b) => a - b);
    if (axes.length === 0 || axes.some((a) => !(a >= 0 && a < rank))) return fallback(args);
    const first = axes[0], last = axes[axes.length - 1];
    const contiguous = last - first + 1 === axes.length;
    if (!contiguous || (first !== 0 && last !== rank - 1)) return fallback(args);
    // a full sum is a dot product, which gemm does slowly and less accurately: tfjs's
    if (first === 0 && last === rank - 1) return fallback(args);
    const lead = prod(x.shape.slice(0, first));
    const reduced = prod(x.shape.slice(first, last + 1));
    const trail = prod(x.shape.slice(last + 1));
    if (lead * reduced * trail === 0) return fallback(args);
    const shape = attrs.keepDims
      ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : x.shape.filter((_, i) => i < first || i > last);
    // allocate before taking views: growing wasm memory detaches views taken earlier
    const out = backend.makeOutput(shape, "float32");
    const xv = backend.typedArrayFromHeap(x);
    const ov = backend.typedArrayFromHeap(out);
    if (first === 0) {
      // x viewed as [reduced, trail]: ones[1, reduced] x
      blas.sgemm(false, false, 1, trail, reduced, onesOf(reduced), xv, ov);
    } else {
      // x viewed as [lead, reduced]: x ones[reduced, 1]
      blas.sgemm(false, false, lead, 1, reduced, xv, onesOf(reduced), ov);
    }
    return out;
  };
}

/**
 * Turn the BLAS Sum kernel on the wasm backend on (`true`, needs a BLAS: see
 * `./blas.ts`) or back to tfjs's (`false`). Called by `setWasmMatMul`.
 *
 * @returns whether the BLAS Sum is in force
 *
 * @example
 * ```ts
 * import { setWasmSum } from "./wasm_sum.ts";
 * console.log(setWasmSum(false)); // false
 * ```
 */
export function setWasmSum(on: boolean): boolean {
  if (!original) return false;
  const next = on && loadBlas() !== null;
  if (next === active) return active;
  replaceWasmKernel("Sum", original, next ? blasSum(original.kernelFunc) : original.kernelFunc);
  active = next;
  return active;
}
