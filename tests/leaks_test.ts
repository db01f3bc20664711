// Every model constructor and its dispose leave the number of live tensors as it was.
import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { autoencoder } from "../lib/models/autoencoder.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import { drsae } from "../lib/models/drsae.ts";
import { softmaxRegression } from "../lib/models/softmax.ts";
import { rbm } from "../lib/models/rbm.ts";
import { classRbm } from "../lib/models/class_rbm.ts";
import { contractiveAutoencoder } from "../lib/models/contractive.ts";
import { classSpecificAutoencoders } from "../lib/models/csae.ts";
import { factoredCsae } from "../lib/models/csae_factored.ts";

await useBackend("cpu");

const MODELS: Record<string, () => { dispose(): void }> = {
  "autoencoder (tied)": () => autoencoder({ inputs: 8, hidden: 4 }),
  "autoencoder (untied)": () => autoencoder({ inputs: 8, hidden: 4, tied: false }),
  kSparseAutoencoder: () => kSparseAutoencoder({ inputs: 8, hidden: 4, k: 2 }),
  walkbackDae: () => walkbackDae({ inputs: 8, hidden: 4 }),
  drsae: () => drsae({ inputs: 8, hidden: 4 }),
  softmaxRegression: () => softmaxRegression({ inputs: 8, classes: 3 }),
  rbm: () => rbm({ visible: 8, hidden: 4 }),
  classRbm: () => classRbm({ inputs: 8, classes: 3, hidden: 4 }),
  contractiveAutoencoder: () => contractiveAutoencoder({ inputs: 8, hidden: 4 }),
  classSpecificAutoencoders: () => classSpecificAutoencoders({ classes: 3, inputs: 8, hidden: 4 }),
  factoredCsae: () => factoredCsae({ classes: 3, inputs: 8, factors: 3, hidden: 4 }),
};

Deno.test("building and disposing any model leaves no tensor behind", () => {
  const leaks: string[] = [];
  for (const [name, make] of Object.entries(MODELS)) {
    const before = tf.memory().numTensors;
    make().dispose();
    const after = tf.memory().numTensors;
    if (after !== before) leaks.push(`${name}: ${after - before}`);
  }
  assert.deepEqual(leaks, []);
});
