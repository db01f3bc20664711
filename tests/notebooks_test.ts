import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { executeNotebook, outputText } from "./notebook_helpers.ts";

const notebook = (name: string) => fileURLToPath(new URL(`../notebooks/${name}`, import.meta.url));

/**
 * Execute a notebook headless on the smoke preset (wasm, fresh checkpoints), fail on any error
 * output, and return a lookup of its cells by id.
 */
async function runSmokeNotebook(name: string) {
  Deno.env.set("REPRO_PRESET", "smoke");
  Deno.env.set("REPRO_BACKEND", "wasm");
  Deno.env.set("REPRO_CHECKPOINTS", await Deno.makeTempDir());
  const result = await executeNotebook(notebook(name), { timeoutSeconds: 300 });
  for (const c of result.cells) {
    for (const o of c.outputs) assert.notEqual(o.output_type, "error", `${c.id}: ${o.evalue}`);
  }
  return (id: string) => {
    const c = result.cells.find((c) => c.id === id);
    assert.ok(c, `cell ${id} missing`);
    return c;
  };
}

Deno.test("the k-sparse notebook regenerates Tables 1 and 3, Figures 1 and 4 on the smoke preset", async () => {
  const cell = await runSmokeNotebook("ksparse.ipynb");
  // the live progress display ended on the last k's final epoch
  const progress = cell("train").outputs.map((o) => outputText(o)).join("\n");
  assert.match(progress, /epoch 2\/2/);
  const table = cell("table1").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  for (
    const row of [
      "Raw pixels",
      "k-sparse autoencoder, k = 40",
      "k-sparse autoencoder, k = 25",
      "k-sparse autoencoder, k = 10",
    ]
  ) {
    assert.match(table, new RegExp(`\\| ${row} \\| \\d+\\.\\d+ \\| \\d+\\.\\d+ \\|`), table);
  }
  const table3 = cell("table3").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(table3, /\| k-sparse autoencoder \+ fine-tuning \(k = 25\) \| 1\.08 \| \d+\.\d+ \|/);
  assert.match(table3, /\| k = 15 from the first epoch \| \d+/);
  const images = cell("figure1").outputs.filter((o) => o.data?.["image/png"]);
  assert.equal(images.length, 3, "smoke draws the filters for k = 40, 25, 10");
  assert.match(outputText(cell("figure4").outputs[0], "image/svg+xml"), /^<svg/);
  assert.match(outputText(cell("loss").outputs[0], "image/svg+xml"), /^<svg/);
});

Deno.test("the DrSAE notebook regenerates Table 1, the unit counts and Figures 2-8 on the smoke preset", async () => {
  const cell = await runSmokeNotebook("drsae.ipynb");
  const train = cell("train").outputs.map((o) => outputText(o)).join("\n");
  assert.match(train, /784-400\^11-10: test error \d+\.\d+%/);
  const table = cell("table1").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  for (const [row, paper] of [["400^11", "1.08"], ["200^11", "1.21"], ["400^2", "1.32"]]) {
    assert.match(
      table,
      new RegExp(`\\| DrSAE 784-${row.replace("^", "\\^")}-10 \\| ${paper} \\| \\d+\\.\\d+ \\|`),
    );
  }
  assert.match(table, /\| LISTA autoencoder, 10 x \(289-100\^5\) \| 3\.76 \| — \|/);
  const units = cell("units").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(units, /\| 784-400\^11-10, after pretraining \| 0 \| \d+ \|/);
  const fit = cell("fit").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(fit, /\| 784-400\^11-10, training \| — \| \d+\.\d+ \|/);
  assert.match(fit, /\| 784-400\^11-10, test \| 1\.08 \| \d+\.\d+ \|/);
  const images = (id: string) => cell(id).outputs.filter((o) => o.data?.["image/png"]).length;
  const svgs = (id: string) => cell(id).outputs.filter((o) => o.data?.["image/svg+xml"]).length;
  assert.equal(images("figure2"), 3);
  assert.equal(svgs("figure3"), 1);
  assert.equal(svgs("figure4"), 1);
  assert.equal(images("figure56"), 4);
  assert.equal(svgs("figure7"), 1);
  assert.equal(images("figure8"), 2);
  assert.equal(svgs("training"), 1);
});

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
