/**
 * How far each unit of a trained DrSAE is from ISTA (Rolfe & LeCun 2013, Sec. 3, Figure 3):
 * the encoder-decoder angle, the part / categorical split of footnote 7, and the norms of each
 * unit's recurrent and classifier connections.
 *
 * @module
 */
import { tf } from "../../tf.ts";
import type { Tensor } from "../../tf.ts";
import type { Drsae } from "../../models/drsae.ts";
import { read } from "./internal.ts";

/** The angle between matching slices of `a` and `b` along `axis`; NaN where one is zero. */
function anglesAlong(a: Tensor, b: Tensor, axis: number): Tensor {
  const dot = tf.sum(tf.mul(a, b), axis);
  const cos = tf.div(dot, tf.mul(tf.norm(a, 2, axis), tf.norm(b, 2, axis)));
  return tf.acos(tf.clipByValue(cos, -1, 1));
}

/**
 * The angle, in radians, between each unit's encoder (the paper's row E_i) and its decoder
 * (column D_i): 0 for ISTA (Eq. 4), the x axis of Figures 3, 4(c) and 7. NaN for a unit whose
 * encoder or decoder is zero.
 *
 * @param model a DrSAE
 * @returns one angle per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { encoderDecoderAngles } from "./units.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * const angles = await encoderDecoderAngles(model); // E = alpha D^T at initialisation
 * console.log(angles.every((a) => a < 1e-3)); // true
 * model.dispose();
 * ```
 */
export function encoderDecoderAngles(model: Drsae): Promise<Float32Array> {
  const { E, D } = model.params;
  // E is [inputs, hidden] (unit i: column i), D is [hidden, inputs] (unit i: row i)
  return read(tf.tidy(() => anglesAlong(tf.transpose(E), D, 1)));
}

/** A unit's place on the part / categorical continuum (Sec. 3, footnote 7). */
export type UnitKind = "part" | "categorical" | "intermediate";

/** Thresholds of {@link classifyUnits}. */
export interface UnitThresholds {
  /** Units with an encoder-decoder angle below this are part-units. Default 0.5 rad (Sec. 3.1). */
  part?: number;
  /** Units with an angle above this are categorical-units. Default 0.7 rad (Sec. 3.2). */
  categorical?: number;
}

/** What {@link classifyUnits} returns. */
export interface UnitClasses {
  /** The kind of each unit. */
  kinds: UnitKind[];
  /** How many part-units. */
  part: number;
  /** How many categorical-units. */
  categorical: number;
  /** How many between the thresholds (or with an undefined angle). */
  intermediate: number;
}

/**
 * Split units into part-units (angle < 0.5 rad) and categorical-units (angle > 0.7 rad) by
 * their encoder-decoder angle, as the paper does for its figures (Sec. 3, footnote 7).
 *
 * @param angles from {@link encoderDecoderAngles}
 * @param thresholds the part and categorical thresholds, in radians
 * @returns each unit's kind and the counts
 *
 * @example
 * ```ts
 * import { classifyUnits } from "./units.ts";
 * const c = classifyUnits(Float32Array.from([0.1, 0.6, 0.9, 0.2]));
 * console.log(c.kinds, c.part, c.categorical); // ["part", "intermediate", "categorical", "part"] 2 1
 * ```
 */
export function classifyUnits(
  angles: ArrayLike<number>,
  thresholds: UnitThresholds = {},
): UnitClasses {
  const part = thresholds.part ?? 0.5; // Sec. 3.1
  const categorical = thresholds.categorical ?? 0.7; // Sec. 3.2
  if (!(part <= categorical)) {
    throw new Error(
      `The part threshold (${part}) must not exceed the categorical one (${categorical}): ` +
        "swap them",
    );
  }
  const kinds: UnitKind[] = Array.from(
    { length: angles.length },
    (_, i) => angles[i] < part ? "part" : angles[i] > categorical ? "categorical" : "intermediate",
  );
  const count = (k: UnitKind) => kinds.filter((x) => x === k).length;
  return {
    kinds,
    part: count("part"),
    categorical: count("categorical"),
    intermediate: count("intermediate"),
  };
}

/**
 * The magnitude of each unit's incoming explaining-away connections, ||(S - I)_i|| for the
 * paper's row i (Figure 3(a, b, e); footnote 6: S - I, not S, governs the perturbation).
 *
 * @param model a DrSAE
 * @returns one norm per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { explainingAwayNorms } from "./units.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * console.log((await explainingAwayNorms(model)).length); // 4
 * model.dispose();
 * ```
 */
export function explainingAwayNorms(model: Drsae): Promise<Float32Array> {
  const { S } = model.params;
  // S here is the paper's S^T: the paper's row i (afferents of unit i) is column i
  return read(tf.tidy(() => tf.norm(tf.sub(S, tf.eye(S.shape[0])), 2, 0)));
}

/**
 * The magnitude of each unit's classification weights, ||C_i|| for the paper's column i
 * (Figure 3(c, d)).
 *
 * @param model a DrSAE
 * @returns one norm per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { classifierNorms } from "./units.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * console.log([...await classifierNorms(model)]); // [0, 0, 0, 0]: C starts at zero
 * model.dispose();
 * ```
 */
export function classifierNorms(model: Drsae): Promise<Float32Array> {
  // C here is [hidden, classes]: the paper's column i is row i
  return read(tf.tidy(() => tf.norm(model.params.C, 2, 1)));
}

/**
 * The angle between each unit's explaining-away row (S - I)_i and the ISTA prediction, the
 * row i of -D^T D (Figure 4(c)). ISTA has S - I = -alpha D^T D (Eq. 4), so the prediction is
 * taken with its sign: the angle is 0 for ISTA and pi for the opposite connections.
 *
 * @param model a DrSAE
 * @returns one angle per hidden unit, radians
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { istaConnectionAngles } from "./units.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * console.log((await istaConnectionAngles(model)).every((a) => a < 1e-3)); // true
 * model.dispose();
 * ```
 */
export function istaConnectionAngles(model: Drsae): Promise<Float32Array> {
  const { S, D } = model.params;
  return read(tf.tidy(() => {
    const sMinusI = tf.sub(S, tf.eye(S.shape[0])); // unit i: column i (the paper's row i)
    const gram = tf.matMul(D, D, false, true); // the paper's D^T D; symmetric
    return anglesAlong(sMinusI, tf.neg(gram), 0);
  }));
}
