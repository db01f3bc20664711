/**
 * Faster matrix products for the tfjs wasm backend, which every CPU run of the package uses.
 *
 * tfjs's own wasm BatchMatMul (XNNPACK) is about 7 times slower with `transposeA` or
 * `transposeB` than without (measured: 59 ms against 4.4 ms for 100x784 by 784x1000), and
 * every backward pass of a dense layer takes those paths. Two replacements:
 *
 * - `"transpose"`: a transposed operand is transposed explicitly with the wasm Transpose
 *   kernel, then multiplied on the plain XNNPACK path (5.9 ms and 7.1 ms for the two cases).
 *   Pure wasm; always available.
 * - `"blas"`: the product is computed by a system BLAS (OpenBLAS) through Deno's FFI, reading
 *   and writing the operands in place in wasm memory. Needs `--allow-ffi` and a CBLAS library
 *   (Debian: libopenblas0-pthread); see `./blas.ts`.
 *
 * `lib/backend.ts` picks `"blas"` when a BLAS opens, else `"transpose"`, and reports which;
 * `"tfjs"` restores tfjs's kernels (the tests compare all three). Both replacements also serve
 * `tf.fused.matMul` (`_FusedMatMul`: product, bias, activation); on the BLAS the bias is added
 * by the product itself (sgemm with beta = 1). `"blas"` also moves Sum onto the BLAS
 * (`./wasm_sum.ts`) and lets DrSAE's recurrence run fused (`../relu_recurrence.ts`).
 *
 * The package's models still write a dense layer as `tf.add(tf.matMul(x, W), b)`: measured
 * side by side (`bench:peers`, one BLAS thread, two rounds each), training steps through
 * `tf.fused.matMul` were slower, k-sparse by about 15% (9,300 against 7,900 samples/s) and
 * walkback by about 8%, and the fixed-point iteration gained nothing (61,000 either way).
 * tfjs's fused op has a custom gradient that computes the gradient of every input, the data
 * included, where the plain ops' gradients are pruned to the path to the variables: one
 * product too many per layer that sees the data.
 *
 * @module
 */
import { tf } from "../../tf.ts";
import { replaceWasmKernel, type WasmBackend } from "./wasm_backend.ts";
import { loadBlas } from "./blas.ts";
import { setWasmSum } from "./wasm_sum.ts";
import { setWasmIdentity } from "./wasm_identity.ts";
import { setWasmNative, wasmNative } from "./wasm_native.ts";

type TensorInfo = tf.TensorInfo;

/** Which kernel computes matMul on the wasm backend. */
export type WasmMatMulMode = "tfjs" | "transpose" | "blas";

const BACKEND = "wasm";
const original = tf.getKernel("BatchMatMul", BACKEND);
const originalFused = tf.getKernel("_FusedMatMul", BACKEND);
const transposeKernel = tf.getKernel("Transpose", BACKEND);
let mode: WasmMatMulMode = "tfjs";

function transposingKernel(plain: tf.KernelFunc, transpose: tf.KernelFunc): tf.KernelFunc {
  const swapLast = (x: TensorInfo, backend: unknown): TensorInfo => {
    const rank = x.shape.length;
    const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
    return transpose({ inputs: { x }, backend, attrs: { perm } } as never) as TensorInfo;
  };
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { a: TensorInfo; b: TensorInfo };
      backend: WasmBackend;
      attrs: { transposeA: boolean; transposeB: boolean };
    };
    if (!attrs.transposeA && !attrs.transposeB) return plain(args);
    // other inputs (the bias of _FusedMatMul) pass through
    const a = attrs.transposeA ? swapLast(inputs.a, backend) : inputs.a;
    const b = attrs.transposeB ? swapLast(inputs.b, backend) : inputs.b;
    const out = plain({
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as never);
    if (a !== inputs.a) backend.disposeData(a.dataId);
    if (b !== inputs.b) backend.disposeData(b.dataId);
    return out;
  };
}

function prod(xs: readonly number[]): number {
  return xs.reduce((p, d) => p * d, 1);
}

/** Operand shapes of a product, or null when the BLAS path does not take them. */
interface ProductShape {
  m: number;
  n: number;
  k: number;
  batchA: number;
  batchB: number;
  batch: number;
  batchShape: number[];
}

function productShape(
  a: TensorInfo,
  b: TensorInfo,
  attrs: { transposeA: boolean; transposeB: boolean },
): ProductShape | null {
  if (a.dtype !== "float32" || b.dtype !== "float32") return null;
  const ra = a.shape.length, rb = b.shape.length;
  const m = attrs.transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = attrs.transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = attrs.transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = attrs.transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = prod(a.shape.slice(0, -2)), batchB = prod(b.shape.slice(0, -2));
  if (k !== kb || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return null;
  const batchShape = (batchA >= batchB ? a.shape : b.shape).slice(0, -2);
  return { m, n, k, batchA, batchB, batch: Math.max(batchA, batchB), batchShape };
}

/**
 * out = a b (+ out, when `accumulate`: the bias already written there), one sgemm per batch
 * entry, reading and writing wasm memory in place.
 */
function blasProduct(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  s: ProductShape,
  attrs: { transposeA: boolean; transposeB: boolean },
  accumulate: boolean,
): void {
  const blas = loadBlas()!;
  const { m, n, k, batchA, batchB, batch } = s;
  const av = backend.typedArrayFromHeap(a);
  const bv = backend.typedArrayFromHeap(b);
  const ov = backend.typedArrayFromHeap(out);
  if (m * n === 0) return;
  if (k === 0) {
    if (!accumulate) ov.fill(0);
    return;
  }
  for (let i = 0; i < batch; i++) {
    const ia = batchA === 1 ? 0 : i, ib = batchB === 1 ? 0 : i;
    blas.sgemm(
      attrs.transposeA,
      attrs.transposeB,
      m,
      n,
      k,
      av.subarray(ia * m * k, (ia + 1) * m * k),
      bv.subarray(ib * k * n, (ib + 1) * k * n),
      ov.subarray(i * m * n, (i + 1) * m * n),
      accumulate ? 1 : 0,
    );
  }
}

function blasKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { a: TensorInfo; b: TensorInfo };
      backend: WasmBackend;
      attrs: { transposeA: boolean; transposeB: boolean };
    };
    const s = productShape(inputs.a, inputs.b, attrs);
    if (!s) return fallback(args);
    // allocate first: growing wasm memory detaches views taken before
    const out = backend.makeOutput([...s.batchShape, s.m, s.n], "float32");
    blasProduct(backend, inputs.a, inputs.b, out, s, attrs, false);
    return out;
  };
}

/** Activations of `_FusedMatMul` applied after the BLAS product, by their wasm kernels. */
const FUSED_ACTIVATIONS: Record<string, string> = {
  relu: "Relu",
  relu6: "Relu6",
  sigmoid: "Sigmoid",
  elu: "Elu",
};

/**
 * `_FusedMatMul` (`tf.fused.matMul`: act(a b + bias)) on the BLAS: the bias is written into the
 * output rows first and the product added onto it by sgemm (beta = 1), which spares the
 * separate broadcast add and its extra pass over the output. Leaky ReLU, PReLU and biases
 * that are not one value per output column go to tfjs's kernel.
 */
function blasFusedKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: {
        a: TensorInfo;
        b: TensorInfo;
        bias?: TensorInfo;
        preluActivationWeights?: TensorInfo;
      };
      backend: WasmBackend;
      attrs: { transposeA: boolean; transposeB: boolean; activation?: string };
    };
    const { a, b, bias } = inputs;
    const activation = attrs.activation ?? "linear";
    const s = productShape(a, b, attrs);
    const actKernel = activation === "linear"
      ? null
      : tf.getKernel(FUSED_ACTIVATIONS[activation] ?? "", BACKEND);
    if (
      !s || inputs.preluActivationWeights || (activation !== "linear" && !actKernel) ||
      (bias && (bias.dtype !== "float32" || prod(bias.shape) !== s.n))
    ) {
      return fallback(args);
    }
    const out = backend.makeOutput([...s.batchShape, s.m, s.n], "float32");
    const rows = s.batch * s.m;
    if (bias && rows * s.n > 0) {
      const ov = backend.typedArrayFromHeap(out);
      ov.set(backend.typedArrayFromHeap(bias));
      // double the filled rows each time: few, large copies
      for (let filled = 1; filled < rows; filled *= 2) {
        const count = Math.min(filled, rows - filled);
        ov.copyWithin(filled * s.n, 0, count * s.n);
      }
    }
    blasProduct(backend, a, b, out, s, attrs, Boolean(bias));
    if (!actKernel) return out;
    const native = wasmNative();
    if (native && activation === "sigmoid") {
      // the compiled sigmoid, in place: no second buffer (./wasm_native.ts)
      const ov = backend.typedArrayFromHeap(out);
      native.sigmoid(ov, ov);
      return out;
    }
    const activated = actKernel.kernelFunc({
      inputs: { x: out },
      backend,
      attrs: {},
    } as never) as TensorInfo;
    backend.disposeData(out.dataId);
    return activated;
  };
}

/**
 * Choose the wasm matMul kernel. `"blas"` falls back to `"transpose"` when no BLAS opens.
 *
 * @returns the mode now in force
 *
 * @example
 * ```ts
 * import { setWasmMatMul } from "./wasm_matmul.ts";
 * console.log(setWasmMatMul("transpose")); // "transpose"
 * ```
 */
export function setWasmMatMul(requested: WasmMatMulMode): WasmMatMulMode {
  install(requested);
  setWasmNative(mode !== "tfjs"); // the compiled sigmoid, where it compiles (./wasm_native.ts)
  return mode;
}

/**
 * The kernels of `requested`, without the compiled elementwise kernels: importing the module
 * installs the transposing kernels this way, so that it compiles nothing and asks for no
 * permission until `useBackend` (or the caller) picks a mode.
 */
function install(requested: WasmMatMulMode): void {
  if (!original || !transposeKernel) return;
  const next: WasmMatMulMode = requested === "blas" && !loadBlas() ? "transpose" : requested;
  if (next !== mode) {
    const kernelFunc = next === "tfjs"
      ? original.kernelFunc
      : next === "transpose"
      ? transposingKernel(original.kernelFunc, transposeKernel.kernelFunc)
      : blasKernel(transposingKernel(original.kernelFunc, transposeKernel.kernelFunc));
    replaceWasmKernel("BatchMatMul", original, kernelFunc);
    if (originalFused) {
      replaceWasmKernel(
        "_FusedMatMul",
        originalFused,
        next === "tfjs"
          ? originalFused.kernelFunc
          : next === "transpose"
          ? transposingKernel(originalFused.kernelFunc, transposeKernel.kernelFunc)
          : blasFusedKernel(
            transposingKernel(originalFused.kernelFunc, transposeKernel.kernelFunc),
          ),
      );
    }
  }
  mode = next;
  setWasmSum(mode === "blas"); // the BLAS sums go with the BLAS products (./wasm_sum.ts)
  setWasmIdentity(mode !== "tfjs"); // clones share their buffer (./wasm_identity.ts)
}

/**
 * The wasm matMul kernel in force.
 *
 * @example
 * ```ts
 * import { wasmMatMul } from "./wasm_matmul.ts";
 * console.log(["tfjs", "transpose", "blas"].includes(wasmMatMul())); // true
 * ```
 */
export function wasmMatMul(): WasmMatMulMode {
  return mode;
}

install("transpose");
