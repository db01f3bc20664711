import assert from "node:assert/strict";
import { committedNotebook, outputText, runSmokeNotebook } from "./notebook_helpers.ts";

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

Deno.test("the committed k-sparse notebook carries its tables and figures as outputs", async () => {
  const { outputs, mimes } = await committedNotebook("ksparse.ipynb");
  assert.ok(mimes("table1").includes("text/markdown"), "Table 1 is shown");
  assert.match(
    [outputs("table1")[0]?.data?.["text/markdown"]].flat().join(""),
    /\| Raw pixels \| 7\.20 \|/,
  );
  assert.equal(
    mimes("figure1").filter((m) => m === "image/png").length,
    4,
    "Figure 1 for k = 70, 40, 25, 10; regenerate with: cd notebooks && env -u REPRO_PRESET " +
      "/usr/bin/python3 -m nbconvert --to notebook --execute --inplace ksparse.ipynb",
  );
  for (const id of ["loss", "figure4", "trend"]) {
    assert.ok(mimes(id).includes("image/svg+xml"), `${id} shows its SVG figure`);
  }
});
