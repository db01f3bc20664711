/**
 * Identity (`tf.clone`) on the wasm backend without a copy.
 *
 * tfjs's wasm Identity allocates a new buffer and copies the input into it, where the cpu
 * backend's shares the input's buffer (tensors are immutable, so sharing is safe: wasm's own
 * Reshape shares the same way). The copy matters because the engine clones every tensor a
 * gradient saves for the backward pass: a DrSAE training step (784-400^11-10, batch 100) ran 38
 * Identity kernels copying 2.6 MB in all, among them the [11, 100, 400] iterates and every
 * weight matrix. The shared Identity adds one reference to the input's buffer instead.
 *
 * `setWasmMatMul` (`./wasm_matmul.ts`) turns this on with the `"transpose"` and `"blas"` modes
 * and off with `"tfjs"`, which restores all of tfjs's own kernels.
 *
 * @module
 */
import { tf } from "../../tf.ts";
import { replaceWasmKernel, type WasmBackend } from "./wasm_backend.ts";

type TensorInfo = tf.TensorInfo;

const original = tf.getKernel("Identity", "wasm");
let active = false;

function sharedIdentity(args: { inputs: unknown; backend: unknown }): TensorInfo {
  const { inputs, backend } = args as { inputs: { x: TensorInfo }; backend: WasmBackend };
  const x = inputs.x;
  // strings live outside wasm memory: tfjs's kernel handles them
  if (x.dtype === "string") return original!.kernelFunc(args as never) as TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Share (true) or copy (false, tfjs's kernel) on wasm Identity.
 *
 * @returns whether the shared Identity is now in force
 *
 * @example
 * ```ts
 * import { setWasmIdentity } from "./wasm_identity.ts";
 * console.log(setWasmIdentity(true)); // true
 * ```
 */
export function setWasmIdentity(shared: boolean): boolean {
  if (!original || shared === active) return active;
  replaceWasmKernel(
    "Identity",
    original,
    (shared ? sharedIdentity : original.kernelFunc) as tf.KernelFunc,
  );
  active = shared;
  return active;
}

/**
 * Whether wasm Identity shares its input's buffer now.
 *
 * @example
 * ```ts
 * import { wasmIdentityShared } from "./wasm_identity.ts";
 * console.log(typeof wasmIdentityShared()); // "boolean"
 * ```
 */
export function wasmIdentityShared(): boolean {
  return active;
}
