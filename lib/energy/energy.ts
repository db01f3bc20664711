/**
 * The potential energy of a tied-weight autoencoder (Kamyshanska & Memisevic, Sec. 2).
 *
 * For r(x) = W^T h(W x + b_h) + b_r (Eq. 8; here rows: r(x) = h(x W + b) W^T + bOut, with W of
 * shape [inputs, hidden]) the vector field r(x) - x is the gradient of
 *
 *   E(x) = sum_k H(u_k) - 1/2 ||x - b_r||^2 + const,   u = W x + b_h,   H' = h   (Eq. 11)
 *
 * so "running" the autoencoder descends -E's slope, i.e. climbs E: E is large where the
 * autoencoder "likes" x. With sigmoid outputs the log-odds field B(x) = xi(r(x)) - xi(x)
 * (Eq. 26) is the gradient of Eq. 28: sum_k H(u_k) + b_r^T x + the entropy of x (Eq. 29).
 *
 * Each activation's antiderivative H is in {@link ENERGY_ACTIVATIONS}. Three printed forms of
 * Sec. 2.3 fail their own definition (the gradient of the energy is not r(x) - x); the library
 * implements the antiderivatives that pass and keeps the printed ones in
 * {@link PRINTED_ENERGY_TERMS} so the tests can show the difference:
 * - ReLU (Sec. 2.3.5): printed (sign(u) + 1) u^2 / 2, which is u^2 for u > 0, twice the
 *   antiderivative of relu; the library uses relu(u)^2 / 2.
 * - synchrony (Eq. 21): log(exp(u^2) + 1) - ||x||^2 is twice the energy of the synchrony unit
 *   u sigma(u^2) (a sigmoid-of-square gate on the linear response, whose antiderivative is
 *   log(1 + exp(u^2)) / 2), with b_r = 0; the library uses the half.
 * - max (Sec. 2.3.8): printed ||x - w_s(x)||^2 + const has the wrong sign and twice the size:
 *   the field w_s(x) - x is the gradient of -1/2 ||x - w_s(x)||^2; the recipe of Sec. 2.2 gives
 *   H = max_k u_k (the one-hot of the largest unit is its gradient), which equals it up to a
 *   constant for unit-norm weights and no biases.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor1D, Tensor2D } from "../tf.ts";
import { type ActivationName, ACTIVATIONS } from "../ops/activations.ts";

/** The hidden activations whose energies Sec. 2.3 derives. */
export type EnergyActivationName =
  | "sigmoid"
  | "tanh"
  | "linear"
  | "square"
  | "relu"
  | "modulus"
  | "synchrony"
  | "max";

/** A hidden activation h with the pieces the energy and its calculus need. */
export interface EnergyActivation {
  /** h(u), elementwise except for `max` (rows of [batch, hidden]). */
  h(u: Tensor2D): Tensor2D;
  /** sum_k H(u_k) per row, [batch]: the hidden part of the energy (Eq. 11). */
  H(u: Tensor2D): Tensor1D;
  /** h'(u) elementwise, for the Laplacian (Eq. 38) and the contraction penalty (Eq. 40). */
  dh(u: Tensor2D): Tensor2D;
  /** Where in the paper the energy is derived. */
  source: string;
}

const sumRows = (t: Tensor2D): Tensor1D => tf.sum(t, 1) as Tensor1D;

/** An element-wise activation of the package's table, as an energy activation. */
function elementwise(name: ActivationName, source: string): EnergyActivation {
  const a = ACTIVATIONS[name];
  return {
    h: (u) => a.apply(u),
    H: (u) => tf.tidy(() => sumRows(a.antiderivative(u))),
    dh: (u) => a.derivative(u),
    source,
  };
}

/**
 * The activations and their antiderivatives (Sec. 2.3, Fig. 1): the element-wise ones are the
 * entries of the package's activation table (`lib/ops/activations.ts`); `max` is the one that
 * is not element-wise.
 */
export const ENERGY_ACTIVATIONS: Readonly<Record<EnergyActivationName, EnergyActivation>> = {
  sigmoid: elementwise("sigmoid", "Sec. 2.3.1, Eq. 12"),
  tanh: elementwise("tanh", "Sec. 2.3.2, Eq. 15 (Appendix, Eq. 51)"),
  linear: elementwise("linear", "Sec. 2.3.3, Eq. 16"),
  square: elementwise("square", "Sec. 2.3.4, Eq. 18"),
  relu: elementwise("relu", "Sec. 2.3.5 (corrected: relu(u)^2 / 2)"),
  modulus: elementwise("modulus", "Sec. 2.3.6, Eq. 20"),
  synchrony: elementwise("synchrony", "Sec. 2.3.7 (corrected: half of Eq. 21)"),
  max: { // Sec. 2.3.8: h = one-hot of the largest unit, H = max_k u_k (Eq. 24)
    h: (u) => tf.tidy(() => tf.oneHot(tf.argMax(u, 1), u.shape[1]).toFloat() as Tensor2D),
    H: (u) => tf.max(u, 1) as Tensor1D,
    dh: (u) => tf.zerosLike(u), // piecewise constant within each Voronoi cell (Sec. 3.2)
    source: "Sec. 2.3.8 (corrected: max_k u_k - 1/2 ||x - b_r||^2)",
  },
};

/** True when `name` is an activation with an energy (an own key of {@link ENERGY_ACTIVATIONS}). */
export function isEnergyActivation(name: unknown): name is EnergyActivationName {
  return typeof name === "string" && Object.hasOwn(ENERGY_ACTIVATIONS, name);
}

/** The parameters of a tied-weight autoencoder, in the package's orientation. */
export interface TiedWeights {
  /** Weights, [inputs, hidden]: the encoder x W, the decoder h W^T. */
  W: Tensor2D;
  /** Hidden bias b_h, [hidden]. */
  b: Tensor1D;
  /** Output bias b_r, [inputs]. */
  bOut: Tensor1D;
}

/** Options of {@link energy} and {@link energyField}. */
export interface EnergyOptions {
  /** The hidden activation. Default `"sigmoid"`. */
  activation?: EnergyActivationName;
  /**
   * `"linear"` outputs (real-valued data, Eq. 11) or `"sigmoid"` outputs (data in [0, 1],
   * Eq. 28 with the entropy term of Eq. 29, which vanishes on binary data). Default `"linear"`.
   */
  output?: "linear" | "sigmoid";
}

/**
 * The energy activation named `name`, or an error naming the allowed ones and who asked.
 *
 * @example
 * ```ts
 * import { energyActivation } from "./energy.ts";
 * console.log(energyActivation("tanh").source); // Sec. 2.3.2, Eq. 15 (Appendix, Eq. 51)
 * ```
 */
export function energyActivation(name: string, who = "energy"): EnergyActivation {
  if (!isEnergyActivation(name)) {
    throw new Error(
      `${who}: unknown energy activation "${name}": use one of ${
        Object.keys(ENERGY_ACTIVATIONS).join(", ")
      }`,
    );
  }
  return ENERGY_ACTIVATIONS[name];
}

function activationOf(name: EnergyActivationName | undefined): EnergyActivation {
  return energyActivation(name ?? "sigmoid");
}

function checkShapes(p: TiedWeights, x: Tensor2D): void {
  const [inputs, hidden] = p.W.shape;
  if (x.rank !== 2 || x.shape[1] !== inputs) {
    throw new Error(
      `x must be [batch, ${inputs}] for W of shape [${inputs}, ${hidden}], got [${x.shape}]`,
    );
  }
  if (p.b.shape[0] !== hidden || p.bOut.shape[0] !== inputs) {
    throw new Error(
      `biases must be b [${hidden}] and bOut [${inputs}], got [${p.b.shape}] and [${p.bOut.shape}]`,
    );
  }
}

/** The total hidden input u = x W + b_h, [batch, hidden]. */
export function hiddenInput(p: TiedWeights, x: Tensor2D): Tensor2D {
  return tf.add(tf.matMul(x, p.W), p.b);
}

/**
 * The reconstruction r(x): h(u) W^T + b_r (Eq. 8), through a sigmoid for sigmoid outputs (Eq. 4).
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { reconstruct } from "./energy.ts";
 * const p = { W: tf.eye(2) as tf.Tensor2D, b: tf.zeros([2]) as tf.Tensor1D, bOut: tf.zeros([2]) as tf.Tensor1D };
 * console.log(reconstruct(p, tf.tensor2d([[1, -2]]), { activation: "linear" }).arraySync()); // [[1, -2]]
 * ```
 */
export function reconstruct(p: TiedWeights, x: Tensor2D, options: EnergyOptions = {}): Tensor2D {
  checkShapes(p, x);
  const a = activationOf(options.activation);
  return tf.tidy(() => {
    const out = tf.add(tf.matMul(a.h(hiddenInput(p, x)), p.W, false, true), p.bOut) as Tensor2D;
    return options.output === "sigmoid" ? tf.sigmoid(out) : out;
  });
}

/** -sum_j (x log x + (1 - x) log(1 - x)) per row, with 0 log 0 = 0 (Eq. 29). */
function entropy(x: Tensor2D): Tensor1D {
  return tf.tidy(() => {
    // x log x with 0 log 0 = 0: x log(max(x, tiny)) is 0 at x = 0 and exact inside (0, 1]
    const xlogx = (v: Tensor) => tf.mul(v, tf.log(tf.maximum(v, 1e-30)));
    return tf.neg(sumRows(tf.add(xlogx(x), xlogx(tf.sub(1, x))) as Tensor2D));
  });
}

/**
 * The energy E(x) of each row, up to the constant of integration: Eq. 11 for linear outputs,
 * Eq. 28 for sigmoid outputs. Its gradient with respect to x is {@link energyField}.
 *
 * @param p the tied weights and biases
 * @param x rows, [batch, inputs]; in [0, 1] for sigmoid outputs
 * @returns E per row, [batch]
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { energy } from "./energy.ts";
 * const p = { W: tf.eye(2) as tf.Tensor2D, b: tf.zeros([2]) as tf.Tensor1D, bOut: tf.zeros([2]) as tf.Tensor1D };
 * // linear hidden units, W = I: 1/2 ||x||^2 - 1/2 ||x||^2 = 0 everywhere (Eq. 16)
 * console.log(energy(p, tf.tensor2d([[1, 2]]), { activation: "linear" }).arraySync()); // [0]
 * ```
 */
export function energy(p: TiedWeights, x: Tensor2D, options: EnergyOptions = {}): Tensor1D {
  checkShapes(p, x);
  const a = activationOf(options.activation);
  return tf.tidy(() => {
    const hidden = a.H(hiddenInput(p, x));
    if (options.output === "sigmoid") {
      // Eq. 28: sum_k H(u_k) + b_r^T x + entropy(x)
      const linear = tf.sum(tf.mul(x, p.bOut), 1);
      return tf.add(tf.add(hidden, linear), entropy(x)) as Tensor1D;
    }
    const d = tf.sub(x, p.bOut);
    return tf.sub(hidden, tf.mul(0.5, sumRows(tf.square(d) as Tensor2D))) as Tensor1D;
  });
}

/**
 * The vector field whose potential is {@link energy}: r(x) - x for linear outputs (Eq. 33),
 * the log-odds field B(x) = W^T h(u) + b_r - log(x / (1 - x)) for sigmoid outputs (Eq. 26),
 * which has the same fixed points (Eq. 27). Defined for x inside (0, 1) in the sigmoid case.
 *
 * @returns [batch, inputs]
 */
export function energyField(p: TiedWeights, x: Tensor2D, options: EnergyOptions = {}): Tensor2D {
  checkShapes(p, x);
  const a = activationOf(options.activation);
  return tf.tidy(() => {
    const pre = tf.add(tf.matMul(a.h(hiddenInput(p, x)), p.W, false, true), p.bOut);
    if (options.output === "sigmoid") {
      return tf.sub(pre, tf.log(tf.div(x, tf.sub(1, x)))) as Tensor2D;
    }
    return tf.sub(pre, x) as Tensor2D;
  });
}

/**
 * The hidden-unit terms of Sec. 2.3 as printed, for the three forms that fail their own
 * definition (see the module notes); kept so the tests can show the failure. Each gives the
 * printed energy of rows x for weights p (biases as printed).
 */
export const PRINTED_ENERGY_TERMS = {
  /** Sec. 2.3.5: sum_k (sign(u_k) + 1) u_k^2 / 2 - 1/2 ||x - b_r||^2. */
  relu: (p: TiedWeights, x: Tensor2D): Tensor1D =>
    tf.tidy(() => {
      const u = hiddenInput(p, x);
      const hidden = sumRows(tf.mul(tf.add(tf.sign(u), 1), tf.div(tf.square(u), 2)) as Tensor2D);
      return tf.sub(
        hidden,
        tf.mul(0.5, sumRows(tf.square(tf.sub(x, p.bOut)) as Tensor2D)),
      ) as Tensor1D;
    }),
  /** Eq. 21: sum_k log(exp(u_k^2) + 1) - ||x||^2. */
  synchrony: (p: TiedWeights, x: Tensor2D): Tensor1D =>
    tf.tidy(() => {
      const u = hiddenInput(p, x);
      return tf.sub(
        sumRows(tf.softplus(tf.square(u)) as Tensor2D),
        sumRows(tf.square(x)),
      ) as Tensor1D;
    }),
  /** Sec. 2.3.8: ||x - w_s(x)||^2, w_s the column of W with the largest response. */
  max: (p: TiedWeights, x: Tensor2D): Tensor1D =>
    tf.tidy(() => {
      const s = tf.oneHot(tf.argMax(hiddenInput(p, x), 1), p.W.shape[1]).toFloat();
      const ws = tf.matMul(s, p.W, false, true);
      return sumRows(tf.square(tf.sub(x, ws)) as Tensor2D);
    }),
} as const;
