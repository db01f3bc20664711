/**
 * Seeded random streams. Every random draw in the package (initialisation, shuffling,
 * corruption, splits) comes from a {@link Random} made here, so a run repeats exactly
 * for the same seed, on every backend.
 *
 * The generator is xoshiro128** seeded through splitmix32; streams are derived from a
 * seed and a label, so adding a new consumer of randomness never shifts another's draws.
 *
 * @module
 */
import { fnv1a } from "./hash.ts";

/** A seeded stream of pseudo-random numbers. */
export interface Random {
  /** A float uniform in [0, 1). */
  uniform(): number;
  /** A standard normal draw (Box-Muller). */
  normal(): number;
  /** An integer uniform in [0, n). */
  int(n: number): number;
  /** The internal state, to save in a checkpoint. */
  state(): number[];
  /** Restore a state from {@link Random.state}. */
  setState(state: readonly number[]): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Make a seeded stream. The same `seed` and `label` always give the same numbers.
 *
 * @param seed any integer
 * @param label names the consumer ("init", "shuffle", "noise"), so streams do not overlap
 * @returns the stream
 *
 * @example
 * ```ts
 * import { randomStream } from "./random.ts";
 * const a = randomStream(1, "init");
 * const b = randomStream(1, "init");
 * if (a.uniform() !== b.uniform()) throw new Error("streams differ");
 * ```
 */
export function randomStream(seed: number, label = ""): Random {
  const mix = splitmix32((seed >>> 0) ^ fnv1a(label));
  const s = new Uint32Array([mix(), mix(), mix(), mix()]);
  if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s[0] = 1;
  let spare: number | null = null;
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const uniform = () => next() / 4294967296;
  return {
    uniform,
    normal() {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n: number) {
      return Math.floor(uniform() * n);
    },
    state() {
      return [...s, spare === null ? NaN : spare];
    },
    setState(state: readonly number[]) {
      for (let i = 0; i < 4; i++) s[i] = state[i];
      spare = Number.isNaN(state[4]) ? null : state[4];
    },
  };
}

/**
 * Fill a new Float32Array with normal draws of standard deviation `std`.
 *
 * @example
 * ```ts
 * import { normalArray, randomStream } from "./random.ts";
 * const w = normalArray(randomStream(1), 10, 0.01);
 * if (w.length !== 10) throw new Error("wrong length");
 * ```
 */
export function normalArray(rng: Random, n: number, std = 1, mean = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
  return out;
}

/**
 * Fill a new Float32Array with uniform draws in [low, high).
 *
 * @example
 * ```ts
 * import { randomStream, uniformArray } from "./random.ts";
 * const u = uniformArray(randomStream(1), 5, -1, 1);
 * if (u.some((v) => v < -1 || v >= 1)) throw new Error("out of range");
 * ```
 */
export function uniformArray(rng: Random, n: number, low = 0, high = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = low + (high - low) * rng.uniform();
  return out;
}

/**
 * A seeded Fisher-Yates permutation of 0..n-1.
 *
 * @example
 * ```ts
 * import { permutation, randomStream } from "./random.ts";
 * const p = permutation(randomStream(3, "shuffle"), 5);
 * if ([...p].sort().join() !== "0,1,2,3,4") throw new Error("not a permutation");
 * ```
 */
export function permutation(rng: Random, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
