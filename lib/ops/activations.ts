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
 * One non-linearity: its function, and the fused op that computes it when tfjs has one. More
 * fields (the antiderivative and derivative an energy needs) can join these.
 */
export interface ActivationEntry {
  /** The function, element-wise on a tensor of any shape. */
  readonly apply: <T extends Tensor>(a: T) => T;
  /** The same function as an activation of `tf.fused.matMul`, when tfjs has it. */
  readonly fused?: FusedActivation;
}

/**
 * The name of a non-linearity of {@link ACTIVATIONS}. A new entry adds its name here and its
 * entry there (the table's type requires both).
 */
export type ActivationName = "linear" | "sigmoid" | "relu" | "tanh";

/**
 * The non-linearities by name. Makhzani & Frey (2014, Sec. 2.1) name linear, sigmoid and ReLU
 * units; Bahdanau & Jaeger (2014, Sec. 5.2) use sigmoid units; tanh is one of the activations
 * whose energy Kamyshanska & Memisevic derive.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { ACTIVATIONS } from "./activations.ts";
 * console.log(Object.keys(ACTIVATIONS)); // ["linear", "sigmoid", "relu", "tanh"]
 * console.log(ACTIVATIONS.relu.apply(tf.tensor1d([-1, 2])).dataSync()); // Float32Array [0, 2]
 * ```
 */
export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationEntry>> = {
  linear: {
    apply: <T extends Tensor>(a: T): T => a, // the identity
    fused: "linear",
  },
  sigmoid: {
    apply: <T extends Tensor>(a: T): T => tf.sigmoid(a),
    fused: "sigmoid",
  },
  relu: {
    apply: <T extends Tensor>(a: T): T => tf.relu(a),
    fused: "relu",
  },
  tanh: {
    apply: <T extends Tensor>(a: T): T => tf.tanh(a),
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
