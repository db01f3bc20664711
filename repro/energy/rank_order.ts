/**
 * Rank orders and their agreement: the difficulty order of the benchmark sets against the
 * published one.
 *
 * @module
 */
/**
 * Kendall's tau between two orderings of the same items (1: the same order).
 *
 * @example
 * ```ts
 * import { kendallTau } from "./rank_order.ts";
 * console.log(kendallTau([1, 2, 3], [1, 2, 3]), kendallTau([1, 2, 3], [3, 2, 1])); // 1 -1
 * ```
 */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const s = Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
      if (s !== 0) concordant += s;
      pairs++;
    }
  }
  return pairs ? concordant / pairs : NaN;
}

/**
 * Ranks (1 = lowest) of values.
 *
 * @example
 * ```ts
 * import { ranks } from "./rank_order.ts";
 * console.log(ranks([0.3, 0.1, 0.2])); // [ 3, 1, 2 ]
 * ```
 */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i]).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length);
  order.forEach(([, i], r) => (out[i] = r + 1));
  return out;
}
