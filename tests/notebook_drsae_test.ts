import assert from "node:assert/strict";
import { committedNotebook, outputText, runSmokeNotebook } from "./notebook_helpers.ts";

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

Deno.test("the committed DrSAE notebook carries its tables and figures as outputs", async () => {
  const { outputs, mimes } = await committedNotebook("drsae.ipynb");
  const count = (id: string, mime: string) => mimes(id).filter((m) => m === mime).length;
  const regenerate = "regenerate with: cd notebooks && env -u REPRO_PRESET /usr/bin/python3 -m " +
    "nbconvert --to notebook --execute --inplace drsae.ipynb";
  const table = outputs("table1").map((o) => [o.data?.["text/markdown"]].flat().join("")).join("");
  assert.match(table, /\| DrSAE 784-400\^11-10 \| 1\.08 \| \d+\.\d+ \|/, regenerate);
  for (const id of ["units", "fit"]) assert.ok(mimes(id).includes("text/markdown"), id);
  assert.equal(count("figure2", "image/png"), 3, `Figure 2(a-c); ${regenerate}`);
  assert.equal(count("figure56", "image/png"), 4, "Figures 5, 6(a-c)");
  assert.equal(count("figure8", "image/png"), 2, "Figure 8(a, b)");
  for (const id of ["figure3", "figure4", "figure7", "training"]) {
    assert.equal(count(id, "image/svg+xml"), 1, `${id} shows its SVG figure`);
  }
});
