/**
 * Local contrast normalisation of feature maps (Jarrett, Kavukcuoglu, Ranzato & LeCun, "What
 * is the best multi-stage architecture for object recognition?", ICCV 2009, Sec. 2.1; used
 * between the stages of Kavukcuoglu et al.'s convolutional sparse encoders): for maps x_{jk}^i
 * (map i, position j, k)
 *
 *   v_{ijk} = x_{ijk} - sum_{i p q} w_{pq} x_{i, j+p, k+q}        (subtractive)
 *   y_{ijk} = v_{ijk} / max(c, sigma_{jk}),
 *   sigma_{jk} = (sum_{i p q} w_{pq} v_{i, j+p, k+q}^2)^(1/2)     (divisive)
 *
 * where w is a Gaussian window normalised so that sum_{i p q} w_{pq} = 1 (over all maps and
 * offsets) and c is the mean of sigma over the image (ours floors the divisor at a small
 * fraction of the image's mean |x| as well, for maps with no contrast at all). Near the border the window is cut off
 * and renormalised over the positions inside the map (the paper pads with zeros; ours keeps
 * a constant map at exactly zero up to the edge). Dividing by max(c, sigma) makes the output
 * invariant to a positive rescaling of the input: LCN(a x) = LCN(x) for a > 0.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor4D } from "../tf.ts";

/** Options of {@link localContrastNormalize}. */
export interface LocalContrastOptions {
  /** Side of the Gaussian window (odd). Default 9, Jarrett et al.'s. */
  size?: number;
  /** Standard deviation of the window in pixels. Default size / 4. */
  sigma?: number;
  /**
   * Floor of the divisor relative to the image's mean |x|, against division by (almost) zero
   * on flat maps: the divisor is max(c, sigma, eps mean|x|). Relative, so that the output
   * stays invariant to rescaling. Default 1e-3.
   */
  eps?: number;
}

/**
 * The normalised Gaussian window [size, size, 1, 1] (sums to 1).
 *
 * @param size odd side
 * @param sigma standard deviation in pixels
 * @returns the window as a conv2d filter
 */
function gaussianWindow(size: number, sigma: number): Tensor4D {
  const r = (size - 1) / 2;
  const w = new Float32Array(size * size);
  let total = 0;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const v = Math.exp(-((a - r) ** 2 + (b - r) ** 2) / (2 * sigma * sigma));
      w[a * size + b] = v;
      total += v;
    }
  }
  for (let i = 0; i < w.length; i++) w[i] /= total;
  return tf.tensor4d(w, [size, size, 1, 1]);
}

/**
 * Local contrast normalisation of a batch of feature maps [batch, height, width, maps]
 * (Jarrett et al. 2009): subtract the Gaussian-weighted local mean over all maps, divide by
 * the larger of the local standard deviation and its mean over the image.
 *
 * @param x feature maps [batch, height, width, maps]
 * @param options window side and width
 * @returns the normalised maps, same shape
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { localContrastNormalize } from "./contrast.ts";
 * const x = tf.randomUniform([2, 12, 12, 3], 0, 1, "float32", 1) as tf.Tensor4D;
 * const y = localContrastNormalize(x, { size: 5 });
 * console.log(y.shape); // [2, 12, 12, 3]
 * ```
 */
export function localContrastNormalize(x: Tensor4D, options: LocalContrastOptions = {}): Tensor4D {
  const size = options.size ?? 9;
  const sigma = options.sigma ?? size / 4;
  const eps = options.eps ?? 1e-3;
  if (!Number.isInteger(size) || size < 1 || size % 2 !== 1) {
    throw new Error(`localContrastNormalize: size must be an odd integer >= 1, got ${size}`);
  }
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new Error(`localContrastNormalize: sigma must be a finite number > 0, got ${sigma}`);
  }
  if (!(eps > 0) || !Number.isFinite(eps)) {
    throw new Error(`localContrastNormalize: eps must be a finite number > 0, got ${eps}`);
  }
  if (x.rank !== 4) {
    throw new Error(
      `localContrastNormalize: maps must be [batch, height, width, maps], got [${x.shape}]`,
    );
  }
  const [batch, h, w] = x.shape;
  return tf.tidy(() => {
    const window = gaussianWindow(size, sigma);
    // the window's mass inside the map at each position, for the renormalisation at borders
    const inside = tf.conv2d(tf.ones([1, h, w, 1]) as Tensor4D, window, 1, "same");
    // sum_{i p q} w_pq x_{i, j+p, k+q} with w summing to 1 over maps and offsets: the mean
    // over maps, smoothed
    const smooth = (t: Tensor4D) =>
      tf.div(tf.conv2d(tf.mean(t, 3, true) as Tensor4D, window, 1, "same"), inside) as Tensor4D;
    const v = tf.sub(x, smooth(x)) as Tensor4D;
    const sd = tf.sqrt(smooth(tf.square(v) as Tensor4D)); // [batch, h, w, 1]
    const c = tf.mean(sd, [1, 2, 3], true); // [batch, 1, 1, 1]
    // 1e-30: an image of zeros gives zeros, not 0 / 0
    const floor = tf.add(tf.mul(tf.mean(tf.abs(x), [1, 2, 3], true), eps), 1e-30);
    const divisor = tf.maximum(tf.maximum(sd, c), floor);
    return tf.reshape(tf.div(v, divisor), [batch, h, w, x.shape[3]]) as Tensor4D;
  });
}
