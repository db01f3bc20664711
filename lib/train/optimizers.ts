/**
 * Optimizers with state that can be saved in a checkpoint and restored exactly.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Variable } from "../tf.ts";
import { axpbyInPlace } from "../ops/_kernels/wasm_inplace.ts";

/** An optimizer the trainer drives one step at a time. */
export interface Optimizer {
  /** A short description for logs and metadata, e.g. "sgd(momentum=0.9)". */
  readonly name: string;
  /**
   * Update `params` in place from `grads`. Called inside `tf.tidy`.
   *
   * @param params the model's variables by name
   * @param grads gradients by the same names
   * @param learningRate the learning rate for this step
   * @param scale optional per-parameter multipliers of the learning rate
   */
  apply(
    params: Readonly<Record<string, Variable>>,
    grads: Readonly<Record<string, Tensor>>,
    learningRate: number,
    scale?: Readonly<Record<string, number>>,
  ): void;
  /** The optimizer's state as named arrays, for a checkpoint. */
  getState(): Promise<Record<string, { shape: number[]; data: Float32Array }>>;
  /** Restore a state from {@link Optimizer.getState}. */
  setState(state: Record<string, { shape: number[]; data: Float32Array }>): void;
  /** Free the state tensors. */
  dispose(): void;
}

/** Options for {@link sgd}. */
export interface SgdOptions {
  /** Momentum m (Makhzani & Frey, Sec. 4.2.2: 0.9 unsupervised). Default 0.9. */
  momentum?: number;
  /** L2 weight decay added to the gradient. Default 0. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with momentum in the form of Makhzani & Frey (Sec. 4.2.2):
 * v <- m v - eta grad;  theta <- theta + v.
 * With momentum 0 it is plain SGD.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { sgd } from "./optimizers.ts";
 * const w = tf.variable(tf.tensor1d([1]));
 * const opt = sgd({ momentum: 0 });
 * tf.tidy(() => opt.apply({ w }, { w: tf.tensor1d([2]) }, 0.5));
 * console.log(w.dataSync()[0]); // 0
 * ```
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  const { momentum = 0.9, weightDecay = 0 } = options;
  const velocity = new Map<string, Variable>();
  return {
    name: `sgd(momentum=${momentum}${weightDecay ? `, weightDecay=${weightDecay}` : ""})`,
    apply(params, grads, learningRate, scale = {}) {
      for (const [key, p] of Object.entries(params)) {
        let g = grads[key];
        if (!g) continue;
        if (weightDecay) g = tf.add(g, tf.mul(p, weightDecay));
        const eta = learningRate * (scale[key] ?? 1);
        if (momentum === 0) {
          if (!axpbyInPlace(-eta, g, 1, p)) p.assign(tf.sub(p, tf.mul(g, eta)));
          continue;
        }
        let v = velocity.get(key);
        if (v) checkSlot("sgd", key, v, p);
        else {
          v = tf.keep(tf.variable(tf.zerosLike(p), false));
          velocity.set(key, v);
        }
        // in place on the wasm BLAS where safe (../ops/_kernels/wasm_inplace.ts), else tfjs ops
        if (!axpbyInPlace(-eta, g, momentum, v)) {
          v.assign(tf.sub(tf.mul(v, momentum), tf.mul(g, eta)));
        }
        if (!axpbyInPlace(1, v, 1, p)) p.assign(tf.add(p, v));
      }
    },
    getState() {
      return stateOf(velocity, "v");
    },
    setState(state) {
      restoreState(velocity, state, "v");
    },
    dispose() {
      for (const v of velocity.values()) v.dispose();
      velocity.clear();
    },
  };
}

/**
 * Refuse a state slot made for another parameter: an optimizer holds the state of one
 * model's parameters, by name, and a second model with a parameter of that name but another
 * shape would otherwise fail deep inside tfjs with a broadcast error.
 */
function checkSlot(name: string, key: string, slot: Variable, p: Variable): void {
  if (slot.shape.length !== p.shape.length || slot.shape.some((d, i) => d !== p.shape[i])) {
    throw new Error(
      `${name} optimizer: its state for parameter "${key}" is [${slot.shape}] but the parameter ` +
        `is [${p.shape}]: an optimizer holds one model's state; create a new one for each model`,
    );
  }
}

/** Options for {@link adam}. */
export interface AdamOptions {
  /** Decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment. Default 1e-8. */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba), for models whose papers leave the optimizer open.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { adam } from "./optimizers.ts";
 * const w = tf.variable(tf.tensor1d([1]));
 * const opt = adam();
 * tf.tidy(() => opt.apply({ w }, { w: tf.tensor1d([2]) }, 0.1));
 * console.log(w.dataSync()[0].toFixed(3)); // 0.900
 * ```
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  const m = new Map<string, Variable>();
  const v = new Map<string, Variable>();
  let t = 0;
  return {
    name: `adam(beta1=${beta1}, beta2=${beta2})`,
    apply(params, grads, learningRate, scale = {}) {
      t += 1;
      const c1 = 1 - Math.pow(beta1, t);
      const c2 = 1 - Math.pow(beta2, t);
      for (const [key, p] of Object.entries(params)) {
        const g = grads[key];
        if (!g) continue;
        if (!m.has(key)) {
          m.set(key, tf.keep(tf.variable(tf.zerosLike(p), false)));
          v.set(key, tf.keep(tf.variable(tf.zerosLike(p), false)));
        }
        const mk = m.get(key)!, vk = v.get(key)!;
        checkSlot("adam", key, mk, p);
        if (!axpbyInPlace(1 - beta1, g, beta1, mk)) {
          mk.assign(tf.add(tf.mul(mk, beta1), tf.mul(g, 1 - beta1)));
        }
        const g2 = tf.square(g);
        if (!axpbyInPlace(1 - beta2, g2, beta2, vk)) {
          vk.assign(tf.add(tf.mul(vk, beta2), tf.mul(g2, 1 - beta2)));
        }
        const eta = learningRate * (scale[key] ?? 1);
        // eta (m / c1) / (sqrt(v / c2) + eps) = eta sqrt(c2) / c1 * m / (sqrt(v) + eps sqrt(c2)):
        // the bias corrections folded into two scalars, five kernels where seven were
        const r2 = Math.sqrt(c2);
        const ratio = tf.div(mk, tf.add(tf.sqrt(vk), epsilon * r2));
        if (!axpbyInPlace(-eta * r2 / c1, ratio, 1, p)) {
          p.assign(tf.sub(p, tf.mul(ratio, eta * r2 / c1)));
        }
      }
    },
    async getState() {
      return {
        ...await stateOf(m, "m"),
        ...await stateOf(v, "v"),
        t: { shape: [], data: new Float32Array([t]) },
      };
    },
    setState(state) {
      restoreState(m, state, "m");
      restoreState(v, state, "v");
      t = state.t ? state.t.data[0] : 0;
    },
    dispose() {
      for (const x of [...m.values(), ...v.values()]) x.dispose();
      m.clear();
      v.clear();
    },
  };
}

async function stateOf(
  slots: Map<string, Variable>,
  prefix: string,
): Promise<Record<string, { shape: number[]; data: Float32Array }>> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [key, x] of slots) {
    out[`${prefix}:${key}`] = { shape: x.shape, data: (await x.data()) as Float32Array };
  }
  return out;
}

function restoreState(
  slots: Map<string, Variable>,
  state: Record<string, { shape: number[]; data: Float32Array }>,
  prefix: string,
): void {
  for (const x of slots.values()) x.dispose();
  slots.clear();
  for (const [name, s] of Object.entries(state)) {
    if (!name.startsWith(`${prefix}:`)) continue;
    const key = name.slice(prefix.length + 1);
    const init = tf.tensor(s.data, s.shape);
    slots.set(key, tf.variable(init, false));
    init.dispose();
  }
}
