/**
 * A k-sparse layer, h = supp_k(x W + b) (Makhzani & Frey 2014, Sec. 2.2; the fine-tuned
 * networks of Sec. 4.5-4.6 keep the alpha*k largest units), with gradients that touch only the
 * support. Rows are examples, x is [batch, inputs], W is [inputs, hidden]:
 *
 *   forward:   a = x W + b (dense: one product),  h_rj = a_rj for j in Γ_r, else 0
 *   backward:  from g = dL/dh,  dW[:, j] = sum_(r: j in Γ_r) g_rj x_r,  db_j = sum_r g_rj,
 *              dx_r = sum_(j in Γ_r) g_rj W[:, j]   (j in Γ_r only)
 *
 * Dense tfjs ops spend a whole product on dW (and another on dx); over the support each costs
 * k / hidden of one (75 / 1000 for the paper's alpha*k with k = 25, alpha = 3). The loops are
 * the compiled ones of the k-sparse autoencoder's step (`./_kernels/ksparse_native.ts`), taken
 * on cpu and wasm as {@link kSparseSparseStep} says; everywhere else (WebGPU), or with `path:
 * "dense"`, the layer is tfjs' `kSparse(x W + b)`, the reference the tests compare against.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";
import { kSparse } from "./topk.ts";
import { kernelIo, kSparseSparseStep, type KSparseStepPath } from "./ksparse_step.ts";
import { loadKSparseNative } from "./_kernels/ksparse_native.ts";

type TensorInfo = tf.TensorInfo;

const SELECT = "SparseAeKSparseSelect";
const LAYER_GRAD = "SparseAeKSparseLayerGrad";

/** [h, kth] from a = x W + b. */
function selectKernel(
  args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: { k: number } },
): TensorInfo[] {
  const { inputs: { a }, attrs: { k } } = args;
  if (a.dtype !== "float32") throw new Error(`The k-sparse layer needs float32, got ${a.dtype}`);
  const [rows, hidden] = a.shape;
  const m = kernelIo(args.backend);
  // allocate every output before taking views: growing wasm memory detaches earlier views
  const h = m.make([rows, hidden]);
  const kth = m.make([rows]);
  loadKSparseNative()!.select({ rows, hidden }, k, {
    a: m.view(a),
    h: m.view(h),
    kth: m.view(kth),
  });
  return [h, kth];
}

/** [dW, db] or [dx, dW, db] from g = dL/dh and the forward's x, a, kth and W. */
function layerGradKernel(
  args: {
    inputs: Record<string, TensorInfo>;
    backend: unknown;
    attrs: { k: number; inputGrad: boolean };
  },
): TensorInfo[] {
  const { inputs: { g, x, a, kth, W }, attrs: { k, inputGrad } } = args;
  const [rows, inputs] = x.shape;
  const hidden = a.shape[1];
  const m = kernelIo(args.backend);
  const dx = inputGrad ? m.make([rows, inputs]) : null;
  const dW = m.make([inputs, hidden]);
  const db = m.make([hidden]);
  loadKSparseNative()!.layerBackward({ rows, inputs, hidden }, k, {
    x: m.view(x),
    a: m.view(a),
    kth: m.view(kth),
    g: m.view(g),
    W: m.view(W),
    dW: m.view(dW),
    db: m.view(db),
    dx: dx ? m.view(dx) : undefined,
  });
  return dx ? [dx, dW, db] : [dW, db];
}

for (const backendName of ["wasm", "cpu"]) {
  tf.registerKernel({ kernelName: SELECT, backendName, kernelFunc: selectKernel as never });
  tf.registerKernel({ kernelName: LAYER_GRAD, backendName, kernelFunc: layerGradKernel as never });
}

/** Options of {@link kSparseLayer}. */
export interface KSparseLayerOptions {
  /** `"auto"` (default): over the support where {@link kSparseSparseStep} says so. */
  path?: KSparseStepPath;
  /**
   * Whether x needs its gradient: false for a network's inputs (data, or noise on data), true
   * for a layer on another layer's output. Default true.
   */
  inputGrad?: boolean;
}

/**
 * The k-sparse layer supp_k(x W + b): the k largest entries of each row kept (ties kept), the
 * rest zero, with gradients in W, b and (with `inputGrad`) x over the kept entries only.
 *
 * @param x inputs, [batch, inputs]
 * @param W weights, [inputs, hidden]
 * @param b bias, [hidden]
 * @param k units kept per row (1 <= k <= hidden)
 * @param options the path, and whether x needs a gradient
 * @returns h, [batch, hidden]
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { kSparseLayer } from "./ksparse_layer.ts";
 * await tf.setBackend("cpu");
 * const W = tf.variable(tf.tensor2d([[1, -1, 2]])), b = tf.variable(tf.zeros([3]));
 * const x = tf.tensor2d([[1], [2]]);
 * console.log(kSparseLayer(x, W, b, 1).arraySync()); // [[0, 0, 2], [0, 0, 4]]
 * const { grads } = tf.variableGrads(() => tf.sum(kSparseLayer(x, W, b, 1, { inputGrad: false })));
 * console.log(grads[W.name].arraySync(), grads[b.name].arraySync()); // [[0, 0, 3]] [0, 0, 2]
 * ```
 */
export function kSparseLayer(
  x: Tensor2D,
  W: Tensor,
  b: Tensor,
  k: number,
  options: KSparseLayerOptions = {},
): Tensor2D {
  const hidden = W.shape[1]!;
  if (!Number.isInteger(k) || k < 1 || k > hidden) {
    throw new Error(`k must be an integer in [1, ${hidden}], got ${k}`);
  }
  const path = options.path ?? "auto";
  const sparse = path === "sparse" || (path === "auto" && kSparseSparseStep());
  if (!sparse) return kSparse(tf.add(tf.matMul(x, W as Tensor2D), b) as Tensor2D, k);
  const backend = tf.getBackend();
  if ((backend !== "cpu" && backend !== "wasm") || !loadKSparseNative()) {
    throw new Error(
      `The sparse k-sparse layer runs on cpu and wasm with its compiled loops, not ${backend}: ` +
        `pass path "auto" or "dense"`,
    );
  }
  const inputGrad = options.inputGrad ?? true;
  const engine = tf.engine();
  const forward = (xx: Tensor, WW: Tensor, bb: Tensor, save: tf.GradSaveFunc) => {
    const a = tf.fused.matMul({ a: xx as Tensor2D, b: WW as Tensor2D, bias: bb });
    const [h, kth] = engine.runKernel(SELECT, { a } as never, { k } as never) as Tensor[];
    save([xx, a, kth, WW]);
    return {
      value: h,
      gradFunc: (g: Tensor, saved: Tensor[]) => {
        const [sx, sa, skth, sW] = saved;
        return engine.runKernel(
          LAYER_GRAD,
          { g, x: sx, a: sa, kth: skth, W: sW } as never,
          { k, inputGrad } as never,
        ) as Tensor[];
      },
    };
  };
  const op = inputGrad
    ? tf.customGrad(
      ((xx: Tensor, WW: Tensor, bb: Tensor, save: tf.GradSaveFunc) =>
        forward(xx, WW, bb, save)) as unknown as Parameters<typeof tf.customGrad>[0],
    )
    : tf.customGrad(
      ((WW: Tensor, bb: Tensor, save: tf.GradSaveFunc) =>
        forward(x, WW, bb, save)) as unknown as Parameters<typeof tf.customGrad>[0],
    );
  return (inputGrad ? op(x, W, b) : op(W, b)) as Tensor2D;
}
