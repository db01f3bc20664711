/**
 * The affine map of a dense layer, x W + b, as one fused op (`tf.fused.matMul`): on the wasm
 * backend with the BLAS the bias is added by the product itself (`./wasm_matmul.ts`), which
 * spares a separate broadcast add and its pass over the output; elsewhere tfjs's own fused
 * kernels run. Gradients are tfjs's: the two products and the bias's sum.
 *
 * @module
 */
import { type Tensor, type Tensor2D, tf } from "../tf.ts";

/**
 * x W + b for rows x [batch, in], weights W [in, out] (or [out, in] with `transposeW`) and a
 * bias [out].
 *
 * @param x the rows
 * @param w the weights, rank 2
 * @param b the bias, one value per output column
 * @param transposeW multiply by W^T instead (tied decoders)
 * @returns [batch, out]
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { affine } from "./dense.ts";
 * const y = affine(tf.ones([2, 3]), tf.ones([3, 4]), tf.tensor1d([0, 1, 2, 3]));
 * console.log(Array.from(y.dataSync())); // [ 3, 4, 5, 6, 3, 4, 5, 6 ]
 * ```
 */
export function affine(x: Tensor2D, w: Tensor, b: Tensor, transposeW = false): Tensor2D {
  return tf.fused.matMul({ a: x, b: w as Tensor2D, bias: b, transposeB: transposeW }) as Tensor2D;
}
