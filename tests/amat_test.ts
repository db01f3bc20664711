/**
 * Tests of the reader of the original `.amat` files of the Larochelle et al. (2007) benchmark
 * sets, on small files the tests write: the format, malformed lines, transposed sets, the
 * validation rows, where files are looked for, and loading through `loadDataset`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ORIGINAL_FILES,
  parseAmat,
  readAmat,
  readOriginalBenchmark,
  transposeImages,
} from "../lib/data/amat.ts";
import { loadBenchmarkSplits, ORIGINALS_ENV } from "../lib/data/benchmarks.ts";
import { datasetLocation, loadDataset } from "../lib/data/mnist.ts";

/** One line of an .amat file: `pixels` then `label`, as the originals write them. */
function line(pixels: ArrayLike<number>, label: number | string): string {
  return `${Array.from(pixels, (v) => v.toFixed(6)).join(" ")} ${label}\n`;
}

/** A 28 x 28 image whose pixel (r, c) is (r * 28 + c) / 784, distinct everywhere. */
function ramp(offset = 0): Float32Array {
  return Float32Array.from({ length: 784 }, (_, i) => ((i + offset) % 784) / 784);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "amat-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("parseAmat reads values and labels, skipping headers and blank lines", () => {
  const text = "#size: 3 5\n\n0 0.25 1e-1 1 2\n  1\t0 0 0.5   0.000000e+00  \n0 0 0 0 1.000000";
  const rows = parseAmat(text, { features: 4, classes: 3 });
  assert.equal(rows.n, 3);
  assert.deepEqual([...rows.y], [2, 0, 1]);
  assert.deepEqual([...rows.x.subarray(0, 8)], [0, 0.25, Math.fround(0.1), 1, 1, 0, 0, 0.5]);
});

Deno.test("a malformed line names the file, the line and the problem", async () => {
  await withTempDir(async (dir) => {
    const good = line(ramp(), 3);
    const cases: [string, RegExp][] = [
      [good + line(ramp().subarray(1), 4), /line 2: expected 785 values .* found 784/],
      [good + good.replace(" 3\n", " 3 0.5\n"), /line 2: expected 785 values .* found 786/],
      [good + good.replace("0.001276", "abc"), /line 2: value 2 \("abc"\) is not a finite number/],
      [good + good.replace("0.001276", "NaN"), /line 2: value 2 \("NaN"\)/],
      [
        "# header\n" + good + good.replace(" 3\n", " 10\n"),
        /line 3: the label 10 is not a class 0\.\.9/,
      ],
      [good + good.replace(" 3\n", " -1\n"), /line 2: the label -1 is not a class/],
      [good + good.replace(" 3\n", " 2.5\n"), /line 2: the label 2.5 is not a class/],
      [good + good.replace(" 3\n", " x\n"), /line 2: the label \("x"\) is not a number/],
    ];
    for (const [i, [text, pattern]] of cases.entries()) {
      const path = join(dir, `bad${i}.amat`);
      await Deno.writeTextFile(path, text);
      await assert.rejects(readAmat(path), (e: Error) => {
        assert.match(e.message, pattern);
        assert.ok(e.message.includes(`"${path}"`), e.message);
        return true;
      });
    }
    await assert.rejects(readAmat(join(dir, "missing.amat")), /does not exist/);
  });
});

Deno.test("readAmat streams large files across chunk boundaries like parseAmat", async () => {
  await withTempDir(async (dir) => {
    // about 3.5 MB: several 1 MB chunks, lines cut at chunk boundaries
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) lines.push(line(ramp(i), i % 10));
    const text = lines.join("");
    const path = join(dir, "big.amat");
    await Deno.writeTextFile(path, text);
    const streamed = await readAmat(path);
    const parsed = parseAmat(text);
    assert.equal(streamed.n, 600);
    assert.deepEqual(streamed.y, parsed.y);
    assert.deepEqual(streamed.x, parsed.x);
    const limited = await readAmat(path, { limit: 7 });
    assert.equal(limited.n, 7);
    assert.deepEqual(limited.x, parsed.x.subarray(0, 7 * 784));
  });
});

Deno.test("transposed images are turned back so that pixel (r, c) is at r * 28 + c", () => {
  const image = ramp();
  const stored = transposeImages(image, 28);
  assert.equal(stored[1], image[28]);
  const rows = parseAmat(line(stored, 5), { transpose: true });
  for (let i = 0; i < 784; i++) assert.ok(Math.abs(rows.x[i] - image[i]) < 1e-6);
  assert.throws(() => parseAmat("0 0 0 1\n", { features: 3, transpose: true }), /square/);
});

Deno.test("ORIGINAL_FILES names the files of the public archives", () => {
  assert.equal(
    ORIGINAL_FILES["mnist-rot"].train,
    "mnist_all_rotation_normalized_float_train_valid.amat",
  );
  assert.equal(ORIGINAL_FILES["rectangles-image"].test, "rectangles_im_test.amat");
  assert.equal(ORIGINAL_FILES.rectangles.validation, 200);
  assert.equal(ORIGINAL_FILES.convex.validation, 2000);
  const transposed = Object.entries(ORIGINAL_FILES).filter(([, f]) => f.transposed);
  assert.deepEqual(transposed.map(([name]) => name).sort(), [
    "mnist-back-image",
    "mnist-back-rand",
  ]);
});

/** Write a set's train and test files into `dir` (or `dir/<sub>`): `n` and `m` examples. */
async function writeSet(
  dir: string,
  files: { train: string; test: string },
  n: number,
  m: number,
  transpose = false,
): Promise<void> {
  const image = (i: number) => transpose ? transposeImages(ramp(i), 28) : ramp(i);
  let train = "";
  for (let i = 0; i < n; i++) train += line(image(i), i % 2);
  let test = "";
  for (let i = 0; i < m; i++) test += line(image(100 + i), (i + 1) % 2);
  await Deno.mkdir(join(dir, files.train, ".."), { recursive: true });
  await Deno.mkdir(join(dir, files.test, ".."), { recursive: true });
  await Deno.writeTextFile(join(dir, files.train), train);
  await Deno.writeTextFile(join(dir, files.test), test);
}

Deno.test("readOriginalBenchmark takes validation from the end of the training file", async () => {
  await withTempDir(async (dir) => {
    await writeSet(dir, ORIGINAL_FILES.rectangles, 7, 3);
    const set = await readOriginalBenchmark("rectangles", dir, { validation: 2 });
    assert.equal(set.train.n, 5);
    assert.equal(set.validation.n, 2);
    assert.equal(set.test.n, 3);
    assert.deepEqual([...set.validation.y], [1, 0]);
    assert.ok(Math.abs(set.validation.x[0] - ramp(5)[0]) < 1e-6);
    assert.ok(Math.abs(set.test.x[1] - ramp(100)[1]) < 1e-6);
    assert.deepEqual(set.train.shape, [28, 28]);
    const capped = await readOriginalBenchmark("rectangles", dir, {
      validation: 2,
      sizes: { train: 3, validation: 1, test: 2 },
    });
    assert.deepEqual([capped.train.n, capped.validation.n, capped.test.n], [3, 1, 2]);
    assert.ok(Math.abs(capped.validation.x[0] - ramp(5)[0]) < 1e-6);
    await assert.rejects(
      readOriginalBenchmark("rectangles", dir, { validation: 7 }),
      /has 7 examples, not more than the 7 validation examples/,
    );
  });
});

Deno.test("original files: in the folder, its archive subfolder, convex's 50k/", async () => {
  await withTempDir(async (dir) => {
    await writeSet(
      dir,
      { train: "convex/convex_train.amat", test: "convex/50k/convex_test.amat" },
      5,
      2,
    );
    const set = await readOriginalBenchmark("convex", dir, { validation: 1 });
    assert.equal(set.trainFile, join(dir, "convex", "convex_train.amat"));
    assert.equal(set.testFile, join(dir, "convex", "50k", "convex_test.amat"));
    await assert.rejects(readOriginalBenchmark("mnist-rot", dir), (e: Error) => {
      assert.match(e.message, /The original mnist-rot files are not in/);
      assert.match(e.message, /mnist_all_rotation_normalized_float_train_valid\.amat/);
      assert.match(e.message, /mnist_rotation_new\.zip/);
      return true;
    });
  });
});

Deno.test("loadDataset reads original files from dir, transposing where stored so", async () => {
  await withTempDir(async (dir) => {
    await writeSet(dir, ORIGINAL_FILES["mnist-back-rand"], 2004, 3, true);
    const ds = await loadDataset("mnist-back-rand", { dir });
    assert.equal(ds.name, "mnist-back-rand");
    assert.equal(ds.train.n, 2004);
    assert.equal(ds.test.n, 3);
    assert.equal(ds.dir, dir);
    assert.deepEqual(ds.classNames.length, 10);
    // the last 2000 training rows are the validation set, kept last
    const expected = ramp(2003);
    for (const i of [0, 1, 28, 29, 783]) {
      assert.ok(Math.abs(ds.train.x[2003 * 784 + i] - expected[i]) < 1e-6);
    }
    const splits = await loadBenchmarkSplits("mnist-back-rand", { dir });
    assert.deepEqual([splits.train.n, splits.validation.n], [4, 2000]);
    assert.equal(splits.source.kind, "original");
    const raw = await loadBenchmarkSplits("mnist-back-rand", { dir, transpose: false });
    assert.ok(Math.abs(raw.train.x[1] - ramp(0)[28]) < 1e-6);
    const where = await datasetLocation("mnist-back-rand", { dir });
    assert.deepEqual(where, { dir, source: "the dir option (original .amat files)" });
  });
});

Deno.test("$ICML2007_DATA_DIR names the originals; source 'generated' ignores it", async () => {
  await withTempDir(async (dir) => {
    await writeSet(
      dir,
      { train: "rectangles/rectangles_train.amat", test: "rectangles/rectangles_test.amat" },
      203,
      4,
    );
    const before = Deno.env.get(ORIGINALS_ENV);
    Deno.env.set(ORIGINALS_ENV, dir);
    try {
      const ds = await loadDataset("rectangles");
      assert.equal(ds.train.n, 203);
      assert.equal(ds.test.n, 4);
      const splits = await loadBenchmarkSplits("rectangles");
      assert.equal(splits.validation.n, 200);
      assert.equal(splits.source.kind === "original" && splits.source.from, `$${ORIGINALS_ENV}`);
      const generated = await loadBenchmarkSplits("rectangles", {
        source: "generated",
        cache: false,
        sizes: { train: 5, validation: 2, test: 3 },
      });
      assert.equal(generated.source.kind, "generated");
      assert.equal(generated.train.n, 5);
    } finally {
      if (before === undefined) Deno.env.delete(ORIGINALS_ENV);
      else Deno.env.set(ORIGINALS_ENV, before);
    }
    if (before === undefined) {
      await assert.rejects(
        loadBenchmarkSplits("rectangles", { source: "original" }),
        /no folder of original files is named/,
      );
    }
  });
});
