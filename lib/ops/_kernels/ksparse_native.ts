/**
 * The loops of the k-sparse autoencoder's training step (`../ksparse_step.ts`) in C, compiled
 * on this machine for its CPU and called through Deno's FFI, like `./elementwise.ts`: the
 * support selection, the decoder product over the active atoms and the gradients that touch
 * only the active columns of W.
 *
 * With rows as examples, a = x W + b the dense pre-activation ([batch, hidden]), Γ_r the
 * support of row r (the entries at or above its k-th largest value, ties kept), Wt = W^T and
 * e = x^ - x:
 *
 *   forward:   e_r = b' - x_r + sum_(j in Γ_r) a_rj Wt_j,   E = sum_r ||e_r||^2
 *   backward:  g_rj = s e_r . Wt_j,  dWt_j += s a_rj e_r + g_rj x_r,  db_j += g_rj  (j in Γ_r)
 *              db' = s sum_r e_r,   s = 2 dE / batch
 *
 * Each of the four gathered loops costs batch k inputs multiply-adds, against batch hidden
 * inputs for a dense product. The source is compiled with `cc -O3 -march=native`, cached under
 * `$XDG_CACHE_HOME/sparse-ae` (else `~/.cache/sparse-ae`) by a hash of the source, the flags and
 * the CPU. Without a compiler or the permissions (`--allow-run`, `--allow-ffi`, `--allow-write`
 * to the cache), {@link loadKSparseNative} returns null and says why in
 * {@link kSparseNativeFailure}. `SPARSE_AE_NATIVE=0` turns it off.
 *
 * @module
 */
import { hashHex } from "../../hash.ts";

const SOURCE = `
#include <stdint.h>
#include <string.h>

/* dst[c][r] = src[r][c] for a row-major [rows, cols] src, in 32 x 32 blocks */
static void transpose(const float *restrict src, float *restrict dst, int32_t rows,
                      int32_t cols) {
  for (int32_t r0 = 0; r0 < rows; r0 += 32) {
    int32_t r1 = r0 + 32 < rows ? r0 + 32 : rows;
    for (int32_t c0 = 0; c0 < cols; c0 += 32) {
      int32_t c1 = c0 + 32 < cols ? c0 + 32 : cols;
      for (int32_t r = r0; r < r1; r++)
        for (int32_t c = c0; c < c1; c++) dst[(int64_t)c * rows + r] = src[(int64_t)r * cols + c];
    }
  }
}

/* the k-th largest of buf[0..n) (1 <= k <= n) by quickselect; buf is reordered */
static float kth_largest(float *buf, int32_t n, int32_t k) {
  int32_t lo = 0, hi = n - 1, target = k - 1;
  while (lo < hi) {
    float p = buf[lo + (hi - lo) / 2];
    int32_t i = lo, j = hi;
    while (i <= j) {
      while (buf[i] > p) i++;
      while (buf[j] < p) j--;
      if (i <= j) {
        float t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return buf[target];
  }
  return buf[target];
}

static float dot(const float *restrict p, const float *restrict q, int32_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int32_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; l++) acc[l] += p[i + l] * q[i + l];
  float s = 0.0f;
  for (; i < n; i++) s += p[i] * q[i];
  for (int l = 0; l < 8; l++) s += acc[l];
  return s;
}

/* e = x^ - x over the support of each row of a; returns sum ||e||^2. kth: each row's
   threshold; wt: W transposed, [hidden, inputs]; buf: [hidden] scratch */
double sae_ksparse_forward(const float *restrict x, const float *restrict a,
                           const float *restrict w, const float *restrict bout,
                           float *restrict wt, float *restrict e, float *restrict kth,
                           float *restrict buf, int32_t rows, int32_t inputs, int32_t hidden,
                           int32_t k) {
  transpose(w, wt, inputs, hidden);
  int all = k >= hidden;
  double total = 0.0;
  for (int32_t r = 0; r < rows; r++) {
    const float *ar = a + (int64_t)r * hidden, *xr = x + (int64_t)r * inputs;
    float *er = e + (int64_t)r * inputs;
    float t = 0.0f;
    if (!all) {
      memcpy(buf, ar, sizeof(float) * hidden);
      t = kth_largest(buf, hidden, k);
    }
    kth[r] = t;
    for (int32_t d = 0; d < inputs; d++) er[d] = bout[d] - xr[d];
    for (int32_t j = 0; j < hidden; j++) {
      if (!(all || ar[j] >= t)) continue;
      const float s = ar[j], *wj = wt + (int64_t)j * inputs;
      for (int32_t d = 0; d < inputs; d++) er[d] += s * wj[d];
    }
    total += (double)dot(er, er, inputs);
  }
  return total;
}

/* the gradients of scale/2 * sum ||e||^2 in W ([inputs, hidden]), b and b'; dwt: [hidden,
   inputs] scratch */
void sae_ksparse_backward(const float *restrict x, const float *restrict a,
                          const float *restrict kth, const float *restrict e,
                          const float *restrict wt, float *restrict dwt, float *restrict dw,
                          float *restrict db, float *restrict dbout, int32_t rows,
                          int32_t inputs, int32_t hidden, int32_t all, float scale) {
  memset(dwt, 0, sizeof(float) * (int64_t)hidden * inputs);
  memset(db, 0, sizeof(float) * hidden);
  memset(dbout, 0, sizeof(float) * inputs);
  for (int32_t r = 0; r < rows; r++) {
    const float *ar = a + (int64_t)r * hidden, *xr = x + (int64_t)r * inputs;
    const float *er = e + (int64_t)r * inputs;
    const float t = kth[r];
    for (int32_t d = 0; d < inputs; d++) dbout[d] += scale * er[d];
    for (int32_t j = 0; j < hidden; j++) {
      if (!(all || ar[j] >= t)) continue;
      const float *wj = wt + (int64_t)j * inputs;
      const float g = scale * dot(er, wj, inputs), s = scale * ar[j];
      float *dj = dwt + (int64_t)j * inputs;
      db[j] += g;
      for (int32_t d = 0; d < inputs; d++) dj[d] += s * er[d] + g * xr[d];
    }
  }
  transpose(dwt, dw, hidden, inputs);
}
`;

const FLAGS = ["-O3", "-march=native", "-fno-math-errno", "-fno-trapping-math", "-shared", "-fPIC"];

const SYMBOLS = {
  sae_ksparse_forward: {
    parameters: [
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "i32",
      "i32",
      "i32",
      "i32",
    ],
    result: "f64",
  },
  sae_ksparse_backward: {
    parameters: [
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
    ],
    result: "void",
  },
} as const;

/** The sizes of one k-sparse step: x is [rows, inputs], W is [inputs, hidden]. */
export interface KSparseSizes {
  /** Examples in the batch. */
  rows: number;
  /** Input dimension. */
  inputs: number;
  /** Hidden units. */
  hidden: number;
}

/** The compiled loops. Arrays may be views of wasm memory; lengths are checked. */
export interface KSparseNative {
  /** The shared library that was opened. */
  readonly library: string;
  /**
   * From x, a = x W + b and W: writes Wt = W^T, e = x^ - x over each row's k largest entries
   * of a (ties kept) and each row's threshold (the k-th largest; 0 when k = hidden), and
   * returns sum ||e||^2.
   */
  forward(
    s: KSparseSizes,
    k: number,
    arrays: {
      x: Float32Array;
      a: Float32Array;
      W: Float32Array;
      bOut: Float32Array;
      Wt: Float32Array;
      e: Float32Array;
      kth: Float32Array;
    },
  ): number;
  /**
   * The gradients of (scale / 2) sum ||e||^2 in W, b and b' from the forward's x, a, kth, e
   * and Wt; only the supports' columns are touched.
   */
  backward(
    s: KSparseSizes,
    k: number,
    scale: number,
    arrays: {
      x: Float32Array;
      a: Float32Array;
      kth: Float32Array;
      e: Float32Array;
      Wt: Float32Array;
      dW: Float32Array;
      db: Float32Array;
      dbOut: Float32Array;
    },
  ): void;
}

let cached: KSparseNative | null | undefined;
let failure = "";
let buf = new Float32Array(0);
let dwt = new Float32Array(0);

function cacheDir(): string {
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  const home = Deno.env.get("HOME");
  if (xdg) return `${xdg}/sparse-ae`;
  if (home) return `${home}/.cache/sparse-ae`;
  throw new Error("no cache directory: set XDG_CACHE_HOME or HOME");
}

function cpuSignature(): string {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    const model = info.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "";
    const flags = info.match(/^flags\s*:\s*(.*)$/m)?.[1] ?? "";
    return `${Deno.build.target} ${model} ${flags}`;
  } catch {
    return Deno.build.target;
  }
}

function compile(path: string): void {
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  const src = `${path}.${Deno.pid}.c`;
  const tmp = `${path}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(src, SOURCE);
  try {
    const out = new Deno.Command("cc", { args: [...FLAGS, "-o", tmp, src], stderr: "piped" })
      .outputSync();
    if (!out.success) {
      const msg = new TextDecoder().decode(out.stderr).split("\n").slice(0, 3).join(" ");
      throw new Error(`cc failed: ${msg}`);
    }
    Deno.renameSync(tmp, path); // atomic: another process sees the whole library or none
  } finally {
    Deno.removeSync(src);
    try {
      Deno.removeSync(tmp);
    } catch {
      // renamed
    }
  }
}

function check(name: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new Error(`k-sparse step: ${name} has ${a.length} numbers, not ${n}`);
}

function bind(library: string, lib: Deno.DynamicLibrary<typeof SYMBOLS>): KSparseNative {
  return {
    library,
    forward({ rows, inputs, hidden }, k, { x, a, W, bOut, Wt, e, kth }) {
      check("x", x, rows * inputs);
      check("e", e, rows * inputs);
      check("a", a, rows * hidden);
      check("W", W, inputs * hidden);
      check("Wt", Wt, inputs * hidden);
      check("b'", bOut, inputs);
      check("kth", kth, rows);
      if (buf.length < hidden) buf = new Float32Array(hidden);
      return lib.symbols.sae_ksparse_forward(
        x,
        a,
        W,
        bOut,
        Wt,
        e,
        kth,
        buf,
        rows,
        inputs,
        hidden,
        k,
      );
    },
    backward({ rows, inputs, hidden }, k, scale, { x, a, kth, e, Wt, dW, db, dbOut }) {
      check("x", x, rows * inputs);
      check("e", e, rows * inputs);
      check("a", a, rows * hidden);
      check("Wt", Wt, inputs * hidden);
      check("dW", dW, inputs * hidden);
      check("db", db, hidden);
      check("db'", dbOut, inputs);
      check("kth", kth, rows);
      if (dwt.length < inputs * hidden) dwt = new Float32Array(inputs * hidden);
      lib.symbols.sae_ksparse_backward(
        x,
        a,
        kth,
        e,
        Wt,
        dwt,
        dW,
        db,
        dbOut,
        rows,
        inputs,
        hidden,
        k >= hidden ? 1 : 0,
        scale,
      );
    },
  };
}

/**
 * Compile (once per machine) and open the k-sparse step's loops; null when they cannot be had,
 * with the reason in {@link kSparseNativeFailure}.
 *
 * @example
 * ```ts
 * import { kSparseNativeFailure, loadKSparseNative } from "./ksparse_native.ts";
 * const lib = loadKSparseNative();
 * console.log(lib !== null || kSparseNativeFailure().length > 0); // true
 * ```
 */
export function loadKSparseNative(): KSparseNative | null {
  if (cached !== undefined) return cached;
  try {
    if (Deno.env.get("SPARSE_AE_NATIVE") === "0") {
      throw new Error("turned off (SPARSE_AE_NATIVE=0)");
    }
    const key = hashHex(`${SOURCE}\n${FLAGS.join(" ")}\n${cpuSignature()}`);
    const path = `${cacheDir()}/ksparse-${key}.so`;
    let exists = false;
    try {
      exists = Deno.statSync(path).isFile;
    } catch {
      exists = false;
    }
    if (!exists) compile(path);
    cached = bind(path, Deno.dlopen(path, SYMBOLS));
  } catch (e) {
    failure = `native k-sparse loops unavailable: ${(e as Error).message.split("\n")[0]}`;
    cached = null;
  }
  return cached;
}

/**
 * Why {@link loadKSparseNative} returned null ("" when it has not failed).
 *
 * @example
 * ```ts
 * import { kSparseNativeFailure } from "./ksparse_native.ts";
 * console.log(typeof kSparseNativeFailure()); // "string"
 * ```
 */
export function kSparseNativeFailure(): string {
  return failure;
}
