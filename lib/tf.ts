/**
 * The package's one handle on tfjs. `@tensorflow/tfjs` registers every gradient and the cpu
 * backend, so any module that computes works on its own; the wasm and WebGPU backends are
 * registered by `backend.ts`. `PROD` mode skips debug checks and silences the hint to
 * install tfjs-node, which does not apply to Deno.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

tf.env().set("PROD", true);

export { tf };

/**
 * Whether a gradient tape is recording now (inside `tf.grad`, `tf.variableGrads`, a
 * `minimize`): kernels that have no gradient, or whose gradient costs more, may only run
 * outside one.
 *
 * @example
 * ```ts
 * import { recordingGradients, tf } from "./tf.ts";
 * let inside = false;
 * tf.grad((x: tf.Tensor) => {
 *   inside = recordingGradients();
 *   return tf.sum(x);
 * })(tf.ones([2]));
 * console.log(recordingGradients(), inside); // false true
 * ```
 */
export function recordingGradients(): boolean {
  const engine = tf.engine() as unknown as { isTapeOn?: () => boolean };
  // an engine without the query: assume recording, the plain ops are right either way
  return typeof engine.isTapeOn === "function" ? engine.isTapeOn() : true;
}

/** A tfjs tensor of any rank. */
export type Tensor = tf.Tensor;
/** A rank-1 tfjs tensor. */
export type Tensor1D = tf.Tensor1D;
/** A rank-2 tfjs tensor, [rows, columns]. */
export type Tensor2D = tf.Tensor2D;
/** A rank-3 tfjs tensor. */
export type Tensor3D = tf.Tensor3D;
/** A rank-4 tfjs tensor (a batch of images: [batch, height, width, channels]). */
export type Tensor4D = tf.Tensor4D;
/** A rank-0 tfjs tensor. */
export type Scalar = tf.Scalar;
/** A trainable tfjs variable. */
export type Variable = tf.Variable;
