/**
 * What the fixed-point iteration and the explosion test share. Private to `lib/eval`.
 *
 * @module
 */

/** Refuse an option of the fixed-point iteration, naming it, its value and the fix. */
export function checkOption(name: string, ok: boolean, value: unknown, fix: string): void {
  if (!ok) throw new Error(`The fixed-point option ${name} is ${value}: ${fix}`);
}

/** The Euclidean distance of two rows. */
export function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}
