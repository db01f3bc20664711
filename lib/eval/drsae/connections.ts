/**
 * The recurrent connections of a trained DrSAE against the ISTA prediction (Rolfe & LeCun 2013,
 * Eq. 4, Figures 4-7): S - I against D^T D, the strongest connections of a unit, connections by
 * decoder alignment, afferent angles and decoder means.
 *
 * @module
 */
import type { UnitKind } from "./units.ts";
import { connection, decoderGram, type DrsaeWeights } from "./weights.ts";
import { checkUnit } from "./internal.ts";

/** Options for {@link istaComparison}. */
export interface IstaComparisonOptions {
  /** The kind of the sending units j. */
  from: UnitKind;
  /** The kind of the receiving units i. */
  to: UnitKind;
  /** Leave out the self-connections i = j. Default false. */
  excludeSelf?: boolean;
}

/** Connections paired with their ISTA prediction, from {@link istaComparison}. */
export interface IstaPairs {
  /** D_i . D_j for each pair, the x axis of Figure 4(a, b). */
  ista: Float32Array;
  /** S_ij - delta_ij for each pair, the y axis. */
  actual: Float32Array;
  /** The receiving unit i of each pair. */
  to: Int32Array;
  /** The sending unit j of each pair. */
  from: Int32Array;
}

/**
 * Every connection S_ij - delta_ij from units of one kind to units of another, beside the ISTA
 * prediction D_i . D_j (Figure 4(a): part to part; (b): categorical to part). ISTA has
 * S - I = -alpha D^T D (Eq. 4): ISTA-consistent connections lie on a line of slope -alpha.
 *
 * @param w the weights
 * @param kinds each unit's kind, from {@link classifyUnits}
 * @param options which kinds send and receive
 * @returns the pairs
 *
 * @example
 * ```ts
 * import { istaComparison } from "./connections.ts";
 * const D = Float32Array.from([1, 0, 0.6, 0.8]); // decoders e_1 and [0.6, 0.8]
 * const S = Float32Array.from([0.9, -0.06, -0.06, 0.9]); // I - 0.1 D^T D
 * const w = { inputs: 2, hidden: 2, classes: 1, E: new Float32Array(4), S, b: new Float32Array(2), D, C: new Float32Array(2) };
 * const p = istaComparison(w, ["part", "part"], { from: "part", to: "part", excludeSelf: true });
 * console.log([...p.ista].map((v) => v.toFixed(1)), [...p.actual].map((v) => v.toFixed(2))); // ["0.6", "0.6"] ["-0.06", "-0.06"]
 * ```
 */
export function istaComparison(
  w: DrsaeWeights,
  kinds: readonly UnitKind[],
  options: IstaComparisonOptions,
): IstaPairs {
  if (kinds.length !== w.hidden) {
    throw new Error(
      `Got ${kinds.length} unit kinds for ${w.hidden} hidden units: pass one per unit`,
    );
  }
  const gram = decoderGram(w);
  const n = w.hidden;
  const ista: number[] = [], actual: number[] = [], to: number[] = [], from: number[] = [];
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== options.to) continue;
    for (let j = 0; j < n; j++) {
      if (kinds[j] !== options.from || (options.excludeSelf && i === j)) continue;
      ista.push(gram[i * n + j]);
      actual.push(connection(w, i, j));
      to.push(i);
      from.push(j);
    }
  }
  return {
    ista: Float32Array.from(ista),
    actual: Float32Array.from(actual),
    to: Int32Array.from(to),
    from: Int32Array.from(from),
  };
}

/** Options for {@link strongestConnections}. */
export interface StrongestConnectionOptions {
  /**
   * `"into"`: the units sending the strongest connections to `unit` (Figures 5 and 6(c));
   * `"from"`: the units receiving the strongest connections from `unit` (Figure 6(a, b)).
   */
  direction: "into" | "from";
  /** Consider only these units (e.g. the categorical-units). Default all. */
  among?: readonly number[];
  /** How many to return. Default 20 (Figures 5 and 6). */
  count?: number;
  /** Leave out the self-connection. Default true. */
  excludeSelf?: boolean;
}

/** One connection of {@link strongestConnections}. */
export interface Connection {
  /** The other unit (the sender for `"into"`, the receiver for `"from"`). */
  unit: number;
  /** Its weight in S - I. */
  weight: number;
}

/**
 * The strongest explaining-away connections |S_ij - delta_ij| into or out of a unit, strongest
 * first (Figures 5 and 6).
 *
 * @param w the weights
 * @param unit the unit of interest
 * @param options direction, candidate units, count
 * @returns up to `count` connections, by decreasing magnitude
 *
 * @example
 * ```ts
 * import { strongestConnections } from "./connections.ts";
 * // from j to i is S[j * 3 + i]: into unit 0 come 0.5 from unit 1 and -0.9 from unit 2
 * const S = Float32Array.from([1, 0, 0, 0.5, 1, 0, -0.9, 0.1, 1]);
 * const w = { inputs: 1, hidden: 3, classes: 1, E: new Float32Array(3), S, b: new Float32Array(3), D: new Float32Array(3), C: new Float32Array(3) };
 * const c = strongestConnections(w, 0, { direction: "into", count: 2 });
 * console.log(c.map((x) => x.unit), c.map((x) => x.weight.toFixed(1))); // [2, 1] ["-0.9", "0.5"]
 * ```
 */
export function strongestConnections(
  w: DrsaeWeights,
  unit: number,
  options: StrongestConnectionOptions,
): Connection[] {
  checkUnit(w, unit);
  const count = options.count ?? 20;
  const excludeSelf = options.excludeSelf ?? true;
  const candidates = options.among ?? Array.from({ length: w.hidden }, (_, i) => i);
  const out: Connection[] = [];
  for (const other of candidates) {
    checkUnit(w, other);
    if (excludeSelf && other === unit) continue;
    const weight = options.direction === "into"
      ? connection(w, unit, other)
      : connection(w, other, unit);
    out.push({ unit: other, weight });
  }
  return out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.unit - b.unit)
    .slice(0, count);
}

/** Options for {@link connectionsByAlignment}. */
export interface AlignmentBinOptions {
  /** The kind of the sending units j. Default `"part"` (Figure 7(a)). */
  from?: UnitKind;
  /** The kind of the receiving units i. Default `"categorical"` (Figure 7(a)). */
  to?: UnitKind;
  /** Equal-width bins of the decoder cosine over [-1, 1]. Default 20. */
  bins?: number;
}

/** Mean connections per bin of decoder alignment, from {@link connectionsByAlignment}. */
export interface AlignmentBins {
  /** The bins' centres, cosines in [-1, 1]. */
  centers: number[];
  /** The mean S_ij in each bin; 0 where a bin is empty (as in the caption of Figure 7). */
  mean: number[];
  /** Connections in each bin. */
  count: number[];
}

/**
 * The average explaining-away weight S_ij, binned by the alignment (cosine) of the decoders
 * D_i and D_j, for connections from units of one kind to units of another; Figure 7(a) uses
 * part-units to categorical-units. "If no units fall in a given bin, the average is set to
 * zero." Pairs where a decoder is zero, and self-connections, are left out.
 *
 * @param w the weights
 * @param kinds each unit's kind, from {@link classifyUnits}
 * @param options sending and receiving kinds, bins
 * @returns per-bin centres, means and counts
 *
 * @example
 * ```ts
 * import { connectionsByAlignment } from "./connections.ts";
 * const D = Float32Array.from([1, 0, 1, 0, 0, 1]); // unit 1 parallel to unit 0, unit 2 orthogonal
 * const S = new Float32Array(9);
 * S[0 * 3 + 1] = 0.4; // from 0 to 1
 * S[2 * 3 + 1] = -0.2; // from 2 to 1
 * const w = { inputs: 2, hidden: 3, classes: 1, E: new Float32Array(6), S, b: new Float32Array(3), D, C: new Float32Array(3) };
 * const r = connectionsByAlignment(w, ["part", "categorical", "part"], { bins: 4 });
 * console.log(r.centers, r.mean.map((v) => +v.toFixed(2)), r.count); // [-0.75, -0.25, 0.25, 0.75] [0, 0, -0.2, 0.4] [0, 0, 1, 1]
 * ```
 */
export function connectionsByAlignment(
  w: DrsaeWeights,
  kinds: readonly UnitKind[],
  options: AlignmentBinOptions = {},
): AlignmentBins {
  const from = options.from ?? "part";
  const to = options.to ?? "categorical";
  const bins = options.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`The number of bins must be a positive integer, got ${bins}`);
  }
  if (kinds.length !== w.hidden) {
    throw new Error(
      `Got ${kinds.length} unit kinds for ${w.hidden} hidden units: pass one per unit`,
    );
  }
  const n = w.hidden;
  const gram = decoderGram(w);
  const sum = new Float64Array(bins);
  const count = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== to) continue;
    for (let j = 0; j < n; j++) {
      if (j === i || kinds[j] !== from) continue;
      const norms = Math.sqrt(gram[i * n + i] * gram[j * n + j]);
      if (!(norms > 0)) continue;
      const cos = Math.max(-1, Math.min(1, gram[i * n + j] / norms));
      const bin = Math.min(bins - 1, Math.floor(((cos + 1) / 2) * bins));
      sum[bin] += w.S[j * n + i];
      count[bin]++;
    }
  }
  return {
    centers: Array.from({ length: bins }, (_, b) => -1 + (2 * (b + 0.5)) / bins),
    mean: Array.from(sum, (s, b) => count[b] ? s / count[b] : 0),
    count,
  };
}

/**
 * For each unit i, the average encoder-decoder angle of its afferents j != i, weighted by the
 * strength |S_ij| of their connection to i (Figure 7(c)): part-units draw mostly on part-units,
 * categorical-units more on categorical-units. NaN for a unit without afferents.
 *
 * @param w the weights
 * @param angles from {@link encoderDecoderAngles}
 * @returns one mean angle per unit, radians
 *
 * @example
 * ```ts
 * import { afferentAngles } from "./connections.ts";
 * // into unit 0: weight 3 from unit 1 (angle 0.2) and -1 from unit 2 (angle 1.0)
 * const S = Float32Array.from([1, 0, 0, 3, 1, 0, -1, 0, 1]);
 * const w = { inputs: 1, hidden: 3, classes: 1, E: new Float32Array(3), S, b: new Float32Array(3), D: new Float32Array(3), C: new Float32Array(3) };
 * console.log(afferentAngles(w, [0.5, 0.2, 1.0])[0].toFixed(2)); // "0.40"
 * ```
 */
export function afferentAngles(w: DrsaeWeights, angles: ArrayLike<number>): Float32Array {
  if (angles.length !== w.hidden) {
    throw new Error(`Got ${angles.length} angles for ${w.hidden} hidden units: pass one per unit`);
  }
  const n = w.hidden;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let num = 0, den = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || !Number.isFinite(angles[j])) continue;
      const s = Math.abs(w.S[j * n + i]);
      num += s * angles[j];
      den += s;
    }
    out[i] = den > 0 ? num / den : NaN;
  }
  return out;
}

/**
 * The average value of each unit's decoder column, mean_p D_pi (Figure 7(e)): categorical
 * decoders are positive prototypes of non-negative digits, part decoders are about mean-zero.
 *
 * @param w the weights
 * @returns one mean per unit
 *
 * @example
 * ```ts
 * import { decoderMeans } from "./connections.ts";
 * const D = Float32Array.from([1, 3, -1, 1]);
 * const w = { inputs: 2, hidden: 2, classes: 1, E: new Float32Array(4), S: new Float32Array(4), b: new Float32Array(2), D, C: new Float32Array(2) };
 * console.log([...decoderMeans(w)]); // [2, 0]
 * ```
 */
export function decoderMeans(w: DrsaeWeights): Float32Array {
  const out = new Float32Array(w.hidden);
  for (let i = 0; i < w.hidden; i++) {
    let s = 0;
    for (let p = 0; p < w.inputs; p++) s += w.D[i * w.inputs + p];
    out[i] = s / w.inputs;
  }
  return out;
}
