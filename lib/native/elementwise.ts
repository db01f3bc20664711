/**
 * The former path of the private kernel module `../ops/_kernels/elementwise.ts`, kept for the modules that still import
 * it. Kernels are switched with `setKernelOptions` (`lib/backend.ts`).
 *
 * @deprecated import from `../ops/_kernels/elementwise.ts`
 * @module
 */
export * from "../ops/_kernels/elementwise.ts";
