/**
 * The convolutional group-sparse autoencoder of the NYU deep-learning lecture (week 9, "image
 * level training": a convolutional ReLU encoder with a scaling layer, group sparsity over
 * feature maps, a linear decoder; Kavukcuoglu, Ranzato, Fergus & LeCun 2009 for the pools,
 * Kavukcuoglu et al. 2010 for the convolutional encoder with a per-map gain), and its
 * layer-wise stacking.
 *
 * For an image x of H x W pixels and C channels, M filters K_m of k x k x C pixels, a bias
 * b_m and a gain g_m per map, and unit-norm dictionary filters D_m of the same size:
 *
 *   z_m = g_m ReLU(K_m * x + b_m)                           (encoder, one map per filter)
 *   x^ = sum_m D_m *^T z_m                                  (linear decoder)
 *   L = ||x - x^||^2 + lambda sum_{u,v} sum_j sqrt(eps + sum_{m in P_j} z_m[u,v]^2)
 *
 * where * is the correlation of the zero-padded image with a filter (one code unit per k x k
 * window) and *^T its adjoint, the transposed convolution, which paints D_m scaled by z_m[u,v]
 * over the window that z_m[u,v] read. The pools P_j group feature maps: at every location
 * (u, v) the penalty is the sum of the L2 norms of the pools of maps there. With `code: "full"`
 * (the default) the code maps are (H + k - 1) x (W + k - 1), every window that overlaps the
 * image, as in the convolutional sparse coding of Kavukcuoglu et al. 2010 (Sec. 2), so every
 * pixel is covered by k^2 code units; `"same"` keeps H x W and `"valid"` (H - k + 1) x
 * (W - k + 1). L is summed over pixels and over locations and pools, and averaged over the
 * samples of a batch (as in `group_sparse.ts`).
 *
 * The features for a classifier are the pool norms sqrt(sum_{m in P_j} z_m^2) at each location
 * (L2 pooling over maps, the lecture's "complex cells"), pooled over space by an average
 * (boxcar) or max window and subsampled; the unpooled features do the same with the maps z_m
 * themselves. A second layer is trained on the first layer's pooled and subsampled maps
 * (`stackLayer` in `lib/train/conv_stack.ts`) and `stackFeatures` runs an image through both.
 *
 * The convolutions are written as im2col + matrix products; `lib/ops/unfold.ts` holds the
 * unfolding and its adjoint and says how they run on each backend.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from "../tf.ts";
import type { Batch, Trainable } from "../types.ts";
import { initialWeights, type WeightInit } from "../ops/noise.ts";
import { poolMatrix, type Pools, toroidalPools } from "../ops/groups.ts";
import { localContrastNormalize, type LocalContrastOptions } from "../ops/contrast.ts";
import { type CodeSize, type ConvGeometry, foldOps, geometryOf } from "../ops/unfold.ts";

export type { CodeSize, ConvGeometry } from "../ops/unfold.ts";

/** How feature maps are pooled over space: a boxcar average or a maximum per window. */
export type SpatialPooling = "average" | "max";

/** Options for {@link convGroupSparseAutoencoder}. */
export interface ConvGroupSparseOptions {
  /** Image height H. Default 28 (MNIST). */
  height?: number;
  /** Image width W. Default 28 (MNIST). */
  width?: number;
  /** Channels C per pixel. Default 1. */
  channels?: number;
  /**
   * Feature maps M. Default 32, a size that trains on MNIST on a CPU; the lecture fixes none,
   * and the papers learn more filters on natural images.
   */
  maps?: number;
  /** Filter side k (filters are k x k x C). Default 9 (Kavukcuoglu et al. 2010). */
  kernel?: number;
  /** Size of the code maps. Default `"full"` (Kavukcuoglu et al. 2010, Sec. 2). */
  code?: CodeSize;
  /**
   * Pools of feature maps (their `units` must equal `maps`). Default: overlapping 2 x 2
   * neighbourhoods on a rows x cols torus of maps, rows the largest divisor of M at most
   * sqrt(M) (4 x 8 for 32 maps), the topographic layout of Kavukcuoglu et al. 2009; its size is
   * chosen for a few dozen maps, the lecture fixes none.
   */
  pools?: Pools;
  /**
   * Weight lambda of the group penalty (per location and pool, per sample). Default 0.05,
   * chosen on MNIST with the other defaults: after 1 epoch on 3,000 digits (Adam, rate 0.005)
   * a third fewer (location, pool) pairs are active than with lambda 0, for a squared error of
   * 9.4 instead of 6.8 (the digits' energy ||x||^2 is about 100). The lecture gives none, and
   * the papers' values are for natural images.
   */
  lambda?: number;
  /** Smoothing eps of each pool's norm (keeps the gradient finite at zero). Default 1e-4. */
  eps?: number;
  /** Initial encoder and decoder filters. Default "glorot"; the lecture does not say. */
  init?: WeightInit;
  /**
   * Initial gain g_m of every map. Default sqrt((k^2 C + M) / (k^2 M)): with Glorot filters and
   * unit-norm atoms the random initial reconstruction then has about the input's mean square
   * (a gain of 1 makes it k^2 M / (k^2 C + M) times larger, 23 times with the defaults, and
   * Adam's steps of about the learning rate take long to shrink it). The papers give none.
   */
  gain?: number;
  /** Seed of the initial filters. Default 0. */
  seed?: number;
  /**
   * Per-channel values subtracted from the input before encoding (C numbers, or none).
   * Default none; `stackLayer` sets the means of the first layer's maps, so that the
   * second layer sees zero-mean inputs.
   */
  inputOffset?: readonly number[];
  /**
   * A constant the input is multiplied by (after the offset) before encoding; the loss
   * reconstructs the shifted and scaled input. Default 1; `stackLayer` sets it for a
   * second layer.
   */
  inputScale?: number;
  /**
   * Spatial pooling of the feature extractor. Default "average": the boxcar average of the
   * feature extractor of Kavukcuoglu et al. 2010 (after Jarrett et al. 2009).
   */
  featurePooling?: SpatialPooling;
  /** Side of the spatial pooling window. Default 2 (LeNet's 2 x 2 subsampling). */
  featureWindow?: number;
  /** Stride of the spatial pooling (the subsampling factor). Default `featureWindow`. */
  featureStride?: number;
  /**
   * How images are unfolded into windows and folded back: `"host"`, index loops in JavaScript
   * on the tensors' values; `"gather"`, `tf.gather` on the device; `"auto"` (default), host on
   * the cpu and wasm backends (tfjs-wasm's gather is about 50 times slower there), gather on
   * the others (WebGPU). Both give the same numbers.
   */
  unfolding?: "auto" | "host" | "gather";
  /**
   * Sparse-coding inference of the codes in training: predictive sparse decomposition
   * (Kavukcuoglu, Ranzato & LeCun 2008; with the pools' penalty, Kavukcuoglu et al. 2009 and
   * its convolutional form, Kavukcuoglu et al. 2010). Default none: the loss reads the
   * encoder's codes, as the lecture's autoencoder does.
   */
  inference?: CodeInference;
}

/**
 * Settings of the codes' inference (predictive sparse decomposition). For an image x and the
 * encoder's prediction F(x), the codes minimise
 *
 *   E(z) = ||x - sum_m D_m *^T z_m||^2 + lambda sum_{u,v} sum_j sqrt(eps + ||z_{P_j}[u,v]||^2)
 *          + alpha ||z - F(x)||^2
 *
 * by `steps` steps of projected gradient descent from z = F(x), each z <- max(0, z - eta
 * grad E(z)) (the codes stay non-negative, as the encoder's are; Kavukcuoglu et al. 2009 infer
 * by gradient descent on the smoothed pools). The loss is then E at the inferred codes z*,
 * held fixed: its gradient trains the dictionary on ||x - D z*||^2 and the encoder on
 * alpha ||z* - F(x)||^2, the learning step of PSD.
 */
export interface CodeInference {
  /** Steps of projected gradient descent (an integer >= 0; 0 keeps the prediction). */
  steps: number;
  /** Weight alpha of the prediction term. Default 1 (ours: prediction and reconstruction alike). */
  alpha?: number;
  /**
   * Step eta. Default 1 / (2 sigma^2 + 2 alpha), the inverse Lipschitz constant of the smooth
   * terms, with sigma^2 the decoder's largest squared singular value estimated by 20 steps
   * of power iteration (times 1.1) at every call.
   */
  step?: number;
}

/** What {@link ConvGroupSparseAutoencoder.features} and `featureMaps` compute. */
export interface FeatureOptions {
  /**
   * True: the code maps z_m themselves, not the pool norms ("unpooled" features). Default false.
   */
  unpooled?: boolean;
  /** Spatial pooling. Default the model's `featurePooling`. */
  pooling?: SpatialPooling;
  /** Side of the pooling window. Default the model's `featureWindow`. */
  window?: number;
  /** Stride of the pooling. Default the model's `featureStride`, or `window` when it is given. */
  stride?: number;
  /**
   * Local contrast normalisation of the maps before the spatial pooling (Jarrett et al. 2009:
   * filters, rectification, normalisation, pooling): true for its defaults, or its window.
   * Default false.
   */
  contrast?: boolean | LocalContrastOptions;
}

/** A convolutional group-sparse autoencoder. */
export interface ConvGroupSparseAutoencoder extends Trainable {
  /** Settings, defaults filled in (the pools apart). */
  readonly config: Readonly<
    Omit<Required<ConvGroupSparseOptions>, "pools" | "inference"> & {
      inference?: Readonly<CodeInference>;
    }
  >;
  /** The pools of feature maps. */
  readonly pools: Pools;
  /** Image and code sizes. */
  readonly geometry: Readonly<ConvGeometry>;
  /**
   * Encoder filters K_e [k^2 C, M] (row (a k + b) C + c is offset (a, b), channel c), biases
   * b [M], gains g [M] (the scaling layer), dictionary filters D [M, k^2 C] (rows unit norm).
   */
  params: { We: Variable; be: Variable; g: Variable; D: Variable };
  /** The code maps z, [batch, codeHeight, codeWidth, M], of images [batch, H W C] or 4-D. */
  encode(x: Tensor): Tensor4D;
  /**
   * The reconstruction of codes [batch, codeHeight, codeWidth, M], as images [batch, H, W, C]
   * in the units of the input (divided by `inputScale`, the offset added back), so
   * decode(encode(x)) approximates x.
   */
  decode(z: Tensor): Tensor4D;
  /** The pool norms at each location, [batch, codeHeight, codeWidth, pools]. */
  poolMaps(x: Tensor): Tensor4D;
  /** The spatially pooled and subsampled maps, [batch, h, w, pools or M]. */
  featureMaps(x: Tensor, options?: FeatureOptions): Tensor4D;
  /** The feature maps flattened to rows, [batch, h w (pools or M)], for a probe. */
  features(x: Tensor, options?: FeatureOptions): Tensor2D;
  /** The shape [h, w, pools or M] of one image's feature maps. */
  featureShape(options?: FeatureOptions): [number, number, number];
  /** The group penalty of each image, sum over locations and pools, [batch]. */
  penalty(z: Tensor): Tensor1D;
  /**
   * The energy E(z) of {@link CodeInference} of each image, [batch], for codes z and the
   * prediction they are held to (in the units of the scaled input); `alpha` defaults to the
   * model's inference alpha (0 without inference).
   */
  codeEnergy(x: Tensor, z: Tensor, prediction: Tensor, alpha?: number): Tensor1D;
  /**
   * The codes inferred from the encoder's prediction by {@link CodeInference} (the model's
   * settings, or `inference`), [batch, codeHeight, codeWidth, M].
   */
  inferCodes(x: Tensor, inference?: CodeInference): Tensor4D;
  /**
   * The mean over the batch of squared error plus lambda times the group penalty; with
   * inference, the mean energy E at the inferred codes, held fixed (see {@link CodeInference}).
   */
  loss(batch: Batch): Scalar;
  /** Rescale every dictionary filter D_m to unit norm (after each step). */
  constrain(): void;
  /** Free every tensor. */
  dispose(): void;
}

function checkCount(name: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) {
    throw new Error(`convGroupSparseAutoencoder: ${name} must be an integer >= ${min}, got ${v}`);
  }
}

function checkInference(i: CodeInference): void {
  checkCount("inference.steps", i.steps, 0);
  for (const name of ["alpha", "step"] as const) {
    const v = i[name];
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) {
      throw new Error(
        `convGroupSparseAutoencoder: inference.${name} must be a finite number >= 0, got ${v}`,
      );
    }
  }
}

/** The default pools: 2 x 2 neighbourhoods on the squarest torus of `maps`. */
function defaultPools(maps: number): Pools {
  let rows = Math.floor(Math.sqrt(maps));
  while (maps % rows !== 0) rows--;
  if (rows < 2) {
    throw new Error(
      `convGroupSparseAutoencoder: ${maps} maps do not form a torus of at least 2 x 2: ` +
        `pass pools (e.g. disjointPools(${maps}, 1)) or a composite number of maps`,
    );
  }
  return toroidalPools(rows, maps / rows, 2);
}

/**
 * Build a convolutional group-sparse autoencoder. Train it with `train` (the loss of
 * {@link ConvGroupSparseAutoencoder.loss}; `constrain` keeps the dictionary at unit norm).
 *
 * @param options image size, maps, kernel, pools, lambda (see {@link ConvGroupSparseOptions})
 * @returns the model; dispose it when done
 * @throws Error for sizes that are not positive integers, a kernel larger than the image
 *   (valid code), pools that do not cover `maps` units, or a negative lambda or eps
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { disjointPools } from "../ops/groups.ts";
 * import { convGroupSparseAutoencoder } from "./conv_group_sparse.ts";
 * const ae = convGroupSparseAutoencoder({
 *   height: 6, width: 6, maps: 4, kernel: 3, pools: disjointPools(4, 2), seed: 1,
 * });
 * const x = tf.ones([2, 36]);
 * console.log(ae.encode(x).shape, ae.poolMaps(x).shape); // [2, 8, 8, 4] [2, 8, 8, 2]
 * console.log(ae.features(x).shape); // [2, 32]: 4 x 4 locations, 2 pools
 * ae.dispose();
 * ```
 */
export function convGroupSparseAutoencoder(
  options: ConvGroupSparseOptions = {},
): ConvGroupSparseAutoencoder {
  const maps = options.maps ?? 32;
  checkCount("maps", maps);
  const pools = options.pools ?? defaultPools(maps);
  const featureWindow = options.featureWindow ?? 2;
  const kernel = options.kernel ?? 9;
  const channels = options.channels ?? 1;
  const config = {
    height: options.height ?? 28,
    width: options.width ?? 28,
    channels,
    maps,
    kernel,
    code: options.code ?? "full" as CodeSize,
    lambda: options.lambda ?? 0.05,
    eps: options.eps ?? 1e-4,
    init: options.init ?? "glorot" as WeightInit,
    gain: options.gain ?? Math.sqrt(
      (kernel * kernel * channels + maps) / (kernel * kernel * maps),
    ),
    seed: options.seed ?? 0,
    inputOffset: [...(options.inputOffset ?? [])],
    inputScale: options.inputScale ?? 1,
    featurePooling: options.featurePooling ?? "average" as SpatialPooling,
    featureWindow,
    featureStride: options.featureStride ?? featureWindow,
    unfolding: options.unfolding ?? "auto",
    ...(options.inference ? { inference: { ...options.inference } } : {}),
  };
  for (const name of ["height", "width", "channels", "kernel"] as const) {
    checkCount(name, config[name]);
  }
  checkCount("featureWindow", config.featureWindow);
  checkCount("featureStride", config.featureStride);
  for (const name of ["lambda", "eps", "gain"] as const) {
    if (!(config[name] >= 0)) {
      throw new Error(`convGroupSparseAutoencoder: ${name} must be >= 0, got ${config[name]}`);
    }
  }
  const offset = config.inputOffset;
  if (offset.length > 0 && (offset.length !== channels || !offset.every(Number.isFinite))) {
    throw new Error(
      `convGroupSparseAutoencoder: inputOffset must hold ${channels} finite numbers (one per ` +
        `channel), got [${offset}]`,
    );
  }
  if (!(config.inputScale > 0) || !Number.isFinite(config.inputScale)) {
    throw new Error(
      "convGroupSparseAutoencoder: inputScale must be a finite number > 0, got " +
        config.inputScale,
    );
  }
  if (!["average", "max"].includes(config.featurePooling)) {
    throw new Error(
      `convGroupSparseAutoencoder: featurePooling must be average or max, got ` +
        config.featurePooling,
    );
  }
  if (!["auto", "host", "gather"].includes(config.unfolding)) {
    throw new Error(
      `convGroupSparseAutoencoder: unfolding must be auto, host or gather, got ${config.unfolding}`,
    );
  }
  if (config.inference) checkInference(config.inference);
  if (pools.units !== maps) {
    throw new Error(
      `convGroupSparseAutoencoder: the pools cover ${pools.units} maps but the model has ${maps}`,
    );
  }
  const geometry = geometryOf(
    config.height,
    config.width,
    config.channels,
    config.kernel,
    config.code,
  );
  const { height: H, width: W, channels: C, kernel: k, codeHeight, codeWidth } = geometry;
  const taps = k * k * C;
  const pixels = H * W * C;
  const nPools = pools.members.length;
  const featureShape = (o: FeatureOptions = {}): [number, number, number] => {
    const window = o.window ?? config.featureWindow;
    const stride = o.stride ?? (o.window !== undefined ? o.window : config.featureStride);
    checkCount("the pooling window", window);
    checkCount("the pooling stride", stride);
    if (window > Math.min(codeHeight, codeWidth)) {
      throw new Error(
        `convGroupSparseAutoencoder: a pooling window of ${window} does not fit the ` +
          `${codeHeight} x ${codeWidth} code maps`,
      );
    }
    return [
      Math.floor((codeHeight - window) / stride) + 1,
      Math.floor((codeWidth - window) / stride) + 1,
      o.unpooled ? maps : nPools,
    ];
  };
  const P = tf.keep(poolMatrix(pools));
  const ops = foldOps(geometry, config.unfolding);
  const init = (shape: [number, number], label: string) =>
    initialWeights(shape, {
      init: config.init,
      seed: config.seed,
      label: `conv-group-sparse:${label}`,
    });
  const params = tf.tidy(() => ({
    We: tf.variable(init([taps, maps], "We")),
    be: tf.variable(tf.zeros([maps])),
    g: tf.variable(tf.fill([maps], config.gain)),
    D: tf.variable(init([maps, taps], "D")),
  }));
  const constrain = () =>
    tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(params.D), 1, true));
      params.D.assign(tf.div(params.D, tf.maximum(norms, 1e-12)));
    });
  constrain();

  /** Images as scaled rows [batch, H W C]. */
  const rows = (x: Tensor): Tensor2D => {
    const ok = (x.rank === 2 && x.shape[1] === pixels) ||
      (x.rank === 4 && x.shape[1] === H && x.shape[2] === W && x.shape[3] === C);
    if (!ok) {
      throw new Error(
        `convGroupSparseAutoencoder: images must be [batch, ${pixels}] or [batch, ${H}, ${W}, ` +
          `${C}], got [${x.shape}]`,
      );
    }
    const batch = x.shape[0];
    let flat = tf.reshape(x, [batch, pixels]) as Tensor2D;
    if (offset.length > 0) {
      const shifted = tf.sub(tf.reshape(flat, [batch, H * W, C]), tf.tensor1d(offset));
      flat = tf.reshape(shifted, [batch, pixels]);
    }
    return config.inputScale === 1 ? flat : tf.mul(flat, config.inputScale);
  };
  /** The codes as rows [batch locations, M]. */
  const codeRows = (x2: Tensor2D): Tensor2D =>
    tf.mul(tf.relu(tf.add(tf.matMul(ops.unfold(x2), params.We), params.be)), params.g);
  const normRows = (z: Tensor2D, eps: number): Tensor2D =>
    tf.sqrt(tf.add(tf.matMul(tf.square(z), P, false, true), eps));
  /** Reconstructions of code rows, [batch, H W C] (scaled units). */
  const reconstruct = (z: Tensor2D): Tensor2D => ops.fold(tf.matMul(z, params.D));
  /** grad_z E(z) of {@link CodeInference}, code rows [batch locations, M]. */
  const energyGradient = (x2: Tensor2D, z: Tensor2D, z0: Tensor2D, alpha: number) => {
    const residual = tf.sub(x2, reconstruct(z));
    let g: Tensor2D = tf.mul(-2, tf.matMul(ops.unfold(residual), params.D, false, true));
    if (config.lambda > 0) {
      // d/dz_m sum_j sqrt(eps + ||z_Pj||^2) = z_m sum_{j: m in P_j} 1 / sqrt(eps + ||z_Pj||^2)
      const shrink = tf.matMul(tf.reciprocal(normRows(z, config.eps)), P);
      g = tf.add(g, tf.mul(config.lambda, tf.mul(z, shrink)));
    }
    return alpha > 0 ? tf.add(g, tf.mul(2 * alpha, tf.sub(z, z0))) : g;
  };
  /** sigma^2, the largest eigenvalue of the decoder's D^T D, by power iteration on one image. */
  const decoderNormSquared = (iterations = 20): number =>
    tf.tidy(() => {
      let v = tf.randomNormal([codeHeight * codeWidth, maps], 0, 1, "float32", 7) as Tensor2D;
      let w = v;
      for (let i = 0; i < iterations; i++) {
        v = tf.div(w, tf.norm(w)) as Tensor2D;
        w = tf.matMul(ops.unfold(reconstruct(v)), params.D, false, true) as Tensor2D;
      }
      return tf.norm(w).dataSync()[0]; // ||D^T D v|| with ||v|| = 1: one read per call
    });
  /** The weight alpha of the prediction term: 1 by default, 0 without inference. */
  const alphaOf = (inference?: CodeInference) => inference ? inference.alpha ?? 1 : 0;
  /** The inferred code rows from the prediction z0 (no gradient flows through them). */
  const inferRows = (x2: Tensor2D, z0: Tensor2D, inference: CodeInference): Tensor2D => {
    const alpha = alphaOf(inference);
    const step = inference.step ?? 1 / (2 * 1.1 * decoderNormSquared() + 2 * alpha);
    let z = z0;
    for (let i = 0; i < inference.steps; i++) {
      const next = tf.tidy(() =>
        tf.relu(tf.sub(z, tf.mul(step, energyGradient(x2, z, z0, alpha))))
      );
      if (z !== z0) z.dispose();
      z = next as Tensor2D;
    }
    return z === z0 ? tf.clone(z0) : z;
  };
  /** inferRows held fixed: a custom gradient of zero, so the tape does not unroll the steps. */
  const inferFixed = (x2: Tensor2D, z0: Tensor2D, inference: CodeInference): Tensor2D =>
    tf.customGrad((...inputs) => {
      const [x, p] = inputs as Tensor2D[];
      return {
        value: inferRows(x, p, inference),
        gradFunc: (dy: Tensor) => [tf.zerosLike(x), tf.zerosLike(dy)],
      };
    })(x2, z0) as Tensor2D;
  const codeShape = (batch: number, depth: number): [number, number, number, number] => [
    batch,
    codeHeight,
    codeWidth,
    depth,
  ];
  const checkCodes = (z: Tensor) => {
    if (
      z.rank !== 4 || z.shape[1] !== codeHeight || z.shape[2] !== codeWidth || z.shape[3] !== maps
    ) {
      throw new Error(
        `convGroupSparseAutoencoder: codes must be [batch, ${codeHeight}, ${codeWidth}, ` +
          `${maps}], got [${z.shape}]`,
      );
    }
  };
  const encode = (x: Tensor): Tensor4D =>
    tf.tidy(() => tf.reshape(codeRows(rows(x)), codeShape(x.shape[0], maps)));
  const poolMaps = (x: Tensor): Tensor4D =>
    tf.tidy(() => tf.reshape(normRows(codeRows(rows(x)), 0), codeShape(x.shape[0], nPools)));
  const featureMaps = (x: Tensor, o: FeatureOptions = {}): Tensor4D => {
    const [h] = featureShape(o);
    const window = o.window ?? config.featureWindow;
    const stride = o.stride ?? (o.window !== undefined ? o.window : config.featureStride);
    const pooling = o.pooling ?? config.featurePooling;
    return tf.tidy(() => {
      let m = o.unpooled ? encode(x) : poolMaps(x);
      if (o.contrast) m = localContrastNormalize(m, o.contrast === true ? {} : o.contrast);
      if (window === 1 && stride === 1) return m;
      const out = pooling === "max"
        ? tf.maxPool(m, window, stride, "valid")
        : tf.avgPool(m, window, stride, "valid");
      if (out.shape[1] !== h) throw new Error("convGroupSparseAutoencoder: pooling size mismatch");
      return out;
    });
  };
  return {
    config,
    pools,
    geometry,
    params,
    encode,
    decode(z) {
      checkCodes(z);
      return tf.tidy(() => {
        const y = tf.matMul(tf.reshape(z, [-1, maps]) as Tensor2D, params.D);
        let x: Tensor = tf.reshape(ops.fold(y), [z.shape[0], H, W, C]);
        if (config.inputScale !== 1) x = tf.div(x, config.inputScale);
        if (offset.length > 0) x = tf.add(x, tf.tensor1d(offset));
        return x as Tensor4D;
      });
    },
    poolMaps,
    featureMaps,
    features: (x, o) => tf.tidy(() => tf.reshape(featureMaps(x, o), [x.shape[0], -1])),
    featureShape,
    penalty(z) {
      checkCodes(z);
      return tf.tidy(() => {
        const norms = normRows(tf.reshape(z, [-1, maps]) as Tensor2D, config.eps);
        return tf.sum(tf.reshape(norms, [z.shape[0], -1]), 1) as Tensor1D;
      });
    },
    codeEnergy(x, z, prediction, alpha) {
      checkCodes(z);
      checkCodes(prediction);
      const a = alpha ?? alphaOf(config.inference);
      return tf.tidy(() => {
        const x2 = rows(x);
        const zr = tf.reshape(z, [-1, maps]) as Tensor2D;
        const n = x2.shape[0];
        const perImage = (t: Tensor) => tf.sum(tf.reshape(t, [n, -1]), 1);
        let e = perImage(tf.square(tf.sub(x2, reconstruct(zr))));
        if (config.lambda > 0) {
          e = tf.add(e, tf.mul(config.lambda, perImage(normRows(zr, config.eps))));
        }
        if (a > 0) e = tf.add(e, tf.mul(a, perImage(tf.square(tf.sub(z, prediction)))));
        return e as Tensor1D;
      });
    },
    inferCodes(x, inference) {
      const settings = inference ?? config.inference ?? { steps: 0 };
      checkInference(settings);
      return tf.tidy(() => {
        const x2 = rows(x);
        const z = inferRows(x2, codeRows(x2), settings);
        return tf.reshape(z, codeShape(x.shape[0], maps));
      });
    },
    loss(batch) {
      return tf.tidy(() => {
        const x = rows(batch.x);
        const n = x.shape[0];
        const prediction = codeRows(x);
        // with inference: E at the inferred codes, held fixed (PSD's learning step)
        const z = config.inference ? inferFixed(x, prediction, config.inference) : prediction;
        const error = tf.div(tf.sum(tf.square(tf.sub(x, reconstruct(z)))), n);
        let loss: Tensor = error;
        if (config.lambda > 0) {
          const penalty = tf.div(tf.sum(normRows(z, config.eps)), n);
          loss = tf.add(loss, tf.mul(config.lambda, penalty));
        }
        const alpha = alphaOf(config.inference);
        if (alpha > 0) {
          loss = tf.add(loss, tf.mul(alpha / n, tf.sum(tf.square(tf.sub(z, prediction)))));
        }
        return loss as Scalar;
      });
    },
    constrain,
    dispose() {
      for (const p of Object.values(params)) p.dispose();
      P.dispose();
      ops.dispose();
    },
  };
}
