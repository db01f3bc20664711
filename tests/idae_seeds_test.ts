import assert from "node:assert/strict";
import { describeExplosionTest } from "../lib/eval/fixed_points.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { IDAE_PRESETS, idaeSeedTable, readIdaeSeedRecords } from "../repro/idae/mod.ts";

const CELL = { k: 1, sigma: 0.3, epochs: 250, alpha: 0.999 };

/** A grid's models.csv row, as `repro:idae` writes it. */
function gridRow(seed: number, acc: number | null, ex: number | null, more = {}) {
  return {
    row: `k1-sigma0.3-N250-a0.999-seed${seed}`,
    paper: null,
    ours: acc,
    ...CELL,
    seed,
    mse_wb_test: acc === null ? null : 4 + seed / 10,
    ex_test_count: ex,
    test_rows: 10000,
    preset: "paper",
    note: acc === null ? "not finished: 3 of 250 epochs trained" : null,
    ...more,
  };
}

/** A trend run's CSV and metadata, as `repro:idae-trend` writes them. */
async function trend(
  dir: string,
  name: string,
  spec: { k: number; sigma: number; alpha: number; seed: number },
  rows: { epochs: number; acc: number; ex: number; testRows?: number; test?: string }[],
  meta: { preset?: string; chainNoise?: string; batchSize?: number } = {},
) {
  await writeResultsTable(
    dir,
    name,
    rows.map((r) => ({
      row: `k = ${spec.k}, σ = ${spec.sigma} after ${r.epochs} epochs`,
      paper: null,
      ours: r.acc,
      epochs: r.epochs,
      mse_wb_test: 4.5,
      ex_test: r.ex,
      explosion_test: r.test ?? describeExplosionTest(),
      test_rows: r.testRows ?? 10000,
      preset: meta.preset ?? "paper",
      seed: spec.seed,
    })),
  );
  await Deno.writeTextFile(
    `${dir}/${name}-metadata.json`,
    JSON.stringify({
      preset: meta.preset ?? "paper",
      dataset: "mnist",
      extra: {
        spec: { ...spec, epochs: Math.max(...rows.map((r) => r.epochs)) },
        config: { chainNoise: meta.chainNoise ?? "first", batchSize: meta.batchSize ?? 20 },
      },
    }),
  );
}

Deno.test("the seeds of a cell are gathered from the grid and the trend runs, once each", async () => {
  const grid = await Deno.makeTempDir();
  const trends = await Deno.makeTempDir();
  await writeResultsTable(grid, "models", [
    gridRow(1, 0.8, 400),
    gridRow(2, 0.9, 200),
    gridRow(4, null, null), // not finished: no seed
  ]);
  // seed 3, evaluated after 100 and 250 epochs: only the 250-epoch model is the cell's
  await trend(trends, "trend-k1-sigma0.3-a0.999-N250-seed3", { ...CELL, seed: 3 }, [
    { epochs: 100, acc: 0.5, ex: 9000 },
    { epochs: 250, acc: 0.85, ex: 30, testRows: 1000 }, // 30 of 1,000 rows: 300 of 10,000
  ]);
  // seed 1 handed to the grid by its trend run: the same model, kept once
  await trend(trends, "trend-k1-sigma0.3-a0.999-N250", { ...CELL, seed: 1 }, [
    { epochs: 250, acc: 0.8, ex: 400 },
  ]);
  // left out: another preset, another chain (k = 2), another explosion test, a disagreeing twin
  await trend(trends, "trend-k1-sigma0.3-a0.999-N250-seed5", { ...CELL, seed: 5 }, [
    { epochs: 250, acc: 0.1, ex: 1 },
  ], { preset: "quick" });
  await trend(
    trends,
    "trend-k2-sigma0.3-a0.999-noise-every-N250",
    {
      ...CELL,
      k: 2,
      seed: 1,
    },
    [{ epochs: 250, acc: 0.1, ex: 1 }],
    { chainNoise: "every" },
  );
  await trend(trends, "trend-k1-sigma0.3-a0.999-N250-seed6", { ...CELL, seed: 6 }, [
    { epochs: 250, acc: 0.1, ex: 1, test: "max < 0.5, sd < 0.1, mean >= 0.01" },
  ]);
  await trend(trends, "trend-k1-sigma0.3-a0.999-b50-N250-seed7", { ...CELL, seed: 7 }, [
    { epochs: 250, acc: 0.1, ex: 1 },
  ], { batchSize: 50 });
  await trend(trends, "trend-k1-sigma0.3-a0.999-N250-seed2", { ...CELL, seed: 2 }, [
    { epochs: 250, acc: 0.7, ex: 1 },
  ]);
  const found = await readIdaeSeedRecords({
    gridDir: grid,
    trendDirs: [trends],
    preset: "paper",
    dataset: "mnist",
    chainNoise: "first",
    batchSize: 20,
  });
  assert.deepEqual(found.records.map((r) => [r.spec.k, r.spec.epochs, r.spec.seed]), [
    [1, 250, 1],
    [1, 250, 2],
    [1, 100, 3],
    [1, 250, 3],
  ]);
  assert.equal(found.skipped.length, 5, found.skipped.join("\n"));
  assert.match(found.skipped.join("\n"), /b50-N250-seed7\.csv: batch size 50/);
  assert.match(found.skipped.join("\n"), /seed5\.csv: preset quick/);
  assert.match(found.skipped.join("\n"), /noise-every-N250\.csv: chain noise every/);
  assert.match(found.skipped.join("\n"), /seed6\.csv: .* counted explosions as max < 0\.5, sd/);
  assert.match(found.skipped.join("\n"), /seed2\.csv: seed 2 .* another acc_test \(0\.7 against/);

  const rows = idaeSeedTable(found.records, IDAE_PRESETS.paper, { paper: true });
  assert.equal(rows.length, 9 + 8, "every cell of Table 1a and 1b");
  const cell = rows[0];
  assert.equal(cell.row, "k = 1, σ = 0.3, N = 250, α = 0.999");
  assert.equal(cell.paper, 0.823);
  assert.equal(cell.paper_ex_test, 368.8);
  assert.equal(cell.n, 3);
  assert.equal(cell.seeds, "1 2 3");
  // means and sample standard deviations by hand: acc 0.8, 0.9, 0.85; EX 400, 200, 300
  assert.ok(Math.abs((cell.ours as number) - 0.85) < 1e-12);
  assert.ok(Math.abs((cell.ours_sd as number) - 0.05) < 1e-12);
  assert.ok(Math.abs((cell.ex_test as number) - 300) < 1e-9);
  assert.ok(Math.abs((cell.ex_test_sd as number) - 100) < 1e-9);
  assert.ok(Math.abs((cell.mse_wb_test as number) - (4.1 + 4.2 + 4.5) / 3) < 1e-12);
  assert.equal(cell.per_seed, "1: 0.800 / 400; 2: 0.900 / 200; 3: 0.850 / 300");
  assert.match(cell.sources as string, /^models\.csv trend-k1-sigma0\.3-a0\.999-N250-seed3\.csv$/);
  const empty = rows.find((r) => r.row === "k = 4, σ = 0.7, N = 250, α = 0.99")!;
  assert.deepEqual([empty.n, empty.ours, empty.ours_sd, empty.note], [
    0,
    null,
    null,
    "no seed run",
  ]);
  // no paper numbers off MNIST
  assert.equal(idaeSeedTable(found.records, IDAE_PRESETS.paper, { paper: false })[0].paper, null);
});

Deno.test("the seeds table refuses a folder with no grid and a file that lacks a column", async () => {
  const grid = await Deno.makeTempDir();
  const sources = {
    gridDir: grid,
    trendDirs: [],
    preset: "paper",
    dataset: "mnist",
    chainNoise: "first" as const,
    batchSize: 20,
  };
  await assert.rejects(
    readIdaeSeedRecords(sources),
    /no .*models\.csv: name the grid's results folder \(repro:idae --out DIR/,
  );
  await writeResultsTable(grid, "models", [{ row: "a", paper: null, ours: 0.5, k: 1 }]);
  await assert.rejects(
    readIdaeSeedRecords(sources),
    /models\.csv has no column sigma, epochs, alpha, seed, ex_test_count, test_rows/,
  );
  await writeResultsTable(grid, "models", [gridRow(1, 0.8, 400, { ex_test_count: "many" })]);
  await assert.rejects(
    readIdaeSeedRecords(sources),
    /column ex_test_count of row "k1-sigma0\.3-N250-a0\.999-seed1" is "many", not a number/,
  );
});
