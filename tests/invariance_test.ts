import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import type { ArrayData } from "../lib/data/rows.ts";
import {
  defaultTransforms,
  featureAgreement,
  invariance,
  rotateImages,
  shiftImages,
  transformImages,
} from "../lib/eval/invariance.ts";
import { disjointPools, poolMatrix, poolNorms } from "../lib/ops/groups.ts";
import { randomStream, uniformArray } from "../lib/random.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";

await useBackend("cpu");

const randomImages = (n: number, side: number, seed = 1) =>
  uniformArray(randomStream(seed, "invariance-test"), n * side * side);

/** Pixel (r, c) of image i. */
const at = (x: Float32Array, side: number, i: number, r: number, c: number) =>
  x[i * side * side + r * side + c];

/** Up to `n` MNIST test digits whose outer `margin` pixels are all zero. */
async function framedDigits(n: number, margin: number): Promise<ArrayData> {
  const { test } = await loadDataset("mnist");
  const side = 28;
  const picked: number[] = [];
  for (let i = 0; i < test.n && picked.length < n; i++) {
    let inside = true;
    for (let r = 0; r < side && inside; r++) {
      for (let c = 0; c < side; c++) {
        const border = r < margin || r >= side - margin || c < margin || c >= side - margin;
        if (border && at(test.x, side, i, r, c) !== 0) {
          inside = false;
          break;
        }
      }
    }
    if (inside) picked.push(i);
  }
  const x = new Float32Array(picked.length * side * side);
  picked.forEach((i, k) => x.set(test.x.subarray(i * 784, (i + 1) * 784), k * 784));
  return { x, n: picked.length, features: 784 };
}

Deno.test("a shift by 0 and a rotation by 0 are identities, on arrays and tensors", () => {
  for (const side of [5, 8]) {
    const x = randomImages(3, side);
    for (const fill of ["zero", "edge"] as const) {
      assert.deepEqual(shiftImages(x, side, 0, 0, { fill }), x);
      assert.deepEqual(rotateImages(x, side, 0, { fill }), x);
      assert.deepEqual(rotateImages(x, side, 360, { fill }), x);
    }
    const t = tf.tensor2d(x, [3, side * side]);
    const shifted = shiftImages(t, side, 0, 0);
    const rotated = rotateImages(t, side, 0);
    assert.deepEqual(shifted.shape, [3, side * side]);
    assert.deepEqual(shifted.dataSync(), x);
    assert.deepEqual(rotated.dataSync(), x);
    tf.dispose([t, shifted, rotated]);
  }
});

Deno.test("a shift moves a one-hot pixel by (dx, dy) and fills what enters the frame", () => {
  const side = 7;
  const x = new Float32Array(side * side);
  x[2 * side + 3] = 1; // row 2, column 3
  for (const [dx, dy] of [[1, 0], [0, 1], [-2, 3], [3, -2]]) {
    const y = shiftImages(x, side, dx, dy);
    assert.equal(at(y, side, 0, 2 + dy, 3 + dx), 1, `dx=${dx} dy=${dy}`);
    assert.equal(y.reduce((a, b) => a + b, 0), 1);
  }
  // pushed out of the frame: gone with zero fill
  assert.equal(shiftImages(x, side, 4, 0).reduce((a, b) => a + b, 0), 0);
  // edge fill repeats the border column that the content moved away from
  const ramp = Float32Array.from({ length: side * side }, (_, p) => p % side); // value = column
  const left = shiftImages(ramp, side, 2, 0, { fill: "edge" });
  for (let r = 0; r < side; r++) {
    assert.deepEqual([...left.subarray(r * side, (r + 1) * side)], [0, 0, 0, 1, 2, 3, 4]);
  }
  const zero = shiftImages(ramp, side, -2, 0);
  assert.deepEqual([...zero.subarray(0, side)], [2, 3, 4, 5, 6, 0, 0]);
  assert.throws(() => shiftImages(x, side, 0.5, 0), /whole pixels/);
  assert.throws(() => shiftImages(new Float32Array(10), 3, 1, 0), /not whole 3 x 3 images/);
});

Deno.test("quarter turns match transposes and flips exactly, on odd and even sides", () => {
  for (const side of [5, 28]) {
    const x = randomImages(2, side, side);
    const ccw = rotateImages(x, side, 90);
    const cw = rotateImages(x, side, -90);
    const half = rotateImages(x, side, 180);
    for (let i = 0; i < 2; i++) {
      for (let r = 0; r < side; r++) {
        for (let c = 0; c < side; c++) {
          // counter-clockwise: the transpose flipped upside down (numpy's rot90)
          assert.ok(Math.abs(at(ccw, side, i, r, c) - at(x, side, i, c, side - 1 - r)) < 1e-6);
          assert.ok(Math.abs(at(cw, side, i, r, c) - at(x, side, i, side - 1 - c, r)) < 1e-6);
          const flipped = at(x, side, i, side - 1 - r, side - 1 - c);
          assert.ok(Math.abs(at(half, side, i, r, c) - flipped) < 1e-6);
        }
      }
    }
  }
});

Deno.test("a rotation turns content counter-clockwise about the centre, bilinearly", () => {
  const side = 21; // centre (10, 10)
  const x = new Float32Array(side * side);
  x[10 * side + 16] = 1; // 6 pixels right of the centre
  for (const degrees of [30, -30, 15, 100]) {
    const y = rotateImages(x, side, degrees);
    let mass = 0;
    let cx = 0;
    let cy = 0;
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const v = at(y, side, 0, r, c);
        mass += v;
        cx += v * (c - 10);
        cy += v * (10 - r); // y up
      }
    }
    const t = (degrees * Math.PI) / 180;
    // bilinear spreading of one pixel: the mass centre lands within a fraction of a pixel
    assert.ok(Math.abs(cx / mass - 6 * Math.cos(t)) < 0.35, `${degrees}: x ${cx / mass}`);
    assert.ok(Math.abs(cy / mass - 6 * Math.sin(t)) < 0.35, `${degrees}: y ${cy / mass}`);
    assert.ok(mass > 0.5 && mass < 1.5, `${degrees}: mass ${mass}`);
  }
  // a smooth image turned there and back is nearly unchanged away from the corners
  const smooth = Float32Array.from(
    { length: side * side },
    (_, p) => Math.exp(-(((p % side) - 9) ** 2 + (Math.floor(p / side) - 11) ** 2) / 18),
  );
  const back = rotateImages(rotateImages(smooth, side, 12), side, -12);
  let worst = 0;
  for (let p = 0; p < smooth.length; p++) worst = Math.max(worst, Math.abs(back[p] - smooth[p]));
  assert.ok(worst < 0.05, `round trip error ${worst}`);
  // edge fill: a constant image stays constant; zero fill: the corners go dark
  const flat = new Float32Array(side * side).fill(2);
  assert.ok(rotateImages(flat, side, 20, { fill: "edge" }).every((v) => Math.abs(v - 2) < 1e-5));
  assert.equal(rotateImages(flat, side, 45)[0], 0);
});

Deno.test("transformImages and the tensor forms agree with the array forms", () => {
  const side = 6;
  const x = randomImages(4, side, 9);
  const t = tf.tensor2d(x, [4, side * side]);
  for (const tr of defaultTransforms()) {
    const a = transformImages(x, side, tr, { fill: "edge" });
    const b = transformImages(t, side, tr, { fill: "edge" });
    assert.ok(b instanceof tf.Tensor);
    assert.deepEqual(b.dataSync(), a);
    b.dispose();
  }
  t.dispose();
  assert.deepEqual(
    transformImages(x, side, { kind: "rotate", amount: 7 }),
    rotateImages(x, side, 7),
  );
  assert.deepEqual(
    transformImages(x, side, { kind: "shift-y", amount: -2 }),
    shiftImages(x, side, 0, -2),
  );
  assert.equal(defaultTransforms().length, 12);
});

Deno.test("featureAgreement: per-unit correlations, constant units left out, row cosines", () => {
  // 4 rows, 3 units: unit 0 scaled and offset (rho 1), unit 1 reversed (rho -1), unit 2 constant
  const F = new Float32Array([1, 1, 7, 2, 2, 7, 3, 3, 7, 4, 4, 7]);
  const G = new Float32Array([5, 4, 0, 7, 3, 0, 9, 2, 0, 11, 1, 0]);
  const a = featureAgreement(F, G, 4, 3);
  assert.equal(a.units, 2);
  assert.equal(a.skippedUnits, 1);
  assert.ok(Math.abs(a.correlation) < 1e-12); // mean of 1 and -1
  assert.ok(Math.abs(a.correlationStd - 1) < 1e-12);
  // cosine: a zero row against a zero row counts 1, against a non-zero row 0
  const c = featureAgreement(new Float32Array([0, 0, 0, 0, 1, 0]), new Float32Array(6), 3, 2);
  assert.ok(Math.abs(c.cosine - 2 / 3) < 1e-12);
  assert.ok(Number.isNaN(c.correlation));
  assert.equal(featureAgreement(F, F, 4, 3).cosine, 1);
  assert.throws(() => featureAgreement(F, G, 4, 2), /tables of 12 and 12 values/);
});

Deno.test("global sums and norms are shift-invariant on digits, raw pixels are not", async () => {
  const digits = await framedDigits(600, 3); // shifts of up to 3 pixels keep them in frame
  assert.ok(digits.n >= 500, `only ${digits.n} digits fit`);
  const global = (x: Tensor2D): Tensor2D =>
    tf.concat([tf.sum(x, 1, true), tf.norm(x, 2, 1, true)], 1) as Tensor2D;
  const pixels = (x: Tensor2D) => x; // the input itself: invariance copies it before freeing
  const transforms = defaultTransforms();
  const g = await invariance(digits, global, { transforms });
  const p = await invariance(digits, pixels, { transforms, batchSize: 128 });
  assert.deepEqual(
    g.map((r) => `${r.kind} ${r.amount}`),
    transforms.map((t) => `${t.kind} ${t.amount}`),
  );
  for (let k = 0; k < transforms.length; k++) {
    const what = `${transforms[k].kind} ${transforms[k].amount}`;
    assert.equal(g[k].n, digits.n);
    assert.equal(g[k].units, 2);
    if (transforms[k].kind !== "rotate") {
      // content stays in frame: the same pixel values, so the same sums and norms
      assert.ok(g[k].correlation > 0.99999, `${what}: ${g[k].correlation}`);
      assert.ok(g[k].cosine > 0.99999);
    } else {
      // bilinear resampling smooths a little: norms shrink slightly, sums stay
      assert.ok(g[k].correlation > 0.99, `${what}: ${g[k].correlation}`);
    }
    // raw pixels: each pixel's value moves to another pixel; border pixels are constant
    assert.ok(p[k].skippedUnits > 100, `${what}: ${p[k].skippedUnits} skipped`);
    assert.ok(p[k].units + p[k].skippedUnits === 784);
    assert.ok(p[k].correlation < g[k].correlation - 0.1, `${what}: ${p[k].correlation}`);
    if (transforms[k].kind !== "rotate") assert.ok(p[k].correlation < 0.8, what);
    assert.ok(p[k].cosine < g[k].cosine - 0.05, `${what}: ${p[k].cosine}`);
  }
  // larger moves decorrelate raw pixels more
  for (const kind of ["shift-x", "shift-y"]) {
    const c = p.filter((r) => r.kind === kind).map((r) => r.correlation);
    assert.ok(c[0] > c[1] + 0.1 && c[1] > c[2] + 0.1, `${kind}: ${c}`);
  }
  const turned = p.filter((r) => r.kind === "rotate").map((r) => r.correlation);
  assert.ok(turned[2] > turned[1] && turned[1] > turned[0], `rotations: ${turned}`);
});

Deno.test("L2 pools of shifted templates are more shift-invariant than their units", async () => {
  const digits = await framedDigits(400, 3);
  const side = 28;
  // 3 templates (other digits), each at the 25 offsets in [-2, 2]^2: 75 units, 3 pools of 25
  const { train } = await loadDataset("mnist");
  const offsets: [number, number][] = [];
  for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) offsets.push([dx, dy]);
  const templates = [0, 1, 2].map((i) => train.x.slice(i * 784, (i + 1) * 784));
  const bank = new Float32Array(75 * 784);
  templates.forEach((t, j) => {
    offsets.forEach(([dx, dy], o) => bank.set(shiftImages(t, side, dx, dy), (j * 25 + o) * 784));
  });
  const W = tf.tensor2d(bank, [75, 784]);
  const P = poolMatrix(disjointPools(75, 25));
  const units = (x: Tensor2D) => tf.relu(tf.matMul(x, W, false, true)) as Tensor2D;
  const pooled = (x: Tensor2D) => poolNorms(units(x), P);
  const transforms = [1, 2].flatMap((amount) => [
    { kind: "shift-x" as const, amount },
    { kind: "shift-y" as const, amount },
  ]);
  const u = await invariance(digits, units, { transforms });
  const q = await invariance(digits, pooled, { transforms });
  for (let k = 0; k < transforms.length; k++) {
    assert.equal(q[k].units, 3);
    assert.ok(
      q[k].correlation > u[k].correlation + 0.02,
      `${transforms[k].kind} ${transforms[k].amount}: pooled ${q[k].correlation}, units ` +
        `${u[k].correlation}`,
    );
  }
  // the pooled features' advantage grows with the shift
  const gain = (k: number) => q[k].correlation - u[k].correlation;
  assert.ok(gain(2) > gain(0) && gain(3) > gain(1), `gains ${[0, 1, 2, 3].map(gain)}`);
  tf.dispose([W, P]);
});
