/**
 * Multinomial logistic regression (softmax regression): the linear classifier used on top
 * of learned features, and the classifier layer of the fine-tuned networks.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor2D, Variable } from "../tf.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";

/** Options for {@link softmaxRegression}. */
export interface SoftmaxOptions {
  /** Input features. */
  inputs: number;
  /** Number of classes. Default 10. */
  classes?: number;
  /** L2 weight: the loss adds l2/2 * ||W||^2 (biases are not penalised). Default 0. */
  l2?: number;
}

/** A softmax regression model. */
export interface SoftmaxRegression extends Trainable {
  /** Settings, defaults filled in. */
  readonly config: Readonly<Required<SoftmaxOptions>>;
  /** Weights W [inputs, classes] and bias b [classes], initialised to zero. */
  params: { W: Variable; b: Variable };
  /** Class scores x W + b, [batch, classes]. */
  logits(x: Tensor2D): Tensor2D;
  /** Mean cross-entropy plus the L2 term; needs `batch.y`. */
  loss(batch: Batch, ctx?: StepContext): Scalar;
  /** Free the parameters. */
  dispose(): void;
}

/**
 * Build a softmax regression with zero-initialised weights (the loss is convex, so the
 * start does not matter).
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { softmaxRegression } from "./softmax.ts";
 * const clf = softmaxRegression({ inputs: 4, classes: 3 });
 * const loss = clf.loss({ x: tf.ones([2, 4]), y: tf.tensor1d([0, 2], "int32") });
 * console.log(loss.dataSync()[0].toFixed(4)); // 1.0986 = ln 3
 * ```
 */
export function softmaxRegression(options: SoftmaxOptions): SoftmaxRegression {
  const config = { classes: 10, l2: 0, ...options };
  const params = tf.tidy(() => ({
    W: tf.variable(tf.zeros([config.inputs, config.classes])),
    b: tf.variable(tf.zeros([config.classes])),
  }));
  const logits = (x: Tensor2D): Tensor2D => {
    if (x.rank !== 2 || x.shape[1] !== config.inputs) {
      throw new Error(`expected features of shape [batch, ${config.inputs}], got [${x.shape}]`);
    }
    return tf.tidy(() => tf.add(tf.matMul(x, params.W), params.b));
  };
  return {
    config,
    params,
    logits,
    loss(batch) {
      if (!batch.y) throw new Error("softmax regression needs labels: pass data with y");
      return tf.tidy(() => {
        const onehot = tf.oneHot(batch.y!, config.classes);
        const ce = tf.losses.softmaxCrossEntropy(onehot, logits(batch.x)) as Scalar;
        if (!config.l2) return ce;
        return tf.add(ce, tf.mul(0.5 * config.l2, tf.sum(tf.square(params.W)))) as Scalar;
      });
    },
    dispose() {
      params.W.dispose();
      params.b.dispose();
    },
  };
}
