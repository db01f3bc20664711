/**
 * The k-sparse reproduction under its former file name; import `./mod.ts` instead.
 *
 * @deprecated import from `repro/ksparse/mod.ts`
 * @module
 */
export * from "./mod.ts";
