/**
 * Elementwise kernels in C, compiled on this machine for its CPU and called through Deno's FFI:
 * the logistic sigmoid and its derivative, the row distances of the fixed-point iteration, and
 * the two loops of DrSAE's rectified recurrence.
 *
 * tfjs's wasm kernels run on 128-bit SIMD; a sigmoid there takes about 1.4 ns per number, where
 * the same loop compiled with `-O3 -march=native` runs on the machine's full vector width
 * (measured on [1000, 784]: 1.1 ms on wasm, 0.6 ms in PyTorch). The source below is
 * compiled once per machine with the system C compiler (`cc`, Debian's gcc), cached under
 * `$XDG_CACHE_HOME/sparse-ae` (else `~/.cache/sparse-ae`) by a hash of the source, the flags and
 * the CPU, and opened with `Deno.dlopen`. Without a compiler, or without the permissions
 * (`--allow-run`, `--allow-ffi`, `--allow-write` to the cache), {@link loadElementwise} returns
 * null and says why in {@link elementwiseFailure}; everything then runs on tfjs's kernels.
 * `SPARSE_AE_NATIVE=0` turns it off.
 *
 * The exponential is a range reduction e^x = 2^n e^r (|r| <= ln 2 / 2) and a degree-7
 * polynomial for e^r, written so that the compiler vectorises it (no libm calls): relative
 * error below 2e-7 over the float range (tested). NaN inputs give NaN outputs.
 *
 * @module
 */
import { nativeLibrary } from "./native_build.ts";

const SOURCE = `
#include <stdint.h>
#include <string.h>

/* e^x for float x, NaN passing through: x = n ln2 + r, e^r by its Taylor polynomial. */
static inline float sae_exp(float x) {
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  float n = __builtin_floorf(x * 1.4426950408889634f + 0.5f);
  float r = x - n * 0.693145751953125f - n * 1.428606765330187e-6f;
  float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.16666667f + r * (0.041666668f +
            r * (0.008333334f + r * (0.0013888889f + r * 0.0001984127f))))));
  int32_t bits = ((int32_t)n + 127) << 23;
  float scale;
  memcpy(&scale, &bits, 4);
  return p * scale;
}

/* y may be x (in place) */
void sae_sigmoid(const float *x, float *y, int32_t n) {
  for (int32_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + sae_exp(-x[i]));
}

/* out[r] = ||a_r - b_r||_2 for the rows of two [rows, cols] matrices; eight partial sums per
   row, so that the sum vectorises without reordering permission */
void sae_row_distance(const float *restrict a, const float *restrict b, float *restrict out,
                      int32_t rows, int32_t cols) {
  for (int32_t r = 0; r < rows; r++) {
    const float *p = a + (int64_t)r * cols, *q = b + (int64_t)r * cols;
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int32_t j = 0;
    for (; j + 8 <= cols; j += 8) {
      for (int k = 0; k < 8; k++) {
        float d = p[j + k] - q[j + k];
        acc[k] += d * d;
      }
    }
    float s = 0.0f;
    for (; j < cols; j++) s += (p[j] - q[j]) * (p[j] - q[j]);
    for (int k = 0; k < 8; k++) s += acc[k];
    out[r] = __builtin_sqrtf(s);
  }
}

/* dx = dy * y * (1 - y): the derivative of the sigmoid from its output y */
void sae_sigmoid_grad(const float *restrict y, const float *restrict dy, float *restrict dx,
                      int32_t n) {
  for (int32_t i = 0; i < n; i++) dx[i] = dy[i] * (y[i] * (1.0f - y[i]));
}

/* x = max(x, 0) in place; NaN stays NaN */
void sae_relu_inplace(float *restrict x, int32_t n) {
  for (int32_t i = 0; i < n; i++) x[i] = x[i] < 0.0f ? 0.0f : x[i];
}

/* delta = g * [z > 0]; acc += delta (one step of back-propagation through the recurrence) */
void sae_relu_backward(const float *restrict g, const float *restrict z, float *restrict delta,
                       float *restrict acc, int32_t n) {
  for (int32_t i = 0; i < n; i++) {
    float d = g[i] * (float)(z[i] > 0.0f); /* as the JS loop: NaN in g stays NaN */
    delta[i] = d;
    acc[i] += d;
  }
}
`;

const FLAGS = ["-O3", "-march=native", "-fno-math-errno", "-fno-trapping-math", "-shared", "-fPIC"];

const SYMBOLS = {
  sae_sigmoid: { parameters: ["buffer", "buffer", "i32"], result: "void" },
  sae_sigmoid_grad: { parameters: ["buffer", "buffer", "buffer", "i32"], result: "void" },
  sae_row_distance: { parameters: ["buffer", "buffer", "buffer", "i32", "i32"], result: "void" },
  sae_relu_inplace: { parameters: ["buffer", "i32"], result: "void" },
  sae_relu_backward: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "i32"],
    result: "void",
  },
} as const;

/** The compiled kernels. Arrays may be views of wasm memory; lengths are checked. */
export interface Elementwise {
  /** The shared library that was opened. */
  readonly library: string;
  /** y = 1 / (1 + e^-x); y may be x itself (in place). */
  sigmoid(x: Float32Array, y: Float32Array): void;
  /** out[r] = ||a_r - b_r||_2 for the rows of two [rows, cols] matrices. */
  rowDistance(a: Float32Array, b: Float32Array, out: Float32Array, cols: number): void;
  /** dx = dy y (1 - y), y a sigmoid's output. */
  sigmoidGrad(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** x = max(x, 0), in place. */
  reluInPlace(x: Float32Array): void;
  /** delta = g [z > 0]; acc += delta. */
  reluBackward(g: Float32Array, z: Float32Array, delta: Float32Array, acc: Float32Array): void;
}

let cached: Elementwise | null | undefined;
let failure = "";

function bind(library: string, lib: Deno.DynamicLibrary<typeof SYMBOLS>): Elementwise {
  const same = (...arrays: Float32Array[]) => {
    for (const a of arrays) {
      if (a.length !== arrays[0].length) {
        throw new Error(
          `Elementwise kernels need arrays of one length, got ${a.length} and ` +
            `${arrays[0].length}`,
        );
      }
    }
    return arrays[0].length;
  };
  const s = lib.symbols;
  return {
    library,
    sigmoid: (x, y) => s.sae_sigmoid(x, y, same(x, y)),
    sigmoidGrad: (y, dy, dx) => s.sae_sigmoid_grad(y, dy, dx, same(y, dy, dx)),
    rowDistance: (a, b, out, cols) => {
      const n = same(a, b);
      if (cols <= 0 || n !== out.length * cols) {
        throw new Error(
          `rowDistance needs [rows, ${cols}] inputs and [rows] out, got ` +
            `${n} and ${out.length} numbers`,
        );
      }
      s.sae_row_distance(a, b, out, out.length, cols);
    },
    reluInPlace: (x) => s.sae_relu_inplace(x, x.length),
    reluBackward: (g, z, delta, acc) =>
      s.sae_relu_backward(g, z, delta, acc, same(g, z, delta, acc)),
  };
}

/**
 * Compile (once per machine) and open the elementwise kernels; null when they cannot be had,
 * with the reason in {@link elementwiseFailure}.
 *
 * @example
 * ```ts
 * import { elementwiseFailure, loadElementwise } from "./elementwise.ts";
 * const k = loadElementwise();
 * if (k) {
 *   const y = new Float32Array(1);
 *   k.sigmoid(new Float32Array([0]), y);
 *   console.log(y[0]); // 0.5
 * } else console.log(elementwiseFailure().length > 0); // true
 * ```
 */
export function loadElementwise(): Elementwise | null {
  if (cached !== undefined) return cached;
  try {
    if (Deno.env.get("SPARSE_AE_NATIVE") === "0") {
      throw new Error("turned off (SPARSE_AE_NATIVE=0)");
    }
    const path = nativeLibrary("elementwise", SOURCE, FLAGS);
    cached = bind(path, Deno.dlopen(path, SYMBOLS));
  } catch (e) {
    failure = `native elementwise kernels unavailable: ${(e as Error).message.split("\n")[0]}`;
    cached = null;
  }
  return cached;
}

/**
 * Why {@link loadElementwise} returned null ("" when it has not failed).
 *
 * @example
 * ```ts
 * import { elementwiseFailure } from "./elementwise.ts";
 * console.log(typeof elementwiseFailure()); // "string"
 * ```
 */
export function elementwiseFailure(): string {
  return failure;
}
