import assert from "node:assert/strict";
import { readResultsCsv } from "../lib/io/table.ts";

const TORCH_HINT =
  "PyTorch is missing: apt-get install python3-torch (Debian's, for /usr/bin/python3)";

/** Run `bench/peers/main.ts` (the `bench:peers` task) from the package root. */
async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", "bench/peers/main.ts", ...args],
    cwd: new URL("..", import.meta.url),
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function torchImports(): Promise<boolean> {
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", "import torch, numpy"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

const STEP_IDS = ["ksparse", "drsae", "walkback", "fixedpoints"];

Deno.test("bench:peers runs every step end to end beside PyTorch and the two sides agree", async () => {
  // CI installs python3-torch; without it this test fails (it does not skip).
  assert.ok(await torchImports(), TORCH_HINT);
  const out = await Deno.makeTempDir();
  const r = await run([
    "--samples",
    "200",
    "--repeats",
    "1",
    "--backends",
    "wasm",
    "--threads",
    "1",
    "--out",
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\| step \| ours backend \|/);
  assert.match(r.stdout, /single-threaded/);
  for (const id of STEP_IDS) {
    assert.match(r.stdout, new RegExp(`consistency ${id} wasm \\[threads: .*\\]: .*\\(passed\\)`));
  }
  assert.match(r.stdout, /consistency fixedpoints .*points \d/);
  assert.match(r.stderr, /torch fixedpoints 1 thread: [\d.]+ samples x iterations\/s/);

  const rows = await readResultsCsv(`${out}/peers.csv`);
  assert.equal(rows.length, STEP_IDS.length);
  assert.deepEqual(
    rows.map((row) => String(row.step).split(" ")[0]),
    ["k-sparse", "DrSAE", "walkback", "DAE"],
  );
  for (const row of rows) {
    assert.equal(row.backend, "wasm");
    assert.equal(row.torchThreads, 1);
    for (const key of ["paper", "ours", "ratio"] as const) {
      assert.ok(typeof row[key] === "number" && (row[key] as number) > 0, `${key}: ${row[key]}`);
    }
    assert.ok(
      Math.abs((row.ratio as number) - (row.ours as number) / (row.paper as number)) < 1e-9,
    );
    assert.ok((row.lossRelDiff as number) <= 1e-3, `${row.step}: ${row.lossRelDiff}`);
  }
  // the fixed-point iteration runs over twice --samples rows, checked to 1e-4
  assert.equal(rows[3].samples, 400);
  assert.ok((rows[3].lossRelDiff as number) <= 1e-4, `fixed points: ${rows[3].lossRelDiff}`);
  assert.match(await Deno.readTextFile(`${out}/peers.md`), /"paper" column holds PyTorch/);

  const meta = JSON.parse(await Deno.readTextFile(`${out}/peers.json`));
  assert.match(meta.extra.torch, /^\d+\.\d+/);
  assert.ok(meta.extra.numpy);
  assert.equal(meta.extra.checksPassed, true);
  assert.deepEqual(meta.extra.steps, STEP_IDS);
  assert.equal(meta.extra.checks.length, STEP_IDS.length);
  for (const c of meta.extra.checks) assert.equal(c.passed, true, c.step);
  for (const key of ["commit", "deno", "tfjs", "wallSeconds"]) assert.ok(meta[key], key);
});

Deno.test("bench:peers --steps runs the named steps only; --rounds alternates the sides", async () => {
  assert.ok(await torchImports(), TORCH_HINT);
  const out = await Deno.makeTempDir();
  const r = await run([
    "--steps",
    "walkback",
    "--samples",
    "100",
    "--repeats",
    "1",
    "--rounds",
    "2",
    "--backends",
    "wasm",
    "--threads",
    "1",
    "--out",
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rows = await readResultsCsv(`${out}/peers.csv`);
  assert.equal(rows.length, 1);
  assert.match(String(rows[0].step), /^walkback/);
  assert.doesNotMatch(r.stdout, /consistency ksparse/);
  // ours, torch, ours, torch: two timings per side, one ratio per round
  assert.match(
    r.stderr,
    /ours {2}walkback wasm .*\(round 1\/2\)[^]*torch walkback 1 thread \(round 1\/2\)[^]*ours {2}walkback wasm .*\(round 2\/2\)[^]*torch walkback 1 thread \(round 2\/2\)/,
  );
  const row = rows[0];
  assert.equal(row.rounds, 2);
  const [lo, mid, hi] = [row.ratioMin, row.ratio, row.ratioMax].map(Number);
  assert.ok(lo > 0 && lo <= mid && mid <= hi, `ratio ${mid} in [${lo}, ${hi}]`);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/peers.json`));
  assert.deepEqual(meta.extra.ours.map((o: { round: number }) => o.round), [0, 1]);
  assert.deepEqual(meta.extra.pytorch.map((t: { round: number }) => t.round), [0, 1]);
  assert.equal(meta.extra.checks.length, 1, "the consistency check runs once");
});

Deno.test("bench:peers --only ksparse times the k-sparse step beside PyTorch", async () => {
  assert.ok(await torchImports(), TORCH_HINT);
  const out = await Deno.makeTempDir();
  const r = await run([
    "--only",
    "ksparse",
    "--shapes",
    "64:4,128:8",
    "--samples",
    "200",
    "--repeats",
    "1",
    "--rounds",
    "1",
    "--backends",
    "wasm",
    "--out",
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\| n \| k \| backend \| ours ms \|/);
  for (const side of ["ours", "oursDense", "torchSparse"]) {
    const passed = new RegExp(`consistency ksparse n:k=64:4 ${side} wasm: .*\\(passed\\)`);
    assert.match(r.stdout, passed);
  }
  assert.match(r.stderr, /ksparse n=128 k=8 torchSparse wasm: [\d.]+ ms\/step/);
  // the peers group runs only when named
  assert.doesNotMatch(r.stdout, /consistency drsae/);
  await assert.rejects(Deno.stat(`${out}/peers.csv`));

  const rows = await readResultsCsv(`${out}/ksparse.csv`);
  assert.deepEqual(rows.map((row) => [row.hidden, row.k]), [[64, 4], [128, 8]]);
  for (const row of rows) {
    assert.equal(row.backend, "wasm");
    assert.equal(row.rounds, 1);
    for (const key of ["paper", "ours", "oursDense", "torchSparse", "usefulGflops"]) {
      assert.ok(typeof row[key] === "number" && (row[key] as number) > 0, `${key}: ${row[key]}`);
    }
    // one round: the ratio is that round's, between its bounds
    const ratio = row.torchDenseRatio as number;
    assert.ok(Math.abs(ratio - (row.paper as number) / (row.ours as number)) < 1e-9);
    assert.equal(row.torchDenseRatioMin, ratio);
    const flops = (1 + 4 * (row.k as number) / (row.hidden as number)) * 2 * 100 * 784 *
      (row.hidden as number);
    assert.ok(Math.abs((row.usefulMflopPerStep as number) - flops / 1e6) < 1e-6);
    assert.ok((row.sgemmFraction as number) > 0);
    assert.ok((row.lossRelDiff as number) <= 1e-3, `${row.row}: ${row.lossRelDiff}`);
  }
  assert.match(await Deno.readTextFile(`${out}/ksparse.md`), /"paper" is PyTorch/);
  const meta = JSON.parse(await Deno.readTextFile(`${out}/ksparse.json`));
  assert.equal(meta.extra.group, "ksparse");
  assert.equal(meta.extra.checksPassed, true);
  assert.equal(meta.extra.checks.length, 6, "three sides checked per shape");
  const [run0] = meta.extra.runs;
  assert.equal(run0.oursSgemmGflops.length, 2);
  assert.equal(run0.torchSgemmGflops.length, 2);
  assert.equal(run0.timings.length, 8, "four sides per shape");
});

Deno.test("bench:peers refuses unknown flags, steps and backends", async () => {
  const flag = await run(["--backend", "wasm"]);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /Unknown flag --backend\b/);
  assert.match(flag.stderr, /--backends LIST/);
  const backend = await run(["--backends", "wasm,tpu"]);
  assert.equal(backend.code, 2);
  assert.match(backend.stderr, /Unknown backend "tpu" in --backends/);
  const step = await run(["--steps", "ksparse,gan"]);
  assert.equal(step.code, 2);
  assert.match(
    step.stderr,
    /Unknown step "gan" in --steps: use ksparse, drsae, walkback, fixedpoints/,
  );
  const empty = await run(["--steps", ","]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--steps is empty/);
  const group = await run(["--only", "ksparse,gpu"]);
  assert.equal(group.code, 2);
  assert.match(group.stderr, /Unknown group "gpu" in --only: use peers, ksparse/);
  const shapes = await run(["--only", "ksparse", "--shapes", "100:200"]);
  assert.equal(shapes.code, 2);
  assert.match(shapes.stderr, /--shapes takes N:K pairs with 1 <= K <= N/);
  const threads = await run(["--threads", "0"]);
  assert.equal(threads.code, 2);
  assert.match(threads.stderr, /--threads takes positive integers/);
});

Deno.test("bench:peers names the Debian package when PyTorch is missing", async () => {
  const r = await run(["--samples", "100"], { BENCH_PEERS_PYTHON: "/nonexistent/python3" });
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(TORCH_HINT), r.stderr);
});
