import assert from "node:assert/strict";
import { outputText, runSmokeNotebook } from "./notebook_helpers.ts";

Deno.test("the iterating-DAE notebook regenerates Tables 1a and 1b, the pixel fractions and Figures 3-7 on the smoke preset, and shows the committed seeds", async () => {
  const cell = await runSmokeNotebook("idae.ipynb");
  const train = cell("train").outputs.map((o) => outputText(o)).join("\n");
  assert.match(train, /model 22\/22: k5-sigma0\.7/);
  const table = cell("table1a").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(table, /\| k = 1, σ = 0\.3 \| 0\.823 \| \d\.\d{4} \| \d\.\d{4} \| 368\.8 \|/);
  assert.match(table, /\| k = 3, σ = 0\.7 \| 0\.915 \| \d\.\d{4} \|/);
  const table1b = cell("table1b").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(table1b, /\| k = 5, σ = 0\.7, N = 250, α = 0\.999 \| 0\.932 \| \d\.\d{4} \|/);
  assert.match(table1b, /\| Logistic regression on raw pixels \| 0\.922 \| \d\.\d{4} \|/);
  const pixels = cell("pixels").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(pixels, /\| Originals \(test\): black \(< 0\.01\) % \| 80\.7 \| \d+\.\d \|/);
  // the committed paper-preset runs, whatever the notebook's own preset: the seeds table's
  // cells with their paper values, and at least one cell with two seeds
  const seeds = cell("seeds").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(seeds, /\| k = 3, σ = 0\.7, N = 250, α = 0\.999 \| 0\.915 \| 0\.\d{3} \|/);
  assert.match(
    seeds,
    /\| k = 1, σ = 0\.3, N = 250, α = 0\.999 \| 0\.823 \| 0\.\d{3} \| 0\.\d{3} \|/,
  );
  assert.match(seeds, /\| 2 \| 1: 0\.\d{3} \/ \d+; 2: 0\.\d{3} \/ \d+ \|/);
  const figures = cell("figures").outputs;
  assert.equal(figures.filter((o) => o.data?.["image/png"]).length, 3, "Figures 3, 4 and 6");
  assert.equal(figures.filter((o) => o.data?.["image/svg+xml"]).length, 4, "Figures 5 (2), 7 (2)");
  assert.match(cell("timing").outputs.map((o) => outputText(o)).join("\n"), /predicted on MNIST/);
});

Deno.test("the committed iterating-DAE notebook carries the committed run's tables and figures as outputs", async () => {
  const nb = JSON.parse(
    await Deno.readTextFile(new URL("../notebooks/idae.ipynb", import.meta.url)),
  );
  const cell = (id: string) => nb.cells.find((c: { id?: string }) => c.id === id);
  const data = (id: string) =>
    (cell(id)?.outputs ?? []).map((o: { data?: Record<string, unknown> }) => o.data ?? {});
  const text = (id: string, mime: string) =>
    data(id).map((d: Record<string, unknown>) => [d[mime] ?? ""].flat().join("")).join("\n");
  assert.match(text("table1a", "text/markdown"), /\| k = 3, σ = 0\.7 \| 0\.915 \|/);
  assert.match(text("table1b", "text/markdown"), /Logistic regression on raw pixels/);
  assert.match(text("pixels", "text/markdown"), /Originals \(test\)/);
  assert.match(
    text("seeds", "text/markdown"),
    /\| k = 1, σ = 0\.3, N = 250, α = 0\.999 \| 0\.823 \|/,
  );
  const figures = data("figures");
  assert.ok(figures.filter((d: Record<string, unknown>) => d["image/png"]).length >= 3);
  assert.ok(figures.filter((d: Record<string, unknown>) => d["image/svg+xml"]).length >= 4);
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    assert.ok(
      !c.outputs.some((o: { output_type: string }) => o.output_type === "error"),
      `cell ${c.id} ran without an error`,
    );
  }
});
