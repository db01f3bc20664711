/**
 * The k-sparse selection of Makhzani & Frey (Sec. 2.2): keep the k largest entries of each
 * row, set the rest to zero, and backpropagate through the kept entries only.
 *
 * `tf.topk` has no gradient in tfjs, so the op is built with `tf.customGrad`: the forward
 * pass finds each row's k-th largest value and keeps the entries at or above it; the
 * backward pass multiplies the incoming gradient by the same 0/1 mask (the support Γ).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";

/**
 * The 0/1 mask of the k largest entries in each row of `z` (shape [batch, units]).
 * Ties at the k-th value are all kept, which only matters for exactly equal floats.
 *
 * @param z activations, shape [batch, units]
 * @param k how many entries to keep per row (1 <= k <= units)
 * @returns a float32 mask of the same shape
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { topKMask } from "./topk.ts";
 * const m = topKMask(tf.tensor2d([[3, 1, 2]]), 2);
 * console.log(m.arraySync()); // [[1, 0, 1]]
 * ```
 */
export function topKMask(z: Tensor2D, k: number): Tensor2D {
  const units = z.shape[1];
  checkK(k, units);
  return tf.tidy(() => {
    if (k === units) return tf.onesLike(z);
    const { values } = tf.topk(z, k, true); // sorted, so column k-1 is the k-th largest
    const kth = tf.slice(values, [0, k - 1], [-1, 1]);
    // 1 - step(kth - z) is 1 exactly where z >= kth. It equals greaterEqual + cast, which
    // takes about 14 ms on tfjs-wasm for [100, 1000] against a column; this takes 0.14 ms.
    return tf.sub(1, tf.step(tf.sub(kth, z))) as Tensor2D;
  });
}

function checkK(k: number, units: number): void {
  if (!Number.isInteger(k) || k < 1 || k > units) {
    throw new Error(`k must be an integer in [1, ${units}], got ${k}`);
  }
}

/**
 * Keep the k largest entries of each row of `z` and zero the others (supp_k, Sec. 2.2).
 * The gradient flows to the kept entries only: d out / d z = mask.
 *
 * @param z activations, shape [batch, units]
 * @param k how many to keep per row
 * @returns z with all but the k largest entries of each row set to zero
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { kSparse } from "./topk.ts";
 * const z = tf.tensor2d([[0.5, -2, 3, 1]]);
 * console.log(kSparse(z, 2).arraySync()); // [[0, 0, 3, 1]]
 * const g = tf.grad((v: tf.Tensor) => kSparse(v as tf.Tensor2D, 2).sum())(z);
 * console.log(g.arraySync()); // [[0, 0, 1, 1]]
 * ```
 */
export function kSparse(z: Tensor2D, k: number): Tensor2D {
  checkK(k, z.shape[1]);
  // customGrad's declared type is variadic: (...inputs, save); this op has one input.
  const op = tf.customGrad(
    ((x: Tensor, save: tf.GradSaveFunc) => {
      const mask = topKMask(x as Tensor2D, k);
      save([mask]);
      return {
        value: tf.mul(x, mask),
        gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, saved[0]),
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0],
  );
  return op(z) as Tensor2D;
}
