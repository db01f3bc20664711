/**
 * The element-wise non-linearities of the package, in one table keyed by name. Every model
 * that takes a non-linearity by name (the dense layer, the autoencoder's hidden and output
 * units, the classifier's hidden layers) looks it up here, so a name means the same function
 * everywhere and a new one is added once.
 *
 * An entry is an object so that it can carry more than its function: `fused` names the
 * activation tfjs's fused matrix product applies in the same kernel (absent where tfjs has
 * none, as for tanh), and the energy of Kamyshanska & Memisevic (Sec. 2, 4), whose potential
 * needs the antiderivative of each activation (sigmoid, tanh, linear, square, ReLU, modulus,
 * sigmoid of the square), can be added as one more field of the same entries.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor } from "../tf.ts";

/** What tfjs's fused `matMul` can apply itself (the subset of its `Activation` used here). */
export type FusedActivation = "linear" | "sigmoid" | "relu";

/**
 * One non-linearity: its function, the fused op that computes it when tfjs has one, and the
 * antiderivative and derivative that the energy of a tied autoencoder and its vector calculus
 * need (Kamyshanska & Memisevic, Sec. 2.3 and 3).
 */
export interface ActivationEntry {
  /** The function f, element-wise on a tensor of any shape. */
  readonly apply: <T extends Tensor>(a: T) => T;
  /** The same function as an activation of `tf.fused.matMul`, when tfjs has it. */
  readonly fused?: FusedActivation;
  /** An antiderivative H of f (H' = f), element-wise: the hidden term of the energy (Eq. 11). */
  readonly antiderivative: <T extends Tensor>(a: T) => T;
  /** The derivative f', element-wise (Eq. 34-40); 0 at a kink. */
  readonly derivative: <T extends Tensor>(a: T) => T;
}

/**
 * The name of a non-linearity of {@link ACTIVATIONS}. A new entry adds its name here and its
 * entry there (the table's type requires both).
 */
export type ActivationName =
  | "linear"
  | "sigmoid"
  | "relu"
  | "tanh"
  | "square"
  | "modulus"
  | "synchrony";

const halfSquare = <T extends Tensor>(a: T): T => tf.mul(0.5, tf.square(a));

/**
 * The non-linearities by name. Makhzani & Frey (2014, Sec. 2.1) name linear, sigmoid and ReLU
 * units; Bahdanau & Jaeger (2014, Sec. 5.2) use sigmoid units; Kamyshanska & Memisevic
 * (Sec. 2.3) derive the energies of tanh, square, modulus and synchrony units too. Each
 * antiderivative is the paper's, where the printed one is right (see `lib/energy/energy.ts`
 * for the three misprints).
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { ACTIVATIONS } from "./activations.ts";
 * console.log(Object.keys(ACTIVATIONS).length); // 7
 * console.log(ACTIVATIONS.relu.apply(tf.tensor1d([-1, 2])).dataSync()); // Float32Array [0, 2]
 * ```
 */
export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationEntry>> = {
  linear: { // Sec. 2.3.3, Eq. 16
    apply: <T extends Tensor>(a: T): T => a, // the identity
    fused: "linear",
    antiderivative: halfSquare,
    derivative: <T extends Tensor>(a: T): T => tf.onesLike(a),
  },
  sigmoid: { // Sec. 2.3.1, Eq. 12: softplus
    apply: <T extends Tensor>(a: T): T => tf.sigmoid(a),
    fused: "sigmoid",
    antiderivative: <T extends Tensor>(a: T): T => tf.softplus(a),
    derivative: <T extends Tensor>(a: T): T =>
      tf.tidy(() => {
        const s = tf.sigmoid(a);
        return tf.mul(s, tf.sub(1, s));
      }),
  },
  relu: { // Sec. 2.3.5, corrected: relu(a)^2 / 2 (the printed form is twice it for a > 0)
    apply: <T extends Tensor>(a: T): T => tf.relu(a),
    fused: "relu",
    antiderivative: <T extends Tensor>(a: T): T => halfSquare(tf.relu(a)),
    derivative: <T extends Tensor>(a: T): T => tf.cast(tf.greater(a, 0), "float32"),
  },
  tanh: { // Sec. 2.3.2, Eq. 15: log cosh a = a + softplus(-2a) - log 2, the constant dropped
    apply: <T extends Tensor>(a: T): T => tf.tanh(a),
    antiderivative: <T extends Tensor>(a: T): T => tf.add(a, tf.softplus(tf.mul(-2, a))),
    derivative: <T extends Tensor>(a: T): T => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(a)))),
  },
  square: { // Sec. 2.3.4, Eq. 18
    apply: <T extends Tensor>(a: T): T => tf.square(a),
    antiderivative: <T extends Tensor>(a: T): T => tf.div(tf.pow(a, 3), 3),
    derivative: <T extends Tensor>(a: T): T => tf.mul(2, a),
  },
  modulus: { // Sec. 2.3.6, Eq. 20: sign(a) a^2 / 2
    apply: <T extends Tensor>(a: T): T => tf.abs(a),
    antiderivative: <T extends Tensor>(a: T): T => tf.mul(tf.sign(a), halfSquare(a)),
    derivative: <T extends Tensor>(a: T): T => tf.sign(a),
  },
  synchrony: { // Sec. 2.3.7, corrected: the unit a sigmoid(a^2), H = softplus(a^2) / 2
    apply: <T extends Tensor>(a: T): T => tf.tidy(() => tf.mul(a, tf.sigmoid(tf.square(a)))),
    antiderivative: <T extends Tensor>(a: T): T => tf.mul(0.5, tf.softplus(tf.square(a))),
    derivative: <T extends Tensor>(a: T): T =>
      tf.tidy(() => { // d/da [a s(a^2)] = s + 2 a^2 s (1 - s)
        const s = tf.sigmoid(tf.square(a));
        return tf.add(s, tf.mul(tf.mul(2, tf.square(a)), tf.mul(s, tf.sub(1, s))));
      }),
  },
};

/** The names of {@link ACTIVATIONS}, in table order. */
export const ACTIVATION_NAMES: readonly ActivationName[] = Object.keys(
  ACTIVATIONS,
) as ActivationName[];

/**
 * True when `name` is a key of {@link ACTIVATIONS}.
 *
 * @example
 * ```ts
 * import { isActivationName } from "./activations.ts";
 * console.log(isActivationName("tanh"), isActivationName("softmax")); // true false
 * ```
 */
export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === "string" && Object.hasOwn(ACTIVATIONS, name);
}

/**
 * The entry of {@link ACTIVATIONS} for `name`.
 *
 * @param name a non-linearity's name
 * @param what where the name was given, for the error message (e.g. "the hidden activation")
 * @returns the entry
 * @throws Error naming the allowed names when `name` is not in the table
 *
 * @example
 * ```ts
 * import { activationEntry } from "./activations.ts";
 * console.log(activationEntry("sigmoid").fused); // sigmoid
 * try {
 *   activationEntry("softplus");
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // Unknown activation "softplus": pass one of "linear", "sigmoid", "relu", "tanh"
 * }
 * ```
 */
export function activationEntry(name: string, what = "activation"): ActivationEntry {
  if (!isActivationName(name)) {
    throw new Error(
      `Unknown ${what} ${JSON.stringify(name)}: pass one of ` +
        ACTIVATION_NAMES.map((n) => `"${n}"`).join(", "),
    );
  }
  return ACTIVATIONS[name];
}

/**
 * Apply the non-linearity `name` element-wise.
 *
 * @param a pre-activations, any shape
 * @param name a key of {@link ACTIVATIONS}
 * @returns f(a), a new tensor (or `a` itself for `"linear"`)
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { activate } from "./activations.ts";
 * console.log(activate(tf.tensor1d([0]), "sigmoid").dataSync()[0]); // 0.5
 * ```
 */
export function activate<T extends Tensor>(a: T, name: ActivationName): T {
  return activationEntry(name).apply(a);
}
