import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { readResultsCsv } from "../lib/io/table.ts";
import {
  IDAE_PRESETS,
  idaeCheckpointPath,
  type IdaeConfig,
  idaeEvaluationPath,
  idaeModelSpecs,
  idaeReproduction,
  idaeSplits,
  trainIdae,
} from "../repro/idae/mod.ts";
import { readCheckpoint } from "../lib/train/checkpoint.ts";
import { runScript, runSmoke } from "./test_helpers.ts";

await useBackend("wasm");

function tinyReproConfig(): IdaeConfig {
  const s = IDAE_PRESETS.smoke;
  return {
    ...s,
    hidden: 16,
    seeds: 1,
    sizes: { train: 200, validation: 50, test: 60 },
    table1a: { ...s.table1a, ks: [1], sigmas: [0.5] },
    table1b: { ...s.table1b, ks: [2] },
    figures: { ...s.figures, snapshots: [0, 1, 3], candidates: 20, trajectory: 5 },
  };
}

Deno.test("an interrupted reproduction resumes from its checkpoints and cached evaluations", async () => {
  const dir = await Deno.makeTempDir();
  const config = tinyReproConfig();
  const splits = await idaeSplits("mnist", config);
  const lines: string[] = [];
  const options = {
    dataset: "mnist",
    preset: "smoke",
    backend: "wasm",
    checkpointDir: dir,
    log: (l: string) => lines.push(l),
  };
  const a = await idaeReproduction(splits, config, options);
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 0);
  const b = await idaeReproduction(splits, config, options);
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 2);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(strip(b.table1a), strip(a.table1a));
  assert.deepEqual(strip(b.table1b), strip(a.table1b));
  assert.deepEqual(a.figures.map((f) => f.name), [
    "figure3",
    "figure4",
    "figure5-accuracy",
    "figure5-explosions",
    "figure6",
    "figure7-steps5",
    "figure7-distance",
  ]);
  // the cached run redraws Figure 6 from the recomputed fixed points: the same image
  const png = (r: typeof a) => r.figures.find((f) => f.name === "figure6")?.content;
  assert.deepEqual(png(b), png(a));
});

Deno.test("finishedOnly trains nothing and tables only the finished models", async () => {
  const dir = await Deno.makeTempDir();
  const config = tinyReproConfig();
  const splits = await idaeSplits("mnist", config);
  const options = { dataset: "mnist", preset: "smoke", backend: "wasm", checkpointDir: dir };
  const none = await idaeReproduction(splits, config, { ...options, finishedOnly: true });
  assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing was trained or written");
  assert.deepEqual(none.results.map((r) => r.evaluation), [null, null]);
  assert.equal(none.table1a[0].ours, null);
  assert.match(String(none.table1a[0].note), /seed 1: not finished: 0 of 1 epochs trained/);
  const full = await idaeReproduction(splits, config, options);
  const lines: string[] = [];
  const again = await idaeReproduction(splits, config, {
    ...options,
    finishedOnly: true,
    log: (l) => lines.push(l),
  });
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 2);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(strip(again.table1a), strip(full.table1a));
  await assert.rejects(
    idaeReproduction(splits, config, { ...options, checkpointDir: undefined, finishedOnly: true }),
    /finishedOnly reads the finished models from checkpointDir/,
  );
});

Deno.test("a longer model starts from the grid's finished shorter one, with the same numbers", async () => {
  const dir = await Deno.makeTempDir();
  const base = tinyReproConfig();
  const config: IdaeConfig = {
    ...base,
    table1b: {
      ...base.table1b,
      runs: [{ epochs: 1, annealingRate: 0.9, paperEpochs: 100 }, {
        epochs: 3,
        annealingRate: 0.9,
        paperEpochs: 250,
      }],
    },
  };
  const splits = await idaeSplits("mnist", config);
  const lines: string[] = [];
  await idaeReproduction(splits, config, {
    dataset: "mnist",
    preset: "smoke",
    backend: "wasm",
    checkpointDir: dir,
    log: (l) => lines.push(l),
  });
  assert.ok(
    lines.includes("  starts from the finished 1-epoch model k2-sigma0.7-N1of100-a0.9-seed1"),
    lines.join("\n"),
  );
  const long = idaeModelSpecs(config, 1).find((s) => s.epochs === 3)!;
  const ck = await readCheckpoint(idaeCheckpointPath(dir, long, config, "mnist"));
  assert.equal(ck?.meta.epoch, 2);
  // the same model trained from scratch for 3 epochs
  const { model } = await trainIdae(splits.train, long, config);
  for (const [name, v] of Object.entries(model.params)) {
    assert.deepEqual(ck!.arrays[`param:${name}`].data, v.dataSync(), name);
  }
  model.dispose();
});

Deno.test("only trains the models named and uses the others when finished", async () => {
  const dir = await Deno.makeTempDir();
  const config = tinyReproConfig(); // models k1-sigma0.5-... and k2-sigma0.7-...
  const splits = await idaeSplits("mnist", config);
  const options = { dataset: "mnist", preset: "smoke", backend: "wasm", checkpointDir: dir };
  const second = await idaeReproduction(splits, config, { ...options, only: ["k2"] });
  const files = () => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.ok(
    files().length > 0 && files().every((f) => f.startsWith("idae-mnist-k2-")),
    files().join(),
  );
  assert.equal(second.results[0].evaluation, null);
  assert.match(String(second.results[0].note), /not finished: 0 of 1 epochs trained/);
  assert.ok(second.results[1].evaluation!.accTest > 0);
  // the other process's part: trains k1, and reads k2's finished model and evaluation
  const lines: string[] = [];
  const first = await idaeReproduction(splits, config, {
    ...options,
    only: ["k1-sigma0.5"],
    log: (l) => lines.push(l),
  });
  assert.ok(first.results.every((r) => r.evaluation !== null));
  assert.equal(lines.filter((l) => l.includes("evaluation read from")).length, 1);
  assert.deepEqual(first.results[1].evaluation, second.results[1].evaluation);
  await assert.rejects(
    idaeReproduction(splits, config, { ...options, only: ["k1-sigma0.7"] }),
    /only: k1-sigma0.7 names no model of this grid; its models are k1-sigma0.5-N1of250/,
  );
  await assert.rejects(
    idaeReproduction(splits, config, { ...options, checkpointDir: undefined, only: ["k1"] }),
    /only leaves the other models to other processes/,
  );
  const bad = await runScript("idae", ["--preset", "smoke", "--only", "k9"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--only k9: k9 names no model of this grid; its models: k1-sigma0.3/);
});

Deno.test("repro:idae --preset smoke writes every table, figure and the metadata", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke("idae", out, ["--backend", "wasm", "--max-iterations", "20"], {
    XDG_RUNTIME_DIR: "/tmp",
  });
  assert.equal(r.code, 0, r.stderr);
  const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  for (
    const f of [
      "table1a.md",
      "table1a.csv",
      "table1b.md",
      "table1b.csv",
      "pixels.md",
      "pixels.csv",
      "models.csv",
      "figure3.png",
      "figure4.png",
      "figure5-accuracy.svg",
      "figure5-explosions.svg",
      "figure6.png",
      "figure7-steps20.svg",
      "figure7-distance.svg",
      "metadata.json",
    ]
  ) assert.ok(files.includes(f), `${f} missing: ${files}`);
  for (const f of files.filter((f) => f.endsWith(".png"))) {
    assert.deepEqual([...(await Deno.readFile(`${out}/${f}`)).subarray(1, 4)], [80, 78, 71], f);
  }
  for (const f of files.filter((f) => f.endsWith(".svg"))) {
    assert.match(await Deno.readTextFile(`${out}/${f}`), /^<svg/, f);
  }
  const t1a = await readResultsCsv(`${out}/table1a.csv`);
  assert.equal(t1a.length, 9);
  for (const row of t1a) {
    assert.ok((row.ours as number) >= 0 && (row.ours as number) <= 1, JSON.stringify(row));
    assert.equal(typeof row.ours_sd, "number", "two seeds give a spread");
    assert.ok((row.ex_test as number) >= 0 && (row.mse_wb_test as number) > 0);
    assert.equal(row.seeds, "1 2");
    assert.ok((row.iterations as number) <= 20, "--max-iterations caps the iteration");
  }
  assert.equal(t1a[8].paper, 0.915);
  const t1b = await readResultsCsv(`${out}/table1b.csv`);
  assert.equal(t1b.at(-1)?.row, "Logistic regression on raw pixels");
  assert.ok((t1b.at(-1)?.ours as number) > 0.5, "logistic regression on pixels learns");
  assert.equal(t1b.filter((r) => typeof r.ours === "number").length, 3);
  const pixels = await readResultsCsv(`${out}/pixels.csv`);
  assert.deepEqual(pixels.slice(0, 2).map((r) => r.paper), [80.7, 8.1]);
  assert.ok((pixels[0].ours as number) > 70, "most pixels of a digit are black");
  const md = await Deno.readTextFile(`${out}/table1a.md`);
  assert.match(
    md,
    /every pixel is below 0\.5 and whose pixel standard deviation is below 0\.1; a blank/,
  );
  assert.match(md, /after 20 iterations/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
  assert.equal(meta.preset, "smoke");
  assert.equal(meta.backend, "wasm");
  assert.equal(meta.extra.config.iteration.maxIterations, 20);
  assert.deepEqual(meta.extra.seeds, [1, 2]);
  assert.ok(meta.extra.timing.trainSecondsPerSampleStep > 0);
  assert.ok(meta.extra.timing.estimates.quick.total > 0);
  assert.equal(meta.extra.figures.length, files.filter((f) => /\.(png|svg)$/.test(f)).length);
  // repro:idae-seeds reads the grid's models.csv back: the same means and spreads as Table 1a
  const noTrends = await Deno.makeTempDir();
  const seedsRun = await runScript("idae_seeds", [
    ...["--preset", "smoke", "--backend", "wasm", "--out", out, "--trends", noTrends],
  ], { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(seedsRun.code, 0, seedsRun.stderr);
  const seeds = await readResultsCsv(`${out}/seeds.csv`, { text: ["row", "seeds", "per_seed"] });
  assert.equal(seeds.length, 9 + 2, "Table 1a's cells and the k = 4, 5 models");
  for (const [i, row] of t1a.entries()) {
    assert.equal(seeds[i].n, 2);
    assert.equal(seeds[i].seeds, "1 2");
    for (const [a, b] of [["ours", "ours"], ["ours_sd", "ours_sd"], ["ex_test", "ex_test"]]) {
      assert.ok(Math.abs((seeds[i][a] as number) - (row[b] as number)) < 1e-9, `${i} ${a}`);
    }
  }
  const badSeeds = await runScript("idae_seeds", [
    ...["--preset", "smoke", "--backend", "wasm", "--out", noTrends],
  ]);
  assert.equal(badSeeds.code, 1);
  assert.match(badSeeds.stderr, /no .*models\.csv: name the grid's results folder/);
  // --seeds 1 --finished: the tables of the first seed's models, read back, nothing trained
  const one = await runScript("idae", [
    ...["--preset", "smoke", "--backend", "wasm", "--max-iterations", "20", "--seeds", "1"],
    ...["--finished", "--out", `${out}/one`, "--checkpoints", `${out}/ckpt`],
  ], { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(one.code, 0, one.stderr);
  assert.match(r.stderr, /epoch \d+\/\d+/, "the first run trained");
  assert.doesNotMatch(one.stderr, /epoch \d+\/\d+/, "no epoch was trained");
  assert.equal(one.stderr.match(/evaluation read from/g)?.length, 11);
  const metaOne = JSON.parse(await Deno.readTextFile(`${out}/one/metadata.json`));
  assert.equal(metaOne.extra.finishedOnly, true);
  assert.equal(meta.extra.finishedOnly, false);
  const t1aOne = await readResultsCsv(`${out}/one/table1a.csv`);
  assert.deepEqual(t1aOne.map((r) => [r.seeds, r.note]), t1a.map(() => [1, null]));

  // repro:idae-explosions profiles the same grid's finished models without training any
  const exFlags = ["--backend", "wasm", "--max-iterations", "20", "--seeds", "1"];
  const exRun = (dir: string, flags: string[] = [], ckpt = `${out}/ckpt`) =>
    runScript("idae_explosions", [
      ...["--preset", "smoke", ...exFlags, ...flags, "--out", `${out}/${dir}`],
      ...["--checkpoints", ckpt],
    ], { XDG_RUNTIME_DIR: "/tmp" });
  const ex = await exRun("ex");
  assert.equal(ex.code, 0, ex.stderr);
  assert.doesNotMatch(ex.stderr, /epoch \d+\/\d+/, "no epoch was trained");
  const exRows = await readResultsCsv(`${out}/ex/explosions.csv`);
  assert.equal(exRows.length, 11, "every model of the first seed");
  for (const row of exRows) {
    assert.equal(row.note ?? null, null, JSON.stringify(row));
    assert.equal(row.test_rows, 300);
    assert.equal(row.ours, row.ex_test_evaluated, "the evaluation's iteration, the same count");
    assert.equal((row.gray as number) + (row.blank as number), row.ours);
    const byClass = Object.keys(row).filter((c) => /^ex_\d$/.test(c));
    assert.equal(byClass.length, 10);
    assert.equal(byClass.reduce((a, c) => a + (row[c] as number), 0), row.ours);
    assert.ok((row.main_rows as number) <= (row.ours as number));
  }
  assert.equal(exRows[8].paper, 147.6, "Table 1a's EX_test of k = 3, sigma = 0.7");
  assert.deepEqual(
    [...(await Deno.readFile(`${out}/ex/explosions.png`)).subarray(1, 4)],
    [80, 78, 71],
  );
  // --only takes the grid's names, and refuses others
  const exOnly = await exRun("ex1", ["--only", "k1"]);
  assert.equal(exOnly.code, 0, exOnly.stderr);
  assert.equal(exOnly.stderr.match(/read from .*\.explosions\.json/g)?.length, 3, "kept profiles");
  const exAgain = await exRun("ex1", ["--only", "k1", "--fresh"]);
  assert.equal(exAgain.code, 0, exAgain.stderr);
  assert.doesNotMatch(exAgain.stderr, /read from/, "--fresh profiles again");
  assert.deepEqual(
    await readResultsCsv(`${out}/ex1/explosions.csv`).then((r) => r.map((x) => x.ours)),
    exRows.slice(0, 3).map((r) => r.ours),
  );
  assert.deepEqual(
    (await readResultsCsv(`${out}/ex1/explosions.csv`)).map((r) => r.row),
    exRows.slice(0, 3).map((r) => r.row),
  );
  const exBad = await exRun("ex2", ["--only", "k9"]);
  assert.equal(exBad.code, 2);
  assert.match(exBad.stderr, /--only k9: k9 names no model of this grid; its models: k1-sigma0.3/);
  // a model not trained is listed, not profiled
  const exFresh = await exRun("ex3", [], `${out}/none`);
  assert.equal(exFresh.code, 0, exFresh.stderr);
  const none = await readResultsCsv(`${out}/ex3/explosions.csv`);
  assert.ok(none.every((r) => r.note === "not finished: 0 of 1 epochs trained"));
});

Deno.test("repro:idae refuses an unknown flag with the accepted ones", async () => {
  const r = await runScript("idae", ["--preset", "smoke", "--walkback", "3"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown flag --walkback/);
  assert.match(r.stderr, /--preset smoke\|quick\|paper/);
  const cap = await runScript("idae", ["--preset", "smoke", "--max-iterations", "0"]);
  assert.equal(cap.code, 2);
  assert.match(cap.stderr, /--max-iterations must be an integer >= 1, got "0"/);
  const seeds = await runScript("idae", ["--preset", "smoke", "--seeds", "two"]);
  assert.equal(seeds.code, 2);
  assert.match(seeds.stderr, /--seeds must be an integer >= 1, got "two"/);
  const chain = await runScript("idae", ["--preset", "smoke", "--chain-noise", "all"]);
  assert.equal(chain.code, 2);
  assert.match(
    chain.stderr,
    /--chain-noise must be first or every \(first: corrupt once.*\), got "all"/,
  );
});

Deno.test("repro:idae-trend evaluates one model along its run and resumes with the whole curve", async () => {
  const out = await Deno.makeTempDir();
  const flags = ["--backend", "wasm", "--epochs", "2", "--k", "2", "--sigma", "0.3"];
  const first = await runSmoke("idae_trend", out, flags, { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(first.code, 0, first.stderr);
  const rows = await readResultsCsv(`${out}/trend-k2-sigma0.3-N2.csv`);
  assert.deepEqual(rows.map((r) => r.epochs), [1, 2]);
  for (const r of rows) {
    assert.equal(r.paper, 0.858); // Table 1a, k = 2, sigma = 0.3
    assert.ok((r.ours as number) > 0 && (r.ours as number) <= 1);
    assert.ok((r.mse_wb_test as number) > 0);
    assert.equal(r.test_rows, 300);
    assert.equal(r.explosion_test, "max < 0.5, sd < 0.1");
  }
  assert.match(await Deno.readTextFile(`${out}/trend-k2-sigma0.3-N2.svg`), /^<svg/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/trend-k2-sigma0.3-N2-metadata.json`));
  assert.deepEqual(meta.extra.evaluatedAt, [1, 2]);
  assert.equal(meta.extra.spec.k, 2);
  assert.ok(meta.extra.trainSeconds > 0);
  // the smoke grid trains this model for 1 epoch: the state after epoch 1 is handed over under
  // the grid's checkpoint name, finished
  const gridSpec = idaeModelSpecs(IDAE_PRESETS.smoke, 1).find((s) => s.k === 2 && s.sigma === 0.3)!;
  const kept = idaeCheckpointPath(`${out}/ckpt`, gridSpec, IDAE_PRESETS.smoke, "mnist");
  assert.match(first.stderr, /state after 1 epochs is kept as the grid's model/);
  const ck = await readCheckpoint(kept);
  assert.equal(ck?.meta.epoch, 0);
  assert.equal((ck?.meta.history as unknown[]).length, 1);
  const handed = JSON.parse(
    await Deno.readTextFile(
      idaeEvaluationPath(`${out}/ckpt`, gridSpec, IDAE_PRESETS.smoke, "mnist"),
    ),
  );
  assert.equal(handed.accTest, rows[0].ours, "the grid reads the evaluation made here");
  // a second run finds the finished checkpoint and the kept evaluations: same curve, no training
  const again = await runSmoke("idae_trend", out, flags, { XDG_RUNTIME_DIR: "/tmp" });
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /probe:/);
  assert.deepEqual(await readResultsCsv(`${out}/trend-k2-sigma0.3-N2.csv`), rows);

  const bad = await runScript("idae_trend", ["--preset", "smoke", "--k", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--k must be an integer >= 1, got "0"/);
  const badAlpha = await runScript("idae_trend", ["--preset", "smoke", "--annealing-rate", "1.5"]);
  assert.equal(badAlpha.code, 2);
  assert.match(badAlpha.stderr, /--annealing-rate must be a number in \(0, 1\], got "1.5"/);
});

Deno.test("repro:idae-trend --chain-noise every trains another model under its own name, evaluated where asked", async () => {
  const out = await Deno.makeTempDir();
  const flags = ["--backend", "wasm", "--epochs", "2", "--k", "2", "--sigma", "0.3"];
  const r = await runSmoke(
    "idae_trend",
    out,
    [...flags, "--chain-noise", "every", "--evaluate-at", "2"],
    { XDG_RUNTIME_DIR: "/tmp" },
  );
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/trend-k2-sigma0.3-noise-every-N2.csv`);
  assert.deepEqual(rows.map((row) => row.epochs), [2]);
  const md = await Deno.readTextFile(`${out}/trend-k2-sigma0.3-noise-every-N2.md`);
  assert.match(md, /walkback chain corrupted before every step/);
  const meta = JSON.parse(
    await Deno.readTextFile(`${out}/trend-k2-sigma0.3-noise-every-N2-metadata.json`),
  );
  assert.equal(meta.extra.config.chainNoise, "every");
  // its checkpoint is not the default chain's: a default run of the same flags trains afresh
  const first = await runSmoke("idae_trend", out, [...flags, "--evaluate-at", "2"], {
    XDG_RUNTIME_DIR: "/tmp",
  });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /probe:/);
  assert.match(
    await Deno.readTextFile(`${out}/trend-k2-sigma0.3-N2.md`),
    /walkback chain corrupted once \(Eq. 8\)/,
  );
  const late = await runScript("idae_trend", [...flags, "--preset", "smoke", "--evaluate-at", "5"]);
  assert.equal(late.code, 2);
  assert.match(late.stderr, /--evaluate-at 5 is past the run's 2 epochs/);
});

Deno.test("repro:idae-trend runs on Fashion-MNIST with no paper value, and names a seed and an annealing rate other than the default", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke(
    "idae_trend",
    out,
    [
      "--backend",
      "wasm",
      "--dataset",
      "fashion-mnist",
      "--epochs",
      "1",
      "--seed",
      "2",
      "--annealing-rate",
      "0.999",
    ],
    { XDG_RUNTIME_DIR: "/tmp" },
  );
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/trend-k1-sigma0.5-a0.999-N1-seed2.csv`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].seed, 2);
  const meta = JSON.parse(
    await Deno.readTextFile(`${out}/trend-k1-sigma0.5-a0.999-N1-seed2-metadata.json`),
  );
  assert.equal(meta.extra.spec.annealingRate, 0.999);
  assert.equal(rows[0].paper, null);
  assert.ok((rows[0].ours as number) > 0);
});

Deno.test("repro:idae-trend --batch-size trains another model under its own name and hands nothing to the grid", async () => {
  const out = await Deno.makeTempDir();
  const flags = ["--backend", "wasm", "--epochs", "1", "--k", "1", "--sigma", "0.5"];
  const r = await runSmoke("idae_trend", out, [...flags, "--batch-size", "50"], {
    XDG_RUNTIME_DIR: "/tmp",
  });
  assert.equal(r.code, 0, r.stderr);
  // without the flag this model is the smoke grid's k = 1, sigma = 0.5 model: with batch 50 it
  // is not, and no grid checkpoint is written for it
  assert.doesNotMatch(r.stderr, /kept as the grid's model/);
  const gridSpec = idaeModelSpecs(IDAE_PRESETS.smoke, 1).find((s) => s.k === 1 && s.sigma === 0.5)!;
  assert.equal(
    await Deno.stat(idaeCheckpointPath(`${out}/ckpt`, gridSpec, IDAE_PRESETS.smoke, "mnist"))
      .then(() => true, () => false),
    false,
  );
  const meta = JSON.parse(await Deno.readTextFile(`${out}/trend-k1-sigma0.5-b50-N1-metadata.json`));
  assert.equal(meta.extra.config.batchSize, 50);
  assert.match(await Deno.readTextFile(`${out}/trend-k1-sigma0.5-b50-N1.md`), /batch 50,/);
  assert.match(r.stderr, /\d+ samples\/s/);
  const bad = await runScript("idae_trend", ["--preset", "smoke", "--batch-size", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--batch-size must be an integer >= 1, got "0"/);
});
