/**
 * The DrSAE reproduction under its former file name; import `./mod.ts` instead.
 *
 * @deprecated import from `repro/drsae/mod.ts`
 * @module
 */
export * from "./mod.ts";
