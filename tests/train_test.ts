import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { inverseTimeSchedule, linearSchedule } from "../lib/train/schedules.ts";
import { readCheckpoint } from "../lib/train/checkpoint.ts";
import { DivergenceError, InterruptedError, train, type TrainOptions } from "../lib/train/train.ts";
import type { ArrayData } from "../lib/data/rows.ts";

await useBackend("cpu");

const data: ArrayData = {
  x: uniformArray(randomStream(5, "data"), 240 * 16),
  n: 240,
  features: 16,
};
const valid: ArrayData = { x: uniformArray(randomStream(6, "data"), 60 * 16), n: 60, features: 16 };
const model = () => kSparseAutoencoder({ inputs: 16, hidden: 12, k: 3, seed: 7, initStd: 0.1 });
const base: TrainOptions = {
  epochs: 4,
  batchSize: 20,
  learningRate: 0.05,
  seed: 11,
  schedules: { k: linearSchedule({ from: 8, to: 3, fraction: 0.5, round: true }) },
  validation: valid,
};
const paramsOf = (m: ReturnType<typeof model>) =>
  Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, [...v.dataSync()]]));

Deno.test("the same seed gives the same numbers twice", async () => {
  const a = model(), b = model();
  const ra = await train(a, data, base);
  const rb = await train(b, data, base);
  assert.deepEqual(paramsOf(a), paramsOf(b));
  assert.deepEqual(ra.history.map((h) => h.loss), rb.history.map((h) => h.loss));
  const c = model();
  await train(c, data, { ...base, seed: 12 });
  assert.notDeepEqual(paramsOf(a), paramsOf(c));
  for (const m of [a, b, c]) m.dispose();
});

Deno.test("schedules reach the loss and the loss falls", async () => {
  const m = model();
  const r = await train(m, data, { ...base, validation: undefined });
  assert.deepEqual(r.history.map((h) => h.values.k), [8, 3, 3, 3]);
  assert.ok(r.history[3].loss < r.history[0].loss);
  m.dispose();
});

Deno.test("a schedule the model does not read is refused before training", async () => {
  const m = model();
  assert.deepEqual(m.scheduled, ["k"]);
  const before = paramsOf(m);
  const dir = await Deno.makeTempDir();
  let epochs = 0;
  await assert.rejects(
    train(m, data, {
      ...base,
      // @ts-expect-error: the k-sparse autoencoder's schedules are typed, "kk" is not one
      schedules: { kk: linearSchedule({ from: 8, to: 3, fraction: 0.5, round: true }) },
      checkpoint: `${dir}/run.ckpt`,
      onEpochEnd: () => {
        epochs++;
      },
      label: "k-sparse",
    }),
    /k-sparse: the model reads no schedule "kk"; it accepts schedules for "k" only/,
  );
  assert.equal(epochs, 0, "no epoch trained");
  assert.deepEqual(paramsOf(m), before, "no step taken");
  assert.equal(await readCheckpoint(`${dir}/run.ckpt`), undefined, "no checkpoint written");
  // a model that lists no schedules accepts none
  const w = tf.variable(tf.scalar(1));
  const plainModel = { params: { w }, loss: () => tf.mul(w, w) as tf.Scalar };
  await assert.rejects(
    train(plainModel, data, { epochs: 1, schedules: { k: 3 } }),
    /the model reads no schedule "k"; it accepts no schedules/,
  );
  assert.equal(w.dataSync()[0], 1);
  w.dispose();
  m.dispose();
});

Deno.test("an interrupted and resumed run ends with the same numbers", async () => {
  const dir = await Deno.makeTempDir();
  const full = model();
  const rFull = await train(full, data, { ...base, checkpoint: `${dir}/full.ckpt` });

  const part = model();
  const controller = new AbortController();
  await assert.rejects(
    train(part, data, {
      ...base,
      checkpoint: `${dir}/part.ckpt`,
      signal: controller.signal,
      onEpochEnd: (rec) => {
        if (rec.epoch === 1) controller.abort();
      },
    }),
    (e: Error) =>
      e instanceof InterruptedError &&
      /interrupted in epoch 3 of \d+; resume from .*part\.ckpt \(2 epochs done\)/.test(e.message),
  );
  part.dispose();
  const ck = await readCheckpoint(`${dir}/part.ckpt`);
  assert.equal(ck?.meta.epoch, 1);

  const resumed = model(); // fresh weights: everything must come from the checkpoint
  const rRes = await train(resumed, data, { ...base, checkpoint: `${dir}/part.ckpt` });
  assert.equal(rRes.resumedFrom, 1);
  assert.deepEqual(paramsOf(resumed), paramsOf(full));
  assert.deepEqual(rRes.history.map((h) => h.loss), rFull.history.map((h) => h.loss));
  assert.equal(rRes.bestEpoch, rFull.bestEpoch);
  full.dispose();
  resumed.dispose();
});

Deno.test("an epoch whose hook failed is trained again, and its hook called again, on resume", async () => {
  const dir = await Deno.makeTempDir();
  const full = model();
  await train(full, data, base);

  const part = model();
  await assert.rejects(
    train(part, data, {
      ...base,
      checkpoint: `${dir}/hook.ckpt`,
      onEpochEnd: (rec) => {
        if (rec.epoch === 1) throw new Error("evaluation cut short");
      },
    }),
    /evaluation cut short/,
  );
  part.dispose();
  assert.equal((await readCheckpoint(`${dir}/hook.ckpt`))?.meta.epoch, 0, "epoch 1 not saved");

  const seen: number[] = [];
  const resumed = model();
  const r = await train(resumed, data, {
    ...base,
    checkpoint: `${dir}/hook.ckpt`,
    onEpochEnd: (rec) => {
      seen.push(rec.epoch);
    },
  });
  assert.equal(r.resumedFrom, 0);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual(paramsOf(resumed), paramsOf(full));
  full.dispose();
  resumed.dispose();
});

Deno.test("a checkpoint of another model size is refused with the reason", async () => {
  const dir = await Deno.makeTempDir();
  const m = model();
  await train(m, data, { ...base, epochs: 1, checkpoint: `${dir}/a.ckpt` });
  const other = kSparseAutoencoder({ inputs: 16, hidden: 13, k: 3 });
  await assert.rejects(
    train(other, data, { ...base, checkpoint: `${dir}/a.ckpt` }),
    /was made by another run \(model\.params\.W: checkpoint "16x12", this run "16x13".*--fresh/,
  );
  await Deno.writeFile(`${dir}/bad.ckpt`, new Uint8Array([1, 2, 3]));
  await assert.rejects(
    train(m, data, { ...base, checkpoint: `${dir}/bad.ckpt` }),
    /bad\.ckpt is not a checkpoint file.*delete it/,
  );
  m.dispose();
  other.dispose();
});

Deno.test("a diverging run stops with a clear error and keeps the last good checkpoint", async () => {
  const dir = await Deno.makeTempDir();
  const m = model();
  let epochsSeen = 0;
  await assert.rejects(
    train(m, data, {
      ...base,
      epochs: 50,
      learningRate: (epoch) => (epoch < 2 ? 0.05 : 1e6),
      checkpoint: `${dir}/d.ckpt`,
      onEpochEnd: () => {
        epochsSeen++;
      },
    }),
    (e: Error) =>
      e instanceof DivergenceError &&
      /diverged: the training loss became (NaN|Infinity) in epoch \d+ of \d+/.test(e.message) &&
      /last good checkpoint \(\d+ epochs done\) is kept/.test(e.message) &&
      /Lower the learning rate/.test(e.message),
  );
  const ck = await readCheckpoint(`${dir}/d.ckpt`);
  assert.equal(ck?.meta.epoch, epochsSeen - 1);
  for (const a of Object.values(ck!.arrays)) assert.ok(a.data.every(Number.isFinite));
  m.dispose();
});

Deno.test("early stopping stops after patience and restores the best parameters", async () => {
  const m = model();
  let snapshotAt0: Record<string, number[]> = {};
  const scores = [0.5, 0.4, 0.45, 0.46, 0.47, 0.1];
  const r = await train(m, data, {
    ...base,
    validation: undefined,
    epochs: 6,
    validate: (epoch) => {
      if (epoch === 1) snapshotAt0 = paramsOf(m);
      return scores[epoch];
    },
    patience: 2,
  });
  assert.equal(r.stoppedEarly, true);
  assert.equal(r.epochs, 4);
  assert.equal(r.bestEpoch, 1);
  assert.deepEqual(paramsOf(m), snapshotAt0);
  m.dispose();
});

Deno.test("the live tensor count stays flat across epochs", async () => {
  const m = model();
  const counts: number[] = [];
  await train(m, data, {
    ...base,
    epochs: 5,
    onEpochEnd: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts per epoch: ${counts}`);
  m.dispose();
});

Deno.test("malformed data is refused with the reason", async () => {
  const m = model();
  await assert.rejects(
    train(m, { x: new Float32Array(10), n: 3, features: 4 }, base),
    /training data\.x has 10 values but n \* features = 12/,
  );
  await assert.rejects(
    train(m, { ...data, y: new Uint8Array(3) }, base),
    /training data\.y has 3 labels for 240 rows/,
  );
  m.dispose();
});

Deno.test("the constraint hook runs after every step", async () => {
  const m = model();
  let calls = 0;
  const bounded = {
    ...m,
    constrain() {
      calls++;
      // project the columns of W onto the unit ball
      tf.tidy(() => {
        const norms = tf.norm(m.params.W, 2, 0, true);
        m.params.W.assign(tf.div(m.params.W, tf.maximum(norms, 1)));
      });
    },
  };
  await train(bounded, data, { ...base, validation: undefined, learningRate: 0.05, epochs: 2 });
  assert.equal(calls, 2 * (240 / 20));
  const norms = tf.norm(m.params.W, 2, 0).dataSync();
  for (const n of norms) assert.ok(n <= 1 + 1e-5, `column norm ${n}`);
  m.dispose();
});

Deno.test("a kept checkpoint after E epochs is the finished E-epoch run", async () => {
  const dir = await Deno.makeTempDir();
  // a schedule that does not depend on the run's length: the first 2 epochs of a 4-epoch run
  // are a 2-epoch run
  const plain: TrainOptions = { ...base, schedules: { k: 3 }, validation: undefined };
  const long = model();
  await train(long, data, {
    ...plain,
    checkpoint: `${dir}/long.ckpt`,
    checkpointEvery: 3, // epoch 2 is not a regular checkpoint: it is written because kept
    keepCheckpoints: { 2: `${dir}/short.ckpt` },
  });
  assert.equal((await readCheckpoint(`${dir}/short.ckpt`))?.meta.epoch, 1);
  assert.equal((await readCheckpoint(`${dir}/long.ckpt`))?.meta.epoch, 3);

  const short = model();
  const r = await train(short, data, { ...plain, epochs: 2 });
  const loaded = model();
  const seen: number[] = [];
  const rLoaded = await train(loaded, data, {
    ...plain,
    epochs: 2,
    checkpoint: `${dir}/short.ckpt`,
    onEpochEnd: (rec) => {
      seen.push(rec.epoch);
    },
  });
  assert.deepEqual(seen, [], "the kept run is finished: nothing trained");
  assert.equal(rLoaded.resumedFrom, 1);
  assert.deepEqual(paramsOf(loaded), paramsOf(short));
  assert.deepEqual(rLoaded.history.map((h) => h.loss), r.history.map((h) => h.loss));
  assert.notDeepEqual(paramsOf(loaded), paramsOf(long));
  for (const m of [long, short, loaded]) m.dispose();
});

Deno.test("inverseTimeSchedule: eta / (1 + decay t), decay 0 constant, a negative decay refused", () => {
  const s = inverseTimeSchedule(0.2, 0.25);
  assert.deepEqual([0, 1, 4, 12].map((t) => s(t, 20)), [0.2, 0.16, 0.1, 0.05]);
  assert.deepEqual([0, 7].map((t) => inverseTimeSchedule(0.3, 0)(t, 10)), [0.3, 0.3]);
  assert.throws(
    () => inverseTimeSchedule(0.1, -0.5),
    /decay must be a finite number >= 0, got -0.5/,
  );
});
