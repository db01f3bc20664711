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
 *   backward:  g_rj = s e_r . Wt_j,  dW[:, j] += s a_rj e_r + g_rj x_r,  db_j += g_rj
 *              (j in Γ_r),   db' = s sum_r e_r,   s = 2 dE / batch
 *
 * Layout: W and dW stay [inputs, hidden] (row-major, atom j is column j). The supports are
 * listed by atom (the rows that use each atom), and the atoms are visited in blocks of 16
 * columns: the block is gathered from W into 16 contiguous rows (one 64-byte line of each row
 * of W), each atom is applied to all its rows with contiguous inner loops, and in the backward
 * the block's dW columns are summed in a [16, inputs] buffer and stored once, zeros included.
 * So each step reads W twice and writes dW once, with no transposed copy and no separate
 * clearing pass.
 *
 * The same machinery serves the k-sparse layers of the fine-tuned networks (`../ksparse_layer.ts`):
 * `sae_ksparse_select` keeps each row's k largest pre-activations and `sae_ksparse_layer_backward`
 * gives dW, db and dx from the layer's upstream gradient over the supports only.
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
import { nativeLibrary } from "./native_build.ts";

const SOURCE = `
#include <stdint.h>
#include <string.h>

/* atoms are handled in blocks of BLK consecutive columns of W: one 64-byte line of a row */
#define BLK 16

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
  float acc[16] = {0};
  int32_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int l = 0; l < 16; l++) acc[l] += p[i + l] * q[i + l];
  float s = 0.0f;
  for (; i < n; i++) s += p[i] * q[i];
  for (int l = 0; l < 16; l++) s += acc[l];
  return s;
}

/* The supports of all rows listed by atom (a CSC pattern of the sparse code): the rows with
   atom j active are rowof[off[j] .. off[j + 1]), ascending. off: [hidden + 1], cur:
   [hidden], rowof: [rows * hidden] at most. Row r keeps j when a_rj >= kth[r] (every j when
   all). */
static void support_by_atom(const float *restrict a, const float *restrict kth, int all,
                            int32_t *restrict off, int32_t *restrict cur,
                            int32_t *restrict rowof, int32_t rows, int32_t hidden) {
  memset(off, 0, sizeof(int32_t) * (hidden + 1));
  for (int32_t r = 0; r < rows; r++) {
    const float *ar = a + (int64_t)r * hidden;
    const float t = kth[r];
    for (int32_t j = 0; j < hidden; j++) off[j + 1] += (all || ar[j] >= t);
  }
  for (int32_t j = 0; j < hidden; j++) {
    off[j + 1] += off[j];
    cur[j] = off[j];
  }
  for (int32_t r = 0; r < rows; r++) {
    const float *ar = a + (int64_t)r * hidden;
    const float t = kth[r];
    for (int32_t j = 0; j < hidden; j++)
      if (all || ar[j] >= t) rowof[cur[j]++] = r;
  }
}

/* blk[c][d] = w[d][j0 + c] for c < bw: the atoms j0 .. j0 + bw as contiguous rows of length
   inputs, read from the row-major [inputs, hidden] W one line per input */
static void gather_atoms(const float *restrict w, float *restrict blk, int32_t inputs,
                         int32_t hidden, int32_t j0, int32_t bw) {
  if (bw == BLK) {
    for (int32_t d = 0; d < inputs; d++) {
      const float *src = w + (int64_t)d * hidden + j0;
      for (int32_t c = 0; c < BLK; c++) blk[c * inputs + d] = src[c];
    }
  } else {
    for (int32_t d = 0; d < inputs; d++) {
      const float *src = w + (int64_t)d * hidden + j0;
      for (int32_t c = 0; c < bw; c++) blk[c * inputs + d] = src[c];
    }
  }
}

/* e = x^ - x over the support of each row of a; returns sum ||e||^2. kth: each row's
   threshold (written); buf: [hidden] floats, ints: [2 hidden + 1 + rows hidden] scratch, blk:
   [BLK inputs] scratch. W is read in place, atoms gathered a block at a time. */
double sae_ksparse_forward(const float *restrict x, const float *restrict a,
                           const float *restrict w, const float *restrict bout,
                           float *restrict e, float *restrict kth, float *restrict buf,
                           int32_t *restrict ints, float *restrict blk, int32_t rows,
                           int32_t inputs, int32_t hidden, int32_t k) {
  const int all = k >= hidden;
  for (int32_t r = 0; r < rows; r++) {
    const float *xr = x + (int64_t)r * inputs;
    float *er = e + (int64_t)r * inputs;
    float t = 0.0f;
    if (!all) {
      memcpy(buf, a + (int64_t)r * hidden, sizeof(float) * hidden);
      t = kth_largest(buf, hidden, k);
    }
    kth[r] = t;
    for (int32_t d = 0; d < inputs; d++) er[d] = bout[d] - xr[d];
  }
  int32_t *off = ints, *cur = ints + hidden + 1, *rowof = ints + 2 * hidden + 1;
  support_by_atom(a, kth, all, off, cur, rowof, rows, hidden);
  /* e_r += a_rj W[:, j] for every active pair, atom by atom */
  for (int32_t j0 = 0; j0 < hidden; j0 += BLK) {
    const int32_t bw = hidden - j0 < BLK ? hidden - j0 : BLK;
    if (off[j0] == off[j0 + bw]) continue;
    gather_atoms(w, blk, inputs, hidden, j0, bw);
    for (int32_t c = 0; c < bw; c++) {
      const int32_t j = j0 + c;
      const float *wj = blk + (int64_t)c * inputs;
      for (int32_t p = off[j]; p < off[j + 1]; p++) {
        const int32_t r = rowof[p];
        const float s = a[(int64_t)r * hidden + j];
        float *er = e + (int64_t)r * inputs;
        for (int32_t d = 0; d < inputs; d++) er[d] += s * wj[d];
      }
    }
  }
  double total = 0.0;
  for (int32_t r = 0; r < rows; r++) {
    const float *er = e + (int64_t)r * inputs;
    total += (double)dot(er, er, inputs);
  }
  return total;
}

/* The gradients of scale/2 * sum ||e||^2 in W ([inputs, hidden]), b and b'. Each block of BLK
   atoms is gathered from W, its columns of dW summed over their rows in acc ([BLK, inputs])
   and stored once into dW; blocks without active pairs store zeros. ints, blk, acc: scratch
   as in the forward. */
void sae_ksparse_backward(const float *restrict x, const float *restrict a,
                          const float *restrict kth, const float *restrict e,
                          const float *restrict w, float *restrict dw, float *restrict db,
                          float *restrict dbout, int32_t *restrict ints, float *restrict blk,
                          float *restrict acc, int32_t rows, int32_t inputs, int32_t hidden,
                          int32_t all, float scale) {
  memset(dbout, 0, sizeof(float) * inputs);
  for (int32_t r = 0; r < rows; r++) {
    const float *er = e + (int64_t)r * inputs;
    for (int32_t d = 0; d < inputs; d++) dbout[d] += scale * er[d];
  }
  int32_t *off = ints, *cur = ints + hidden + 1, *rowof = ints + 2 * hidden + 1;
  support_by_atom(a, kth, all, off, cur, rowof, rows, hidden);
  for (int32_t j0 = 0; j0 < hidden; j0 += BLK) {
    const int32_t bw = hidden - j0 < BLK ? hidden - j0 : BLK;
    if (off[j0] == off[j0 + bw]) {
      for (int32_t c = 0; c < bw; c++) db[j0 + c] = 0.0f;
      for (int32_t d = 0; d < inputs; d++)
        memset(dw + (int64_t)d * hidden + j0, 0, sizeof(float) * bw);
      continue;
    }
    gather_atoms(w, blk, inputs, hidden, j0, bw);
    for (int32_t c = 0; c < bw; c++) {
      const int32_t j = j0 + c;
      const float *wj = blk + (int64_t)c * inputs;
      float *aj = acc + (int64_t)c * inputs;
      float dbj = 0.0f;
      memset(aj, 0, sizeof(float) * inputs);
      /* g_rj = s e_r . W[:, j];  dW[:, j] += s a_rj e_r + g_rj x_r */
      for (int32_t p = off[j]; p < off[j + 1]; p++) {
        const int32_t r = rowof[p];
        const float *er = e + (int64_t)r * inputs, *xr = x + (int64_t)r * inputs;
        const float g = scale * dot(er, wj, inputs), s = scale * a[(int64_t)r * hidden + j];
        dbj += g;
        for (int32_t d = 0; d < inputs; d++) aj[d] += s * er[d] + g * xr[d];
      }
      db[j] = dbj;
    }
    /* dW[d][j0 + c] = acc[c][d]: whole lines of dW, written once */
    if (bw == BLK) {
      for (int32_t d = 0; d < inputs; d++) {
        float *dst = dw + (int64_t)d * hidden + j0;
        for (int32_t c = 0; c < BLK; c++) dst[c] = acc[c * inputs + d];
      }
    } else {
      for (int32_t d = 0; d < inputs; d++) {
        float *dst = dw + (int64_t)d * hidden + j0;
        for (int32_t c = 0; c < bw; c++) dst[c] = acc[c * inputs + d];
      }
    }
  }
}

/* A k-sparse layer's forward selection: h_r keeps the entries of a_r at or above its k-th
   largest (ties kept; every entry when all) and kth[r] is that threshold (0 when all). buf:
   [hidden] scratch. */
void sae_ksparse_select(const float *restrict a, float *restrict h, float *restrict kth,
                        float *restrict buf, int32_t rows, int32_t hidden, int32_t k) {
  const int all = k >= hidden;
  for (int32_t r = 0; r < rows; r++) {
    const float *ar = a + (int64_t)r * hidden;
    float *hr = h + (int64_t)r * hidden;
    if (all) {
      kth[r] = 0.0f;
      memcpy(hr, ar, sizeof(float) * hidden);
      continue;
    }
    memcpy(buf, ar, sizeof(float) * hidden);
    const float t = kth_largest(buf, hidden, k);
    kth[r] = t;
    for (int32_t j = 0; j < hidden; j++) hr[j] = ar[j] >= t ? ar[j] : 0.0f;
  }
}

/* The gradients of a k-sparse layer h = supp_k(x W + b) from g = dL/dh ([rows, hidden]),
   over the supports only: dW[:, j] = sum_(r in G_j) g_rj x_r, db_j = sum_(r in G_j) g_rj and,
   when want_dx, dx_r = sum_(j in G_r) g_rj W[:, j]. dW is written once, a block of BLK
   columns at a time (zeros where no row uses the atoms); W is gathered only for dx. ints,
   blk, acc: scratch as in sae_ksparse_backward. */
void sae_ksparse_layer_backward(const float *restrict x, const float *restrict a,
                                const float *restrict kth, const float *restrict g,
                                const float *restrict w, float *restrict dx,
                                float *restrict dw, float *restrict db,
                                int32_t *restrict ints, float *restrict blk,
                                float *restrict acc, int32_t rows, int32_t inputs,
                                int32_t hidden, int32_t all, int32_t want_dx) {
  int32_t *off = ints, *cur = ints + hidden + 1, *rowof = ints + 2 * hidden + 1;
  support_by_atom(a, kth, all, off, cur, rowof, rows, hidden);
  if (want_dx) memset(dx, 0, sizeof(float) * (int64_t)rows * inputs);
  for (int32_t j0 = 0; j0 < hidden; j0 += BLK) {
    const int32_t bw = hidden - j0 < BLK ? hidden - j0 : BLK;
    if (off[j0] == off[j0 + bw]) {
      for (int32_t c = 0; c < bw; c++) db[j0 + c] = 0.0f;
      for (int32_t d = 0; d < inputs; d++)
        memset(dw + (int64_t)d * hidden + j0, 0, sizeof(float) * bw);
      continue;
    }
    if (want_dx) gather_atoms(w, blk, inputs, hidden, j0, bw);
    for (int32_t c = 0; c < bw; c++) {
      const int32_t j = j0 + c;
      const float *wj = blk + (int64_t)c * inputs;
      float *aj = acc + (int64_t)c * inputs;
      float dbj = 0.0f;
      memset(aj, 0, sizeof(float) * inputs);
      for (int32_t p = off[j]; p < off[j + 1]; p++) {
        const int32_t r = rowof[p];
        const float grj = g[(int64_t)r * hidden + j];
        const float *xr = x + (int64_t)r * inputs;
        dbj += grj;
        for (int32_t d = 0; d < inputs; d++) aj[d] += grj * xr[d];
        if (want_dx) {
          float *dxr = dx + (int64_t)r * inputs;
          for (int32_t d = 0; d < inputs; d++) dxr[d] += grj * wj[d];
        }
      }
      db[j] = dbj;
    }
    for (int32_t d = 0; d < inputs; d++) {
      float *dst = dw + (int64_t)d * hidden + j0;
      for (int32_t c = 0; c < bw; c++) dst[c] = acc[c * inputs + d];
    }
  }
}
`;

const FLAGS = ["-O3", "-march=native", "-fno-math-errno", "-fno-trapping-math", "-shared", "-fPIC"];

const SYMBOLS = {
  sae_ksparse_forward: {
    // x, a, W, b', e, kth, buf, ints, blk, rows, inputs, hidden, k
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
    ],
    result: "f64",
  },
  sae_ksparse_backward: {
    // x, a, kth, e, W, dW, db, db', ints, blk, acc, rows, inputs, hidden, all, scale
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
  sae_ksparse_select: {
    // a, h, kth, buf, rows, hidden, k
    parameters: ["buffer", "buffer", "buffer", "buffer", "i32", "i32", "i32"],
    result: "void",
  },
  sae_ksparse_layer_backward: {
    // x, a, kth, g, W, dx, dW, db, ints, blk, acc, rows, inputs, hidden, all, want_dx
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
      "buffer",
      "buffer",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
    ],
    result: "void",
  },
} as const;

/** Atoms per block in the loops (`BLK` in the source). */
const BLOCK = 16;

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
   * From x, a = x W + b and W: writes e = x^ - x over each row's k largest entries of a (ties
   * kept) and each row's threshold (the k-th largest; 0 when k = hidden), and returns
   * sum ||e||^2. W is read in place, only the blocks of columns that hold active atoms.
   */
  forward(
    s: KSparseSizes,
    k: number,
    arrays: {
      x: Float32Array;
      a: Float32Array;
      W: Float32Array;
      bOut: Float32Array;
      e: Float32Array;
      kth: Float32Array;
    },
  ): number;
  /**
   * The gradients of (scale / 2) sum ||e||^2 in W, b and b' from the forward's x, a, kth, e
   * and W; the supports' columns are summed, every other entry of dW is set to 0, and dW is
   * written once.
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
      W: Float32Array;
      dW: Float32Array;
      db: Float32Array;
      dbOut: Float32Array;
    },
  ): void;
  /**
   * A k-sparse layer's selection: h keeps each row's entries of a at or above its k-th largest
   * (ties kept), and kth holds those thresholds (0 when k = hidden).
   */
  select(
    s: { rows: number; hidden: number },
    k: number,
    arrays: { a: Float32Array; h: Float32Array; kth: Float32Array },
  ): void;
  /**
   * A k-sparse layer's gradients from g = dL/dh, over the supports (from a and kth) only: dW
   * ([inputs, hidden], written whole), db and, when `dx` is given, dx = g_masked W^T.
   */
  layerBackward(
    s: KSparseSizes,
    k: number,
    arrays: {
      x: Float32Array;
      a: Float32Array;
      kth: Float32Array;
      g: Float32Array;
      W: Float32Array;
      dW: Float32Array;
      db: Float32Array;
      dx?: Float32Array;
    },
  ): void;
}

let cached: KSparseNative | null | undefined;
let failure = "";
// scratch, grown on demand: the row copy of the selection, the supports listed by atom, and
// one block of atoms and of their dW columns
let buf = new Float32Array(0);
let ints = new Int32Array(0);
let blk = new Float32Array(0);
let acc = new Float32Array(0);

function scratch(rows: number, inputs: number, hidden: number): void {
  if (buf.length < hidden) buf = new Float32Array(hidden);
  const n = 2 * hidden + 1 + rows * hidden;
  if (ints.length < n) ints = new Int32Array(n);
  if (blk.length < BLOCK * inputs) {
    blk = new Float32Array(BLOCK * inputs);
    acc = new Float32Array(BLOCK * inputs);
  }
}

function check(name: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new Error(`k-sparse step: ${name} has ${a.length} numbers, not ${n}`);
}

function bind(library: string, lib: Deno.DynamicLibrary<typeof SYMBOLS>): KSparseNative {
  return {
    library,
    forward({ rows, inputs, hidden }, k, { x, a, W, bOut, e, kth }) {
      check("x", x, rows * inputs);
      check("e", e, rows * inputs);
      check("a", a, rows * hidden);
      check("W", W, inputs * hidden);
      check("b'", bOut, inputs);
      check("kth", kth, rows);
      scratch(rows, inputs, hidden);
      return lib.symbols.sae_ksparse_forward(
        x,
        a,
        W,
        bOut,
        e,
        kth,
        buf,
        ints,
        blk,
        rows,
        inputs,
        hidden,
        k,
      );
    },
    backward({ rows, inputs, hidden }, k, scale, { x, a, kth, e, W, dW, db, dbOut }) {
      check("x", x, rows * inputs);
      check("e", e, rows * inputs);
      check("a", a, rows * hidden);
      check("W", W, inputs * hidden);
      check("dW", dW, inputs * hidden);
      check("db", db, hidden);
      check("db'", dbOut, inputs);
      check("kth", kth, rows);
      scratch(rows, inputs, hidden);
      lib.symbols.sae_ksparse_backward(
        x,
        a,
        kth,
        e,
        W,
        dW,
        db,
        dbOut,
        ints,
        blk,
        acc,
        rows,
        inputs,
        hidden,
        k >= hidden ? 1 : 0,
        scale,
      );
    },
    select({ rows, hidden }, k, { a, h, kth }) {
      check("a", a, rows * hidden);
      check("h", h, rows * hidden);
      check("kth", kth, rows);
      scratch(rows, 1, hidden);
      lib.symbols.sae_ksparse_select(a, h, kth, buf, rows, hidden, k);
    },
    layerBackward({ rows, inputs, hidden }, k, { x, a, kth, g, W, dW, db, dx }) {
      check("x", x, rows * inputs);
      check("a", a, rows * hidden);
      check("g", g, rows * hidden);
      check("kth", kth, rows);
      check("W", W, inputs * hidden);
      check("dW", dW, inputs * hidden);
      check("db", db, hidden);
      if (dx) check("dx", dx, rows * inputs);
      scratch(rows, inputs, hidden);
      lib.symbols.sae_ksparse_layer_backward(
        x,
        a,
        kth,
        g,
        W,
        dx ?? buf,
        dW,
        db,
        ints,
        blk,
        acc,
        rows,
        inputs,
        hidden,
        k >= hidden ? 1 : 0,
        dx ? 1 : 0,
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
    const path = nativeLibrary("ksparse", SOURCE, FLAGS);
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
