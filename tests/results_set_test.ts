import assert from "node:assert/strict";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { readResultsCsv, writeResultsTable } from "../lib/io/table.ts";
import { recoverResultsFolder, RESULTS_JOURNAL, writeResultsSet } from "../lib/io/results_set.ts";

const FILES = ["table1.csv", "table1.md", "table3.csv", "figure.png", "metadata.json"];
const script = new URL("./fixtures/write_results_set.ts", import.meta.url).pathname;

async function generations(dir: string): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const f of FILES) {
    const text = await Deno.readTextFile(`${dir}/${f}`).catch(() => "missing");
    seen.add(text.split("\n")[0]);
  }
  return seen;
}

async function leftovers(dir: string): Promise<string[]> {
  const out = [];
  for await (const e of Deno.readDir(dir)) if (e.name.startsWith(".")) out.push(e.name);
  return out;
}

Deno.test("a results set killed at random points leaves one whole generation, never a mix", async () => {
  const dir = await Deno.makeTempDir();
  const first = new Deno.Command(Deno.execPath(), { args: ["run", "-A", script, dir, "0"] });
  assert.ok((await first.output()).success);
  let gen = 0;
  for (let round = 1; round <= 8; round++) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, dir, String(round)],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    // kill at a random moment: before, during, or after the staged files are put in place
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 250));
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    const status = await child.status;
    await recoverResultsFolder(dir);
    const seen = await generations(dir);
    assert.equal(seen.size, 1, `round ${round}: files from several runs: ${[...seen]}`);
    const now = Number([...seen][0].split(" ")[1]);
    assert.ok(now === gen || now === round, `round ${round}: generation ${now} after ${gen}`);
    if (status.success) assert.equal(now, round, "a finished run's set is in place");
    gen = now;
    assert.deepEqual(await leftovers(dir), [], `round ${round}: staged files left behind`);
  }
});

Deno.test("a set whose writer throws puts nothing in place and keeps the old files", async () => {
  const dir = await Deno.makeTempDir();
  await writeResultsTable(dir, "t", [{ row: "a", paper: 1, ours: 2 }]);
  await assert.rejects(() =>
    writeResultsSet(dir, async () => {
      await writeResultsTable(dir, "t", [{ row: "a", paper: 1, ours: 3 }]);
      throw new Error("figure failed");
    }), /figure failed/);
  assert.equal((await readResultsCsv(`${dir}/t.csv`))[0].ours, 2);
  assert.deepEqual(await leftovers(dir), []);
});

Deno.test("a committed journal left by a kill is completed by the next reader", async () => {
  const dir = await Deno.makeTempDir();
  await writeResultsTable(dir, "t", [{ row: "a", paper: 1, ours: 2 }]);
  // the state right after the journal was written and before the renames
  await Deno.writeTextFile(`${dir}/.t.csv.1-x.pending`, "row,paper,ours\na,1,5\n");
  await Deno.writeTextFile(
    `${dir}/${RESULTS_JOURNAL}`,
    JSON.stringify([{ staged: ".t.csv.1-x.pending", target: "t.csv" }]),
  );
  assert.equal((await readResultsCsv(`${dir}/t.csv`))[0].ours, 5);
  assert.deepEqual(await leftovers(dir), []);
});

Deno.test("a journal half-written by a killed writer is removed, and the old set stays", async () => {
  const dir = await Deno.makeTempDir();
  await writeResultsTable(dir, "t", [{ row: "a", paper: 1, ours: 2 }]);
  // killed while writing the journal's temporary: staged file and temporary both left
  const dead = 999999999;
  await Deno.writeTextFile(`${dir}/.t.csv.${dead}-x.pending`, "row,paper,ours\na,1,5\n");
  await Deno.writeTextFile(`${dir}/${RESULTS_JOURNAL}.${dead}-y.tmp`, '[{"staged":');
  assert.deepEqual(await recoverResultsFolder(dir), { completed: 0, removed: 2 });
  assert.equal((await readResultsCsv(`${dir}/t.csv`))[0].ours, 2);
  assert.deepEqual(await leftovers(dir), []);
});

Deno.test("files outside the set's folder are written at once, as before", async () => {
  const dir = await Deno.makeTempDir();
  await writeResultsSet(`${dir}/a`, async () => {
    await writeFileAtomic(`${dir}/b/x.txt`, "now");
    assert.equal(await Deno.readTextFile(`${dir}/b/x.txt`), "now");
    await writeFileAtomic(`${dir}/a/y.txt`, "later");
    await assert.rejects(() => Deno.readTextFile(`${dir}/a/y.txt`));
  });
  assert.equal(await Deno.readTextFile(`${dir}/a/y.txt`), "later");
});
