/**
 * A trained DrSAE's parameters read back in the paper's orientation (Rolfe & LeCun 2013), and
 * what Figure 2 orders them by: each unit's encoder, decoder and connections, the decoder Gram
 * matrix, the order of categoricalness and each unit's class.
 *
 * @module
 */
import type { Tensor } from "../../tf.ts";
import type { Drsae } from "../../models/drsae.ts";
import { checkUnit } from "./internal.ts";

/**
 * A DrSAE's parameters read back into plain arrays, in the tfjs orientation of `drsae.ts`
 * (see its module doc): for units i, j, pixel p and class k,
 *
 * | paper                 | here                      |
 * | --------------------- | ------------------------- |
 * | E_ip (row E_i)        | `E[p * hidden + i]`       |
 * | S_ij (from j to i)    | `S[j * hidden + i]`       |
 * | D_pi (column D_i)     | `D[i * inputs + p]`       |
 * | C_ki (column C_i)     | `C[i * classes + k]`      |
 *
 * The structural analyses of Figures 2 and 4-7 take this, so they can be checked on small
 * hand-built matrices without a model.
 */
export interface DrsaeWeights {
  /** Input dimension m. */
  inputs: number;
  /** Hidden units n. */
  hidden: number;
  /** Classes l. */
  classes: number;
  /** Encoding matrix, [inputs, hidden]. */
  E: Float32Array;
  /** Explaining-away matrix, [hidden, hidden]; `S[j * hidden + i]` is from j to i. */
  S: Float32Array;
  /** Bias, [hidden]. */
  b: Float32Array;
  /** Decoding matrix, [hidden, inputs]; row i is unit i's decoder. */
  D: Float32Array;
  /** Classification matrix, [hidden, classes]; row i is unit i's class projection. */
  C: Float32Array;
}

/**
 * Read a model's parameters into a {@link DrsaeWeights} (copies; the model may change after).
 *
 * @param model a DrSAE
 * @returns its parameters as plain arrays
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { readDrsaeWeights } from "./weights.ts";
 * const model = drsae({ inputs: 8, hidden: 4, classes: 3, steps: 2 });
 * const w = await readDrsaeWeights(model);
 * console.log(w.S.length, w.D.length, w.C.length); // 16 32 12
 * model.dispose();
 * ```
 */
export async function readDrsaeWeights(model: Drsae): Promise<DrsaeWeights> {
  const { inputs, hidden, classes } = model.config;
  const copy = async (t: Tensor) => Float32Array.from((await t.data()) as Float32Array);
  const { E, S, b, D, C } = model.params;
  return {
    inputs,
    hidden,
    classes,
    E: await copy(E),
    S: await copy(S),
    b: await copy(b),
    D: await copy(D),
    C: await copy(C),
  };
}

/**
 * Unit i's encoder, the paper's row E_i (a copy; it is a column of the stored E).
 *
 * @param w the weights
 * @param unit the unit
 * @returns `inputs` values
 *
 * @example
 * ```ts
 * import { encoderOf } from "./weights.ts";
 * const E = Float32Array.from([1, 2, 3, 4, 5, 6]); // [inputs 3, hidden 2]
 * const w = { inputs: 3, hidden: 2, classes: 1, E, S: new Float32Array(4), b: new Float32Array(2), D: new Float32Array(6), C: new Float32Array(2) };
 * console.log([...encoderOf(w, 1)]); // [2, 4, 6]
 * ```
 */
export function encoderOf(w: DrsaeWeights, unit: number): Float32Array {
  checkUnit(w, unit);
  return Float32Array.from({ length: w.inputs }, (_, p) => w.E[p * w.hidden + unit]);
}

/**
 * Unit i's decoder, the paper's column D_i (a view into the stored D, row i).
 *
 * @param w the weights
 * @param unit the unit
 * @returns `inputs` values
 *
 * @example
 * ```ts
 * import { decoderOf } from "./weights.ts";
 * const D = Float32Array.from([1, 2, 3, 4, 5, 6]); // [hidden 2, inputs 3]
 * const w = { inputs: 3, hidden: 2, classes: 1, E: new Float32Array(6), S: new Float32Array(4), b: new Float32Array(2), D, C: new Float32Array(2) };
 * console.log([...decoderOf(w, 1)]); // [4, 5, 6]
 * ```
 */
export function decoderOf(w: DrsaeWeights, unit: number): Float32Array {
  checkUnit(w, unit);
  return w.D.subarray(unit * w.inputs, (unit + 1) * w.inputs);
}

/**
 * The connection from unit j to unit i in S - I, the paper's S_ij - delta_ij (footnote 6:
 * S - I is what perturbs the otherwise stable activities).
 *
 * @param w the weights
 * @param to the receiving unit i
 * @param from the sending unit j
 * @returns S_ij - delta_ij
 *
 * @example
 * ```ts
 * import { connection } from "./weights.ts";
 * const S = Float32Array.from([0.9, 0.3, -0.2, 0.8]); // S[j * 2 + i]: from j to i
 * const w = { inputs: 1, hidden: 2, classes: 1, E: new Float32Array(2), S, b: new Float32Array(2), D: new Float32Array(2), C: new Float32Array(2) };
 * console.log(connection(w, 1, 0), connection(w, 0, 0).toFixed(1)); // 0.30000001192092896 "-0.1"
 * ```
 */
export function connection(w: DrsaeWeights, to: number, from: number): number {
  return w.S[from * w.hidden + to] - (to === from ? 1 : 0);
}

/**
 * The paper's D^T D, the ISTA prediction of S - I up to the factor -alpha (Eq. 4): entry
 * [i * hidden + j] is D_i . D_j. Float64, symmetric.
 *
 * @param w the weights
 * @returns the [hidden, hidden] Gram matrix of the decoders
 *
 * @example
 * ```ts
 * import { decoderGram } from "./weights.ts";
 * const D = Float32Array.from([1, 0, 1, 1]); // decoders [1, 0] and [1, 1]
 * const w = { inputs: 2, hidden: 2, classes: 1, E: new Float32Array(4), S: new Float32Array(4), b: new Float32Array(2), D, C: new Float32Array(2) };
 * console.log([...decoderGram(w)]); // [1, 1, 1, 2]
 * ```
 */
export function decoderGram(w: DrsaeWeights): Float64Array {
  const { hidden: n, inputs: m, D } = w;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let p = 0, a = i * m, c = j * m; p < m; p++) s += D[a + p] * D[c + p];
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  return g;
}

/**
 * Units in order of decreasing categoricalness, i.e. decreasing encoder-decoder angle (Sec. 3
 * uses the angle as the position on the part / categorical continuum). Units with an undefined
 * angle come last.
 *
 * @param angles from {@link encoderDecoderAngles}
 * @returns unit indices, most categorical first
 *
 * @example
 * ```ts
 * import { categoricalOrder } from "./weights.ts";
 * console.log(categoricalOrder([0.2, NaN, 0.9, 0.5])); // [2, 3, 0, 1]
 * ```
 */
export function categoricalOrder(angles: ArrayLike<number>): number[] {
  const key = (i: number) => Number.isFinite(angles[i]) ? angles[i] : -Infinity;
  return Array.from({ length: angles.length }, (_, i) => i).sort((a, b) =>
    key(b) - key(a) || a - b
  );
}

/**
 * The units Figure 2(a, b) shows, row by row: "The first row shows the most categorical units;
 * the last row contains the least categorical units; and the middle row evenly steps through
 * the remaining units in order of categoricalness." With more than three rows the middle rows
 * share that even stepping. With fewer units than the grid holds, all units, most categorical
 * first.
 *
 * @param angles from {@link encoderDecoderAngles}
 * @param rows rows of the grid (at least 2)
 * @param columns units per row
 * @returns unit indices in reading order
 *
 * @example
 * ```ts
 * import { figure2Units } from "./weights.ts";
 * const angles = Array.from({ length: 10 }, (_, i) => i / 10); // unit 9 most categorical
 * console.log(figure2Units(angles, 3, 2)); // [9, 8, 6, 3, 1, 0]
 * ```
 */
export function figure2Units(angles: ArrayLike<number>, rows: number, columns: number): number[] {
  if (!Number.isInteger(rows) || rows < 2 || !Number.isInteger(columns) || columns < 1) {
    throw new Error(
      `Figure 2 needs at least 2 rows and 1 column, got ${rows} x ${columns}: pass integers`,
    );
  }
  const order = categoricalOrder(angles);
  if (order.length <= rows * columns) return order;
  const first = order.slice(0, columns);
  const last = order.slice(order.length - columns);
  const rest = order.slice(columns, order.length - columns);
  const k = (rows - 2) * columns;
  // k evenly spaced picks from `rest`, at the centres of k equal strata
  const middle = Array.from(
    { length: k },
    (_, i) => rest[Math.floor(((i + 0.5) * rest.length) / k)],
  );
  return [...first, ...middle, ...last];
}

/**
 * The class each unit projects to most strongly: the arg-max over k of C_ki, its largest
 * (most positive) projection (footnote 8: categorical-units "can be identified with the output
 * class to which they have the strongest projection"). -1 for a unit whose projections are all
 * zero, as before fine-tuning.
 *
 * @param w the weights
 * @returns one class per unit
 *
 * @example
 * ```ts
 * import { unitClasses } from "./weights.ts";
 * const C = Float32Array.from([0.1, 2, -3, 0, 0, 0]); // [hidden 2, classes 3]
 * const w = { inputs: 1, hidden: 2, classes: 3, E: new Float32Array(2), S: new Float32Array(4), b: new Float32Array(2), D: new Float32Array(2), C };
 * console.log([...unitClasses(w)]); // [1, -1]
 * ```
 */
export function unitClasses(w: DrsaeWeights): Int32Array {
  const out = new Int32Array(w.hidden).fill(-1);
  for (let i = 0; i < w.hidden; i++) {
    const row = w.C.subarray(i * w.classes, (i + 1) * w.classes);
    if (row.every((v) => v === 0)) continue;
    let best = 0;
    for (let k = 1; k < w.classes; k++) if (row[k] > row[best]) best = k;
    out[i] = best;
  }
  return out;
}
