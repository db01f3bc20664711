/**
 * Single-precision matrix products, and the vector updates sscal and saxpy, from a system BLAS
 * (OpenBLAS, BLIS or any library with the CBLAS interface) through Deno's FFI. The wasm
 * backend's fast kernels use it (`lib/ops/`); everything in the package works without it.
 *
 * The library is looked up in `BLAS_LIBRARY` (a path), then Debian's names:
 * libopenblas.so.0 (package libopenblas0-pthread), libblis.so.4, libcblas.so.3, libblas.so.3.
 * FFI needs Deno's `--allow-ffi` permission.
 *
 * @module
 */

const CANDIDATES = ["libopenblas.so.0", "libblis.so.4", "libcblas.so.3", "libblas.so.3"];

const SYMBOLS = {
  cblas_sgemm: {
    // order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  // n, alpha, x, incx
  cblas_sscal: { parameters: ["i32", "f32", "buffer", "i32"], result: "void" },
  // n, alpha, x, incx, y, incy
  cblas_saxpy: { parameters: ["i32", "f32", "buffer", "i32", "buffer", "i32"], result: "void" },
} as const;

const THREAD_SYMBOLS = {
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_num_threads: { parameters: [], result: "i32" },
} as const;

/** A loaded BLAS: matrix product and thread control. */
export interface Blas {
  /** The library file that was opened. */
  readonly library: string;
  /**
   * C = op(A) op(B) for row-major matrices: op(A) is [m, k], op(B) is [k, n], C is [m, n].
   * `transA` means A is stored as [k, m]; `transB` means B is stored as [n, k]. With `beta`
   * (default 0) the product is added to beta times what C holds, and with `alpha` (default 1)
   * the product is scaled: C = alpha op(A) op(B) + beta C.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    beta?: number,
    alpha?: number,
  ): void;
  /**
   * x = alpha x, in place; with `inc` (default 1) every inc-th element from the first: a
   * column of a row-major matrix with `inc` columns, given the view from its first element.
   */
  scale(alpha: number, x: Float32Array, inc?: number): void;
  /** y = alpha x + y, in place; x and y have the same length. */
  axpy(alpha: number, x: Float32Array, y: Float32Array): void;
  /** Set the number of BLAS threads, where the library allows it (OpenBLAS). */
  setThreads(n: number): boolean;
  /** The number of BLAS threads, or 1 where the library does not say. */
  threads(): number;
}

let cached: Blas | null | undefined;
let failure = "";

/**
 * Open the system BLAS once; `null` when none can be opened (the reason is in
 * {@link blasFailure}).
 *
 * @example
 * ```ts
 * import { blasFailure, loadBlas } from "./blas.ts";
 * const blas = loadBlas();
 * console.log(blas ? `BLAS: ${blas.library}` : `no BLAS: ${blasFailure()}`);
 * ```
 */
export function loadBlas(): Blas | null {
  if (cached !== undefined) return cached;
  const tried: string[] = [];
  let env: string | undefined;
  try {
    env = Deno.env.get("BLAS_LIBRARY");
  } catch {
    env = undefined;
  }
  for (const name of env ? [env] : CANDIDATES) {
    try {
      const lib = Deno.dlopen(name, SYMBOLS);
      let threads: Deno.DynamicLibrary<typeof THREAD_SYMBOLS> | null = null;
      try {
        threads = Deno.dlopen(name, THREAD_SYMBOLS);
      } catch {
        threads = null;
      }
      cached = makeBlas(name, lib, threads);
      return cached;
    } catch (e) {
      tried.push(`${name}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  failure = `no CBLAS library could be opened (${tried.join("; ")}). Install Debian's ` +
    `libopenblas0-pthread, or set BLAS_LIBRARY to a library with cblas_sgemm, and allow FFI ` +
    `(--allow-ffi)`;
  cached = null;
  return null;
}

/**
 * Why {@link loadBlas} returned null ("" when it has not failed).
 *
 * @example
 * ```ts
 * import { blasFailure } from "./blas.ts";
 * console.log(typeof blasFailure()); // "string"
 * ```
 */
export function blasFailure(): string {
  return failure;
}

const ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

function makeBlas(
  library: string,
  lib: Deno.DynamicLibrary<typeof SYMBOLS>,
  threads: Deno.DynamicLibrary<typeof THREAD_SYMBOLS> | null,
): Blas {
  return {
    library,
    sgemm(transA, transB, m, n, k, a, b, c, beta = 0, alpha = 1) {
      lib.symbols.cblas_sgemm(
        ROW_MAJOR,
        transA ? TRANS : NO_TRANS,
        transB ? TRANS : NO_TRANS,
        m,
        n,
        k,
        alpha,
        a,
        transA ? m : k,
        b,
        transB ? k : n,
        beta,
        c,
        n,
      );
    },
    scale(alpha, x, inc = 1) {
      if (x.length === 0) return;
      lib.symbols.cblas_sscal(Math.floor((x.length - 1) / inc) + 1, alpha, x, inc);
    },
    axpy(alpha, x, y) {
      if (x.length !== y.length) {
        throw new Error(`axpy needs vectors of one length, got ${x.length} and ${y.length}`);
      }
      lib.symbols.cblas_saxpy(x.length, alpha, x, 1, y, 1);
    },
    setThreads(n) {
      if (!threads) return false;
      threads.symbols.openblas_set_num_threads(n);
      return true;
    },
    threads() {
      return threads ? threads.symbols.openblas_get_num_threads() : 1;
    },
  };
}
