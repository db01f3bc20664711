/**
 * Tests of the regenerated Larochelle et al. (2007) benchmark sets, on small sizes: that each set
 * is what it claims (sizes, labels, value range, real rotations, backgrounds with the stated
 * statistics and the digits kept, convex and non-convex shapes, rectangle aspect classes), that
 * generation is deterministic per seed, and that the cache is hit, and regenerated when corrupt.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BENCHMARK_NAMES,
  benchmarkCachePath,
  type BenchmarkName,
  generateBenchmark,
  loadBenchmarkSplits,
  PUBLISHED_SIZES,
} from "../lib/data/benchmarks.ts";
import { loadPhotos, MIN_PATCH_VARIANCE, toLevel } from "../lib/data/benchmarks_photos.ts";
import { convexityDeficit, RECT_MIN_DIFFERENCE } from "../lib/data/benchmarks_shapes.ts";
import { datasetLocation, loadDataset } from "../lib/data/mnist.ts";
import { rotateImages } from "../lib/eval/invariance.ts";

const SIZES = { train: 200, validation: 50, test: 100 };
const SPLITS = ["train", "validation", "test"] as const;

/** The generated sets of SIZES and seed 0, made once for all tests. */
const sets = new Map<BenchmarkName, Awaited<ReturnType<typeof generateBenchmark>>>();
async function set(name: BenchmarkName) {
  let s = sets.get(name);
  if (s === undefined) {
    s = await generateBenchmark(name, { sizes: SIZES });
    sets.set(name, s);
  }
  return s;
}

/** MNIST as grey levels 0..255. */
const mnist = loadDataset("mnist", { scale: "none" });

function image(x: Float32Array, i: number): Float32Array {
  return x.subarray(i * 784, (i + 1) * 784);
}

Deno.test("each set: sizes, 784 values in [0, 1] on the 8-bit grid, valid labels", async () => {
  for (const name of BENCHMARK_NAMES) {
    const s = await set(name);
    const classes = s.classNames.length;
    assert.equal(classes, name.startsWith("mnist") ? 10 : 2);
    for (const split of SPLITS) {
      const part = s[split];
      assert.equal(part.n, SIZES[split], `${name} ${split}`);
      assert.equal(part.features, 784);
      assert.deepEqual(part.shape, [28, 28]);
      assert.equal(part.x.length, part.n * 784);
      assert.ok(part.y instanceof Uint8Array);
      for (const v of part.x) {
        assert.ok(v >= 0 && v <= 1, `${name}: ${v}`);
        assert.equal(Math.fround(Math.round(v * 255) / 255), v);
      }
      for (const l of part.y) assert.ok(l < classes);
    }
  }
  assert.deepEqual(PUBLISHED_SIZES.convex, { train: 6000, validation: 2000, test: 50000 });
  assert.deepEqual(PUBLISHED_SIZES.rectangles, { train: 1000, validation: 200, test: 50000 });
});

Deno.test("two-class sets balanced; digit sets keep MNIST's labels, digits apart", async () => {
  for (const name of ["rectangles", "rectangles-image", "convex"] as const) {
    const s = await set(name);
    const y = [...s.train.y, ...s.validation.y, ...s.test.y];
    const share = y.reduce((a, b) => a + b, 0) / y.length;
    assert.ok(share > 0.4 && share < 0.6, `${name}: ${share} of label 1`);
  }
  const { train, test } = await mnist;
  const small = await set("mnist-small");
  const source = small.draws;
  for (const split of SPLITS) {
    const digits = split === "test" ? test : train;
    for (let i = 0; i < SIZES[split]; i++) {
      const j = source[split].source[i];
      assert.equal(small[split].y[i], digits.y[j]);
      // mnist-small is MNIST as it is
      const a = image(small[split].x, i);
      const b = image(digits.x, j);
      for (let p = 0; p < 784; p++) assert.equal(Math.round(a[p] * 255), b[p]);
    }
  }
  const trainDigits = new Set(source.train.source);
  assert.equal(trainDigits.size, SIZES.train);
  for (const j of source.validation.source) assert.ok(!trainDigits.has(j));
  assert.equal(new Set(source.test.source).size, SIZES.test);
  assert.equal(new Set(small.train.y).size, 10);
  // all five variants use the same digits for a seed
  const rot = await set("mnist-rot");
  assert.deepEqual(rot.draws.test.source, source.test.source);
});

Deno.test("50,000 test examples reuse each MNIST test digit five times", async () => {
  const s = await generateBenchmark("mnist-small", {
    sizes: { train: 0, validation: 0, test: 20001 },
  });
  const src = s.draws.test.source;
  assert.equal(new Set(src.subarray(0, 10000)).size, 10000);
  assert.equal(new Set(src.subarray(10000, 20000)).size, 10000);
  assert.notDeepEqual(src.subarray(0, 100), src.subarray(10000, 10100));
});

/** Root mean square of a - b over 784 pixels, on 0..1 values (b as 0..255 levels if scaled). */
function rms(a: ArrayLike<number>, b: ArrayLike<number>, bScale = 1): number {
  let s = 0;
  for (let p = 0; p < 784; p++) s += (a[p] - b[p] * bScale) ** 2;
  return Math.sqrt(s / 784);
}

Deno.test("mnist-rot: turning each image back by its angle recovers the digit", async () => {
  const { train } = await mnist;
  const s = await set("mnist-rot");
  const angles = s.draws.train.angle;
  assert.ok(Math.min(...angles) >= 0 && Math.max(...angles) < 2 * Math.PI);
  const meanAngle = angles.reduce((a, b) => a + b, 0) / angles.length;
  assert.ok(Math.abs(meanAngle - Math.PI) < 0.4, `mean angle ${meanAngle}`);
  const back: number[] = [];
  const wrongWay: number[] = [];
  const unturned: number[] = [];
  for (let i = 0; i < SIZES.train; i++) {
    const deg = (angles[i] * 180) / Math.PI;
    if (deg < 30 || deg > 330) continue;
    const src = image(train.x, s.draws.train.source[i]);
    const img = image(s.train.x, i);
    back.push(rms(rotateImages(img, 28, -deg), src, 1 / 255));
    wrongWay.push(rms(rotateImages(img, 28, deg), src, 1 / 255));
    unturned.push(rms(img, src, 1 / 255));
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  // two bilinear resamplings blur the strokes: a residual of about 0.06 (at most 0.09) against
  // about 0.34 unturned or turned the wrong way
  assert.ok(back.length > 150);
  assert.ok(median(back) < 0.1, `back ${median(back)}`);
  assert.ok(Math.max(...back) < 0.12, `back at most ${Math.max(...back)}`);
  assert.ok(median(unturned) > 3 * median(back), `unturned ${median(unturned)}`);
  assert.ok(median(wrongWay) > 3 * median(back), `wrong way ${median(wrongWay)}`);
});

Deno.test("mnist-back-rand: digit pixels kept, background uniform on 0..255", async () => {
  const { train } = await mnist;
  // the default rule of mnist-back-rand is max (DEFAULT_BACKGROUND_RULES)
  assert.equal((await set("mnist-back-rand")).source.backgroundRule, "max");
  for (const rule of ["replace", "max"] as const) {
    const s = rule === "max"
      ? await set("mnist-back-rand")
      : await generateBenchmark("mnist-back-rand", { sizes: SIZES, backgroundRule: rule });
    const background: number[] = [];
    for (let i = 0; i < SIZES.train; i++) {
      const src = image(train.x, s.draws.train.source[i]);
      const img = image(s.train.x, i);
      for (let p = 0; p < 784; p++) {
        const level = Math.round(img[p] * 255);
        if (src[p] > 0) {
          if (rule === "replace") assert.equal(level, src[p]);
          else assert.ok(level >= src[p]);
        } else background.push(level);
      }
    }
    // uniform on 0..255: mean 127.5, variance (256^2 - 1) / 12, each level about 1/256
    const n = background.length;
    const mean = background.reduce((a, b) => a + b, 0) / n;
    const variance = background.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    assert.ok(n > 100000);
    assert.ok(Math.abs(mean - 127.5) < 1, `mean ${mean}`);
    assert.ok(Math.abs(variance / ((256 ** 2 - 1) / 12) - 1) < 0.02, `variance ${variance}`);
    const zeros = background.filter((v) => v === 0).length / n;
    assert.ok(zeros < 2 / 256, `zeros ${zeros}`);
  }
});

Deno.test("image backgrounds (recipe 1): the drawn textured patch; digits (rotated) kept", async () => {
  const { train } = await mnist;
  const photos = await loadPhotos();
  for (const name of ["mnist-back-image", "mnist-rot-back-image"] as const) {
    const s = await generateBenchmark(name, { sizes: SIZES, recipe: 1 });
    assert.equal(s.source.backgroundRule, "replace", `${name}'s default rule`);
    const d = s.draws.train;
    const photosUsed = new Set<number>();
    for (let i = 0; i < SIZES.train; i++) {
      let src: Float32Array = image(train.x, d.source[i]);
      if (name === "mnist-rot-back-image") {
        src = rotateImages(src, 28, (d.angle[i] * 180) / Math.PI).map((v) => Math.round(v));
      }
      const img = image(s.train.x, i);
      const photo = photos.images[d.photo[i]];
      photosUsed.add(d.photo[i]);
      let sum = 0;
      let sq = 0;
      for (let r = 0; r < 28; r++) {
        for (let c = 0; c < 28; c++) {
          const v = photo.pixels[(d.top[i] + r) * photo.width + d.left[i] + c];
          sum += v;
          sq += v * v;
          const p = r * 28 + c;
          const expected = src[p] > 0 ? src[p] : toLevel(v);
          assert.equal(Math.round(img[p] * 255), expected, `${name} ${i} (${r}, ${c})`);
        }
      }
      assert.ok(sq / 784 - (sum / 784) ** 2 >= MIN_PATCH_VARIANCE - 1e-12);
    }
    assert.ok(photosUsed.size >= 8, `${name}: ${photosUsed.size} photographs`);
  }
});

Deno.test("recipe 2, the default, stretches each background patch to the full grey range", async () => {
  const { train } = await mnist;
  const photos = await loadPhotos();
  const sizes = { train: 60, validation: 0, test: 0 };
  const asCut = await generateBenchmark("mnist-back-image", { sizes, recipe: 1 });
  const s = await generateBenchmark("mnist-back-image", { sizes });
  assert.equal(s.source.recipe, 2);
  assert.deepEqual(
    s.train.x,
    (await generateBenchmark("mnist-back-image", { sizes, recipe: 2 })).train.x,
  );
  // the same digits and patches are drawn; only the patch's levels change
  assert.deepEqual(s.draws.train, asCut.draws.train);
  const d = s.draws.train;
  let wider = 0;
  for (let i = 0; i < sizes.train; i++) {
    const src = image(train.x, d.source[i]);
    const photo = photos.images[d.photo[i]];
    const levels: number[] = [];
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        levels.push(photo.pixels[(d.top[i] + r) * photo.width + d.left[i] + c]);
      }
    }
    const lo = Math.min(...levels);
    const hi = Math.max(...levels);
    const img = image(s.train.x, i);
    const cut = image(asCut.train.x, i);
    let bgLo = 255;
    let bgHi = 0;
    let cutLo = 255;
    let cutHi = 0;
    for (let p = 0; p < 784; p++) {
      const got = Math.round(img[p] * 255);
      const expected = src[p] > 0 ? src[p] : toLevel((levels[p] - lo) / (hi - lo));
      assert.equal(got, expected, `image ${i} pixel ${p}`);
      if (src[p] === 0) {
        bgLo = Math.min(bgLo, got);
        bgHi = Math.max(bgHi, got);
        cutLo = Math.min(cutLo, Math.round(cut[p] * 255));
        cutHi = Math.max(cutHi, Math.round(cut[p] * 255));
      }
    }
    if (bgHi - bgLo > cutHi - cutLo) wider++;
  }
  // the background spans more grey levels than as cut, unless the patch already spanned 0..1
  assert.ok(wider >= sizes.train - 2, `${wider} of ${sizes.train} backgrounds wider`);
  // each recipe has its own cache file; a set without recipe 2 refuses it, with the fix
  assert.notEqual(
    benchmarkCachePath("mnist-back-image", { recipe: 1 }),
    benchmarkCachePath("mnist-back-image"),
  );
  await assert.rejects(
    generateBenchmark("convex", { sizes, recipe: 2 }),
    /convex: no recipe 2; pass one of 1/,
  );
});

Deno.test("rectangles: one outline, no squares, label 1 when taller than wide", async () => {
  const s = await set("rectangles");
  for (const split of SPLITS) {
    for (let i = 0; i < SIZES[split]; i++) {
      const img = image(s[split].x, i);
      let top = 28, bottom = -1, left = 28, right = -1, white = 0;
      for (let p = 0; p < 784; p++) {
        if (img[p] === 0) continue;
        assert.equal(img[p], 1);
        white++;
        const r = Math.floor(p / 28);
        const c = p % 28;
        top = Math.min(top, r);
        bottom = Math.max(bottom, r);
        left = Math.min(left, c);
        right = Math.max(right, c);
      }
      const h = bottom - top + 1;
      const w = right - left + 1;
      assert.ok(Math.abs(h - w) >= RECT_MIN_DIFFERENCE, `${h} x ${w}`);
      assert.equal(s[split].y[i], h > w ? 1 : 0);
      assert.equal(white, 2 * h + 2 * w - 4); // the outline only
    }
  }
});

Deno.test("rectangles-image: the rectangle is one patch, the rest another's", async () => {
  const s = await set("rectangles-image");
  const photos = await loadPhotos();
  const d = s.draws.test;
  for (let i = 0; i < SIZES.test; i++) {
    assert.notEqual(d.photo[i], d.insidePhoto[i]);
    assert.equal(s.test.y[i], d.height[i] > d.width[i] ? 1 : 0);
    assert.ok(Math.abs(d.height[i] - d.width[i]) >= RECT_MIN_DIFFERENCE);
    const img = image(s.test.x, i);
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const inside = r >= d.top[i] && r < d.top[i] + d.height[i] && c >= d.left[i] &&
          c < d.left[i] + d.width[i];
        const [k, top, left] = inside
          ? [d.insidePhoto[i], d.insideTop[i], d.insideLeft[i]]
          : [d.photo[i], d.patchTop[i], d.patchLeft[i]];
        const photo = photos.images[k];
        const v = photo.pixels[(top + r) * photo.width + left + c];
        assert.equal(Math.round(img[r * 28 + c] * 255), toLevel(v));
      }
    }
  }
});

Deno.test("convex: every positive is convex on the grid, every negative is not", async () => {
  const s = await set("convex");
  const white = [[], []] as number[][];
  for (const split of SPLITS) {
    for (let i = 0; i < SIZES[split]; i++) {
      const img = image(s[split].x, i);
      assert.ok(img.every((v) => v === 0 || v === 1));
      const deficit = convexityDeficit(img);
      const label = s[split].y[i];
      // tolerance 0: a positive holds every grid point of its hull; a negative misses one or more
      if (label === 1) assert.equal(deficit, 0, `${split} ${i}`);
      else assert.ok(deficit >= 1, `${split} ${i}`);
      const count = img.reduce((a, b) => a + b, 0);
      assert.ok(count >= (label === 1 ? 19 : 10));
      white[label].push(count);
    }
  }
  // the two classes' mean white counts agree (each about 270, standard deviation about 200)
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const gap = Math.abs(mean(white[0]) - mean(white[1]));
  assert.ok(gap < 70, `means ${mean(white[0])} and ${mean(white[1])}`);
});

Deno.test("convexityDeficit counts the grid points of the hull missing from the set", () => {
  const grid = (rows: string[]) => [...rows.join("")].map((ch) => ch === "#" ? 1 : 0);
  assert.equal(convexityDeficit(grid(["###", "#..", "###"]), 3), 2);
  assert.equal(convexityDeficit(grid(["#..", "##.", "###"]), 3), 0);
  assert.equal(convexityDeficit(grid(["#.#", "...", "..."]), 3), 1);
  assert.equal(convexityDeficit(grid(["#..", ".#.", "..#"]), 3), 0);
  assert.equal(convexityDeficit(grid(["#..", "...", "..#"]), 3), 1);
  assert.equal(convexityDeficit(grid(["...", "...", "..."]), 3), 0);
});

Deno.test("a seed gives the same set, another seed another; smaller sizes: prefixes", async () => {
  const sizes = { train: 30, validation: 10, test: 20 };
  for (const name of BENCHMARK_NAMES) {
    const a = await generateBenchmark(name, { sizes, seed: 5 });
    const b = await generateBenchmark(name, { sizes, seed: 5 });
    const c = await generateBenchmark(name, { sizes, seed: 6 });
    for (const split of SPLITS) {
      assert.deepEqual(a[split].x, b[split].x, name);
      assert.deepEqual(a[split].y, b[split].y, name);
      assert.notDeepEqual(a[split].x, c[split].x, name);
    }
    const big = await set(name);
    const small = await generateBenchmark(name, { sizes });
    for (const split of SPLITS) {
      assert.deepEqual(small[split].x, big[split].x.subarray(0, sizes[split] * 784), name);
    }
  }
});

Deno.test("the cache is hit, and a corrupt or mismatched file is regenerated", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "benchmarks-cache-" });
  try {
    const options = { sizes: SIZES, cacheDir, seed: 2 };
    const fresh = await generateBenchmark("mnist-back-rand", options);
    const first = await loadBenchmarkSplits("mnist-back-rand", options);
    assert.equal(first.source.kind === "generated" && first.source.cache, "written");
    const path = benchmarkCachePath("mnist-back-rand", options);
    assert.equal(path, join(cacheDir, "mnist-back-rand-r1-seed2-200-50-100-max.bin"));
    assert.equal((await Deno.stat(path)).size > 350 * 785, true);
    const hit = await loadBenchmarkSplits("mnist-back-rand", options);
    assert.equal(hit.source.kind === "generated" && hit.source.cache, "hit");
    for (const split of SPLITS) {
      assert.deepEqual(hit[split].x, fresh[split].x);
      assert.deepEqual(hit[split].y, fresh[split].y);
    }
    const bytes = await Deno.readFile(path);
    const corruptions: [string, Uint8Array, RegExp][] = [
      [
        "a flipped pixel",
        bytes.slice().map((b, i) => i === bytes.length - 5 ? b ^ 1 : b),
        /checksum/,
      ],
      ["a cut file", bytes.slice(0, bytes.length - 784), /bytes of examples/],
      ["garbage", new TextEncoder().encode("not a cache file"), /magic/],
    ];
    // another seed's file under this name: the header says so
    const other = { sizes: SIZES, cacheDir, seed: 3 };
    await loadBenchmarkSplits("mnist-back-rand", other);
    corruptions.push([
      "another seed",
      await Deno.readFile(benchmarkCachePath("mnist-back-rand", other)),
      /header .*"seed":3/,
    ]);
    for (const [what, content, why] of corruptions) {
      await Deno.writeFile(path, content);
      const again = await loadBenchmarkSplits("mnist-back-rand", options);
      assert.ok(again.source.kind === "generated", what);
      assert.equal(again.source.cache, "replaced", what);
      assert.match(again.source.replacedBecause ?? "", why, what);
      assert.deepEqual(again.test.x, fresh.test.x, what);
      assert.deepEqual(await Deno.readFile(path), bytes, what);
    }
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadDataset gives a generated set with the validation rows last", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "benchmarks-cache-" });
  try {
    const benchmark = { sizes: SIZES, cacheDir, source: "generated" as const };
    const ds = await loadDataset("convex", { benchmark });
    const splits = await set("convex");
    assert.equal(ds.name, "convex");
    assert.equal(ds.train.n, SIZES.train + SIZES.validation);
    assert.equal(ds.test.n, SIZES.test);
    assert.deepEqual(ds.train.x.subarray(SIZES.train * 784), splits.validation.x);
    assert.deepEqual(ds.train.y.subarray(0, SIZES.train), splits.train.y);
    assert.deepEqual(ds.classNames, ["not convex", "convex"]);
    assert.equal(ds.dir, cacheDir);
    const unit = await loadDataset("convex", { benchmark, scale: "unit-norm" });
    const row = image(unit.train.x, 0);
    assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-5);
    const where = await datasetLocation("convex", { benchmark });
    assert.deepEqual(where, { dir: cacheDir, source: "generated, cached" });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("bad names, sizes, seeds and rules are refused with the fix", async () => {
  await assert.rejects(generateBenchmark("mnist-noise" as BenchmarkName), /Unknown benchmark set/);
  await assert.rejects(
    generateBenchmark("mnist-rot", { sizes: { train: 59000, validation: 2000, test: 0 } }),
    /more than MNIST's 60,000 training digits/,
  );
  await assert.rejects(generateBenchmark("convex", { sizes: { train: -1 } }), /sizes.train/);
  await assert.rejects(generateBenchmark("convex", { seed: 0.5 }), /seed must be an integer/);
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    generateBenchmark("mnist-back-rand", { backgroundRule: "min" as any }),
    /background rule/,
  );
  await assert.rejects(
    loadBenchmarkSplits("convex", { source: "generated", dir: "/nowhere" }),
    /drop one/,
  );
  await assert.rejects(loadDataset("cifar" as BenchmarkName), /Unknown dataset "cifar"/);
});
