/**
 * The package's one handle on tfjs. `@tensorflow/tfjs` registers every gradient and the cpu
 * backend, so any module that computes works on its own; the wasm and WebGPU backends are
 * registered by `backend.ts`. `PROD` mode skips debug checks and silences the hint to
 * install tfjs-node, which does not apply to Deno.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

tf.env().set("PROD", true);

export { tf };
