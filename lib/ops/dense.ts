/**
 * A dense layer act(x W + b) that takes the fused path when no gradient is being recorded.
 *
 * `tf.fused.matMul` computes the product, the bias and the activation as one kernel; on the
 * wasm backend with the BLAS (`./_kernels/wasm_matmul.ts`) the bias is written into the output first and
 * the product added onto it, which spares tfjs's broadcast Add (a slow general loop on wasm).
 * Its gradient, though, computes the gradient of every input, the data's included, where the
 * plain ops' gradients are pruned to the path to the variables: under a gradient tape the
 * fused op costs one product more per layer (measured: k-sparse training 15% slower). So
 * {@link dense} uses the fused op for inference (encoding, reconstruction, the fixed-point
 * iteration) and `matMul` + `add` + activation while a tape records; both give the same
 * numbers to float32 rounding.
 *
 * tfjs's own wasm `_FusedMatMul` (restored by `setKernelOptions({ matmul: "tfjs" })`) adds the bias wrongly
 * when the weights are transposed (measured on tfjs 4.22: errors of 0.9 for a 5 x 7 by 3 x 7
 * product), so with tfjs's kernels on wasm {@link dense} takes the plain ops.
 *
 * @module
 */
import { recordingGradients, tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";
import { wasmMatMul } from "./_kernels/wasm_matmul.ts";
import { activationEntry, type ActivationName } from "./activations.ts";

/**
 * act(x W + b), or act(x W^T + b) with `transposeW` (a tied decoder). `activation` is a name
 * of the activation table (`./activations.ts`); one that tfjs cannot fuse (tanh) takes the
 * plain ops.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { dense } from "./dense.ts";
 * const y = dense(tf.tensor2d([[1, 2]]), tf.tensor2d([[1], [1]]), tf.tensor1d([-3]), "relu");
 * console.log(Array.from(y.dataSync())); // [0]
 * ```
 */
export function dense(
  x: Tensor2D,
  W: Tensor,
  b: Tensor,
  activation: ActivationName,
  transposeW = false,
): Tensor2D {
  const f = activationEntry(activation);
  const tfjsWasmKernel = tf.getBackend() === "wasm" && wasmMatMul() === "tfjs";
  if (f.fused && !recordingGradients() && !tfjsWasmKernel) {
    const w = W as Tensor2D;
    return tf.fused.matMul({
      a: x,
      b: w,
      transposeB: transposeW,
      bias: b,
      activation: f.fused,
    }) as Tensor2D;
  }
  return tf.tidy(() => f.apply(tf.add(tf.matMul(x, W as Tensor2D, false, transposeW), b)));
}
