import assert from "node:assert/strict";
import { writeResultsTable } from "../lib/io/table.ts";
import { headlineTable } from "../repro/headline.ts";

/** A results folder per seed under a new root, each a table with one row "a". */
async function seedTables(values: (number | null)[]) {
  const root = await Deno.makeTempDir();
  const csvs: string[] = [];
  for (const [i, ours] of values.entries()) {
    await Deno.mkdir(`${root}/s${i}`);
    await writeResultsTable(`${root}/s${i}`, "t", [
      { row: "a", paper: 1.5, ours, epochs: 10 + i, preset: "quick" },
      { row: "b", paper: 2, ours: 9, epochs: 1, preset: "quick" },
    ]);
    csvs.push(`s${i}/t.csv`);
  }
  return { root, csvs };
}

const row = (csv: string, seeds?: string[]) => ({
  paper: "P",
  measure: "m",
  csv,
  ...(seeds ? { seeds } : {}),
  row: "a",
  page: "p.md",
});

Deno.test("a headline row reads one committed table, or the mean of the same row over seeds", async () => {
  const { root, csvs } = await seedTables([1.2, 1.5, 1.8]);
  const one = await headlineTable([row(csvs[0])], root);
  assert.match(one, /\| 1\.50 +\| 1\.20 +\| 10 epochs, preset quick +\|/);
  const mean = await headlineTable([row(csvs[0], csvs.slice(1))], root);
  assert.match(mean, /\| 1\.50 +\| 1\.50 +\| mean of 3 seeds, preset quick +\|/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a headline over seeds refuses a missing row or a seed without a number", async () => {
  const { root, csvs } = await seedTables([1.2, null]);
  await assert.rejects(
    () => headlineTable([row(csvs[0], csvs.slice(1))], root),
    /row "a" has no number in column "ours" in every one of s0\/t\.csv, s1\/t\.csv/,
  );
  await assert.rejects(
    () => headlineTable([{ ...row(csvs[0]), row: "c" }], root),
    /no row "c" in s0\/t\.csv; rows there: a \| b/,
  );
  await Deno.remove(root, { recursive: true });
});
