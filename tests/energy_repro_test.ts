import assert from "node:assert/strict";
import { readResultsCsv } from "../lib/io/table.ts";
import { runScript, runSmoke, smallEnergySplits } from "./test_helpers.ts";
import {
  candidates,
  concatRows,
  ENERGY_PAPER_TABLE2,
  ENERGY_PRESETS,
  energyConfig,
  fineTuneCsae,
  pretrainClasses,
  pretrainRate,
  settingText,
  trainCandidate,
  trainClassRbm,
  validateEnergyConfig,
} from "../repro/energy/mod.ts";
import { pickRows } from "../lib/data/rows.ts";
import { tf } from "../lib/tf.ts";

/**
 * A training context (batch 50, momentum 0.9, seed 1) without checkpoints that records the
 * settings of each run whose name `keep` accepts.
 */
function recordingContext(keep: (name: string) => boolean) {
  const asked: Record<string, unknown>[] = [];
  const ctx = {
    batchSize: 50,
    momentum: 0.9,
    seed: 1,
    checkpoint: (name: string, settings: unknown) => {
      if (keep(name)) asked.push(settings as Record<string, unknown>);
      return Promise.resolve(undefined);
    },
  };
  return { asked, ctx };
}

/** The small splits and the options of a variants run with checkpoints in a new folder. */
async function variantsRun() {
  const splits = await smallEnergySplits();
  const dir = await Deno.makeTempDir();
  const options = { dataset: "mnist", preset: "smoke", backend: "cpu", checkpointDir: dir };
  return { splits, dir, options };
}

const PAPER: Record<string, number> = {
  "CSAE linear": 1.99,
  "CSAE squared (factored)": 2.5,
  "CSAE modulus (factored)": 2.04,
  "CSAE ReLU (factored)": 2.35,
  "CSAE modulus": 1.76,
  "CSAE tanh (factored)": 2.02,
  "CSAE sigmoid": 1.27,
  RBM: 3.39,
  DRBM: 1.81,
  HDRBM: 1.28,
};

Deno.test("repro:energy --preset smoke writes Table 2, Figures 5, 7, 8 and resumes", async () => {
  const out = await Deno.makeTempDir();
  const args = (dir: string) => [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--checkpoints",
    `${out}/ckpt`,
    "--out",
    `${out}/${dir}`,
  ];
  const a = await runScript("energy", args("a"));
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /backend: wasm/);
  const rows = await readResultsCsv(`${out}/a/table2.csv`);
  assert.deepEqual(rows.map((r) => r.row), Object.keys(PAPER), "Table 2's rows in order");
  for (const r of rows) {
    assert.equal(r.paper, PAPER[r.row as string], `${r.row}: the paper's value`);
    const ours = r.ours as number;
    assert.ok(ours >= 0 && ours <= 100, `${r.row}: ${ours}`);
    assert.equal(r.preset, "smoke");
    assert.equal(r.backend, "wasm");
    assert.equal(r.retrained, "yes");
  }
  assert.match(await Deno.readTextFile(`${out}/a/table2.md`), /\| CSAE sigmoid \| 1\.27 \|/);
  const factored = await readResultsCsv(`${out}/a/factored.csv`);
  assert.equal(factored.find((r) => r.row === "modulus")?.paperFactored, 2.04);
  for (const f of ["figure5-pretrained.png", "figure5-finetuned.png", "figure7-csae-sigmoid.png"]) {
    const png = await Deno.readFile(`${out}/a/${f}`);
    assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71], f); // "PNG"
  }
  for (const f of ["figure8.svg", "validation-curves.svg"]) {
    assert.match(await Deno.readTextFile(`${out}/a/${f}`), /^<svg/, f);
  }
  const captions = await Deno.readTextFile(`${out}/a/captions.md`);
  assert.match(captions, /figure5-pretrained\.png`: .*values between -?\d+\.\d+ and -?\d+\.\d+/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/a/metadata.json`));
  assert.equal(meta.preset, "smoke");
  assert.equal(meta.dataset, "mnist");
  // the second run finds every model in its checkpoint and trains nothing
  const b = await runScript("energy", args("b"));
  assert.equal(b.code, 0, b.stderr);
  assert.doesNotMatch(b.stderr, /epoch 1\/\d+ /, "nothing trained again");
  const strip = (rs: Record<string, unknown>[]) => rs.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(strip(await readResultsCsv(`${out}/b/table2.csv`)), strip(rows));
});

Deno.test("repro:energy --rows runs some rows, --figures-1-3 draws Figures 1-3, a bad row is refused", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke("energy", out, [
    "--backend",
    "wasm",
    "--rows",
    "csae-linear,drbm",
    "--rbm-epochs",
    "1",
    "--rbm-lr-decay",
    "0.5",
    "--rbm-cd-steps",
    "3",
    "--pretrain-lr-factored",
    "0.002",
    "--validation",
    "80",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/table2.csv`);
  assert.deepEqual(rows.filter((x) => x.ours !== null).map((x) => x.row), ["CSAE linear", "DRBM"]);
  // the smoke preset trains its RBMs 2 epochs; --rbm-epochs 1 makes it one (the epochs
  // themselves: the test below)
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.equal(meta.extra.config.rbm.epochs, 1);
  assert.equal(meta.extra.config.rbm.lrDecay, 0.5);
  assert.equal(meta.extra.config.rbm.cdSteps, 3);
  // every factored model pretrains at the one rate given
  assert.deepEqual(meta.extra.config.pretrain.factoredLearningRate, { default: 0.002 });
  // --validation cuts the validation split (the smoke preset's is 100)
  assert.equal(meta.extra.config.sizes.validation, 80);
  assert.match(r.stderr, /mnist 300\/80\/200/);
  assert.equal(rows.find((x) => x.row === "DRBM")!.epochs, 1);
  const f = await runSmoke("energy", `${out}/figs/mnist`, [
    "--backend",
    "wasm",
    "--rows",
    "drbm",
    "--figures-1-3",
  ]);
  assert.equal(f.code, 0, f.stderr);
  for (const file of ["figure1.svg", "figure2.svg", "figure3.svg"]) {
    assert.match(await Deno.readTextFile(`${out}/figs/figures/${file}`), /^<svg/, file);
  }
  assert.ok((await readResultsCsv(`${out}/figs/figures/figure3.csv`)).length > 0);
  const bad = await runScript("energy", ["--preset", "smoke", "--rows", "csae-softmax"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rows: unknown csae-softmax/);
  const badDecay = await runScript("energy", ["--preset", "smoke", "--rbm-lr-decay", "-1"]);
  assert.equal(badDecay.code, 2);
  assert.match(badDecay.stderr, /--rbm-lr-decay must be a comma-separated list of numbers >= 0/);
  const none = await runScript("energy", ["--preset", "smoke", "--validation", "0"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--validation/);
});

Deno.test("the validation grid follows Sec. 4.3-4.4", () => {
  const row = (id: string) => ENERGY_PAPER_TABLE2.find((r) => r.id === id)!;
  const paper = ENERGY_PRESETS.paper;
  // plain sigmoid: 4 hidden x 3 contraction x 3 rates x 3 L2
  assert.equal(candidates(row("csae-sigmoid"), paper).length, 4 * 3 * 3 * 3);
  // modulus is denoising: corruption 0.2 or 0.5 (Sec. 4.2-4.3)
  const modulus = candidates(row("csae-modulus"), paper);
  assert.equal(modulus.length, 4 * 2 * 3 * 3);
  assert.ok(modulus.every((c) => c.setting.contraction === undefined));
  // factored: hidden x factors x corruption x rates x L2
  assert.equal(candidates(row("factored-relu"), paper).length, 4 * 4 * 2 * 2 * 3);
  assert.equal(candidates(row("hdrbm"), paper).length, 2);
  assert.equal(candidates(row("csae-sigmoid"), energyConfig("quick", "mnist")).length, 3);
  assert.equal(
    settingText({ hidden: 100, factors: 50, corruption: 0.2, learningRate: 0.05, l2: 0 }),
    "h100 f50 corruption 0.2 lr 0.05 l2 0",
  );
  assert.throws(() => energyConfig("smoke", "mnist", 0), /fineTune.epochs = 0/);
});

Deno.test("a row whose every run diverges is recorded with a note, and the others go on", async () => {
  const { loadSplits } = await import("../lib/data/splits.ts");
  const { energyReproduction, table2Rows } = await import("../repro/energy/mod.ts");
  const { useBackend } = await import("../lib/backend.ts");
  await useBackend("cpu");
  const splits = await loadSplits("mnist", { train: 200, validation: 100, test: 100 });
  const smoke = ENERGY_PRESETS.smoke;
  const r = await energyReproduction(splits, {
    ...smoke,
    rows: ["csae-linear", "drbm"],
    pretrain: { ...smoke.pretrain, learningRate: { default: 1e4 } },
  }, { dataset: "mnist", preset: "smoke", backend: "cpu" });
  const rows = table2Rows(r);
  const linear = rows.find((x) => x.row === "CSAE linear")!;
  assert.equal(linear.ours, null);
  assert.match(String(linear.note), /all 1 settings diverged: pretrain-linear-h20-class0 diverged/);
  assert.ok((rows.find((x) => x.row === "DRBM")!.ours as number) >= 0);
});

Deno.test("repro:energy-variants --preset smoke writes the Sec. 4.7 variants and the added class, sharing the pretrained autoencoders", async () => {
  const out = await Deno.makeTempDir();
  const args = ["--preset", "smoke", "--backend", "wasm", "--checkpoints", `${out}/ckpt`];
  // the Table 2 row first: the variants then find its pretrained autoencoders
  const t = await runScript("energy", [...args, "--rows", "csae-sigmoid", "--out", `${out}/t`]);
  assert.equal(t.code, 0, t.stderr);
  const v = await runScript("energy_variants", [...args, "--out", `${out}/v`]);
  assert.equal(v.code, 0, v.stderr);
  assert.doesNotMatch(v.stderr, /pretrain-sigmoid-h20-class0 +epoch 1\//, "pretraining reused");
  const variants = await readResultsCsv(`${out}/v/variants.csv`);
  assert.deepEqual(variants.map((r) => r.row), [
    "CSAE",
    "hinge",
    "learn normalization",
    "energies",
    "no pretraining",
  ]);
  const trained = Object.fromEntries(variants.map((r) => [r.row, r.trained as number]));
  assert.equal(trained["learn normalization"], 10, "the ten constants C");
  assert.equal(trained.energies, 10 * 10 + 10, "V and c");
  assert.equal(trained.CSAE, 10 * (784 * 20 + 20 + 784) + 10);
  assert.equal(variants.find((r) => r.row === "CSAE")?.paper, 3.38);
  for (const r of variants) assert.ok((r.ours as number) >= 0 && (r.ours as number) <= 100);
  const added = await readResultsCsv(`${out}/v/add_class.csv`);
  assert.equal(added.length, 3);
  assert.equal(added[1].trained, 784 * 20 + 20 + 784 + 10, "the new autoencoder and 10 constants");
  assert.equal(added[2].trained, 10);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/v/metadata.json`));
  assert.equal(meta.extra.variants.activation, "sigmoid");
  const bad = await runScript("energy", ["--preset", "smoke", "--hidden", "100,x"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--hidden must be a comma-separated list of numbers >= 1, got "100,x"/);
});

Deno.test("the variants' fine-tuning checkpoints name their pretraining: other pretraining resumes none of them", async () => {
  const { energyVariants, variantsSettings } = await import("../repro/energy/variants.ts");
  const { splits, dir, options } = await variantsRun();
  const variantFiles = async () => {
    const names: string[] = [];
    for await (const e of Deno.readDir(dir)) if (/-variant-/.test(e.name)) names.push(e.name);
    return names.sort();
  };
  const smoke = ENERGY_PRESETS.smoke;
  const settings = variantsSettings(smoke);
  await energyVariants(splits, smoke, settings, options, { addClass: false });
  const first = await variantFiles();
  assert.equal(first.length, 5, "one checkpoint per variant");
  // the same run again finds them: the names are stable
  await energyVariants(splits, smoke, settings, options, { addClass: false });
  assert.deepEqual(await variantFiles(), first);
  // longer pretraining: every variant fine-tunes afresh, under new names
  const longer = { ...smoke, pretrain: { ...smoke.pretrain, epochs: smoke.pretrain.epochs + 1 } };
  await energyVariants(splits, longer, settings, options, { addClass: false });
  const after = await variantFiles();
  assert.equal(after.length, 10);
  assert.ok(first.every((name) => after.includes(name)));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the model without pretraining keeps the rate of lowest validation error; the others train at the first rate", async () => {
  const { energyVariants, variantsSettings } = await import("../repro/energy/variants.ts");
  const { splits, dir, options } = await variantsRun();
  const smoke = { ...ENERGY_PRESETS.smoke, fineTune: { ...ENERGY_PRESETS.smoke.fineTune } };
  smoke.fineTune.learningRate = [0.01, 0.3];
  const settings = variantsSettings(smoke);
  assert.deepEqual(settings.noPretrainingRates, [0.01, 0.3]);
  const both = await energyVariants(splits, smoke, settings, options, { addClass: false });
  let files = 0;
  for await (const e of Deno.readDir(dir)) if (/-variant-.*no pretraining/.test(e.name)) files++;
  assert.equal(files, 2, "one fine-tuning per rate");
  // each rate alone resumes its checkpoint and gives that rate's model
  const alone = [];
  for (const rate of [0.01, 0.3]) {
    const r = await energyVariants(splits, smoke, { ...settings, noPretrainingRates: [rate] }, {
      ...options,
    }, { addClass: false });
    alone.push(r.variants.find((v) => v.variant === "no pretraining")!);
  }
  assert.notEqual(alone[0].validationError, alone[1].validationError, "the rates must differ");
  const kept = both.variants.find((v) => v.variant === "no pretraining")!;
  const winner = alone[0].validationError < alone[1].validationError ? alone[0] : alone[1];
  assert.equal(kept.learningRate, winner.learningRate);
  assert.equal(kept.validationError, winner.validationError);
  assert.equal(kept.testError, winner.testError);
  const rateOf = (name: string) => both.variants.find((v) => v.variant === name)!.learningRate;
  assert.deepEqual([rateOf("CSAE"), rateOf("hinge")], [0.01, 0.01], "the first rate");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--constant-norm fine-tunes the plain CSAE with filters of one norm, under checkpoint names of its own", async () => {
  const splits = await smallEnergySplits();
  const data = { ...splits, trainValidation: concatRows(splits.train, splits.validation) };
  const smoke = ENERGY_PRESETS.smoke;
  const row = ENERGY_PAPER_TABLE2.find((r) => r.id === "csae-sigmoid")!;
  const run = async (constantNorm: boolean) => {
    const config = {
      ...smoke,
      fineTune: { ...smoke.fineTune, epochs: 2, ...(constantNorm ? { constantNorm } : {}) },
    };
    const { asked, ctx } = recordingContext((name) => name.startsWith("finetune-"));
    const t = await trainCandidate(row, candidates(row, config)[0], data, config, ctx, null);
    const { W, count } = (await t.filters())!;
    t.dispose();
    // the norm of each filter (column j of W [inputs, count]) of class 0
    const norms = Array.from({ length: count }, (_, j) => {
      let sq = 0;
      for (let i = 0; i < W.length / count; i++) sq += W[i * count + j] ** 2;
      return Math.sqrt(sq);
    });
    return { asked, norms };
  };
  const plain = await run(false);
  const constant = await run(true);
  assert.equal(plain.asked.length, 1);
  assert.equal("constantNorm" in plain.asked[0], false, "plain runs keep their old names");
  assert.equal(constant.asked[0].constantNorm, true);
  const spread = (n: number[]) => Math.max(...n) - Math.min(...n);
  assert.ok(
    spread(constant.norms) < 1e-4 * Math.max(...constant.norms),
    `${spread(constant.norms)}`,
  );
  assert.ok(spread(plain.norms) > 1e-3, "without the option the norms differ");
});

Deno.test("a fine-tuning rate decay (rate / (1 + decay epoch)) reaches the plain and factored CSAE and their checkpoint settings; none keeps the old settings", async () => {
  const splits = await smallEnergySplits();
  const data = { ...splits, trainValidation: concatRows(splits.train, splits.validation) };
  const smoke = ENERGY_PRESETS.smoke;
  for (const id of ["csae-sigmoid", "factored-relu"]) {
    const row = ENERGY_PAPER_TABLE2.find((r) => r.id === id)!;
    const run = async (lrDecay?: number) => {
      const config = {
        ...smoke,
        fineTune: { ...smoke.fineTune, epochs: 3, ...(lrDecay === undefined ? {} : { lrDecay }) },
      };
      const { asked, ctx } = recordingContext((name) => name.startsWith("finetune-"));
      const candidate = candidates(row, config)[0];
      const t = await trainCandidate(row, candidate, data, config, ctx, null);
      t.dispose();
      return { asked, rate: candidate.setting.learningRate, curve: t.curve };
    };
    const decayed = await run(1);
    assert.equal(decayed.asked[0].lrDecay, 1, id);
    assert.equal(decayed.curve.length, 3, id);
    for (const constant of [await run(), await run(0)]) {
      assert.equal("lrDecay" in constant.asked[0], false, `${id}: a constant rate keeps its name`);
    }
  }
  // the rates themselves, epoch by epoch: a plain CSAE fine-tuned from two untrained classes
  const { ctx } = recordingContext(() => false);
  const pre = await pretrainClasses(
    splits.train,
    2,
    { activation: "linear", hidden: 4, regularizer: { contraction: 0, corruption: 0 } },
    { epochs: 1, learningRate: 0.001, initStd: 0.01, normalizeFilters: false },
    ctx,
  );
  const two = (d: typeof splits.train) => {
    const rows = Array.from(d.y!).flatMap((y, i) => y < 2 ? [i] : []);
    return pickRows(d, rows);
  };
  const ft = await fineTuneCsae(pre.autoencoders, two(splits.train), two(splits.validation), {
    name: "finetune-decay",
    settings: {},
    epochs: 3,
    learningRate: 0.01,
    lrDecay: 1,
    l2: 0,
  }, ctx);
  for (const ae of pre.autoencoders) ae.dispose();
  ft.model.dispose();
  assert.deepEqual(ft.result.history.map((h) => +h.learningRate.toFixed(6)), [
    0.01,
    0.005,
    0.003333,
  ]);
  assert.throws(
    () => validateEnergyConfig({ ...smoke, fineTune: { ...smoke.fineTune, lrDecay: -1 } }),
    /fineTune.lrDecay = -1 must be a finite number >= 0/,
  );
});

Deno.test("--centre-constants starts the plain CSAE's constants at minus its mean energies, under checkpoint names of its own", async () => {
  const splits = await smallEnergySplits();
  const data = { ...splits, trainValidation: concatRows(splits.train, splits.validation) };
  const smoke = ENERGY_PRESETS.smoke;
  const row = ENERGY_PAPER_TABLE2.find((r) => r.id === "csae-sigmoid")!;
  const names = async (centre: boolean) => {
    const config = {
      ...smoke,
      fineTune: { ...smoke.fineTune, epochs: 1, ...(centre ? { centreConstants: true } : {}) },
    };
    const { asked, ctx } = recordingContext((name) => name.startsWith("finetune-"));
    const t = await trainCandidate(row, candidates(row, config)[0], data, config, ctx, null);
    t.dispose();
    return asked[0];
  };
  assert.equal("centreConstants" in await names(false), false, "plain runs keep their old names");
  assert.equal((await names(true)).centreConstants, true);
  // the constants themselves, read after one epoch at a vanishing rate: minus the mean energy
  // of each class over the training rows (all 200 here, fewer than CENTRE_ROWS)
  const { ctx } = recordingContext(() => false);
  const pre = await pretrainClasses(
    splits.train,
    10,
    { activation: "sigmoid", hidden: 4, regularizer: { contraction: 0, corruption: 0 } },
    { epochs: 1, learningRate: 0.01, initStd: 0.01, normalizeFilters: false },
    ctx,
  );
  const run = (centreConstants: boolean) =>
    fineTuneCsae(pre.autoencoders, splits.train, undefined, {
      name: "finetune-centre",
      settings: {},
      epochs: 1,
      learningRate: 1e-12,
      l2: 0,
      centreConstants,
    }, ctx);
  const centred = await run(true);
  const zero = await run(false);
  for (const ae of pre.autoencoders) ae.dispose();
  const x = tf.tensor2d(splits.train.x, [splits.train.n, splits.train.features]);
  const mean = tf.mean(centred.model.energies(x), 0).arraySync() as number[];
  const C = Array.from(centred.model.tensors.C.dataSync() as Float32Array);
  C.forEach((c, j) => assert.ok(Math.abs(c + mean[j]) < 1e-3 * (1 + Math.abs(mean[j])), `${j}`));
  assert.ok(
    Array.from(zero.model.tensors.C.dataSync() as Float32Array).every((c) => Math.abs(c) < 1e-6),
  );
  x.dispose();
  centred.model.dispose();
  zero.model.dispose();
});

Deno.test("pretrain.rateWidth scales the per-class pretraining rate of wider models; the paper preset sets it, quick does not", async () => {
  assert.equal(ENERGY_PRESETS.paper.pretrain.rateWidth, 100);
  assert.equal(ENERGY_PRESETS.quick.pretrain.rateWidth, undefined);
  assert.equal(pretrainRate(0.01, 500, 100), 0.002);
  assert.equal(pretrainRate(0.01, 100, 100), 0.01, "not at the reference width");
  assert.equal(pretrainRate(0.01, 50, 100), 0.01, "never raised for narrower models");
  const splits = await smallEnergySplits();
  const data = { ...splits, trainValidation: concatRows(splits.train, splits.validation) };
  const smoke = ENERGY_PRESETS.smoke;
  const row = ENERGY_PAPER_TABLE2.find((r) => r.id === "csae-sigmoid")!;
  const rates = async (rateWidth?: number) => {
    const config = {
      ...smoke,
      hidden: [8],
      pretrain: { ...smoke.pretrain, epochs: 1, rateWidth },
      fineTune: { ...smoke.fineTune, epochs: 1 },
    };
    const { asked, ctx } = recordingContext((name) => name.startsWith("pretrain-"));
    const t = await trainCandidate(row, candidates(row, config)[0], data, config, ctx, null);
    t.dispose();
    return asked.map((a) => a.learningRate);
  };
  const base = smoke.pretrain.learningRate.sigmoid!;
  assert.deepEqual(await rates(), Array(10).fill(base));
  assert.deepEqual(await rates(4), Array(10).fill(base * 4 / 8), "every class at rate * 4 / 8");
  assert.throws(
    () => validateEnergyConfig({ ...smoke, pretrain: { ...smoke.pretrain, rateWidth: 0.5 } }),
    /pretrain.rateWidth = 0.5 must be a whole number of hidden units >= 1/,
  );
});

Deno.test("the classification RBM rows train config.rbm.epochs, the CSAE rows fineTune.epochs", async () => {
  const splits = await smallEnergySplits();
  const data = { ...splits, trainValidation: concatRows(splits.train, splits.validation) };
  const smoke = ENERGY_PRESETS.smoke;
  const config = {
    ...smoke,
    rbm: { ...smoke.rbm, epochs: 3 },
    fineTune: { ...smoke.fineTune, epochs: 1 },
  };
  const ctx = {
    batchSize: 50,
    momentum: 0.9,
    seed: 1,
    checkpoint: () => Promise.resolve(undefined),
  };
  for (const [id, epochs] of [["drbm", 3], ["csae-linear", 1]] as const) {
    const row = ENERGY_PAPER_TABLE2.find((r) => r.id === id)!;
    const t = await trainCandidate(row, candidates(row, config)[0], data, config, ctx, null);
    // one validation error per epoch trained
    assert.equal(t.curve.length, epochs, id);
    t.dispose();
  }
});

Deno.test("an RBM's rate decay (rate / (1 + decay epoch)) and CD-k steps reach its training and checkpoint settings; the defaults keep the old settings", async () => {
  const splits = await smallEnergySplits();
  const run = async (lrDecay?: number, cdSteps?: number) => {
    const { asked, ctx } = recordingContext(() => true);
    const ft = await trainClassRbm(splits.train, splits.validation, 10, {
      objective: "generative",
      hidden: 8,
      alphaGenerative: 0.01,
      epochs: 3,
      learningRate: 0.1,
      ...(lrDecay === undefined ? {} : { lrDecay }),
      ...(cdSteps === undefined ? {} : { cdSteps }),
      initStd: 0.01,
    }, ctx);
    const k = ft.model.config.k;
    ft.model.dispose();
    return { asked, k, rates: ft.result.history.map((h) => h.learningRate) };
  };
  const decayed = await run(1);
  assert.deepEqual(decayed.rates.map((r) => +r.toFixed(6)), [0.1, 0.05, 0.033333]);
  assert.equal(decayed.asked[0].lrDecay, 1);
  for (const constant of [await run(), await run(0, 1)]) {
    assert.deepEqual(constant.rates, [0.1, 0.1, 0.1]);
    assert.equal(constant.k, 1);
    assert.equal("lrDecay" in constant.asked[0], false, "a constant rate keeps its old name");
    assert.equal("cdSteps" in constant.asked[0], false, "CD-1 keeps its old name");
  }
  // CD-k: the model's Gibbs steps, and the checkpoint settings name them
  const cd3 = await run(undefined, 3);
  assert.equal(cd3.k, 3);
  assert.equal(cd3.asked[0].cdSteps, 3);
});

Deno.test("validateEnergyConfig refuses a negative RBM rate decay and CD-0", () => {
  const smoke = ENERGY_PRESETS.smoke;
  assert.throws(
    () => validateEnergyConfig({ ...smoke, rbm: { ...smoke.rbm, lrDecay: -1 } }),
    /rbm.lrDecay = -1 must be a finite number >= 0/,
  );
  assert.throws(
    () => validateEnergyConfig({ ...smoke, rbm: { ...smoke.rbm, cdSteps: 0 } }),
    /rbm.cdSteps = 0 must be an integer >= 1/,
  );
});
