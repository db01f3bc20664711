/**
 * The discriminative recurrent sparse autoencoder (DrSAE) of Rolfe & LeCun (2013), Sec. 2:
 * a recurrent encoder of rectified linear units unrolled for T iterations, a linear decoder
 * that reconstructs the input and a linear classifier of the normalised code.
 *
 *   z^0 = 0,  z^{t+1} = max(0, E x + S z^t - b)                 (Eq. 1)
 *   L^U = 1/2 ||x - D z^T||^2 + lambda ||z^T||_1                  (Eq. 2)
 *   L^S = -logistic_y(C z^T / ||z^T||)  (softmax cross-entropy)    (Eq. 3)
 *
 * Training first minimises L^U ("unsupervised" phase, pretraining), then L^U + L^S
 * ("discriminative" phase, fine-tuning), with norm projections after every step and each
 * matrix's learning rate divided by how often it repeats in the unrolled network.
 *
 * Shapes follow tfjs (rows are examples): x is [batch, inputs], z^t is [batch, hidden]. Each
 * matrix is stored as the transpose of the paper's so that every product is a plain
 * `matMul(rows, W)`:
 *
 * | paper     | here                          | unit i                                      |
 * | --------- | ----------------------------- | ------------------------------------------- |
 * | E, n x m  | `E` = E^T, [inputs, hidden]   | column i (the paper's row E_i, its encoder) |
 * | S, n x n  | `S` = S^T, [hidden, hidden]   | column i (the paper's row S_i, afferents)   |
 * | b, n      | `b`, [hidden]                 | entry i                                     |
 * | D, m x n  | `D` = D^T, [hidden, inputs]   | row i (the paper's column D_i, its decoder) |
 * | C, l x n  | `C` = C^T, [hidden, classes]  | row i (the paper's column C_i)              |
 *
 * Class k's weights (the paper's row C_k) are column k of `C`; S[j, i] here is the connection
 * from unit j to unit i (the paper's S_ij).
 *
 * so Eq. 1 reads z^{t+1} = relu(x E + z^t S - b) and the reconstruction is z^T D.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor2D, Tensor3D, Variable } from "../tf.ts";
import { reluRecurrence, reluRecurrenceFinal } from "../ops/relu_recurrence.ts";
import { projectNormsInPlace } from "../ops/_kernels/wasm_inplace.ts";
import { drsaeLogits, drsaeLosses, drsaeLossS, drsaeLossU } from "../ops/drsae_head.ts";
import { normalArray, randomStream } from "../random.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";

/**
 * The training phase of a {@link Drsae}: `"unsupervised"` pretraining on L^U (Eq. 2), then
 * `"discriminative"` fine-tuning on L^U + L^S (Eq. 2 + Eq. 3).
 */
export type DrsaePhase = "unsupervised" | "discriminative";

/** Options for {@link drsae}. */
export interface DrsaeOptions {
  /** Input dimension m. Default 784 (MNIST, Sec. 2). */
  inputs?: number;
  /** Hidden units n. Default 400 (Sec. 2). */
  hidden?: number;
  /** Classes l. Default 10 (MNIST). */
  classes?: number;
  /** Recurrent iterations T. Default 11 (Sec. 2: "ten nontrivial passes through S"). */
  steps?: number;
  /**
   * The L1 weight lambda of Eq. 2. The paper does not give it. Default 0.05: on inputs of
   * unit L2 norm (Sec. 2) and the random unit-norm decoder columns of the initialisation,
   * d_i^T x has a standard deviation of about 1 / sqrt(m) = 0.036, and with b = alpha lambda
   * (Eq. 4) a unit starts active where d_i^T x > lambda: 0.05 leaves a sparse code that still
   * passes gradients, where a much larger lambda leaves almost every unit off at the start.
   */
  lambda?: number;
  /**
   * The ISTA step size (alpha of Eq. 4) used to initialise E, S and b from D. Default
   * min(1 / L, 1.25 / T), L the largest eigenvalue of D^T D: 1 / L is the classic ISTA step
   * that makes the iteration a descent method, and 1.25 / T is the bound on the rows of E
   * (Sec. 2, footnote 2), which E = alpha D^T with unit-norm decoders meets exactly, so the
   * first projection does not move the initial encoder.
   */
  istaStep?: number;
  /** The phase the model starts in. Default `"unsupervised"` (pretraining first, Sec. 2). */
  phase?: DrsaePhase;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** The settings of a {@link Drsae}, defaults filled in. */
export interface DrsaeConfig {
  /** Input dimension m. */
  inputs: number;
  /** Hidden units n. */
  hidden: number;
  /** Classes l. */
  classes: number;
  /** Recurrent iterations T. */
  steps: number;
  /** The L1 weight lambda (Eq. 2). */
  lambda: number;
  /** The ISTA step size (alpha of Eq. 4) the initial E, S and b were made with. */
  istaStep: number;
  /** Seed of the initialisation. */
  seed: number;
  /** Bound on the norm of each decoder (the paper's columns of D). 1 (Sec. 2). */
  decoderBound: number;
  /** Bound on the norm of each encoder (the paper's rows of E). 1.25 / T (Sec. 2). */
  encoderBound: number;
  /** Bound on the norm of each class's weights (the paper's rows of C). 5 (Sec. 2). */
  classifierBound: number;
  /**
   * The epsilon of the normalisation z / ||z|| in Eq. 3, computed as
   * z / sqrt(||z||^2 + epsilon^2): an all-zero code gives zero logits (a uniform softmax)
   * instead of 0 / 0, and the gradient stays finite. 1e-6.
   */
  normEpsilon: number;
}

/** The parameters of a {@link Drsae}, in tfjs orientation (see the module doc). */
export interface DrsaeParams extends Record<string, Variable> {
  /** Encoding matrix, [inputs, hidden]: the paper's E^T; column i is unit i's encoder. */
  E: Variable;
  /** Explaining-away matrix, [hidden, hidden]: the paper's S^T; S[j, i] is from j to i. */
  S: Variable;
  /** Bias, [hidden], subtracted in Eq. 1. */
  b: Variable;
  /** Decoding matrix, [hidden, inputs]: the paper's D^T; row i is unit i's decoder. */
  D: Variable;
  /** Classification matrix, [hidden, classes]: the paper's C^T. */
  C: Variable;
}

/** A discriminative recurrent sparse autoencoder: parameters, encoder, losses, constraints. */
export interface Drsae extends Trainable {
  /** The settings it was built with, defaults filled in. */
  readonly config: Readonly<DrsaeConfig>;
  /** E, S, b, D, C (tfjs orientation, see the module doc). */
  params: DrsaeParams;
  /** The current phase; change it with {@link Drsae.setPhase}. */
  readonly phase: DrsaePhase;
  /** Switch between pretraining (L^U) and discriminative fine-tuning (L^U + L^S). */
  setPhase(phase: DrsaePhase): void;
  /** z^T of Eq. 1 after `steps` iterations (default T), [batch, hidden]. */
  encode(x: Tensor2D, steps?: number): Tensor2D;
  /** Every iterate z^1, ..., z^T (entry t - 1 is z^t), each [batch, hidden]. */
  encodeAll(x: Tensor2D, steps?: number): Tensor2D[];
  /** The reconstruction z D (the paper's D z), [batch, inputs]. */
  decode(z: Tensor2D): Tensor2D;
  /** Class scores C z / ||z|| (Eq. 3) of a code, [batch, classes]. */
  logits(z: Tensor2D): Tensor2D;
  /** Class scores of inputs: logits(encode(x)). */
  classify(x: Tensor2D): Tensor2D;
  /** L^U of Eq. 2, averaged over the batch. */
  unsupervisedLoss(x: Tensor2D): Scalar;
  /** L^S of Eq. 3 (softmax cross-entropy of C z^T / ||z^T||), averaged over the batch. */
  supervisedLoss(x: Tensor2D, y: Tensor): Scalar;
  /**
   * L^U in the unsupervised phase, L^U + L^S (needs `batch.y`) in the discriminative phase;
   * both averaged over the batch.
   */
  loss(batch: Batch, ctx?: StepContext): Scalar;
  /** Project decoders, encoders and class weights onto their norm bounds (Sec. 2). */
  constrain(): void;
  /**
   * Learning-rate multipliers (Sec. 2): E and b 1/T, S 1/(T-1), D 1, C 1/5. Sec. 2 scales
   * C "by a factor of 5" on top of its one repetition.
   */
  readonly learningRateScale: Readonly<Record<string, number>>;
  /** Free the parameters. */
  dispose(): void;
}

/**
 * The largest eigenvalue of D D^T (= the paper's D^T D) for D row-major [hidden, inputs], by
 * power iteration from a fixed start. Slightly below the true value when not converged,
 * which keeps 1 / L below 2 / L, the ISTA stability limit.
 */
function largestEigenvalue(D: Float32Array, hidden: number, inputs: number): number {
  let u = Float64Array.from(normalArray(randomStream(0, "drsae:power"), hidden));
  const y = new Float64Array(inputs);
  let lambda = 0;
  for (let iter = 0; iter < 200; iter++) {
    y.fill(0);
    for (let i = 0; i < hidden; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      for (let j = 0, o = i * inputs; j < inputs; j++) y[j] += ui * D[o + j];
    }
    const next = new Float64Array(hidden);
    let norm = 0;
    for (let i = 0; i < hidden; i++) {
      let s = 0;
      for (let j = 0, o = i * inputs; j < inputs; j++) s += D[o + j] * y[j];
      next[i] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    let dot = 0;
    for (let i = 0; i < hidden; i++) dot += u[i] * next[i];
    for (let i = 0; i < hidden; i++) next[i] /= norm;
    const converged = Math.abs(dot - lambda) <= 1e-7 * Math.abs(dot);
    lambda = dot; // Rayleigh quotient u^T D D^T u with |u| = 1
    u = next;
    if (converged) break;
  }
  return lambda;
}

/** E = alpha D^T, S = I - alpha D^T D, b = alpha lambda in tfjs orientation (Eq. 4). */
function istaTensors(
  D: Tensor2D,
  istaStep: number,
  lambda: number,
): { E: Tensor2D; S: Tensor2D; b: Tensor } {
  return tf.tidy(() => {
    const hidden = D.shape[0];
    return {
      // the paper's E = alpha D^T is n x m; stored transposed: alpha D_paper = alpha D^T here
      E: tf.mul(tf.transpose(D), istaStep) as Tensor2D,
      // the paper's D^T D is D D^T here, and symmetric, so S needs no transpose
      S: tf.sub(tf.eye(hidden), tf.mul(tf.matMul(D, D, false, true), istaStep)) as Tensor2D,
      b: tf.fill([hidden], istaStep * lambda),
    };
  });
}

function defaultIstaStep(L: number, steps: number): number {
  return Math.min(L > 0 ? 1 / L : Infinity, 1.25 / steps);
}

function checkIstaStep(istaStep: number): void {
  if (!(istaStep > 0)) {
    throw new Error(
      `istaStep must be > 0 (it is the ISTA step size, alpha of Eq. 4), got ${istaStep}`,
    );
  }
}

/**
 * Build a DrSAE with the paper's sizes (784-400^11-10). D starts as random unit-norm decoders
 * (Gaussian, normalised), C at zero (a uniform softmax: the classifier learns only in the
 * discriminative phase), and E, S, b from D by Eq. 4 with the step size `istaStep`, so that the
 * untrained encoder is T steps of non-negative ISTA on L^U. Neither initialisation is given
 * in the paper; Eq. 4 is its own account of what the encoder approximates.
 *
 * @param options sizes, T, lambda, ISTA step, phase, seed
 * @returns the model
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { drsae } from "./drsae.ts";
 * const model = drsae({ inputs: 16, hidden: 8, classes: 3, steps: 4, seed: 1 });
 * const x = tf.randomUniform([2, 16], 0, 1, "float32", 1) as tf.Tensor2D;
 * console.log(model.encode(x).shape); // [2, 8]
 * console.log(model.encodeAll(x).length); // 4
 * console.log(model.learningRateScale.S); // 1 / 3: S repeats T - 1 = 3 times
 * model.setPhase("discriminative");
 * const loss = model.loss({ x, y: tf.tensor1d([0, 2], "int32") });
 * console.log(loss.dataSync()[0] > 0); // true
 * model.dispose();
 * ```
 */
export function drsae(options: DrsaeOptions = {}): Drsae {
  const { config, d } = initialSettings(options);
  const { inputs, steps, lambda } = config;
  let phase = checkPhase(options.phase ?? "unsupervised");
  const params = initialParams(d, config);

  /** z^1 ... z^t of Eq. 1 stacked, [t, batch, hidden]; not tidied. */
  const stacked = (x: Tensor2D, t: number): Tensor3D => {
    checkInput(x, inputs);
    checkSteps(t);
    const drive = tf.sub(tf.matMul(x, params.E), params.b) as Tensor2D; // E x - b, every step
    // z^1 = relu(E x - b) (z^0 = 0), z^{t+1} = relu(E x - b + z^t S): z S = the paper's S z
    return reluRecurrence(drive, params.S as Tensor as Tensor2D, t);
  };
  const iterates = (x: Tensor2D, t: number): Tensor2D[] => tf.unstack(stacked(x, t)) as Tensor2D[];
  /** z^T alone; not tidied. */
  const encodeRaw = (x: Tensor2D, t: number): Tensor2D => {
    checkInput(x, inputs);
    checkSteps(t);
    const drive = tf.sub(tf.matMul(x, params.E), params.b) as Tensor2D;
    return reluRecurrenceFinal(drive, params.S as Tensor as Tensor2D, t);
  };
  const decode = (z: Tensor2D): Tensor2D => tf.tidy(() => tf.matMul(z, params.D));
  const logitsRaw = (z: Tensor2D): Tensor2D => drsaeLogits(z, params.C, config.normEpsilon);
  const lossU = (x: Tensor2D, z: Tensor2D): Scalar => drsaeLossU(x, z, params.D, lambda); // Eq. 2
  const lossS = (z: Tensor2D, y: Tensor): Scalar => {
    checkLabels(z, y);
    return drsaeLossS(z, params.C, y, config.normEpsilon); // Eq. 3
  };

  return {
    config,
    params,
    get phase() {
      return phase;
    },
    setPhase(p) {
      phase = checkPhase(p);
    },
    encode: (x, t = steps) => tf.tidy(() => encodeRaw(x, t)),
    encodeAll: (x, t = steps) => tf.tidy(() => iterates(x, t)),
    decode,
    logits: (z) => tf.tidy(() => logitsRaw(z)),
    classify: (x) => tf.tidy(() => logitsRaw(encodeRaw(x, steps))),
    unsupervisedLoss: (x) => tf.tidy(() => lossU(x, encodeRaw(x, steps))),
    supervisedLoss: (x, y) => tf.tidy(() => lossS(encodeRaw(x, steps), y)),
    loss(batch) {
      if (phase === "discriminative" && !batch.y) {
        throw new Error(
          'The discriminative phase needs labels: pass data with y, or setPhase("unsupervised")',
        );
      }
      return tf.tidy(() => {
        const z = encodeRaw(batch.x, steps);
        if (phase !== "discriminative") {
          return drsaeLosses(batch.x, z, params.D, null, null, config);
        }
        checkLabels(z, batch.y!);
        // L^U + L^S (Eq. 2 + 3), fused on the wasm BLAS (../ops/drsae_head.ts)
        return drsaeLosses(batch.x, z, params.D, params.C, batch.y!, config);
      });
    },
    constrain() {
      // the paper's columns of D are the rows here: norms along axis 1
      project(params.D, 1, config.decoderBound);
      // the paper's rows of E are the columns here: norms along axis 0
      project(params.E, 0, config.encoderBound);
      // the paper's rows of C (one per class) are the columns here: norms along axis 0
      project(params.C, 0, config.classifierBound);
    },
    learningRateScale: learningRateScaleOf(steps),
    dispose() {
      for (const v of Object.values(params)) v.dispose();
    },
  };
}

/** The settings of a new DrSAE, defaults filled in and checked, and its initial decoders. */
function initialSettings(options: DrsaeOptions): { config: DrsaeConfig; d: Float32Array } {
  const inputs = options.inputs ?? 784; // Sec. 2: 28 x 28 MNIST digits
  const hidden = options.hidden ?? 400; // Sec. 2
  const classes = options.classes ?? 10;
  const steps = options.steps ?? 11; // Sec. 2
  for (const [name, v] of Object.entries({ inputs, hidden, classes, steps })) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`The number of ${name} must be a positive integer, got ${v}`);
    }
  }
  const lambda = options.lambda ?? 0.05; // not in the paper: see DrsaeOptions.lambda
  if (!(lambda >= 0)) throw new Error(`lambda must be >= 0 (it weighs an L1 norm), got ${lambda}`);
  const seed = options.seed ?? 0;

  // random unit-norm decoders, the usual dictionary initialisation (not given in the paper)
  const d = normalArray(randomStream(seed, "drsae:D"), hidden * inputs);
  for (let i = 0; i < hidden; i++) {
    let s = 0;
    for (let j = 0; j < inputs; j++) s += d[i * inputs + j] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < inputs; j++) d[i * inputs + j] *= inv;
  }
  const istaStep = options.istaStep ??
    defaultIstaStep(largestEigenvalue(d, hidden, inputs), steps);
  checkIstaStep(istaStep);

  const config: DrsaeConfig = {
    inputs,
    hidden,
    classes,
    steps,
    lambda,
    istaStep,
    seed,
    decoderBound: 1, // Sec. 2: "the magnitude of the columns of D bounded by 1"
    encoderBound: 1.25 / steps, // Sec. 2: "the magnitude of the rows of E bounded by 1.25/T"
    classifierBound: 5, // Sec. 2: "the magnitude of the rows of C bounded by 5"
    normEpsilon: 1e-6, // not in the paper: guards z / ||z|| at z = 0
  };
  return { config, d };
}

/** E, S, b from D by Eq. 4, D as given, C at zero, as variables. */
function initialParams(d: Float32Array, config: DrsaeConfig): DrsaeParams {
  const { hidden, inputs, classes } = config;
  // tidy frees the initial values; the variables hold their own copies
  return tf.tidy(() => {
    const D = tf.tensor2d(d, [hidden, inputs]);
    const { E, S, b } = istaTensors(D, config.istaStep, config.lambda);
    return {
      E: tf.variable(E),
      S: tf.variable(S),
      b: tf.variable(b),
      D: tf.variable(D),
      C: tf.variable(tf.zeros([hidden, classes])),
    };
  });
}

/** Each matrix's learning-rate factor: divided by how often it repeats (Sec. 2). */
function learningRateScaleOf(steps: number): Drsae["learningRateScale"] {
  const repeatsS = Math.max(1, steps - 1); // T = 1 never uses S: leave its rate alone
  return Object.freeze({
    E: 1 / steps, // E x enters every one of the T iterations
    b: 1 / steps, // as does b
    S: 1 / repeatsS, // S z^t enters iterations 2..T
    D: 1, // once, on z^T
    C: 1 / 5, // once, and "scaled down by a factor of 5" (Sec. 2)
  });
}

function checkInput(x: Tensor, inputs: number): void {
  if (x.rank !== 2 || x.shape[1] !== inputs) {
    throw new Error(
      `Expected inputs of shape [batch, ${inputs}], got [${x.shape}]: flatten images to rows`,
    );
  }
}

function checkSteps(t: number): void {
  if (!Number.isInteger(t) || t < 1) {
    throw new Error(`The number of iterations must be a positive integer, got ${t}`);
  }
}

function checkLabels(z: Tensor2D, y: Tensor): void {
  if (y.rank !== 1 || y.shape[0] !== z.shape[0]) {
    throw new Error(
      `Expected ${z.shape[0]} labels of shape [batch], got [${y.shape}]: pass one class per row`,
    );
  }
}

function checkPhase(p: DrsaePhase): DrsaePhase {
  if (p !== "unsupervised" && p !== "discriminative") {
    throw new Error(`Unknown phase "${p}": pass "unsupervised" or "discriminative"`);
  }
  return p;
}

/**
 * Scale each slice of W along `axis` down to norm <= bound (slices within are kept): in place
 * on the wasm BLAS where that is safe (../ops/_kernels/wasm_inplace.ts), else with tfjs ops.
 */
function project(W: Variable, axis: 0 | 1, bound: number): void {
  if (projectNormsInPlace(W, axis, bound)) return;
  tf.tidy(() => {
    // sqrt(sum(x^2)), not tf.norm: tfjs's norm goes through Pow, 20 times slower on wasm
    const norms = tf.sqrt(tf.sum(tf.square(W), axis, true));
    W.assign(tf.div(W, tf.maximum(tf.div(norms, bound), 1)));
  });
}

/** Options for {@link istaInit}. */
export interface IstaInitOptions {
  /**
   * The ISTA step size (alpha of Eq. 4). Default min(1 / L, 1.25 / T), L the largest eigenvalue
   * of D^T D.
   */
  istaStep?: number;
  /** The lambda of b = alpha lambda. Default the model's `config.lambda`. */
  lambda?: number;
}

/**
 * Set E, S and b from the model's current D by Eq. 4: E = alpha D^T, S = I - alpha D^T D,
 * b = alpha lambda (paper orientation; stored transposed, see the module doc). With these,
 * Eq. 1 is non-negative ISTA on L^U, converging to the non-negative lasso solution as T grows
 * when the step alpha < 2 / L. Async because the default step reads D back to find L.
 *
 * @param model a DrSAE
 * @param options step size and lambda
 * @returns the step size used
 *
 * @example
 * ```ts
 * import { drsae, istaInit } from "./drsae.ts";
 * const model = drsae({ inputs: 6, hidden: 4, steps: 3, seed: 2 });
 * const step = await istaInit(model, { istaStep: 0.1, lambda: 0.2 });
 * console.log(step, model.params.b.dataSync()[0].toFixed(3)); // 0.1 "0.020"
 * model.dispose();
 * ```
 */
export async function istaInit(model: Drsae, options: IstaInitOptions = {}): Promise<number> {
  const { hidden, inputs, steps } = model.config;
  const lambda = options.lambda ?? model.config.lambda;
  if (!(lambda >= 0)) throw new Error(`lambda must be >= 0 (it weighs an L1 norm), got ${lambda}`);
  let step = options.istaStep;
  if (step === undefined) {
    const d = (await model.params.D.data()) as Float32Array;
    step = defaultIstaStep(largestEigenvalue(d, hidden, inputs), steps);
  }
  checkIstaStep(step);
  const a = step;
  tf.tidy(() => {
    const { E, S, b } = istaTensors(model.params.D as Tensor as Tensor2D, a, lambda);
    model.params.E.assign(E);
    model.params.S.assign(S);
    model.params.b.assign(b);
  });
  return a;
}
