/**
 * The convolutions of the convolutional group-sparse autoencoder (`conv_group_sparse.ts` in
 * `lib/models/`) are written as im2col + matrix products: each image is unfolded into its
 * k x k x C windows (im2col, with precomputed indices), the encoder is one product with the
 * filters as a [k^2 C, M] matrix, the decoder one product with D as [M, k^2 C] followed by the
 * adjoint of the unfolding (col2im, an overlap-add); unfolding and overlap-add are each other's
 * gradient (`tf.customGrad`), so every parameter's gradient is a matrix product. This runs on
 * every backend. tfjs-backend-wasm 4.22 registers Conv2D and Conv2DBackpropInput but not
 * Conv2DBackpropFilter, so the filter gradients of `tf.conv2d` and `tf.conv2dTranspose`
 * throw there; its GatherV2 is slow (about 100 ns an element) and gather's gradient
 * (UnsortedSegmentSum) is not registered either. So on the cpu and wasm backends the unfolding
 * and overlap-add are loops in JavaScript over the tensors' values, and the products go to the
 * package's BLAS path on wasm; on WebGPU they are `tf.gather` on the device (`unfolding`).
 *
 * {@link geometryOf} gives the padding and code-map sizes of a kernel on an image, and
 * {@link foldOps} the unfolding and overlap-add of that geometry as differentiable ops on rows.
 * Their errors read as the autoencoder's (`convGroupSparseAutoencoder: ...`), whose options
 * they check.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";

/**
 * How large the code maps are: `"full"`, every k x k window that overlaps the image,
 * (H + k - 1) x (W + k - 1) (Kavukcuoglu et al. 2010, Sec. 2); `"same"`, one window centred on
 * every pixel, H x W (odd k); `"valid"`, the windows inside the image, (H - k + 1) x (W - k + 1).
 */
export type CodeSize = "full" | "same" | "valid";

/**
 * Sizes of the input and code of a convolution unfolded into windows (the `geometry` of a
 * `ConvGroupSparseAutoencoder`).
 */
export interface ConvGeometry {
  /** Image height. */
  height: number;
  /** Image width. */
  width: number;
  /** Channels per pixel. */
  channels: number;
  /** Filter side k. */
  kernel: number;
  /** Zero padding on each side of the image: k - 1 (full), (k - 1) / 2 (same) or 0 (valid). */
  pad: number;
  /** Height of the code maps. */
  codeHeight: number;
  /** Width of the code maps. */
  codeWidth: number;
}

/**
 * The zero padding and code-map sizes of a `kernel` x `kernel` filter on an image.
 *
 * @param code which windows make the code maps (see {@link CodeSize})
 * @throws Error for an even kernel with code "same", an unknown code, or a kernel that leaves
 *   no window (valid code on a smaller image)
 *
 * @example
 * ```ts
 * import { geometryOf } from "./unfold.ts";
 * const g = geometryOf(6, 6, 1, 3, "full");
 * console.log(g.pad, g.codeHeight, g.codeWidth); // 2 8 8
 * ```
 */
export function geometryOf(
  height: number,
  width: number,
  channels: number,
  kernel: number,
  code: CodeSize,
): ConvGeometry {
  let pad: number;
  if (code === "full") pad = kernel - 1;
  else if (code === "valid") pad = 0;
  else if (code === "same") {
    if (kernel % 2 === 0) {
      throw new Error(`convGroupSparseAutoencoder: code "same" needs an odd kernel, got ${kernel}`);
    }
    pad = (kernel - 1) / 2;
  } else {
    throw new Error(`convGroupSparseAutoencoder: code must be full, same or valid, got ${code}`);
  }
  const codeHeight = height + 2 * pad - kernel + 1;
  const codeWidth = width + 2 * pad - kernel + 1;
  if (codeHeight < 1 || codeWidth < 1) {
    throw new Error(
      `convGroupSparseAutoencoder: a ${kernel} x ${kernel} kernel does not fit a ${height} x ` +
        `${width} image with code "${code}"`,
    );
  }
  return { height, width, channels, kernel, pad, codeHeight, codeWidth };
}

/** The unfolding and its adjoint as differentiable ops on rows ({@link foldOps}). */
export interface FoldOps {
  /** Images [batch, H W C] to their windows [batch locations, k^2 C] (im2col). */
  unfold(x: Tensor): Tensor2D;
  /** Windows [batch locations, k^2 C] overlap-added into images [batch, H W C] (col2im). */
  fold(y: Tensor): Tensor2D;
  /** Free the index tensors. */
  dispose(): void;
}

/**
 * Indices of the unfolding (im2col): entry ((u Wo + v) k^2 + a k + b) C + c is pixel
 * (u - pad + a, v - pad + b), channel c, of the row-major image, or H W C (a zero appended to
 * the row) outside it.
 */
function unfoldIndices(g: ConvGeometry): { idx: Int32Array; outside: boolean } {
  const { height: H, width: W, channels: C, kernel: k, pad: p, codeHeight, codeWidth } = g;
  const zero = H * W * C;
  const idx = new Int32Array(codeHeight * codeWidth * k * k * C);
  let n = 0;
  let outside = false;
  for (let u = 0; u < codeHeight; u++) {
    for (let v = 0; v < codeWidth; v++) {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const i = u - p + a, j = v - p + b;
          const inside = i >= 0 && i < H && j >= 0 && j < W;
          if (!inside) outside = true;
          for (let c = 0; c < C; c++) idx[n++] = inside ? (i * W + j) * C + c : zero;
        }
      }
    }
  }
  return { idx, outside };
}

/**
 * Indices of the overlap-add (col2im, the adjoint of the unfolding): for pixel (i, j), channel
 * c, offset (a, b), the unfolded entry of code location (i + pad - a, j + pad - b), or the
 * appended zero where that location is outside the code.
 */
function foldIndices(g: ConvGeometry): { idx: Int32Array; outside: boolean } {
  const { height: H, width: W, channels: C, kernel: k, pad: p, codeHeight, codeWidth } = g;
  const zero = codeHeight * codeWidth * k * k * C;
  const idx = new Int32Array(H * W * C * k * k);
  let n = 0;
  let outside = false;
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      for (let c = 0; c < C; c++) {
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            const u = i + p - a, v = j + p - b;
            const inside = u >= 0 && u < codeHeight && v >= 0 && v < codeWidth;
            if (!inside) outside = true;
            idx[n++] = inside ? ((u * codeWidth + v) * k * k + a * k + b) * C + c : zero;
          }
        }
      }
    }
  }
  return { idx, outside };
}

/**
 * The unfolding and its adjoint as differentiable ops on rows, built once per geometry.
 *
 * @param g the geometry ({@link geometryOf})
 * @param unfolding `"host"`, index loops in JavaScript on the tensors' values; `"gather"`,
 *   `tf.gather` on the device; `"auto"`, host on the cpu and wasm backends, gather on the others
 * @returns the two ops; dispose them when done
 */
export function foldOps(g: ConvGeometry, unfolding: "auto" | "host" | "gather"): FoldOps {
  const { height: H, width: W, channels: C, kernel: k, codeHeight, codeWidth } = g;
  const taps = k * k * C;
  const locations = codeHeight * codeWidth;
  const pixels = H * W * C;
  const unfoldIdx = unfoldIndices(g);
  const foldIdx = foldIndices(g);
  const unfoldIndex = tf.keep(tf.tensor1d(unfoldIdx.idx, "int32"));
  const foldIndex = tf.keep(tf.tensor1d(foldIdx.idx, "int32"));
  const withZero = (x: Tensor, outside: boolean) => outside ? tf.pad(x, [[0, 0], [0, 1]]) : x;
  // On the cpu and wasm backends the index loops run in JavaScript on the tensors' values:
  // tfjs-wasm's GatherV2 takes about 100 ns per element, 50 times slower.
  const onHost = () =>
    unfolding === "host" || (unfolding === "auto" && ["cpu", "wasm"].includes(tf.getBackend()));
  // [batch, H W C] -> [batch locations, k^2 C]
  const unfoldRaw = (x: Tensor): Tensor => {
    const batch = x.shape[0];
    if (onHost()) {
      const src = x.dataSync() as Float32Array;
      const { idx } = unfoldIdx;
      const out = new Float32Array(batch * locations * taps);
      for (let s = 0, o = 0; s < batch; s++) {
        const base = s * pixels;
        for (let t = 0; t < idx.length; t++, o++) {
          const i = idx[t];
          if (i !== pixels) out[o] = src[base + i];
        }
      }
      return tf.tensor2d(out, [batch * locations, taps]);
    }
    return tf.tidy(() => {
      const cols = tf.gather(withZero(x, unfoldIdx.outside), unfoldIndex, 1);
      return tf.reshape(cols, [batch * locations, taps]);
    });
  };
  // [batch locations, k^2 C] -> [batch, H W C]
  const foldRaw = (y: Tensor): Tensor => {
    const batch = y.shape[0] / locations;
    const kk = k * k;
    if (onHost()) {
      const src = y.dataSync() as Float32Array;
      const { idx } = foldIdx;
      const zero = locations * taps;
      const out = new Float32Array(batch * pixels);
      for (let s = 0, o = 0; s < batch; s++) {
        const base = s * zero;
        for (let q = 0, t = 0; q < pixels; q++, o++) {
          let sum = 0;
          for (let e = 0; e < kk; e++, t++) {
            const i = idx[t];
            if (i !== zero) sum += src[base + i];
          }
          out[o] = sum;
        }
      }
      return tf.tensor2d(out, [batch, pixels]);
    }
    return tf.tidy(() => {
      const rows = withZero(tf.reshape(y, [batch, locations * taps]), foldIdx.outside);
      const parts = tf.reshape(tf.gather(rows, foldIndex, 1), [batch, pixels, kk]);
      return tf.sum(parts, 2);
    });
  };
  // customGrad's declared type is variadic: (...inputs, save); these ops have one input.
  type CustomGradFunc = Parameters<typeof tf.customGrad>[0];
  const unfold = tf.customGrad(
    ((x: Tensor) => ({
      value: unfoldRaw(x),
      gradFunc: (dy: Tensor) => foldRaw(dy),
    })) as unknown as CustomGradFunc,
  ) as (x: Tensor) => Tensor2D;
  const fold = tf.customGrad(
    ((y: Tensor) => ({
      value: foldRaw(y),
      gradFunc: (dx: Tensor) => unfoldRaw(dx),
    })) as unknown as CustomGradFunc,
  ) as (y: Tensor) => Tensor2D;
  return { unfold, fold, dispose: () => tf.dispose([unfoldIndex, foldIndex]) };
}
