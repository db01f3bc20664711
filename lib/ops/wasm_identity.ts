/**
 * The former path of the private kernel module `./_kernels/wasm_identity.ts`, kept for the modules that still import
 * it. Kernels are switched with `setKernelOptions` (`lib/backend.ts`).
 *
 * @deprecated import from `./_kernels/wasm_identity.ts`
 * @module
 */
export * from "./_kernels/wasm_identity.ts";
