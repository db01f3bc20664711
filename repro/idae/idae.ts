/**
 * The iterating-DAE reproduction under its former entry name: everything `mod.ts` exports.
 *
 * @module
 */
export * from "./mod.ts";
