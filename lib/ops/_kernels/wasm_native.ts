/**
 * The sigmoid and its gradient on the wasm backend through the natively compiled elementwise
 * kernels of `./elementwise.ts`, which run on the CPU's full vector width where tfjs's
 * wasm kernels run on 128-bit SIMD (a [1000, 784] sigmoid: 0.19 ms against 1.1 ms, measured).
 *
 * - `Sigmoid` on wasm: one native pass into a new buffer (tfjs's kernel otherwise).
 * - The gradient of `Sigmoid`, dy y (1 - y): tfjs writes it as three kernels (Sub, Mul, Mul);
 *   here it is one native pass on wasm, and tfjs's own gradient everywhere else.
 *
 * The sigmoid is the walkback DAE's non-linearity on both layers (Bahdanau & Jaeger, Sec. 5.2)
 * and therefore the fixed-point iteration's, so both run faster. `setWasmMatMul` turns this on
 * with its `"transpose"` and `"blas"` modes when the kernels compile, and off with `"tfjs"`.
 * DrSAE's recurrence (`../relu_recurrence.ts`) uses the same library for its loops.
 *
 * @module
 */
import { recordingGradients, tf } from "../../tf.ts";
import { replaceWasmKernel, type WasmBackend } from "./wasm_backend.ts";
import type { Tensor, Tensor1D, Tensor2D } from "../../tf.ts";
import { type Elementwise, loadElementwise } from "./elementwise.ts";

type TensorInfo = tf.TensorInfo;

const GRAD_KERNEL = "SparseAeSigmoidGrad";
const DISTANCE_KERNEL = "SparseAeRowDistance";
const originalSigmoid = tf.getKernel("Sigmoid", "wasm");
const originalGradient = tf.getGradient("Sigmoid");
let active: Elementwise | null = null;

function nativeSigmoid(args: { inputs: unknown; backend: unknown }): TensorInfo {
  const { inputs: { x }, backend } = args as {
    inputs: { x: TensorInfo };
    backend: WasmBackend;
  };
  if (!active || x.dtype !== "float32") {
    return originalSigmoid!.kernelFunc(args as never) as TensorInfo;
  }
  // allocate before taking views: growing wasm memory detaches views taken earlier
  const out = backend.makeOutput(x.shape, "float32");
  active.sigmoid(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out));
  return out;
}

function sigmoidGradKernel(args: { inputs: unknown; backend: unknown }): TensorInfo {
  const { inputs: { dy, y }, backend } = args as {
    inputs: { dy: TensorInfo; y: TensorInfo };
    backend: WasmBackend;
  };
  const out = backend.makeOutput(y.shape, "float32");
  active!.sigmoidGrad(
    backend.typedArrayFromHeap(y),
    backend.typedArrayFromHeap(dy),
    backend.typedArrayFromHeap(out),
  );
  return out;
}

function rowDistanceKernel(args: { inputs: unknown; backend: unknown }): TensorInfo {
  const { inputs: { a, b }, backend } = args as {
    inputs: { a: TensorInfo; b: TensorInfo };
    backend: WasmBackend;
  };
  const out = backend.makeOutput([a.shape[0]], "float32");
  active!.rowDistance(
    backend.typedArrayFromHeap(a),
    backend.typedArrayFromHeap(b),
    backend.typedArrayFromHeap(out),
    a.shape[1],
  );
  return out;
}

tf.registerKernel({
  kernelName: DISTANCE_KERNEL,
  backendName: "wasm",
  kernelFunc: rowDistanceKernel as tf.KernelFunc,
});

tf.registerKernel({
  kernelName: GRAD_KERNEL,
  backendName: "wasm",
  kernelFunc: sigmoidGradKernel as tf.KernelFunc,
});

if (originalGradient) {
  tf.registerGradient({
    kernelName: "Sigmoid",
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const d = dy as Tensor;
      const [y] = saved;
      const fast = active && tf.getBackend() === "wasm" && d.dtype === "float32" &&
        y.dtype === "float32" && d.size === y.size;
      if (!fast) return originalGradient.gradFunc(dy, saved, attrs);
      return {
        x: () => tf.engine().runKernel(GRAD_KERNEL, { dy: d, y }, {}) as Tensor,
      };
    },
  });
}

/**
 * Use (true) or leave (false) the native sigmoid and its gradient on wasm.
 *
 * @returns whether the native kernels are now in force (false when they cannot be compiled:
 *   see `elementwiseFailure()` in `./elementwise.ts`)
 *
 * @example
 * ```ts
 * import { setWasmNative } from "./wasm_native.ts";
 * console.log(setWasmNative(false)); // false
 * ```
 */
export function setWasmNative(on: boolean): boolean {
  const next = on ? loadElementwise() : null;
  if ((next === null) === (active === null)) return active !== null;
  if (originalSigmoid) {
    replaceWasmKernel(
      "Sigmoid",
      originalSigmoid,
      (next ? nativeSigmoid : originalSigmoid.kernelFunc) as tf.KernelFunc,
    );
  }
  active = next;
  return active !== null;
}

/**
 * ||a_r - b_r||_2 for each row r of two [rows, cols] matrices: one compiled pass on wasm with
 * the native kernels, `sqrt(sum(squaredDifference(a, b), 1))` elsewhere (and under a gradient
 * tape, which the compiled kernel does not serve). The fixed-point iteration's step lengths.
 *
 * @example
 * ```ts
 * import { tf } from "../../tf.ts";
 * import { rowDistances } from "./wasm_native.ts";
 * const d = rowDistances(tf.tensor2d([[3, 4], [1, 1]]), tf.tensor2d([[0, 0], [1, 1]]));
 * console.log(Array.from(d.dataSync())); // [5, 0]
 * ```
 */
export function rowDistances(a: Tensor2D, b: Tensor2D): Tensor1D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
    throw new Error(
      `rowDistances needs two matrices of one shape, got [${a.shape}] and ` +
        `[${b.shape}]`,
    );
  }
  if (
    active && !recordingGradients() && tf.getBackend() === "wasm" && a.dtype === "float32" &&
    b.dtype === "float32" && a.shape[1] > 0
  ) {
    return tf.engine().runKernel(DISTANCE_KERNEL, { a, b }, {}) as Tensor1D;
  }
  return tf.tidy(() => tf.sqrt(tf.sum(tf.squaredDifference(a, b), 1)) as Tensor1D);
}

/**
 * The native kernels in force on wasm, or null.
 *
 * @example
 * ```ts
 * import { wasmNative } from "./wasm_native.ts";
 * console.log(wasmNative() === null || typeof wasmNative()!.library === "string"); // true
 * ```
 */
export function wasmNative(): Elementwise | null {
  return active;
}
