/**
 * Former file of `ksparseReproduction`, now in `./run.ts` and exported by `./mod.ts`.
 *
 * @deprecated import from `repro/ksparse/mod.ts`
 * @module
 */
export {};
