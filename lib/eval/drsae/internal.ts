/**
 * Helpers the DrSAE analyses share; not part of the public surface.
 *
 * @module
 */
import type { Tensor } from "../../tf.ts";

/** Read a tensor back (asynchronously, as every backend allows) and dispose of it. */
export async function read(t: Tensor): Promise<Float32Array> {
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

/** Throw an error naming a unit index outside a model's hidden units. */
export function checkUnit(w: { hidden: number }, unit: number): void {
  if (!Number.isInteger(unit) || unit < 0 || unit >= w.hidden) {
    throw new Error(`Unit ${unit} is out of range: the model has ${w.hidden} hidden units`);
  }
}
