import assert from "node:assert/strict";
import { integerFlag, parseScriptArgs, taskName, usage } from "../repro/cli.ts";
import { readResultsCsv } from "../lib/io/table.ts";
import { root, runScript, runSmoke } from "./test_helpers.ts";
import { ksparseConfig } from "../repro/ksparse/config.ts";
import { ksparseCheckpoints } from "../repro/ksparse/run.ts";

for (const backend of ["cpu", "wasm", "webgpu"]) {
  Deno.test(`repro:ksparse --preset smoke runs end to end on ${backend}`, async () => {
    const out = await Deno.makeTempDir();
    const r = await runSmoke("ksparse", out, ["--backend", backend]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`backend: ${backend}`));
    const rows = await readResultsCsv(`${out}/table1.csv`);
    const ours = (row: string) => rows.find((r) => r.row === row)?.ours as number;
    for (const k of [40, 25, 10]) {
      const err = ours(`k-sparse autoencoder, k = ${k}`);
      assert.ok(err > 0 && err < 100, `k=${k}: ${err}`);
      const png = await Deno.readFile(`${out}/figure1-k${k}.png`);
      assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71]); // "PNG"
    }
    assert.ok(ours("Raw pixels") < 30, "logistic regression on pixels learns something");
    // two epochs of CD-1 on 1,000 digits: the features are weak but above chance (90%)
    assert.ok(ours("RBM") > 0 && ours("RBM") < 80, `the RBM features: ${ours("RBM")}`);
    for (const r of rows) assert.equal(r.backend, backend);
    const meta = JSON.parse(await Deno.readTextFile(`${out}/metadata.json`));
    assert.equal(meta.preset, "smoke");
    assert.equal(meta.backend, backend);
    assert.equal(meta.dataset, "mnist");
    assert.deepEqual(meta.seeds, [1]);
    for (const key of ["commit", "deno", "tfjs", "wallSeconds", "epochs"]) {
      assert.ok(meta[key], key);
    }
    assert.match(await Deno.readTextFile(`${out}/training-loss.svg`), /^<svg/);
    assert.match(await Deno.readTextFile(`${out}/figure4.svg`), /^<svg/);
    await Deno.stat(`${out}/figure1-k40.png`);
    const table3 = await readResultsCsv(`${out}/table3.csv`);
    assert.equal(table3.length, 7);
    const ft = table3.find((r) => r.row === "k-sparse autoencoder + fine-tuning (k = 25)");
    assert.ok((ft?.ours as number) > 0 && (ft?.ours as number) < 100, JSON.stringify(ft));
    const rbmFt = table3.find((r) => r.row === "RBM + fine-tuning");
    // from the barely trained smoke RBM (weights near their std 0.01 start) 20 steps move
    // little; the row is written and below chance (90%), its quality is the quick run's
    assert.ok((rbmFt?.ours as number) > 0 && (rbmFt?.ours as number) < 85, JSON.stringify(rbmFt));
    // every network of Table 3 is built now, the deep dropout one from two dropout autoencoders
    for (const r of table3) assert.notEqual(r.note, "not run yet", r.row as string);
    const deepDropout = table3.find((r) => String(r.row).startsWith("Deep dropout"));
    assert.ok(
      (deepDropout?.ours as number) > 0 && (deepDropout?.ours as number) < 100,
      JSON.stringify(deepDropout),
    );
    assert.equal(deepDropout?.epochs, 3 * 2, "three stages of the smoke preset's 2 epochs");
    const ablation = await readResultsCsv(`${out}/ablation.csv`);
    assert.equal(ablation.length, 2);
    for (const r of ablation) assert.ok((r.ours as number) >= 0 && (r.ours as number) <= 100);
    assert.match(await Deno.readTextFile(`${out}/table1.md`), /\| Raw pixels \| 7\.20 \|/);
  });
}

Deno.test("a second run resumes from the checkpoints and gives the same table", async () => {
  const out = await Deno.makeTempDir();
  const args = ["--preset", "smoke", "--backend", "wasm", "--checkpoints", `${out}/ckpt`];
  const a = await runScript("ksparse", [...args, "--out", `${out}/a`]);
  assert.equal(a.code, 0, a.stderr);
  const b = await runScript("ksparse", [...args, "--out", `${out}/b`]);
  assert.equal(b.code, 0, b.stderr);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(
    strip(await readResultsCsv(`${out}/b/table1.csv`)),
    strip(await readResultsCsv(`${out}/a/table1.csv`)),
  );
});

Deno.test("scripts refuse unknown flags and values with the accepted ones", async () => {
  const bad = await runScript("ksparse", ["--presett", "smoke"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown flag --presett/);
  assert.match(bad.stderr, /--preset smoke\|quick\|paper/);
  const value = await runScript("ksparse", ["--backend", "tpu"]);
  assert.equal(value.code, 2);
  assert.match(value.stderr, /Unknown --backend "tpu": use one of auto, webgpu, wasm, cpu/);
});

Deno.test("a script's own flags: strings, integers and booleans", () => {
  const own = { k: "K  walkback steps", finished: "  train nothing" };
  const a = parseScriptArgs("idae", ["--k", "3", "--finished"], "quick", own);
  assert.deepEqual(a.extra, { k: "3", finished: "true" });
  assert.deepEqual(parseScriptArgs("idae", [], "quick", own).extra, {
    k: undefined,
    finished: undefined,
  });
  assert.throws(
    () => parseScriptArgs("idae", ["--finished", "--k"], "quick", own),
    /--k.*argument missing|Option '--k <value>' argument missing/,
  );
  const text = usage("idae", "quick", own);
  assert.match(text, /\n {2}--k K {26}walkback steps/);
  assert.match(text, /\n {2}--finished {21}train nothing/);
  // a value form longer than the column keeps a space before its help
  const long = usage("energy", "quick", { "pretrain-output": "linear|sigmoid  outputs" });
  assert.match(long, /--pretrain-output linear\|sigmoid outputs/);
  assert.equal(integerFlag("k", "3", 1), 3);
  for (const bad of ["0", "2.5", "", "three"]) {
    assert.throws(() => integerFlag("k", bad, 1), /--k must be an integer >= 1, got/);
  }
});

Deno.test("every script's usage names the deno task that runs it", async () => {
  const tasks: Record<string, string> = JSON.parse(await Deno.readTextFile("deno.json")).tasks;
  let seen = 0;
  for await (const entry of Deno.readDir("scripts")) {
    if (!entry.name.endsWith(".ts")) continue;
    const source = await Deno.readTextFile(`scripts/${entry.name}`);
    const script = source.match(/startScript\(\s*"([^"]+)"/)?.[1];
    if (script === undefined) continue;
    seen++;
    const task = usage(script).match(/^Usage: deno task (\S+)/)?.[1] ?? "";
    assert.equal(task, taskName(script));
    assert.match(tasks[task] ?? `no task ${task}`, new RegExp(`scripts/${entry.name}$`));
  }
  assert.ok(seen >= 10, `only ${seen} scripts start with startScript`);
});

Deno.test("a missing dataset stops the script with the fix", async () => {
  const r = await runScript("ksparse", [
    "--preset",
    "smoke",
    "--backend",
    "cpu",
    "--dataset",
    "fashion-mnist",
  ], {
    FASHION_MNIST_DIR: "/nonexistent/fashion",
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /\/nonexistent\/fashion/);
  assert.match(r.stderr, /apt-get install dataset-fashion-mnist|FASHION_MNIST_DIR/);
});

Deno.test("repro:ksparse runs on Fashion-MNIST", async () => {
  const out = await Deno.makeTempDir();
  const r = await runSmoke("ksparse", out, ["--backend", "wasm", "--dataset", "fashion-mnist"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/table1.csv`);
  assert.equal(
    rows.find((r) => r.row === "Raw pixels")?.paper,
    null,
    "no paper numbers for Fashion-MNIST",
  );
});

Deno.test("Ctrl-C stops training cleanly, keeping the checkpoint to resume from", async () => {
  const out = await Deno.makeTempDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "scripts/ksparse.ts",
      "--preset",
      "smoke",
      "--backend",
      "wasm",
      "--epochs",
      "400",
      "--out",
      `${out}/r`,
      "--checkpoints",
      `${out}/ckpt`,
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // wait until the first checkpoint exists, then interrupt
  const deadline = Date.now() + 60_000;
  let ckpt = "";
  while (!ckpt && Date.now() < deadline) {
    try {
      for await (const e of Deno.readDir(`${out}/ckpt`)) {
        if (e.name.endsWith(".ckpt")) ckpt = `${out}/ckpt/${e.name}`;
      }
    } catch {
      // the folder appears with the first checkpoint
    }
    if (!ckpt) await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGINT");
  const result = await child.output();
  const stderr = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 130, stderr);
  assert.match(stderr, /interrupted in epoch \d+ of \d+; resume from .*\.ckpt \(\d+ epochs done\)/);
  const { readCheckpoint } = await import("../lib/train/checkpoint.ts");
  const saved = await readCheckpoint(ckpt);
  assert.ok((saved?.meta.epoch as number) >= 0);
  assert.ok((saved?.meta.epoch as number) < 399);
});

Deno.test("repro:ksparse-trend probes one run along the way, fine-tunes it, resumes whole", async () => {
  const out = await Deno.makeTempDir();
  const args = [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--epochs",
    "4",
    "--k",
    "10",
    "--fine-tune",
    "--fine-tune-epochs",
    "1",
    "--out",
    out,
    "--checkpoints",
    `${out}/ckpt`,
  ];
  const r = await runScript("ksparse_trend", args);
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/trend.csv`);
  assert.deepEqual(rows.map((r) => r.epochs), [1, 2, 4, 4]);
  assert.deepEqual(rows.map((r) => r.row), [
    "k = 10 after 1 epochs",
    "k = 10 after 2 epochs",
    "k = 10 after 4 epochs",
    "k = 10 after 4 epochs, fine-tuned 1 epochs",
  ]);
  for (const row of rows) assert.ok((row.ours as number) > 0 && (row.ours as number) < 100);
  assert.match(await Deno.readTextFile(`${out}/trend.svg`), /^<svg/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/trend-metadata.json`));
  assert.equal(meta.extra.k, 10);
  assert.equal(meta.extra.fineTune.epochs, 1);
  assert.deepEqual(meta.extra.probe.l2, [1e-4], "the probe as run: the preset's largest L2 alone");
  // run again: training and probes resume from the finished checkpoint and its probes file,
  // so the table keeps every probe although none runs again
  const again = await runScript("ksparse_trend", args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /0 of 3 probes in this session/);
  const rows2 = await readResultsCsv(`${out}/trend.csv`);
  assert.deepEqual(rows2.slice(0, 3), rows.slice(0, 3));
  assert.equal(rows2.length, 4);
});

Deno.test("repro:ksparse-trend refuses a k the model cannot have, before training", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript("ksparse_trend", ["--preset", "smoke", "--k", "500", "--out", out]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /k = 500 exceeds the preset's 100 hidden units/);
  for (
    const [flags, message] of [
      [["--model", "denoising", "--k", "10"], /--k is for the k-sparse model/],
      [["--model", "dropoutDenoising", "--fine-tune"], /Table 3 has no network for the dropout/],
      [["--model", "rbm"], /--model must be one of ksparse, dropout/],
      [["--probe-l2", "-1"], /--probe-l2/],
      [["--lr", "0"], /--lr must be a comma-separated list of numbers/],
      [["--lr", "0.01,0.02"], /--lr takes one rate/],
    ] as const
  ) {
    const bad = await runScript("ksparse_trend", ["--preset", "smoke", ...flags, "--out", out]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, message);
  }
  assert.equal([...Deno.readDirSync(out)].length, 0);
});

Deno.test("repro:ksparse-trend follows a comparison autoencoder and fine-tunes its network", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript("ksparse_trend", [
    "--preset",
    "smoke",
    "--backend",
    "cpu",
    "--model",
    "dropout",
    "--epochs",
    "4",
    "--fine-tune",
    "--probe-l2",
    "0,0.0001",
    "--lr",
    "0.02",
    "--out",
    out,
    "--checkpoints",
    `${out}/ckpt`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/trend-metadata.json`));
  assert.deepEqual(meta.extra.probe.l2, [0, 1e-4]);
  // --lr sets the comparison autoencoder's rate, not the k-sparse one's
  assert.equal(meta.extra.config.comparisonTraining.learningRate, 0.02);
  assert.equal(meta.extra.config.learningRate, 0.01);
  const md = await Deno.readTextFile(`${out}/trend.md`);
  assert.match(md, /L2 from 0, 0\.0001 chosen on validation/);
  assert.match(md, /SGD lr 0\.02\)/);
  const rows = await readResultsCsv(`${out}/trend.csv`);
  assert.deepEqual(rows.map((r) => r.row), [
    "Dropout autoencoder (50% hidden) after 1 epochs",
    "Dropout autoencoder (50% hidden) after 2 epochs",
    "Dropout autoencoder (50% hidden) after 4 epochs",
    "Dropout autoencoder (50% hidden) after 4 epochs, fine-tuned 2 epochs",
  ]);
  // Table 1's and Table 3's dropout values beside ours; no alpha for all-unit features
  assert.deepEqual(rows.map((r) => r.paper), [1.8, 1.8, 1.8, 1.05]);
  assert.ok(rows.every((r) => r.alpha === null));
  // the probe improves as the autoencoder trains
  assert.ok((rows[2].ours as number) < (rows[0].ours as number), JSON.stringify(rows));
  const files = [...Deno.readDirSync(`${out}/ckpt`)].map((e) => e.name);
  // the probes kept beside the checkpoint depend on the probe's L2 weights, the model on its
  // rate: both in the file's name
  assert.ok(
    files.some((f) => f.includes("-e4-dropout-l2-0_0.0001-lr0.02-s1.ckpt")),
    files.join(", "),
  );
});

Deno.test("repro:ksparse-seeds runs the k = 25 rows once per seed, with their mean and spread", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript("ksparse_seeds", [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--seeds",
    "1,2",
    "--out",
    out,
    "--checkpoints",
    `${out}/ckpt`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/seeds.csv`);
  assert.deepEqual(rows.map((r) => r.row), [
    "k-sparse autoencoder, k = 25",
    "k-sparse autoencoder + fine-tuning (k = 25)",
  ]);
  for (const row of rows) {
    assert.equal(row.seeds, 2);
    const each = String(row.perSeed).split(", ").map(Number);
    assert.equal(each.length, 2);
    // the two seeds are different runs, and the mean lies between them
    assert.notEqual(each[0], each[1]);
    assert.ok(Math.abs((row.ours as number) - (each[0] + each[1]) / 2) < 0.01);
    assert.ok((row.min as number) <= (row.ours as number));
    assert.ok((row.ours as number) <= (row.max as number));
  }
  const meta = JSON.parse(await Deno.readTextFile(`${out}/seeds-metadata.json`));
  assert.deepEqual(meta.seeds, [1, 2]);
});

Deno.test("repro:ksparse-seeds refuses a bad seed list before training", async () => {
  const out = await Deno.makeTempDir();
  for (const bad of ["1,x", "1,1", ""]) {
    const r = await runScript("ksparse_seeds", ["--preset", "smoke", "--seeds", bad, "--out", out]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--seeds/);
  }
});

Deno.test("repro:ksparse-finetune fine-tunes from the preset's autoencoders for the epochs asked", async () => {
  const out = await Deno.makeTempDir();
  const args = [
    "--preset",
    "smoke",
    "--backend",
    "cpu",
    "--networks",
    "ksparse,dropout",
    "--fine-tune-epochs",
    "3",
    "--out",
    out,
    "--checkpoints",
    `${out}/ckpt`,
  ];
  const r = await runScript("ksparse_finetune", args);
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/finetune.csv`);
  // the paper's order, whatever the order asked; three epochs of the one stage each
  assert.deepEqual(rows.map((r) => r.row), [
    "Shallow dropout autoencoder + fine-tuning (50% hidden)",
    "k-sparse autoencoder + fine-tuning (k = 25)",
  ]);
  for (const row of rows) {
    assert.equal(row.epochs, 3);
    assert.ok((row.ours as number) >= 0 && (row.ours as number) < 100);
  }
  // the autoencoders are saved under the names `repro:ksparse` gives them with this preset, so
  // they are shared with it; the fine-tuning runs, longer than the preset's, under their own
  const config = ksparseConfig("smoke", "mnist");
  const names = ksparseCheckpoints(config, {
    dataset: "mnist",
    preset: "smoke",
    checkpointDir: `${out}/ckpt`,
  });
  const files = [...Deno.readDirSync(`${out}/ckpt`)].map((e) => `${out}/ckpt/${e.name}`).sort();
  assert.ok(files.includes((await names("dropout"))!), files.join("\n"));
  assert.ok(files.includes((await names("k25"))!), files.join("\n"));
  assert.ok(!files.includes((await names("ft-dropout-stage0"))!));
  assert.equal(files.filter((f) => f.includes("-ft-")).length, 2);
  // a second run resumes every finished run and reports the same errors
  const again = await runScript("ksparse_finetune", args);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(
    (await readResultsCsv(`${out}/finetune.csv`)).map((r) => r.ours),
    rows.map((r) => r.ours),
  );
});

Deno.test("repro:ksparse-finetune refuses unknown networks and bad lengths before training", async () => {
  const out = await Deno.makeTempDir();
  for (
    const [flags, message] of [
      [["--networks", "dropout,deepRbm"], /--networks: unknown deepRbm; use scratch,rbm/],
      [["--fine-tune-epochs", "0"], /--fine-tune-epochs must be an integer >= 1/],
    ] as const
  ) {
    const r = await runScript("ksparse_finetune", ["--preset", "smoke", ...flags, "--out", out]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, message);
  }
  assert.equal([...Deno.readDirSync(out)].length, 0);
});
