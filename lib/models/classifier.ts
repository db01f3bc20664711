/**
 * The discriminative networks of Makhzani & Frey (2014), Sec. 4.5-4.6: fully connected hidden
 * layers, initialised from trained encoders (or at random, "without pre-training"), and a
 * softmax output layer, fine-tuned by back-propagation with the regulariser of the matching
 * unsupervised model (Sec. 4.5):
 *
 *   h_0 = x~                        x~: input masking / Gaussian noise while training
 *   h_i = drop_i(f_i(h_{i-1} W_i + b_i))   f_i: k-sparse, sigmoid, ReLU or linear
 *   p = softmax(h_L W_out + b_out),  loss = mean cross-entropy of the labels
 *
 * A k-sparse layer keeps the k largest of h_{i-1} W_i + b_i and backpropagates through them
 * only ({@link kSparseLayer}: over the kept units on cpu and wasm, a fraction of the dense
 * gradient's work); built from a k-sparse autoencoder it keeps alpha*k, as the paper
 * does while fine-tuning (Sec. 4.5, 4.6). {@link DenseClassifier.freeze} gives the views the
 * layer-wise fine-tuning of Sec. 4.6 trains: the trainer trains exactly `model.params`.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor2D, Variable } from "../tf.ts";
import { kSparseLayer } from "../ops/ksparse_layer.ts";
import type { KSparseStepPath } from "../ops/ksparse_step.ts";
import {
  activate,
  ACTIVATION_NAMES,
  type ActivationName,
  isActivationName,
} from "../ops/activations.ts";
import {
  checkNoiseRate,
  dropout,
  gaussianNoise,
  initialVariable,
  initialWeights,
  maskingNoise,
  noiseSeed,
  type WeightInit,
} from "../ops/noise.ts";
import type { Batch, NoiseContext, Trainable } from "../types.ts";
import type { KSparseAutoencoder } from "./ksparse.ts";
import type { Autoencoder } from "./autoencoder.ts";
import type { Rbm } from "./rbm.ts";

/**
 * A hidden layer's non-linearity: `{ kind: "ksparse", k }` keeps the k largest units of each
 * example (Sec. 2.2), the others are the element-wise functions of the activation table
 * (`../ops/activations.ts`).
 */
export type LayerActivation = ActivationName | { kind: "ksparse"; k: number };

/** One hidden layer of a {@link denseClassifier}. */
export interface DenseLayerSpec {
  /** Units in the layer. */
  units: number;
  /** Non-linearity. Default `"sigmoid"` (the paper does not say for the random network). */
  activation?: LayerActivation;
  /**
   * Inverted dropout on the layer's outputs while training (Sec. 4.5: 0.5 after a dropout AE).
   * Default 0.
   */
  dropout?: number;
  /**
   * Initial weights, [inputs, units]: a row-major Float32Array or a tensor (an encoder's
   * `params.W`, copied). Random (`initStd`) when absent.
   */
  W?: Float32Array | Tensor;
  /** Initial bias, [units]. Zero when absent. */
  b?: Float32Array | Tensor;
}

/** Initial weights of the softmax layer. */
export interface OutputLayerInit {
  /** Weights, [last hidden units (or inputs), classes]. Random when absent. */
  W?: Float32Array | Tensor;
  /** Bias, [classes]. Zero when absent. */
  b?: Float32Array | Tensor;
}

/** Options for {@link denseClassifier}. */
export interface DenseClassifierOptions {
  /** Input dimension. Default 784 (MNIST). */
  inputs?: number;
  /** Hidden layers, bottom first; none makes a softmax regression. */
  layers: readonly DenseLayerSpec[];
  /** Number of classes. Default 10. */
  classes?: number;
  /** Masking noise on the inputs while training (Sec. 4.5: 0.2 after a denoising AE). Default 0. */
  inputDropout?: number;
  /** Additive Gaussian noise on the inputs while training. Default 0. */
  inputNoiseStd?: number;
  /** Initial softmax weights; random (`initStd`) and zero bias by default. */
  output?: OutputLayerInit;
  /**
   * Initialisation of every weight matrix not given. Default `"glorot"`: the paper gives
   * sigma = 0.01 only for its unsupervised tasks (Sec. 4.2.2) and says the supervised ones were
   * tuned on validation; Glorot's scale trains a random sigmoid or ReLU network without tuning.
   */
  initStd?: WeightInit;
  /** Seed of the random initialisation. Default 0. */
  seed?: number;
  /**
   * How k-sparse layers compute: `"auto"` (default) over each row's kept units on cpu and wasm
   * when the compiled loops are there ({@link kSparseLayer}), `"dense"` with tfjs ops,
   * `"sparse"` over the kept units or an error. Not part of the model's config: a checkpoint
   * made on one path resumes on the other.
   */
  kSparsePath?: KSparseStepPath;
}

/** The settings of a {@link DenseClassifier}, without the initial weights. */
export interface DenseClassifierConfig {
  /** Input dimension. */
  inputs: number;
  /** Number of classes. */
  classes: number;
  /** Hidden layers: units, non-linearity and dropout rate. */
  layers: readonly Readonly<{ units: number; activation: LayerActivation; dropout: number }>[];
  /** Masking noise rate on the inputs while training. */
  inputDropout: number;
  /** Gaussian noise standard deviation on the inputs while training. */
  inputNoiseStd: number;
  /** Initialisation of the random weights. */
  initStd: WeightInit;
  /** Seed of the initialisation. */
  seed: number;
}

/** A hidden layer or the softmax layer, for {@link DenseClassifier.freeze}. */
export type LayerIndex = number | "output";

/**
 * A fully connected classifier. Its parameters are named `W0`, `b0`, `W1`, `b1`, ... for the
 * hidden layers (bottom first) and `WOut`, `bOut` for the softmax layer.
 */
export interface DenseClassifier extends Trainable {
  /** The settings, defaults filled in. */
  readonly config: Readonly<DenseClassifierConfig>;
  /** The parameters the trainer updates: all of them, or those a {@link freeze} view leaves. */
  params: Record<string, Variable>;
  /** Every parameter of the network, frozen or not. */
  readonly allParams: Readonly<Record<string, Variable>>;
  /** The activities of hidden layer `layer` (default: the last), no noise, [batch, units]. */
  hidden(x: Tensor2D, layer?: number): Tensor2D;
  /** Class scores before the softmax, no noise, [batch, classes]. */
  logits(x: Tensor2D): Tensor2D;
  /**
   * Mean cross-entropy of `batch.y` (int labels); input noise and dropout only when
   * `ctx.training`, drawn from `ctx.seed`.
   */
  loss(batch: Batch, ctx?: NoiseContext): Scalar;
  /**
   * A view of the same network whose `params` leave out the listed layers (hidden layers by
   * index, the softmax layer as `"output"`), so `train` does not change them. Views share
   * the variables; each call starts from the whole network.
   */
  freeze(layers: readonly LayerIndex[]): DenseClassifier;
  /** Free the variables (of the whole network, from any view; once is enough). */
  dispose(): void;
}

function checkPositiveInteger(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`The ${name} must be a positive integer, got ${v}`);
  }
}

/**
 * Build a fully connected classifier with a softmax output (Makhzani & Frey, Sec. 4.5-4.6).
 *
 * @param options the hidden layers with their non-linearity, dropout and initial weights; input
 *   noise; the softmax layer's initial weights; the random initialisation
 * @returns the network, trainable by `train` on labelled data
 *
 * @example A 16-8-3 network with a k-sparse hidden layer keeping 2 units
 * ```ts
 * import { tf } from "../tf.ts";
 * import { denseClassifier } from "./classifier.ts";
 * const net = denseClassifier({
 *   inputs: 16, classes: 3, layers: [{ units: 8, activation: { kind: "ksparse", k: 2 } }], seed: 1,
 * });
 * const x = tf.randomUniform([4, 16], 0, 1, "float32", 1) as tf.Tensor2D;
 * console.log(tf.sum(tf.notEqual(net.hidden(x), 0), 1).arraySync()); // [2, 2, 2, 2]
 * console.log(net.logits(x).shape, Object.keys(net.params)); // [4, 3] ["W0", "b0", "WOut", "bOut"]
 * const loss = net.loss({ x, y: tf.tensor1d([0, 1, 2, 0], "int32") });
 * console.log(loss.dataSync()[0] > 0); // true
 * net.dispose();
 * ```
 */
export function denseClassifier(options: DenseClassifierOptions): DenseClassifier {
  const inputs = options.inputs ?? 784;
  const classes = options.classes ?? 10;
  checkPositiveInteger("input count", inputs);
  checkPositiveInteger("class count", classes);
  if (!Array.isArray(options.layers)) {
    throw new Error("Pass layers: an array of hidden layers ([] for a softmax regression)");
  }
  const config: DenseClassifierConfig = {
    inputs,
    classes,
    layers: options.layers.map((l) => ({
      units: l.units,
      activation: l.activation ?? "sigmoid", // not given in the paper
      dropout: l.dropout ?? 0,
    })),
    inputDropout: options.inputDropout ?? 0,
    inputNoiseStd: options.inputNoiseStd ?? 0,
    initStd: options.initStd ?? "glorot", // the paper tuned it on validation (Sec. 4.2.2)
    seed: options.seed ?? 0,
  };
  // how k-sparse layers compute is not part of the model (both paths give the same numbers),
  // so it stays out of the config that checkpoints record
  const kSparsePath = options.kSparsePath ?? "auto";
  checkNoiseRate("input dropout", config.inputDropout);
  if (!(config.inputNoiseStd >= 0)) {
    throw new Error(
      `The input noise standard deviation must be >= 0, got ${config.inputNoiseStd}`,
    );
  }
  config.layers.forEach((l, i) => {
    checkPositiveInteger(`unit count of layer ${i}`, l.units);
    checkNoiseRate(`dropout of layer ${i}`, l.dropout);
    const f = l.activation;
    if (typeof f === "object" && f !== null && f.kind === "ksparse") {
      if (!Number.isInteger(f.k) || f.k < 1 || f.k > l.units) {
        throw new Error(
          `Layer ${i} keeps k=${f.k} of ${l.units} units: pass an integer k in [1, ${l.units}]`,
        );
      }
    } else if (!isActivationName(f)) {
      throw new Error(
        `Unknown activation ${JSON.stringify(f)} in layer ${i}: pass one of ` +
          `${ACTIVATION_NAMES.map((n) => `"${n}"`).join(", ")} or { kind: "ksparse", k }`,
      );
    }
  });

  const all: Record<string, Variable> = {};
  const random = (shape: [number, number], name: string) => () =>
    initialWeights(shape, {
      init: config.initStd,
      seed: config.seed,
      label: `classifier:${name}`,
    });
  try {
    let fanIn = inputs;
    options.layers.forEach((l, i) => {
      const units = config.layers[i].units;
      all[`W${i}`] = initialVariable(
        l.W,
        [fanIn, units],
        `Layer ${i} W`,
        random([fanIn, units], `W${i}`),
      );
      all[`b${i}`] = initialVariable(l.b, [units], `Layer ${i} b`, () => tf.zeros([units]));
      fanIn = units;
    });
    all.WOut = initialVariable(
      options.output?.W,
      [fanIn, classes],
      "The output W",
      random([fanIn, classes], "WOut"),
    );
    all.bOut = initialVariable(
      options.output?.b,
      [classes],
      "The output b",
      () => tf.zeros([classes]),
    );
  } catch (e) {
    for (const v of Object.values(all)) v.dispose();
    throw e;
  }

  const depth = config.layers.length;
  const checkInputs = (x: Tensor) => {
    if (x.rank !== 2 || x.shape[1] !== inputs) {
      throw new Error(
        `Expected inputs of shape [batch, ${inputs}], got [${x.shape}]: flatten images to rows`,
      );
    }
  };
  /** Activities up to hidden layer `upTo` (inclusive); not tidied. */
  const run = (x: Tensor2D, upTo: number, ctx: NoiseContext | undefined): Tensor2D => {
    checkInputs(x);
    const training = ctx?.training ?? false;
    const seed = ctx?.seed ?? 0;
    let h = x;
    if (training && config.inputDropout > 0) {
      h = maskingNoise(h, config.inputDropout, noiseSeed(seed, "classifier:input-mask"));
    }
    if (training && config.inputNoiseStd > 0) {
      h = gaussianNoise(h, config.inputNoiseStd, noiseSeed(seed, "classifier:input-gauss"));
    }
    for (let i = 0; i <= upTo; i++) {
      const { activation: f, dropout: rate } = config.layers[i];
      const [W, b] = [all[`W${i}`], all[`b${i}`]];
      // the first layer reads the data, which needs no gradient
      h = typeof f === "object"
        ? kSparseLayer(h, W, b, f.k, { path: kSparsePath, inputGrad: i > 0 })
        : activate(tf.add(tf.matMul(h, W), b) as Tensor2D, f);
      if (training && rate > 0) h = dropout(h, rate, noiseSeed(seed, `classifier:dropout:${i}`));
    }
    return h;
  };
  const logitsOf = (x: Tensor2D, ctx: NoiseContext | undefined): Tensor2D =>
    tf.add(tf.matMul(run(x, depth - 1, ctx), all.WOut), all.bOut);

  let disposed = false;
  const view = (frozen: readonly LayerIndex[]): DenseClassifier => {
    const skip = new Set<string>();
    for (const l of frozen) {
      if (l === "output") skip.add("WOut").add("bOut");
      else if (Number.isInteger(l) && l >= 0 && l < depth) skip.add(`W${l}`).add(`b${l}`);
      else {
        throw new Error(
          `Cannot freeze layer ${l}: pass hidden layer indices in [0, ${depth - 1}] or "output"`,
        );
      }
    }
    const params = Object.fromEntries(Object.entries(all).filter(([k]) => !skip.has(k)));
    return {
      config,
      params,
      allParams: all,
      hidden(x, layer = depth - 1) {
        if (!Number.isInteger(layer) || layer < 0 || layer >= depth) {
          throw new Error(
            depth === 0
              ? "This classifier has no hidden layers: use logits"
              : `There is no hidden layer ${layer}: pass an index in [0, ${depth - 1}]`,
          );
        }
        return tf.tidy(() => run(x, layer, undefined));
      },
      logits: (x) => tf.tidy(() => logitsOf(x, undefined)),
      loss(batch, ctx) {
        if (!batch.y) throw new Error("The classifier needs labels: pass data with y");
        return tf.tidy(() => {
          const onehot = tf.oneHot(tf.cast(batch.y!, "int32"), classes);
          return tf.losses.softmaxCrossEntropy(onehot, logitsOf(batch.x, ctx)) as Scalar;
        });
      },
      freeze: view,
      dispose() {
        if (disposed) return;
        disposed = true;
        for (const v of Object.values(all)) v.dispose();
      },
    };
  };
  return view([]);
}

/** Options shared by {@link classifierFromKSparse} and {@link classifierFromAutoencoders}. */
export interface FromEncodersOptions {
  /** Number of classes. Default 10. */
  classes?: number;
  /** Initial softmax weights; random and zero bias by default. */
  output?: OutputLayerInit;
  /** Initialisation of the softmax weights when not given. Default `"glorot"`. */
  initStd?: WeightInit;
  /** Seed of the random softmax weights. Default 0. */
  seed?: number;
}

/** Options for {@link classifierFromKSparse}. */
export interface FromKSparseOptions extends FromEncodersOptions {
  /**
   * Each hidden layer keeps the alpha*k largest units, k being its encoder's (Sec. 4.5, 4.6).
   * Default: each encoder's `config.alpha` (3 on MNIST).
   */
  alpha?: number;
}

/**
 * A classifier whose hidden layers are the encoders of trained k-sparse autoencoders, bottom
 * first, each keeping the alpha*k largest units of x W + b (Makhzani & Frey, Sec. 4.5; two
 * layers from layer-wise pre-training, Sec. 4.6). The weights are copied, so the autoencoders
 * can be disposed.
 *
 * @param encoders one k-sparse autoencoder per hidden layer
 * @param options alpha, classes, the softmax initialisation
 * @returns the network
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { kSparseAutoencoder } from "./ksparse.ts";
 * import { classifierFromKSparse } from "./classifier.ts";
 * const ae = kSparseAutoencoder({ inputs: 16, hidden: 12, k: 2, alpha: 3, seed: 1 });
 * const net = classifierFromKSparse(ae, { classes: 3 });
 * const x = tf.randomUniform([2, 16], 0, 1, "float32", 1) as tf.Tensor2D;
 * console.log(tf.sum(tf.notEqual(net.hidden(x), 0), 1).arraySync()); // [6, 6]
 * ae.dispose();
 * net.dispose();
 * ```
 */
export function classifierFromKSparse(
  encoders: KSparseAutoencoder | readonly KSparseAutoencoder[],
  options: FromKSparseOptions = {},
): DenseClassifier {
  const list = Array.isArray(encoders) ? encoders : [encoders as KSparseAutoencoder];
  checkStack(list.map((e) => [e.config.inputs, e.config.hidden]));
  if (options.alpha !== undefined && !(options.alpha >= 1)) {
    throw new Error(
      `The alpha of the alpha*k encoding must be >= 1 (Sec. 2.2), got ${options.alpha}`,
    );
  }
  return denseClassifier({
    inputs: list[0].config.inputs,
    classes: options.classes,
    layers: list.map((e) => {
      const { hidden, k } = e.config;
      const kept = Math.max(1, Math.min(hidden, Math.round((options.alpha ?? e.config.alpha) * k)));
      return {
        units: hidden,
        activation: { kind: "ksparse", k: kept },
        W: e.params.W,
        b: e.params.b,
      };
    }),
    output: options.output,
    initStd: options.initStd,
    seed: options.seed,
  });
}

/** Options for {@link classifierFromAutoencoders}. */
export interface FromAutoencodersOptions extends FromEncodersOptions {
  /** Masking noise on the inputs. Default: the first encoder's `inputDropout` (Sec. 4.5). */
  inputDropout?: number;
  /** Gaussian input noise. Default: the first encoder's `inputNoiseStd`. */
  inputNoiseStd?: number;
  /** Dropout per hidden layer. Default: each encoder's `hiddenDropout` (Sec. 4.5). */
  dropout?: readonly number[];
}

/**
 * A classifier whose hidden layers are the encoders of trained {@link autoencoder}s, bottom
 * first, with their non-linearity, fine-tuned with the same regularisers (Makhzani & Frey,
 * Sec. 4.5): the first encoder's input corruption and each encoder's hidden dropout. The
 * input corruption of a deeper encoder has no counterpart here; set `dropout` per layer to
 * regularise between layers. The weights are copied.
 *
 * @param encoders one autoencoder per hidden layer
 * @param options overrides of the noise, classes, the softmax initialisation
 * @returns the network
 *
 * @example A dropout autoencoder fine-tuned with dropout
 * ```ts
 * import { autoencoder } from "./autoencoder.ts";
 * import { classifierFromAutoencoders } from "./classifier.ts";
 * const ae = autoencoder({ inputs: 16, hidden: 8, hiddenDropout: 0.5, seed: 1 });
 * const net = classifierFromAutoencoders(ae, { classes: 3 });
 * console.log(net.config.layers); // [{ units: 8, activation: "sigmoid", dropout: 0.5 }]
 * ae.dispose();
 * net.dispose();
 * ```
 */
export function classifierFromAutoencoders(
  encoders: Autoencoder | readonly Autoencoder[],
  options: FromAutoencodersOptions = {},
): DenseClassifier {
  const list = Array.isArray(encoders) ? encoders : [encoders as Autoencoder];
  checkStack(list.map((e) => [e.config.inputs, e.config.hidden]));
  if (options.dropout && options.dropout.length !== list.length) {
    throw new Error(
      `The dropout option has ${options.dropout.length} rates for ${list.length} layers: ` +
        "pass one per layer",
    );
  }
  return denseClassifier({
    inputs: list[0].config.inputs,
    classes: options.classes,
    layers: list.map((e, i) => ({
      units: e.config.hidden,
      activation: e.config.activation,
      dropout: options.dropout?.[i] ?? e.config.hiddenDropout,
      W: e.params.W,
      b: e.params.b,
    })),
    inputDropout: options.inputDropout ?? list[0].config.inputDropout,
    inputNoiseStd: options.inputNoiseStd ?? list[0].config.inputNoiseStd,
    output: options.output,
    initStd: options.initStd,
    seed: options.seed,
  });
}

/**
 * A classifier whose hidden layers are the up-passes of trained {@link Rbm}s, bottom first:
 * h_i = sigmoid(h_{i-1} W_i + b_i) = P(h_i = 1 | h_{i-1}), the RBM's weights and hidden biases
 * (the visible biases are not used). One RBM gives the DBN-1 of Larochelle et al. (2007), the
 * "RBM" column of the benchmark tables that Kamyshanska & Memisevic Table 5 cites; a stack
 * trained on each other's hidden probabilities gives a deeper one. The weights are copied.
 *
 * @param rbms one RBM per hidden layer
 * @param options classes, the softmax initialisation
 * @returns the network
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { rbm } from "./rbm.ts";
 * import { classifierFromRbms } from "./classifier.ts";
 * const m = rbm({ visible: 6, hidden: 4, seed: 1 });
 * const net = classifierFromRbms(m, { classes: 2 });
 * const x = tf.tensor2d([[1, 0, 1, 0, 1, 0]]);
 * const gap = tf.max(tf.abs(tf.sub(net.hidden(x), m.hiddenProbabilities(x))));
 * console.log(net.config.layers, gap.arraySync()); // [ { units: 4, activation: "sigmoid", dropout: 0 } ] 0
 * m.dispose();
 * net.dispose();
 * ```
 */
export function classifierFromRbms(
  rbms: Rbm | readonly Rbm[],
  options: FromEncodersOptions = {},
): DenseClassifier {
  const list = Array.isArray(rbms) ? rbms : [rbms as Rbm];
  checkStack(list.map((m) => [m.config.visible, m.config.hidden]));
  if (list.some((m, i) => i > 0 && m.config.visibleType !== "binary")) {
    throw new Error(
      "An RBM above the first layer must have binary visibles: it models the hidden " +
        "probabilities of the one below",
    );
  }
  return denseClassifier({
    inputs: list[0].config.visible,
    classes: options.classes,
    layers: list.map((m) => ({
      units: m.config.hidden,
      activation: "sigmoid",
      W: m.params.W,
      b: m.params.b,
    })),
    output: options.output,
    initStd: options.initStd,
    seed: options.seed,
  });
}

/** Checks encoders stack: each one's inputs are the previous one's hidden units. */
function checkStack(sizes: [number, number][]): void {
  if (sizes.length === 0) throw new Error("Pass at least one encoder");
  for (let i = 1; i < sizes.length; i++) {
    if (sizes[i][0] !== sizes[i - 1][1]) {
      throw new Error(
        `Encoder ${i} takes ${sizes[i][0]} inputs but encoder ${i - 1} has ${sizes[i - 1][1]} ` +
          `hidden units: train each layer on the codes of the one below`,
      );
    }
  }
}
