import assert from "node:assert/strict";
import type { ArrayData } from "../lib/data/rows.ts";
import { svmRbf } from "../repro/energy/svm.ts";

/** Points in [-1, 1]^2 labelled by the sign of x * y (XOR): no linear classifier does better
 * than chance, a Gaussian kernel separates them. */
function xor(n: number, seed: number): ArrayData {
  let s = seed;
  const rand = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
  const x = new Float32Array(2 * n), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0, b = 0;
    // keep away from the axes, so the classes have a margin
    while (Math.abs(a) < 0.1 || Math.abs(b) < 0.1) [a, b] = [2 * rand() - 1, 2 * rand() - 1];
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = a * b > 0 ? 1 : 0;
  }
  return { x, y, n, features: 2 };
}

Deno.test("svmRbf separates XOR, which no linear model can, and reports its grid", async () => {
  const data = { train: xor(200, 1), validation: xor(100, 2), test: xor(200, 3) };
  const seen: number[] = [];
  const r = await svmRbf(data, {
    C: [0.01, 10],
    gammaScale: [1, 4],
    widen: 0,
    onGridPoint: (p) => seen.push(p.C),
  });
  assert.equal(r.grid.length, 4);
  assert.deepEqual(seen, [0.01, 0.01, 10, 10]);
  // the chosen setting is the grid point with the lowest validation error
  assert.equal(r.validationError, Math.min(...r.grid.map((g) => g.validationError)));
  assert.ok(r.testError < 0.1, `test error ${r.testError}`);
  // C = 0.01 underfits: the margin violations cost almost nothing
  const weak = r.grid.filter((g) => g.C === 0.01).map((g) => g.validationError);
  assert.ok(Math.min(...weak) > r.validationError, JSON.stringify(r.grid));
  assert.ok(r.supportVectors > 0 && r.supportVectors <= 300);
  // gamma is the scale heuristic 1 / (2 Var[x]) times the chosen multiple
  const v = data.train.x.reduce((a, b) => a + b * b, 0) / (2 * 200) -
    (data.train.x.reduce((a, b) => a + b, 0) / (2 * 200)) ** 2;
  assert.ok(Math.abs(r.gamma - r.gammaScale / (2 * v)) < 1e-3 * r.gamma);
});

Deno.test("svmRbf widens a grid whose best setting lies on its edge", async () => {
  const data = { train: xor(200, 1), validation: xor(400, 2), test: xor(100, 3) };
  // kernels this narrow memorise the training points and fail between them, the narrower the
  // worse: the best is the wider edge, and the grid grows past it once per widening step
  const r = await svmRbf(data, { C: [10], gammaScale: [400, 800], widen: 2 });
  assert.deepEqual(r.grid.map((g) => g.gammaScale), [400, 800, 200, 100], JSON.stringify(r.grid));
  assert.equal(r.gammaScale, 100);
  // a single C is not widened
  assert.ok(r.grid.every((g) => g.C === 10));
  const none = await svmRbf(data, { C: [10], gammaScale: [400, 800], widen: 0 });
  assert.equal(none.grid.length, 2);
});

Deno.test("svmRbf refuses splits without labels or of other widths before fitting", async () => {
  const good = xor(20, 1);
  await assert.rejects(
    () =>
      svmRbf({ train: good, validation: { ...good, y: undefined }, test: good }, {
        C: [1],
        gammaScale: [1],
      }),
    /the validation split has no labels/,
  );
  const wide = { x: new Float32Array(60), y: new Int32Array(20), n: 20, features: 3 };
  await assert.rejects(
    () => svmRbf({ train: good, validation: good, test: wide }, { C: [1], gammaScale: [1] }),
    /the test split has 3 features, the training split 2/,
  );
  await assert.rejects(
    () => svmRbf({ train: good, validation: good, test: good }, { C: [], gammaScale: [1] }),
    /at least one C/,
  );
});
