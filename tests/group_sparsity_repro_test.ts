import assert from "node:assert/strict";
import { readResultsCsv } from "../lib/io/table.ts";
import { runScript } from "./test_helpers.ts";
import {
  branchSimilarity,
  type DigitsResults,
  GROUP_SPARSITY_PRESETS,
  invarianceRows,
  validateGroupSparsityConfig,
} from "../repro/group_sparsity/mod.ts";
import { treePools } from "../lib/ops/groups.ts";

Deno.test("repro:group-sparsity --preset smoke writes every table and picture, and resumes without training again", async () => {
  const out = await Deno.makeTempDir();
  const args = (dir: string) => [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--datasets",
    "mnist",
    "--checkpoints",
    `${out}/ckpt`,
    "--out",
    `${out}/${dir}`,
  ];
  const a = await runScript("group_sparsity", args("a"));
  assert.equal(a.code, 0, a.stderr);
  const invariance = await readResultsCsv(`${out}/a/invariance-mnist.csv`);
  assert.deepEqual(invariance.map((r) => r.row), [
    "group-sparse, pooled (pool norms)",
    "group-sparse, units",
    "L1, units",
    "L1, units pooled with the same pools (control)",
    "k-sparse, units",
  ]);
  for (const r of invariance) {
    const c = r.ours as number;
    assert.ok(c > -1 && c <= 1, `${r.row}: correlation ${c}`);
    assert.equal(r.seeds, 2);
  }
  const models = await readResultsCsv(`${out}/a/models-mnist.csv`);
  // seed 1: group, two L1 candidates, one k; seed 2: the kept ones
  assert.equal(models.length, 4 + 3);
  assert.equal(models.filter((m) => m.kept === "yes").length, 6);
  const probe = await readResultsCsv(`${out}/a/probe-mnist.csv`);
  assert.equal(probe[0].row, "raw pixels");
  assert.equal(probe[0].width, 784);
  const topo = await readResultsCsv(`${out}/a/topography.csv`);
  assert.deepEqual(topo.map((r) => r.row), [
    "group-sparse, 3 x 3 pools on the torus",
    "L1 (control)",
  ]);
  for (const r of topo) assert.ok((r.ours as number) >= 0 && (r.ours as number) <= 90);
  const conv = await readResultsCsv(`${out}/a/conv-probe.csv`);
  assert.equal(
    conv.length,
    5,
    "layer 1 and the stack, each pooled and unpooled, and both stages side by side",
  );
  assert.equal(conv[2].paper, 1.5, "the target beside the stack");
  for (const f of ["topographic-map.png", "tree-dictionary.png", "filters-mnist-group.png"]) {
    const png = await Deno.readFile(`${out}/a/${f}`);
    assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71], f); // "PNG"
  }
  assert.match(await Deno.readTextFile(`${out}/a/invariance-mnist.svg`), /^<svg/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/a/metadata.json`));
  assert.deepEqual(meta.extra.parts, ["digits", "patches", "conv"]);
  assert.equal(meta.extra.patches.images.length, 10);

  const b = await runScript("group_sparsity", args("b"));
  assert.equal(b.code, 0, b.stderr);
  assert.doesNotMatch(b.stderr, /epoch 1\/\d+ /, "every model comes from its checkpoint");
  const strip = (rs: Record<string, unknown>[]) => rs.map(({ seconds: _, ...r }) => r);
  assert.deepEqual(strip(await readResultsCsv(`${out}/b/models-mnist.csv`)), strip(models));
});

Deno.test("repro:group-sparsity refuses unknown parts, and missing photographs before any training", async () => {
  // each bad flag stops the script with a usage error (exit 2) naming it and what it takes
  const refused: [string, string, RegExp][] = [
    ["--parts", "digits,pictures", /--parts: unknown pictures; use digits,patches,conv/],
    ["--conv-maps", "8", /--conv-maps takes two whole numbers .*got "8"/],
    ["--conv-lambda", "0.1", /--conv-lambda takes two weights .*got "0.1"/],
    ["--conv-lambda", "0.1,-1", /--conv-lambda must be a comma-separated list of numbers >= 0/],
    ["--conv-epochs", "1,2.5", /--conv-epochs takes two whole numbers of epochs .*got "1,2.5"/],
    // the smoke preset's probe trains on 200 digits: the layers cannot pretrain on more
    ["--conv-pretrain", "201", /--conv-pretrain must be an integer in \[1, 200\], got "201"/],
    ["--conv-inference", "0", /--conv-inference must be an integer in \[1, 10000\], got "0"/],
  ];
  for (const [flag, value, message] of refused) {
    const r = await runScript("group_sparsity", ["--preset", "smoke", flag, value]);
    assert.equal(r.code, 2, `${flag} ${value}`);
    assert.match(r.stderr, message);
  }
  const missing = await runScript(
    "group_sparsity",
    ["--preset", "smoke", "--parts", "patches", "--out", await Deno.makeTempDir()],
    { SKIMAGE_DATA_DIR: "/nonexistent/skimage" },
  );
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /\/nonexistent\/skimage.*python3-skimage/s);
  assert.doesNotMatch(missing.stderr, /epoch 1\//);
});

Deno.test("repro:group-sparsity --conv-* flags set the convolutional layers", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript("group_sparsity", [
    "--preset",
    "smoke",
    "--backend",
    "wasm",
    "--parts",
    "conv",
    "--conv-maps",
    "4,6",
    "--conv-lambda",
    "0.02,0.2",
    "--conv-epochs",
    "1,2",
    "--conv-pretrain",
    "150",
    "--conv-inference",
    "2",
    "--checkpoints",
    `${out}/ckpt`,
    "--out",
    `${out}/run`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/run/metadata.json`));
  assert.deepEqual(meta.extra.config.conv.maps, [4, 6]);
  assert.deepEqual(meta.extra.config.conv.lambda, [0.02, 0.2]);
  assert.deepEqual(meta.extra.config.conv.epochs, [1, 2]);
  assert.equal(meta.extra.config.conv.pretrain, 150);
  assert.equal(meta.extra.config.conv.inference, 2);
  assert.match(r.stdout, /predictive sparse decomposition: 2 steps/);
  assert.match(r.stderr, /conv-layer2 +epoch 2\/2 /);
  assert.doesNotMatch(r.stderr, /conv-layer1 +epoch 2\//);
  const conv = await readResultsCsv(`${out}/run/conv-probe.csv`);
  assert.equal(conv.length, 5);
  // the stack's pool norms: 6 pools of layer 2 at each of its subsampled positions
  assert.equal((conv[2].width as number) % 6, 0);
  assert.notEqual((conv[2].width as number) % 4, 0);
  // the stack's maps: layer 2's 6 maps at the same positions
  assert.match(conv[3].row as string, /stacked, unpooled maps/);
  assert.equal(conv[3].width, conv[2].width);
  // both stages side by side: layer 1's maps and the stack's, one after the other
  assert.match(conv[4].row as string, /both stages/);
  assert.equal(conv[4].width, (conv[1].width as number) + (conv[3].width as number));
  await Deno.remove(out, { recursive: true });
});

Deno.test("branchSimilarity: parent-child pairs against pairs on other branches", () => {
  // a root with two children; child 1 equals the root, child 2 is orthogonal to both
  const tree = treePools(2, 2);
  const atoms = new Float32Array([1, 0, 1, 0, 0, 1]);
  const s = branchSimilarity(atoms, 2, tree.members);
  assert.equal(s.parentChild, (1 + 0) / 2);
  assert.equal(s.otherBranches, 0, "the two children are on different branches");
});

Deno.test("invarianceRows: mean over seeds of the shift average, spread over seeds, per amount", () => {
  const rec = (kind: string, amount: number, correlation: number) => ({
    kind,
    amount,
    correlation,
    correlationStd: 0,
    cosine: 0,
    n: 1,
    units: 1,
    skippedUnits: 0,
  });
  const records = (c: number) => [
    rec("shift-x", 1, c),
    rec("shift-y", 1, c + 0.1),
    rec("rotate", 5, 0.9),
    rec("rotate", -5, 0.7),
  ];
  const d = {
    dataset: "mnist",
    models: [],
    probes: [],
    filters: [],
    invariance: [
      { features: "group-pooled", seed: 1, records: records(0.5) },
      { features: "group-pooled", seed: 2, records: records(0.7) },
    ],
  } as unknown as DigitsResults;
  const row = invarianceRows(d)[0];
  assert.ok(Math.abs((row.ours as number) - 0.65) < 1e-12); // (0.55 + 0.75) / 2
  assert.ok(Math.abs((row.spread as number) - Math.sqrt(0.02)) < 1e-12);
  assert.ok(Math.abs((row.rotate5 as number) - 0.8) < 1e-12);
  assert.ok(Number.isNaN(row.shift2 as number), "no 2-pixel shift was measured");
});

Deno.test("the group-sparsity config refuses a window larger than the grid, a k beyond the units, a negative conv lambda", () => {
  const c = structuredClone(GROUP_SPARSITY_PRESETS.smoke);
  c.digits.ks = [17];
  assert.throws(() => validateGroupSparsityConfig(c), /each k must be an integer in \[1, 16\]/);
  const d = structuredClone(GROUP_SPARSITY_PRESETS.smoke);
  d.conv.lambda = [0.05, -0.1];
  assert.throws(() => validateGroupSparsityConfig(d), /conv.lambda \[0.05,-0.1\] must hold two/);
  const e = structuredClone(GROUP_SPARSITY_PRESETS.smoke);
  e.conv.inference = 0.5;
  assert.throws(() => validateGroupSparsityConfig(e), /conv.inference 0.5 must be a whole number/);
  for (const preset of ["smoke", "quick", "paper"] as const) {
    validateGroupSparsityConfig(GROUP_SPARSITY_PRESETS[preset]);
  }
});
