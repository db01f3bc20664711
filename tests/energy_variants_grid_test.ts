import assert from "node:assert/strict";
import { runScript, smallEnergySplits } from "./test_helpers.ts";
import { readResultsCsv } from "../lib/io/table.ts";
import {
  candidates,
  concatRows,
  ENERGY_PAPER_TABLE2,
  ENERGY_PRESETS,
  energyVariants,
  trainCandidate,
  VARIANT_NAMES,
  type VariantResult,
  variantsSettings,
} from "../repro/energy/mod.ts";
import { withGridFlags } from "../repro/energy/flags.ts";

Deno.test("with a grid, each Table 4 variant keeps the pretraining setting of lowest validation error; the model without pretraining runs once per hidden size", async () => {
  const splits = await smallEnergySplits();
  const dir = await Deno.makeTempDir();
  const options = { dataset: "mnist", preset: "smoke", backend: "cpu", checkpointDir: dir };
  const config = { ...ENERGY_PRESETS.smoke, hidden: [10, 20], contraction: [0.5, 2] };
  const settings = variantsSettings(config, "sigmoid", undefined, true);
  assert.deepEqual(settings.grid, [
    { hidden: 10, contraction: 0.5, corruption: 0 },
    { hidden: 10, contraction: 2, corruption: 0 },
    { hidden: 20, contraction: 0.5, corruption: 0 },
    { hidden: 20, contraction: 2, corruption: 0 },
  ]);
  assert.equal(variantsSettings(config).grid, undefined, "no grid unless asked");
  const names = ["learn normalization", "energies", "no pretraining"];
  const run = { addClass: false, variants: names };
  const all = await energyVariants(splits, config, settings, options, run);
  assert.deepEqual(all.variants.map((v) => v.variant), names, "only the rows asked, in order");
  let random = 0;
  for await (const e of Deno.readDir(dir)) if (/-variant-.*no pretraining/.test(e.name)) random++;
  assert.equal(random, 2, "one model without pretraining per hidden size, not per contraction");
  // each setting alone resumes its checkpoints and gives that setting's models
  const alone: VariantResult[][] = [];
  for (const p of settings.grid!) {
    const { grid: _, ...one } = { ...settings, ...p };
    alone.push((await energyVariants(splits, config, one, options, run)).variants);
  }
  for (const name of names) {
    const own = alone.map((vs) => vs.find((v) => v.variant === name)!);
    const kept = all.variants.find((v) => v.variant === name)!;
    const errors = own.map((v) => v.validationError);
    const best = own[errors.indexOf(Math.min(...errors))];
    assert.equal(kept.validationError, best.validationError, name);
    assert.equal(kept.testError, best.testError, name);
    assert.equal(kept.pretraining, best.pretraining, name);
  }
  assert.match(all.variants[1].pretraining!, /^h(10|20) contraction (0\.5|2)$/);
  assert.match(all.variants[2].pretraining!, /^h(10|20)$/);
  await assert.rejects(
    () => energyVariants(splits, config, settings, options, { variants: ["energy"] }),
    /unknown variant energy: choose from CSAE, hinge/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--pretrain-train-only pretrains on the training rows alone, under checkpoint names of its own", async () => {
  const base = ENERGY_PRESETS.smoke;
  assert.equal(base.pretrainOnValidation, true, "Sec. 4.3's default");
  assert.equal(withGridFlags(base, {}).pretrainOnValidation, true);
  const trainOnly = withGridFlags(base, { "pretrain-train-only": "true" });
  assert.equal(trainOnly.pretrainOnValidation, false);
  assert.deepEqual(trainOnly.hidden, base.hidden, "nothing else changes");
  const splits = await smallEnergySplits();
  const data = { ...splits, trainValidation: concatRows(splits.train, splits.validation) };
  const row = ENERGY_PAPER_TABLE2.find((r) => r.id === "csae-sigmoid")!;
  const asked = async (config: typeof base) => {
    const seen: { name: string; settings: Record<string, unknown> }[] = [];
    const ctx = {
      batchSize: 50,
      momentum: 0.9,
      seed: 1,
      checkpoint: (name: string, settings: unknown) => {
        seen.push({ name, settings: settings as Record<string, unknown> });
        return Promise.resolve(undefined);
      },
    };
    const short = { ...config, fineTune: { ...config.fineTune, epochs: 1 } };
    const t = await trainCandidate(row, candidates(row, short)[0], data, short, ctx, null);
    t.dispose();
    return seen;
  };
  const sec43 = await asked(base);
  const own = await asked(trainOnly);
  const pretrainRows = (s: typeof own) => s.find((x) => x.name.startsWith("pretrain-"))!.settings.n;
  assert.equal(pretrainRows(sec43), 300, "train + validation");
  assert.equal(pretrainRows(own), 200, "training rows alone");
  const fineTune = (s: typeof own) => s.find((x) => x.name.startsWith("finetune-"))!.settings;
  assert.equal("pretrainOnValidation" in fineTune(sec43), false, "older names resume");
  assert.equal(fineTune(own).pretrainOnValidation, false);
});

Deno.test("repro:energy-benchmarks --variants names Table 4's rows, and refuses an unknown one or a run without Table 4", async () => {
  assert.deepEqual(VARIANT_NAMES, [
    "CSAE",
    "hinge",
    "learn normalization",
    "energies",
    "no pretraining",
  ]);
  const bad = await runScript("energy_benchmarks", ["--preset", "smoke", "--variants", "energy"]);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /--variants: unknown energy; use CSAE,hinge,learn-normalization,energies,no-pretraining/,
  );
  const without = await runScript("energy_benchmarks", [
    "--preset",
    "smoke",
    "--tables",
    "3",
    "--variants",
    "energies,learn-normalization",
  ]);
  assert.equal(without.code, 2);
  assert.match(without.stderr, /--variants chooses Table 4's rows: add 4 to --tables/);
  const out = await Deno.makeTempDir();
  const ok = await runScript("energy_benchmarks", [
    ...["--preset", "smoke", "--sets", "mnist-rot", "--tables", "4", "--skip-svm"],
    ...["--variants", "energies", "--hidden", "20,30", "--pretrain-train-only"],
    ...["--out", `${out}/r`, "--checkpoints", `${out}/c`],
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const rows = await readResultsCsv(`${out}/r/table4.csv`);
  assert.deepEqual(rows.map((r) => r.row), ["mnist-rot energies"]);
  assert.match(rows[0].pretraining as string, /^h(20|30) contraction 0\.5$/);
  const notes = await Deno.readTextFile(`${out}/r/table4.md`);
  assert.match(notes, /each row keeps the hidden size and contraction of\s+lowest validation/);
  assert.match(notes, /pretraining \d+ epochs \(factored \d+\) on train;/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/r/metadata.json`));
  assert.deepEqual(meta.extra.variants, ["energies"]);
  await Deno.remove(out, { recursive: true });
});
