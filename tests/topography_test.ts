import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { rotateImages } from "../lib/eval/invariance.ts";
import {
  filterOrientations,
  filterTopography,
  gridNeighbours,
  orientationDifference,
  topography,
} from "../lib/eval/topography.ts";
import { toroidalPools } from "../lib/ops/groups.ts";
import { permutation, randomStream } from "../lib/random.ts";
import { tf } from "../lib/tf.ts";

await useBackend("cpu");

/**
 * A Gabor patch: cos(2 pi f (x cos t + y sin t) + phase) under a Gaussian of width sigma
 * centred in the image, x to the right and y up from the centre.
 */
function gabor(
  side: number,
  degrees: number,
  f: number,
  options: { sigma?: number; phase?: number } = {},
): Float32Array {
  const t = (degrees * Math.PI) / 180;
  const centre = (side - 1) / 2;
  const sigma = options.sigma ?? Infinity;
  const out = new Float32Array(side * side);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const x = c - centre;
      const y = centre - r;
      const envelope = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
      const wave = Math.cos(
        2 * Math.PI * f * (x * Math.cos(t) + y * Math.sin(t)) +
          (options.phase ?? 0),
      );
      out[r * side + c] = envelope * wave;
    }
  }
  return out;
}

function stack(filters: Float32Array[]): Float32Array {
  const d = filters[0].length;
  const out = new Float32Array(filters.length * d);
  filters.forEach((f, i) => out.set(f, i * d));
  return out;
}

Deno.test("gratings and Gabors: orientation and frequency found to the DFT grid", () => {
  const side = 24;
  const angles = [0, 20, 45, 70, 90, 110, 135, 160, 175];
  for (const size of [24, 96]) {
    for (const f of [0.125, 0.2, 0.3]) {
      for (const sigma of [Infinity, 5]) {
        const filters = angles.map((a, i) => gabor(side, a, f, { sigma, phase: 0.7 * i }));
        const found = filterOrientations(stack(filters), side, { size });
        angles.forEach((a, i) => {
          const o = found[i];
          const t = (a * Math.PI) / 180;
          // the peak bin is the one nearest the true wave vector (or its mirror), up to
          // leakage: within one bin per axis
          const sign = Math.sign(o.fx * Math.cos(t) + o.fy * Math.sin(t)) || 1;
          const what = `size ${size}, f ${f}, sigma ${sigma}, ${a} deg: ${JSON.stringify(o)}`;
          assert.ok(Math.abs(sign * o.fx - f * Math.cos(t)) <= 1 / size + 1e-12, what);
          assert.ok(Math.abs(sign * o.fy - f * Math.sin(t)) <= 1 / size + 1e-12, what);
          assert.ok(o.orientation >= 0 && o.orientation < 180, what);
          assert.ok(Math.abs(o.frequency - f) <= Math.SQRT2 / size + 1e-12, what);
          // orientation within the angle one bin subtends at this frequency
          const tolerance = (Math.atan(Math.SQRT2 / size / f) * 180) / Math.PI;
          assert.ok(orientationDifference(o.orientation, a) <= tolerance, what);
          assert.ok(o.share > 0 && o.share <= 1, what);
        });
      }
    }
  }
  // a grating on the grid puts all its power in the peak pair; the finer grid sees more
  const [onGrid] = filterOrientations(gabor(16, 90, 0.25), 16);
  assert.ok(Math.abs(onGrid.share - 1) < 1e-9 && onGrid.orientation === 90, JSON.stringify(onGrid));
  const off = gabor(16, 33, 0.21, { sigma: 4 });
  const coarse = filterOrientations(off, 16)[0];
  const fine = filterOrientations(off, 16, { size: 128 })[0];
  assert.ok(orientationDifference(fine.orientation, 33) < 3, JSON.stringify(fine));
  assert.ok(
    orientationDifference(fine.orientation, 33) <= orientationDifference(coarse.orientation, 33),
  );
});

Deno.test("a blob has a low peak share, a flat filter none, and tensors work as arrays", () => {
  const side = 12;
  const blob = gabor(side, 0, 0, { sigma: 2 });
  const flat = new Float32Array(side * side).fill(3);
  const grating = gabor(side, 45, 0.25);
  const rows = stack([blob, flat, grating]);
  const found = filterOrientations(rows, side);
  // a round blob splits its power over directions; a grating keeps it in one pair of bins
  assert.ok(found[0].share < 0.4, `blob share ${found[0].share}`);
  assert.ok(found[2].share > 0.8, `grating share ${found[2].share}`);
  assert.ok(Number.isNaN(found[1].orientation) && Number.isNaN(found[1].frequency));
  assert.equal(found[1].share, 0);
  const t = tf.tensor2d(rows, [3, side * side]);
  assert.deepEqual(filterOrientations(t, side), found);
  t.dispose();
  assert.throws(() => filterOrientations(rows, 5), /not whole 5 x 5 filters/);
  assert.throws(() => filterOrientations(rows, side, { size: 8 }), /size must be an integer >= 12/);
});

Deno.test("rotating a grating by phi turns its measured orientation by phi", () => {
  const side = 32;
  const base = gabor(side, 10, 0.15, { sigma: 7 });
  for (const phi of [15, 40, 90, -30, 125]) {
    const [o] = filterOrientations(rotateImages(base, side, phi), side, { size: 128 });
    const expected = (((10 + phi) % 180) + 180) % 180;
    assert.ok(orientationDifference(o.orientation, expected) < 3, `${phi}: ${o.orientation}`);
  }
});

Deno.test("orientation differences are circular mod 180 and lie in [0, 90]", () => {
  assert.equal(orientationDifference(10, 170), 20);
  assert.equal(orientationDifference(0, 90), 90);
  assert.equal(orientationDifference(179, 1), 2);
  assert.equal(orientationDifference(30, 210), 0);
  assert.equal(orientationDifference(-10, 10), 20);
  const rng = randomStream(5, "orientations");
  for (let i = 0; i < 200; i++) {
    const a = 360 * rng.uniform();
    const b = 360 * rng.uniform();
    const d = orientationDifference(a, b);
    assert.ok(d >= 0 && d <= 90);
    assert.equal(d, orientationDifference(b, a));
  }
});

Deno.test("grid neighbours: counts with and without wrap, and they share a toroidal pool", () => {
  assert.equal(gridNeighbours(4, 6).length, 48);
  assert.equal(gridNeighbours(4, 6, { wrap: false }).length, 4 * 5 + 3 * 6);
  assert.equal(gridNeighbours(4, 6, { neighbourhood: 8 }).length, 96);
  assert.equal(gridNeighbours(4, 6, { neighbourhood: 8, wrap: false }).length, 38 + 2 * 3 * 5);
  // a 2-wide torus would list each horizontal pair twice; a 1-wide one would pair a unit with
  // itself
  assert.deepEqual(gridNeighbours(1, 2), [[0, 1]]);
  assert.deepEqual(gridNeighbours(3, 1), [[0, 1], [0, 2], [1, 2]]);
  // every 4-neighbour (and 8-neighbour) pair lies together in a 2 x 2 (3 x 3) toroidal pool
  for (const [window, neighbourhood] of [[2, 4], [3, 8]] as const) {
    const pools = toroidalPools(5, 7, window).members.map((m) => new Set(m));
    for (const [i, j] of gridNeighbours(5, 7, { neighbourhood })) {
      assert.ok(pools.some((p) => p.has(i) && p.has(j)), `${i}, ${j} share no pool`);
    }
  }
});

/** A rows x cols map of side x side Gabors: orientation along columns, frequency along rows. */
function smoothMap(rows: number, cols: number, side: number): Float32Array[] {
  const filters: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const angle = (180 * c) / cols + 5 * Math.sin((2 * Math.PI * r) / rows);
      // one octave up and back down along the rows, so the map is smooth across the wrap too
      const f = 0.12 * 2 ** (1 - Math.abs((2 * r) / rows - 1));
      filters.push(gabor(side, angle, f, { sigma: side / 4, phase: r + c }));
    }
  }
  return filters;
}

Deno.test("a smooth map has neighbours far more alike than random pairs; shuffled, not", () => {
  const rows = 8;
  const cols = 16;
  const side = 16;
  const filters = smoothMap(rows, cols, side);
  const options = { rows, cols, permutations: 500, seed: 3, size: 32 };
  const smooth = filterTopography(stack(filters), side, options);
  assert.equal(smooth.units, 128);
  assert.equal(smooth.measured, 128);
  assert.equal(smooth.pairs, 256);
  assert.equal(smooth.permutations, 500);
  const o = smooth.orientation;
  assert.ok(o.neighbours < 0.3 * o.allPairs, JSON.stringify(o));
  assert.ok(o.allPairs > 35 && o.allPairs < 55, JSON.stringify(o)); // random orientations: 45
  assert.ok(o.z > 10, JSON.stringify(o));
  assert.equal(o.p, 1 / 501); // no shuffle comes near
  // the null distribution is centred on the all-pairs mean
  assert.ok(Math.abs(o.shuffledMean - o.allPairs) < 3 * o.shuffledStd / Math.sqrt(50));
  assert.ok(smooth.frequency.neighbours < 0.5 * smooth.frequency.allPairs);
  assert.ok(smooth.frequency.z > 5, JSON.stringify(smooth.frequency));
  assert.ok(smooth.weightedOrientation.z > 10);
  assert.ok(smooth.meanShare > 0 && smooth.meanShare <= 1);

  const order = permutation(randomStream(11, "shuffle-map"), filters.length);
  const shuffled = filterTopography(stack([...order].map((i) => filters[i])), side, options);
  const s = shuffled.orientation;
  assert.ok(s.neighbours > 0.75 * s.allPairs, JSON.stringify(s));
  assert.ok(Math.abs(s.z) < 3, JSON.stringify(s));
  assert.ok(s.p > 0.01, JSON.stringify(s));
  assert.ok(Math.abs(shuffled.frequency.z) < 3, JSON.stringify(shuffled.frequency));
  // shuffling moves filters, not their properties: the all-pairs means stay
  assert.ok(Math.abs(s.allPairs - o.allPairs) < 1e-9);
});

Deno.test("the permutation test is seeded, and the weights follow how oriented filters are", () => {
  const props = (n: number, seed: number) => {
    const rng = randomStream(seed, "props");
    return Array.from({ length: n }, () => ({
      orientation: 180 * rng.uniform(),
      frequency: 0.1 + 0.2 * rng.uniform(),
      fx: 0,
      fy: 0,
      share: rng.uniform(),
    }));
  };
  const random = props(64, 1);
  const a = topography(random, { rows: 8, cols: 8, permutations: 300, seed: 4 });
  const b = topography(random, { rows: 8, cols: 8, permutations: 300, seed: 4 });
  const c = topography(random, { rows: 8, cols: 8, permutations: 300, seed: 5 });
  assert.deepEqual(a, b);
  assert.notEqual(a.orientation.shuffledStd, c.orientation.shuffledStd);
  assert.equal(a.orientation.neighbours, c.orientation.neighbours);
  // a map smooth among its strongly oriented filters only: the weighted statistic sees it best
  const mixed = random.map((f, i) =>
    i % 2 === 0 ? { ...f, orientation: 180 * ((i % 8) / 8), share: 0.95 } : { ...f, share: 0.02 }
  );
  const m = topography(mixed, { rows: 8, cols: 8, permutations: 300, wrap: false, seed: 4 });
  assert.ok(m.weightedOrientation.z > m.orientation.z + 1, JSON.stringify(m));
  assert.ok(m.weightedOrientation.neighbours < m.orientation.neighbours);
  assert.throws(() => topography(random, { rows: 4, cols: 8 }), /64 filters for a 4 x 8 grid/);
});
