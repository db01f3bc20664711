/**
 * The analyses of a trained DrSAE's hidden units in Rolfe & LeCun (2013), Sec. 3 and
 * Figures 3-8: how far each unit is from ISTA (encoder-decoder angle, explaining-away angle),
 * the part / categorical split, the strength of its recurrent and classification connections,
 * the optimal decoders of each iterate, and when units first turn on.
 *
 * Per-unit results are `Float32Array`s indexed by hidden unit. The paper's orientation is
 * used in the names (row E_i, column D_i, row (S - I)_i, column C_i); the module doc of
 * `lib/models/drsae.ts` says where each lies in the tfjs-oriented parameters. Functions read tensors back
 * with `await t.data()`, so they run on every backend (WebGPU cannot read synchronously).
 *
 * @module
 */
export * from "./drsae/units.ts";
export * from "./drsae/weights.ts";
export * from "./drsae/connections.ts";
export * from "./drsae/activity.ts";
