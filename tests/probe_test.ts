import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { linearProbe } from "../lib/eval/probe.ts";
import type { ArrayData } from "../lib/data/rows.ts";

await useBackend("wasm");

Deno.test("the linear probe picks L2 on validation and reports test error on real digits", async () => {
  const splits = splitDataset(await loadDataset("mnist"), {
    trainSize: 3000,
    validationSize: 1000,
    testSize: 1000,
  });
  const r = await linearProbe(splits, { l2: [0, 1], epochs: 10, learningRate: 0.01 });
  assert.deepEqual(r.grid.map((g) => g.l2), [0, 1]);
  const best = r.grid.reduce((a, b) => (b.validationError < a.validationError ? b : a));
  assert.equal(r.l2, best.l2);
  assert.equal(r.validationError, best.validationError);
  // a strong penalty (l2 = 1) shrinks the weights and must lose on validation
  assert.ok(r.grid[1].validationError > r.grid[0].validationError, JSON.stringify(r.grid));
  // logistic regression on 3,000 raw digits: roughly 10-14% error
  assert.ok(r.testError > 0.05 && r.testError < 0.16, `test error ${r.testError}`);
  assert.ok(r.trainError < r.testError);
});

Deno.test("the probe refuses splits without labels or with other widths", async () => {
  const x = new Float32Array(8);
  const y = new Uint8Array(4);
  await assert.rejects(
    linearProbe({
      train: { x, n: 4, features: 2 },
      validation: { x, y, n: 4, features: 2 },
      test: { x, y, n: 4, features: 2 },
    }),
    /the train split has no labels/,
  );
  await assert.rejects(
    linearProbe({
      train: { x, y, n: 4, features: 2 },
      validation: { x, y, n: 2, features: 4 },
      test: { x, y, n: 4, features: 2 },
    }),
    /the validation split has 4 features but train has 2/,
  );
});

Deno.test("linearProbe refuses labels of the wrong length, out of range, and non-finite rows", async () => {
  const rowsOf = (n: number, y: number[], bad = false): ArrayData => ({
    x: Float32Array.from({ length: n * 3 }, (_, i) => (bad && i === 4 ? NaN : (i % 7) / 7)),
    y: Uint8Array.from(y),
    n,
    features: 3,
  });
  const good = rowsOf(4, [0, 1, 0, 1]);
  await assert.rejects(
    () =>
      linearProbe({ train: good, validation: rowsOf(4, [0, 1, 0]), test: good }, { classes: 2 }),
    /the validation split\.y has 3 labels for 4 rows/,
  );
  await assert.rejects(
    () =>
      linearProbe({ train: good, validation: good, test: rowsOf(4, [0, 1, 5, 1]) }, { classes: 2 }),
    /the test split's label 2 is 5, outside \[0, 2\): pass classes: 6/,
  );
  await assert.rejects(
    () =>
      linearProbe({ train: good, validation: good, test: rowsOf(4, [0, 1, 0, 1], true) }, {
        classes: 2,
      }),
    /the test split has a non-finite value \(NaN\) in row 1/,
  );
});

Deno.test("standardize: a probe on features a x + b (per feature) equals the probe on x, and leaves the splits as they were", async () => {
  const splits = splitDataset(await loadDataset("mnist"), {
    trainSize: 1000,
    validationSize: 300,
    testSize: 300,
  });
  const d = splits.train.features;
  const affine = (s: ArrayData): ArrayData => ({
    ...s,
    x: s.x.map((v, i) => v * (1 + (i % d) % 7) * 100 + (i % d)),
  });
  const scaled = {
    train: affine(splits.train),
    validation: affine(splits.validation),
    test: affine(splits.test),
  };
  const before = scaled.train.x.slice();
  const options = { l2: [0], epochs: 3, seed: 1, standardize: true };
  const a = await linearProbe(splits, options);
  const b = await linearProbe(scaled, options);
  assert.deepEqual(scaled.train.x, before, "the caller's rows are not changed");
  assert.ok(Math.abs(a.testError - b.testError) <= 0.01, `${a.testError} vs ${b.testError}`);
  const raw = await linearProbe(scaled, { ...options, standardize: false });
  assert.ok(raw.testError > b.testError + 0.05, `unstandardised ${raw.testError}, ${b.testError}`);
});
