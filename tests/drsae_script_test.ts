import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { readResultsCsv } from "../lib/io/table.ts";
import { drsae } from "../lib/models/drsae.ts";
import {
  activityStatistics,
  optimalDecoders,
  readDrsaeWeights,
  splitFit,
} from "../lib/eval/drsae_analysis.ts";
import { DRSAE_PAPER_TABLE1, DRSAE_PRESETS, trainDrsae } from "../repro/drsae/mod.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { runScript, runSmoke } from "./test_helpers.ts";

await useBackend("cpu");

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} is not within ${tol} of ${b}`);

/** Plain weights with everything zero but what the test sets. */

Deno.test("repro:drsae --preset smoke writes every table and figure", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke("drsae", out, ["--backend", "wasm"], { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /backend: wasm/);
  const table = await readResultsCsv(`${out}/table1.csv`);
  assert.equal(table.length, DRSAE_PAPER_TABLE1.length);
  for (const name of ["400^11", "200^11", "400^2", "200^2"]) {
    const row = table.find((t) => t.row === `DrSAE 784-${name}-10`)!;
    assert.ok((row.ours as number) > 0 && (row.ours as number) < 90, `${name}: ${row.ours}`);
    assert.ok((row.fineTuneEpochs as number) >= 1 && (row.pretrainEpochs as number) === 2);
    assert.equal(row.backend, "wasm");
  }
  assert.match(
    await Deno.readTextFile(`${out}/table1.md`),
    /\| DrSAE 784-400\^11-10 \| 1\.08 \| \d+\.\d\d \|/,
  );
  const units = await readResultsCsv(`${out}/units.csv`);
  assert.equal(units.length, 8);
  for (const u of units) {
    assert.equal(
      (u.ours as number) + (u.part as number) + (u.intermediate as number),
      u.units as number,
    );
  }
  // each network on each split; its test row is Table 1's error, the paper's beside it
  const fit = await readResultsCsv(`${out}/fit.csv`);
  assert.equal(fit.length, 12);
  for (const name of ["400^11", "200^11", "400^2", "200^2"]) {
    const test = fit.find((f) => f.row === `784-${name}-10, test`)!;
    const t1 = table.find((t) => t.row === `DrSAE 784-${name}-10`)!;
    assert.ok(Math.abs((test.ours as number) - (t1.ours as number)) < 0.006, name);
    assert.equal(test.paper, t1.paper);
    const train = fit.find((f) => f.row === `784-${name}-10, training`)!;
    assert.equal(train.paper, null);
    assert.ok((train.lossU as number) > 0 && (train.lossS as number) > 0);
    assert.ok(
      (train.neverOn as number) >= 0 && (train.neverOn as number) <= (train.units as number),
    );
  }
  for (
    const f of [
      "figure2a-encoders.png",
      "figure2b-decoders.png",
      "figure2c-classifier.png",
      "figure5.png",
      "figure6a.png",
      "figure6b.png",
      "figure6c.png",
      "figure8a.png",
      "figure8b.png",
    ]
  ) {
    const png = await Deno.readFile(`${out}/${f}`);
    assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71], f); // "PNG"
  }
  for (const f of ["figure3", "figure4", "figure7", "training"]) {
    assert.match(await Deno.readTextFile(`${out}/${f}.svg`), /^<svg/, f);
  }
  // Figure 3: three rows of panels, one column per network
  const fig3 = await Deno.readTextFile(`${out}/figure3.svg`);
  assert.equal(fig3.match(/<svg x=/g)?.length, 12);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.equal(meta.preset, "smoke");
  assert.equal(meta.backend, "wasm");
  assert.equal(meta.extra.config.optimizer, "adam");
  assert.equal(meta.extra.figures.length, 13);
  assert.equal(meta.extra.outcomes.length, 4);
  assert.ok(
    meta.extra.outcomes.every((o: { fineTuneEpochSeconds: number }) => o.fineTuneEpochSeconds > 0),
  );
});

Deno.test("repro:drsae refuses an unknown flag and names the accepted ones", async () => {
  const r = await runScript("drsae", ["--preset", "smoke", "--sparsity", "0.1"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown flag --sparsity/);
  assert.match(
    r.stderr,
    /--lambda L +the L1 weight of Eq. 2/,
    "the usage lists the script's own flags",
  );
  assert.match(r.stderr, /Usage: deno task repro:drsae/);
  const v = await runScript("drsae", ["--dataset", "cifar"]);
  assert.equal(v.code, 2);
  assert.match(v.stderr, /Unknown --dataset "cifar": use one of mnist, fashion-mnist/);
});

Deno.test("repro:drsae --architectures trains the named networks only", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke(
    "drsae",
    out,
    [
      "--backend",
      "wasm",
      "--architectures",
      "30x2",
      "--pretrain-epochs",
      "1",
      "--epochs",
      "2",
      "--lambda",
      "0.02",
      "--fine-tune-optimizer",
      "sgd",
      "--fine-tune-rate",
      "0.05",
    ],
    { XDG_RUNTIME_DIR: "/tmp" },
  );
  assert.equal(r.code, 0, r.stderr);
  const table = await readResultsCsv(`${out}/table1.csv`);
  const ours = table.find((t) => t.row === "DrSAE 784-30^2-10")!;
  assert.ok((ours.ours as number) > 0 && (ours.ours as number) < 100);
  assert.equal(ours.pretrainEpochs, 1);
  assert.ok((ours.fineTuneEpochs as number) <= 2);
  for (const name of ["400^11", "200^11", "400^2", "200^2"]) {
    const row = table.find((t) => t.row === `DrSAE 784-${name}-10`)!;
    assert.equal(row.ours, null, name);
    assert.equal(row.note, "not in this preset");
  }
  const units = await readResultsCsv(`${out}/units.csv`);
  assert.equal(units.length, 2, "one network, before and after fine-tuning");
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.deepEqual(meta.extra.config.architectures, [{ hidden: 30, steps: 2 }]);
  assert.deepEqual(meta.extra.config.figureArchitecture, { hidden: 30, steps: 2 });
  assert.equal(meta.extra.config.lambda, 0.02);
  assert.equal(meta.extra.config.fineTune.optimizer, "sgd");
  assert.equal(meta.extra.config.fineTune.learningRate, 0.05);
  // the preset's last rate (0.0001 after 0.001) scales with the first
  assert.equal(meta.extra.config.fineTune.finalLearningRate, 0.005);
  const md = await Deno.readTextFile(`${out}/table1.md`);
  assert.match(md, /lambda 0\.02 \(not given in the paper\)/);
  assert.match(md, /Adam with epsilon 0\.001 in pretraining, SGD momentum 0\.9 in fine-tuning/);
  assert.match(md, /lr 0\.05 falling linearly to 0\.005/);

  for (
    const [flag, value, message] of [
      [
        "--architectures",
        "400-11",
        /--architectures: Bad architecture "400-11": write HIDDENxSTEPS/,
      ],
      ["--architectures", ",", /--architectures: No architectures in ","/],
      ["--pretrain-epochs", "0", /--pretrain-epochs must be an integer >= 1, got "0"/],
      ["--lambda", "x", /--lambda must be a number >= 0, got "x"/],
      ["--fine-tune-optimizer", "rmsprop", /--fine-tune-optimizer must be adam or sgd/],
      [
        "--fine-tune-optimizer",
        "sgd",
        /sgd in this phase needs --fine-tune-rate: the preset's rate 0\.001 is tuned for adam/,
      ],
      ["--optimizer", "sgd", /sgd in this phase needs --pretrain-rate: the preset's rate 0\.003/],
      ["--fine-tune-rate", "0", /--fine-tune-rate must be a number > 0, got "0"/],
    ] as const
  ) {
    const bad = await runScript("drsae", ["--preset", "smoke", flag, value]);
    assert.equal(bad.code, 2, `${flag} ${value}`);
    assert.match(bad.stderr, message);
  }
});

Deno.test("the added analyses and two-phase training leave no tensors behind", async () => {
  const before = tf.memory().numTensors;
  const model = drsae({ inputs: 8, hidden: 6, classes: 3, steps: 3 });
  const mid = tf.memory().numTensors;
  const data = { x: uniformArray(randomStream(5, "x"), 10 * 8), n: 10, features: 8 };
  await readDrsaeWeights(model);
  await activityStatistics(model, data, { batchSize: 4 });
  await optimalDecoders(model, data, { units: [1, 4] });
  assert.equal(tf.memory().numTensors, mid);
  model.dispose();
  const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), {
    trainSize: 100,
    validationSize: 50,
    testSize: 50,
  });
  const arch = { hidden: 10, steps: 2 };
  const r = await trainDrsae(splits, arch, {
    ...DRSAE_PRESETS.smoke,
    architectures: [arch],
    figureArchitecture: arch,
    pretrain: { epochs: 1, learningRate: 0.003 },
    fineTune: { epochs: 1, learningRate: 0.001, patience: 1 },
  });
  r.model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("repro:drsae runs on Fashion-MNIST, with no paper numbers beside ours", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke(
    "drsae",
    out,
    ["--backend", "wasm", "--dataset", "fashion-mnist", "--architectures", "20x2", "--epochs", "1"],
    { XDG_RUNTIME_DIR: "/tmp" },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /fashion-mnist 600\/300\/300/);
  const table = await readResultsCsv(`${out}/table1.csv`);
  const ours = table.find((t) => t.row === "DrSAE 784-20^2-10")!;
  assert.equal(ours.paper, null);
  assert.ok((ours.ours as number) > 0 && (ours.ours as number) < 100);
  assert.ok(table.every((t) => t.paper === null), "the paper reports MNIST only");
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.equal(meta.dataset, "fashion-mnist");
});

Deno.test("splitFit: error, L^U, L^S and never-active units of a hand-built network", async () => {
  // E = D = I, b = 0, S = 0: z^T = relu(x) for any T; unit 2 never fires on these rows
  const model = drsae({ inputs: 3, hidden: 3, classes: 2, steps: 2, lambda: 0.05 });
  tf.tidy(() => {
    model.params.E.assign(tf.eye(3));
    model.params.D.assign(tf.eye(3));
    model.params.S.assign(tf.zeros([3, 3]));
    model.params.b.assign(tf.zeros([3]));
    model.params.C.assign(tf.tensor2d([[1, -1], [-1, 1], [0, 0]])); // unit 0 says 0, unit 1 says 1
  });
  const data = {
    x: new Float32Array([1, 0, 0, 0, 1, 0]),
    y: new Uint8Array([0, 0]), // the second row is misclassified
    n: 2,
    features: 3,
  };
  for (const batchSize of [1, 2]) {
    const f = await splitFit(model, data, { batchSize });
    assert.equal(f.rows, 2);
    assert.equal(f.error, 0.5);
    assert.equal(f.neverOn, 1);
    close(f.lossU, 0.05); // exact reconstruction, |z|_1 = 1
    // logits [1, -1] and [-1, 1] for class 0: log(1 + e^-2) and log(1 + e^2)
    close(f.lossS, (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(2))) / 2);
  }
  await assert.rejects(
    splitFit(model, { ...data, y: undefined }),
    /splitFit needs labels: pass data with y/,
  );
  model.dispose();
});
