import assert from "node:assert/strict";
import { committedNotebook, outputText, runSmokeNotebook } from "./notebook_helpers.ts";

Deno.test("the energy notebook regenerates Table 2 and Figures 5, 7, 8 on the smoke preset", async () => {
  const cell = await runSmokeNotebook("energy.ipynb");
  const table = cell("table2").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  for (
    const [row, paper] of [["CSAE sigmoid", "1.27"], ["CSAE linear", "1.99"], ["HDRBM", "1.28"]]
  ) {
    assert.match(table, new RegExp(`\\| ${row} \\| ${paper} \\| \\d+\\.\\d+ \\|`), table);
  }
  const f8 = cell("figure8").outputs;
  assert.ok(f8.some((o) => outputText(o, "text/markdown").includes("| modulus | 1.76 |")));
  assert.ok(f8.some((o) => /^<svg/.test(outputText(o, "image/svg+xml"))));
  const f5 = cell("figure5").outputs;
  assert.equal(f5.filter((o) => o.data?.["image/png"]).length, 2, "before and after");
  assert.match(
    f5.map((o) => outputText(o, "text/markdown")).join("\n"),
    /values between -?\d+\.\d+ and -?\d+\.\d+ \(paper: -4\.72 and 4\.67\)/,
  );
  assert.equal(cell("figure7").outputs.filter((o) => o.data?.["image/png"]).length, 7);
  assert.match(outputText(cell("curves").outputs[0], "image/svg+xml"), /^<svg/);
  const f123 = cell("figures123").outputs.filter((o) =>
    /^<svg/.test(outputText(o, "image/svg+xml"))
  );
  assert.equal(f123.length, 3, "Figures 1, 2 and 3");
  const variants = cell("variants").outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(variants, /\| learn normalization \| 3\.66 \| \d+\.\d+ \|/, variants);
  assert.match(variants, /\| nine-class CSAE \+ class 9: the constants only \| \d+\.\d+ \|/);
  // Part II on the smoke preset: rectangles, Tables 1 and 3, Figure 6's three panels
  const bench = cell("benchmarks").outputs;
  const benchText = bench.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(benchText, /\| rectangles \| 2\.15 \| \d+\.\d+ \|/, "baselines beside the SVM");
  assert.match(benchText, /\| rectangles \| 0\.84 \| \d+\.\d+ \| 3\.96 \| \d+\.\d+ \|/);
  assert.match(benchText, /\| rectangles sigmoid-factored \| 0\.84 \|/);
  assert.equal(bench.filter((o) => /^<svg/.test(outputText(o, "image/svg+xml"))).length, 3);
});

Deno.test("the committed energy notebook carries its tables and figures as outputs", async () => {
  const { outputs, mimes } = await committedNotebook("energy.ipynb");
  const regenerate = "regenerate with: cd notebooks && env -u REPRO_PRESET /usr/bin/python3 -m " +
    "nbconvert --to notebook --execute --inplace energy.ipynb";
  assert.ok(mimes("table2").includes("text/markdown"), `Table 2 is shown; ${regenerate}`);
  assert.match(
    [outputs("table2")[0]?.data?.["text/markdown"]].flat().join(""),
    /\| CSAE sigmoid \| 1\.27 \|/,
  );
  assert.equal(mimes("figure5").filter((m) => m === "image/png").length, 2, regenerate);
  assert.ok(mimes("figure7").filter((m) => m === "image/png").length >= 1, regenerate);
  assert.match(
    [outputs("variants")[0]?.data?.["text/markdown"]].flat().join(""),
    /\| learn normalization \| 3\.66 \|/,
    `the variants table is shown; ${regenerate}`,
  );
  assert.match(
    [outputs("benchmarks")[1]?.data?.["text/markdown"]].flat().join(""),
    /Table 1: linear CSAE with and without pretraining/,
    `Part II's tables are shown; ${regenerate}`,
  );
  for (const id of ["figure8", "curves"]) {
    assert.ok(mimes(id).includes("image/svg+xml"), `${id} shows its SVG figure`);
  }
});
