/**
 * The former path of the private kernel module `../ops/_kernels/blas.ts`, kept for the modules that still import
 * it. Kernels are switched with `setKernelOptions` (`lib/backend.ts`).
 *
 * @deprecated import from `../ops/_kernels/blas.ts`
 * @module
 */
export * from "../ops/_kernels/blas.ts";
