/**
 * Former entry name of part of the iterating-DAE reproduction; `idae.ts` and `mod.ts` export it.
 *
 * @module
 */
export {};
