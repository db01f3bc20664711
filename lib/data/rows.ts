/**
 * Rows of examples in memory ({@link ArrayData}), the input every trainer, probe and metric
 * takes, and the few ways the package picks rows out of them: the first rows, chosen rows, one
 * row, a batch of tensors, and a tensor function mapped over all rows in batches.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";
import type { Batch } from "../types.ts";

/** Rows of examples in memory: the input every trainer, probe and metric takes. */
export interface ArrayData {
  /** Inputs, row-major, `n * features` values. */
  x: Float32Array;
  /** Integer class labels, one per row, for supervised losses. */
  y?: Uint8Array | Int32Array;
  /** Number of rows. */
  n: number;
  /** Values per row. */
  features: number;
}

/**
 * Checks `data` holds `n * features` values and labels where needed.
 *
 * @example
 * ```ts
 * import { checkData } from "./rows.ts";
 * checkData({ x: new Float32Array(6), n: 2, features: 3 }); // fine
 * try {
 *   checkData({ x: new Float32Array(5), n: 2, features: 3 });
 * } catch (e) {
 *   console.log((e as Error).message); // data.x has 5 values but n * features = 6: ...
 * }
 * ```
 */
export function checkData(data: ArrayData, what = "data"): void {
  if (!(data.n > 0) || !(data.features > 0)) {
    throw new Error(`${what} is empty: n=${data.n}, features=${data.features}`);
  }
  if (data.x.length !== data.n * data.features) {
    throw new Error(
      `${what}.x has ${data.x.length} values but n * features = ${data.n * data.features}: ` +
        `pass row-major inputs of shape [n, features]`,
    );
  }
  if (data.y && data.y.length !== data.n) {
    throw new Error(`${what}.y has ${data.y.length} labels for ${data.n} rows`);
  }
}

/**
 * Copy rows `idx[from..to)` of `data` into a batch of tensors.
 *
 * @example
 * ```ts
 * import { gatherBatch } from "./rows.ts";
 * const data = { x: new Float32Array([1, 2, 3, 4, 5, 6]), y: new Uint8Array([0, 1, 2]), n: 3, features: 2 };
 * const batch = gatherBatch(data, [2, 0, 1], 0, 2);
 * console.log(batch.x.arraySync(), batch.y?.arraySync()); // [[5, 6], [1, 2]] [2, 0]
 * ```
 */
export function gatherBatch(
  data: ArrayData,
  idx: ArrayLike<number> | null,
  from: number,
  to: number,
): Batch {
  const d = data.features;
  const rows = to - from;
  let xs: Float32Array;
  if (idx === null) xs = data.x.subarray(from * d, to * d);
  else {
    xs = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const i = idx[from + r];
      xs.set(data.x.subarray(i * d, (i + 1) * d), r * d);
    }
  }
  const batch: Batch = { x: tf.tensor2d(xs, [rows, d]) };
  if (data.y) {
    const ys = new Int32Array(rows);
    for (let r = 0; r < rows; r++) ys[r] = data.y[idx === null ? from + r : idx[from + r]];
    batch.y = tf.tensor1d(ys, "int32");
  }
  return batch;
}

/**
 * The mean and the standard deviation of every column of `data` (population form).
 *
 * @param data rows
 * @returns per column, the mean and the standard deviation
 *
 * @example
 * ```ts
 * import { columnMoments } from "./rows.ts";
 * const m = columnMoments({ x: new Float32Array([1, 10, 3, 10]), n: 2, features: 2 });
 * console.log(m.mean, m.std); // [ 2, 10 ] [ 1, 0 ]
 * ```
 */
export function columnMoments(data: ArrayData): { mean: number[]; std: number[] } {
  const d = data.features;
  const sum = new Float64Array(d);
  const square = new Float64Array(d);
  for (let i = 0; i < data.n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data.x[i * d + j];
      sum[j] += v;
      square[j] += v * v;
    }
  }
  const mean = [...sum].map((v) => v / data.n);
  const std = [...square].map((v, j) => Math.sqrt(Math.max(v / data.n - mean[j] ** 2, 0)));
  return { mean, std };
}

/**
 * Apply `fn` to `data` in batches and collect the rows it returns, keeping the labels.
 *
 * @param data input rows
 * @param fn a map from [batch, features] to [batch, outputs]
 * @returns the outputs as new rows
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { mapRows } from "./rows.ts";
 * const doubled = await mapRows({ x: new Float32Array([1, 2, 3, 4]), n: 2, features: 2 }, (x) => tf.mul(x, 2));
 * console.log([...doubled.x]); // [2, 4, 6, 8]
 * ```
 */
export async function mapRows(
  data: ArrayData,
  fn: (x: Tensor2D) => Tensor,
  options: { batchSize?: number } = {},
): Promise<ArrayData> {
  const batchSize = options.batchSize ?? 1000;
  let out: Float32Array | null = null;
  let width = 0;
  for (let from = 0; from < data.n; from += batchSize) {
    const to = Math.min(data.n, from + batchSize);
    const batch = gatherBatch({ ...data, y: undefined }, null, from, to);
    const y = tf.tidy(() => fn(batch.x));
    batch.x.dispose();
    if (!out) {
      width = y.size / (to - from);
      out = new Float32Array(data.n * width);
    }
    out.set((await y.data()) as Float32Array, from * width);
    y.dispose();
  }
  return { x: out ?? new Float32Array(0), y: data.y, n: data.n, features: width };
}

/**
 * The first `n` rows of `data` (all of them when `n` is absent or larger), sharing its memory.
 *
 * @example
 * ```ts
 * import { firstRows } from "./rows.ts";
 * const d = { x: new Float32Array([1, 2, 3, 4, 5, 6]), y: new Uint8Array([0, 1, 2]), n: 3, features: 2 };
 * console.log([...firstRows(d, 2).x], [...firstRows(d, 2).y!]); // [1, 2, 3, 4] [0, 1]
 * ```
 */
export function firstRows(data: ArrayData, n?: number): ArrayData {
  const m = n === undefined ? data.n : Math.min(n, data.n);
  if (m === data.n) return data;
  return {
    x: data.x.subarray(0, m * data.features),
    y: data.y?.subarray(0, m),
    n: m,
    features: data.features,
  };
}

/**
 * Row `i` of `data`, as a view into its values.
 *
 * @example
 * ```ts
 * import { rowOf } from "./rows.ts";
 * console.log([...rowOf({ x: new Float32Array([1, 2, 3, 4]), n: 2, features: 2 }, 1)]); // [3, 4]
 * ```
 */
export function rowOf(data: ArrayData, i: number): Float32Array {
  return data.x.subarray(i * data.features, (i + 1) * data.features);
}

/**
 * The rows `rows` of `data`, copied, with their labels.
 *
 * @example
 * ```ts
 * import { pickRows } from "./rows.ts";
 * const d = { x: new Float32Array([1, 2, 3, 4, 5, 6]), y: new Uint8Array([0, 1, 2]), n: 3, features: 2 };
 * console.log([...pickRows(d, [2, 0]).x]); // [5, 6, 1, 2]
 * ```
 */
export function pickRows(data: ArrayData, rows: readonly number[]): ArrayData {
  const d = data.features;
  const x = new Float32Array(rows.length * d);
  rows.forEach((r, i) => x.set(data.x.subarray(r * d, (r + 1) * d), i * d));
  return { x, y: data.y && Uint8Array.from(rows, (r) => data.y![r]), n: rows.length, features: d };
}
