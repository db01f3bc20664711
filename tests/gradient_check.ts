/**
 * The tests' one gradient check: the gradient tfjs computes for `lossOf` against central
 * finite differences, entry by entry, for every parameter.
 */
import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import type { Scalar, Variable } from "../lib/tf.ts";

/** Options of {@link checkGradients}. */
export interface GradientCheckOptions {
  /** Finite-difference step. Default 1e-3. */
  eps?: number;
  /** Absolute part of the tolerance. Default 0. */
  absTol?: number;
  /** Relative part of the tolerance, times max(1, |numeric|). Default 2e-2. */
  relTol?: number;
  /** Fail when some parameter gets an all-zero gradient (no signal reaches it). Default false. */
  requireSignal?: boolean;
}

/**
 * Compare tf.variableGrads of `lossOf` with (L(p + eps) - L(p - eps)) / 2 eps for each entry
 * of each parameter; float32, so the tolerance is loose. Restores every parameter.
 *
 * @returns how many entries were checked
 */
export async function checkGradients(
  params: Record<string, Variable>,
  lossOf: () => Scalar,
  options: GradientCheckOptions = {},
): Promise<number> {
  const { eps = 1e-3, absTol = 0, relTol = 2e-2, requireSignal = false } = options;
  const grads = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(lossOf, Object.values(params));
    value.dispose();
    return grads;
  });
  let checked = 0;
  for (const [key, v] of Object.entries(params)) {
    const analytic = await grads[v.name].data();
    if (requireSignal) {
      assert.ok(analytic.some((g) => Math.abs(g) > 1e-4), `no gradient reaches ${key}`);
    }
    const base = (await v.data()).slice();
    const at = async (i: number, delta: number) => {
      const p = base.slice();
      p[i] += delta;
      tf.tidy(() => v.assign(tf.tensor(p, v.shape)));
      const loss = tf.tidy(lossOf);
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    };
    for (let i = 0; i < base.length; i++) {
      const numeric = (await at(i, eps) - await at(i, -eps)) / (2 * eps);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      const tol = absTol + relTol * Math.max(1, Math.abs(numeric));
      assert.ok(
        Math.abs(numeric - analytic[i]) < tol,
        `${key}[${i}]: finite difference ${numeric} vs gradient ${analytic[i]}`,
      );
      checked++;
    }
  }
  for (const g of Object.values(grads)) g.dispose();
  return checked;
}
