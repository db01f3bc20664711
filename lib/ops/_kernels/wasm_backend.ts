/**
 * What the package's own wasm kernels use of tfjs's wasm backend, and the one way they replace
 * one of its kernels.
 *
 * @module
 */
import { tf } from "../../tf.ts";

/** The parts of tfjs's `BackendWasm` the kernels in `lib/ops/` use. */
export interface WasmBackend {
  /** A new buffer in wasm memory, with one reference. */
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  /** A view of a tensor's buffer in wasm memory (detached when the memory grows). */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  /** Drop one reference to a buffer, freeing it at none. */
  disposeData(dataId: unknown): boolean;
  /** Add one reference to a buffer. */
  incRef(dataId: unknown): void;
  /** The references to a buffer: tensors, clones and reshapes that share it. */
  refCount(dataId: unknown): number;
}

/**
 * Register `kernelFunc` for `name` on wasm in place of whatever is registered, keeping the
 * original kernel's setup (which binds its wasm function when the backend starts).
 *
 * @example
 * ```ts
 * import { tf } from "../../tf.ts";
 * import { useBackend } from "../../backend.ts";
 * import { replaceWasmKernel } from "./wasm_backend.ts";
 * await useBackend("wasm"); // registers the wasm kernels
 * const original = tf.getKernel("Identity", "wasm")!;
 * replaceWasmKernel("Identity", original, original.kernelFunc); // the same kernel back
 * console.log(tf.getKernel("Identity", "wasm")!.kernelFunc === original.kernelFunc); // true
 * ```
 */
export function replaceWasmKernel(
  name: string,
  original: tf.KernelConfig,
  kernelFunc: tf.KernelFunc,
): void {
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({
    kernelName: name,
    backendName: "wasm",
    kernelFunc,
    setupFunc: original.setupFunc,
  });
}
