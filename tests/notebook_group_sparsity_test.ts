import assert from "node:assert/strict";
import { committedNotebook, outputText, runSmokeNotebook } from "./notebook_helpers.ts";

Deno.test("the group-sparsity notebook measures invariance, probes, maps, the tree and the stack on the smoke preset", async () => {
  const cell = await runSmokeNotebook("group_sparsity.ipynb");
  const text = (id: string) =>
    cell(id).outputs.map((o) => outputText(o, "text/markdown")).join("\n");
  assert.match(text("invariance"), /\| group-sparse, pooled \(pool norms\) \| -?\d\.\d+ \|/);
  assert.ok(cell("invariance").outputs.some((o) => /^<svg/.test(outputText(o, "image/svg+xml"))));
  assert.match(text("probe"), /\| raw pixels \| \d+\.\d+ \|/);
  assert.equal(cell("topography").outputs.filter((o) => o.data?.["image/png"]).length, 2);
  assert.match(text("tree"), /\| tree-inhibited dictionary \| \d\.\d+ \|/);
  assert.match(text("conv"), /\| layers 1 and 2 stacked, pool norms \(2 x 2 average\) \| 1\.50 \|/);
});

Deno.test("the committed group-sparsity notebook carries its tables and pictures as outputs", async () => {
  const { mimes } = await committedNotebook("group_sparsity.ipynb");
  const regenerate = "regenerate with: cd notebooks && env -u REPRO_PRESET /usr/bin/python3 -m " +
    "nbconvert --to notebook --execute --inplace group_sparsity.ipynb";
  for (const id of ["invariance", "probe", "topography", "tree", "conv"]) {
    assert.ok(mimes(id).includes("text/markdown"), `${id} shows its table; ${regenerate}`);
  }
  assert.equal(mimes("topography").filter((m) => m === "image/png").length, 2, regenerate);
  assert.ok(mimes("invariance").includes("image/svg+xml"), regenerate);
});
