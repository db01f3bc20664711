// A run killed (SIGKILL) at random points, during training, checkpoint writes or the results
// write, then run again to the end, gives the tables of an uninterrupted run; no staged or
// temporary file is left, and the results folder never mixes two runs.
import assert from "node:assert/strict";
import { readResultsCsv } from "../lib/io/table.ts";
import { root, runSmoke } from "./test_helpers.ts";

const TABLES = ["table1", "table3", "ablation"];

async function tables(dir: string): Promise<string> {
  const out = [];
  for (const t of TABLES) {
    const rows = await readResultsCsv(`${dir}/${t}.csv`);
    // wall time is the one column that may differ between runs
    out.push(JSON.stringify(rows.map(({ seconds: _, ...r }) => r)));
  }
  return out.join("\n");
}

async function leftovers(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (/\.(tmp|pending)$/.test(e.name) || e.name === ".results-set.json") found.push(e.name);
  }
  return found;
}

Deno.test("repro:ksparse killed at random points and run again ends with an uninterrupted run's tables", async () => {
  const clean = await Deno.makeTempDir();
  const a = await runSmoke("ksparse", clean, ["--backend", "wasm"]);
  assert.equal(a.code, 0, a.stderr);
  const want = await tables(clean);

  const out = await Deno.makeTempDir();
  const args = ["run", "-A", "--unstable-webgpu", "scripts/ksparse.ts", "--preset", "smoke"];
  const flags = ["--backend", "wasm", "--out", out, "--checkpoints", `${out}/ckpt`];
  let kills = 0;
  // kill times spread over the run's length (a few seconds), later each round
  for (const ms of [700, 1600, 2600, 3600, 4400]) {
    const child = new Deno.Command(Deno.execPath(), {
      args: [...args, ...flags],
      cwd: root,
      stdout: "null",
      stderr: "null",
    }).spawn();
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
        kills++;
      } catch { /* it had finished */ }
    }, ms + Math.random() * 400);
    await child.status;
    clearTimeout(timer);
  }
  assert.ok(kills >= 2, `only ${kills} of the runs were killed before they finished`);
  const b = await runSmoke("ksparse", out, ["--backend", "wasm"]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(await tables(out), want);
  assert.deepEqual(await leftovers(out), []);
  assert.deepEqual(await leftovers(`${out}/ckpt`), []);
});
