/**
 * Tests of the data layer: IDX parsing and its errors, MNIST and Fashion-MNIST, splits.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  clearDatasetCache,
  type Dataset,
  type ImageSplit,
  loadDataset,
  parseIdx,
  readIdx,
  splitDataset,
  subset,
} from "../lib/data/mod.ts";

const FASHION_DIR = "/usr/share/datasets/fashion-mnist";
const MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

/** The bytes of an IDX file: header for `dims` and type `code`, then `payload`. */
function idx(code: number, dims: number[], payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = code;
  header[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

/** An unsigned byte IDX file holding `values`. */
function ubyte(dims: number[], values?: ArrayLike<number>): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1);
  const payload = new Uint8Array(n);
  for (let i = 0; i < n; i++) payload[i] = values === undefined ? i % 256 : values[i];
  return idx(0x08, dims, payload);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "data_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes a file and checks that reading it fails with a message containing each of `parts`. */
async function assertReadFails(bytes: Uint8Array, parts: string[]): Promise<void> {
  await withTempDir(async (dir) => {
    const path = join(dir, "bad-images-idx3-ubyte");
    await Deno.writeFile(path, bytes);
    await assert.rejects(readIdx(path), (e: Error) => {
      assert.ok(e.message.includes(path), `message should name the file: ${e.message}`);
      for (const part of parts) {
        assert.ok(e.message.includes(part), `message should mention "${part}": ${e.message}`);
      }
      assert.ok(!e.message.endsWith("."), `message should not end with a period: ${e.message}`);
      return true;
    });
  });
}

interface FakeOptions {
  trainN?: number;
  testN?: number;
  trainLabelsN?: number;
  width?: number;
  label?: number;
  gzip?: boolean;
  dotted?: boolean;
}

/** Writes a tiny MNIST-like dataset: pixel values `(i + j) % 256`, labels `i % 10`. */
async function writeFakeDataset(dir: string, o: FakeOptions = {}): Promise<void> {
  const trainN = o.trainN ?? 12;
  const testN = o.testN ?? 4;
  const width = o.width ?? 28;
  const labels = (n: number) =>
    ubyte([n], Array.from({ length: n }, (_, i) => (i === 1 && o.label) ? o.label : i % 10));
  const files: [string, Uint8Array][] = [
    ["train-images", ubyte([trainN, 28, width])],
    ["train-labels", labels(o.trainLabelsN ?? trainN)],
    ["t10k-images", ubyte([testN, 28, width])],
    ["t10k-labels", labels(testN)],
  ];
  for (const [stem, bytes] of files) {
    const kind = stem.endsWith("images") ? "idx3" : "idx1";
    const name = o.dotted ? `${stem}.${kind}-ubyte` : `${stem}-${kind}-ubyte`;
    if (o.gzip) await Deno.writeFile(join(dir, name + ".gz"), gzipSync(bytes));
    else await Deno.writeFile(join(dir, name), bytes);
  }
}

function counts(y: Uint8Array): number[] {
  const c = new Array(10).fill(0);
  for (const v of y) c[v]++;
  return c;
}

function range(x: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function checkImageSplit(split: ImageSplit, n: number): void {
  assert.equal(split.n, n);
  assert.equal(split.features, 784);
  assert.deepEqual(split.shape, [28, 28]);
  assert.equal(split.x.length, n * 784);
  assert.equal(split.y.length, n);
}

// ---------------------------------------------------------------------------------------------
// IDX parsing

Deno.test("readIdx reads a plain and a gzip IDX file", async () => {
  await withTempDir(async (dir) => {
    const bytes = ubyte([2, 3, 4]);
    await Deno.writeFile(join(dir, "plain"), bytes);
    // gzip is detected by content, not by name: the gzip file has no .gz suffix
    await Deno.writeFile(join(dir, "packed"), gzipSync(bytes));
    for (const name of ["plain", "packed"]) {
      const a = await readIdx(join(dir, name));
      assert.equal(a.dtype, "uint8");
      assert.deepEqual(a.dims, [2, 3, 4]);
      assert.ok(a.data instanceof Uint8Array);
      assert.deepEqual([...a.data], Array.from({ length: 24 }, (_, i) => i));
    }
  });
});

Deno.test("parseIdx reads big-endian multi-byte types", () => {
  const payload = new Uint8Array(3 * 4);
  const view = new DataView(payload.buffer);
  [-2, 70000, 1 << 30].forEach((v, i) => view.setInt32(4 * i, v));
  const ints = parseIdx(idx(0x0c, [3], payload), "ints");
  assert.equal(ints.dtype, "int32");
  assert.deepEqual([...ints.data], [-2, 70000, 1 << 30]);

  [1.5, -0.25, 3e9].forEach((v, i) => view.setFloat32(4 * i, v));
  const floats = parseIdx(idx(0x0d, [3], payload), "floats");
  assert.equal(floats.dtype, "float32");
  assert.deepEqual([...floats.data], [1.5, -0.25, 3e9]);

  const shorts = parseIdx(idx(0x0b, [2], new Uint8Array([0xff, 0xfe, 0x01, 0x00])), "shorts");
  assert.deepEqual([...shorts.data], [-2, 256]);
  const bytes = parseIdx(idx(0x09, [2], new Uint8Array([0xff, 0x7f])), "bytes");
  assert.deepEqual([...bytes.data], [-1, 127]);
});

Deno.test("parseIdx copies its values out of the input", () => {
  const bytes = ubyte([3]);
  const a = parseIdx(bytes);
  bytes[bytes.length - 1] = 99;
  assert.equal(a.data[2], 2);
  assert.equal(a.data.byteOffset, 0);
  assert.equal(a.data.buffer.byteLength, 3);
});

Deno.test("readIdx rejects a wrong magic number", async () => {
  const bytes = ubyte([2, 2]);
  bytes[0] = 0x12;
  await assertReadFails(bytes, ["magic number", "0x12", "two zero bytes"]);
});

Deno.test("readIdx rejects an unknown data type", async () => {
  await assertReadFails(idx(0x07, [2], new Uint8Array(2)), ["unknown data type code 0x07"]);
});

Deno.test("readIdx rejects too many and zero dimensions", async () => {
  await assertReadFails(idx(0x08, [1, 1, 1, 1, 1], new Uint8Array(1)), [
    "5 dimensions",
    "expected 1 to 4",
  ]);
  await assertReadFails(new Uint8Array([0, 0, 8, 0]), ["0 dimensions", "expected 1 to 4"]);
  await assertReadFails(idx(0x08, [2, 0], new Uint8Array(0)), ["dimension 1 has size 0"]);
});

Deno.test("readIdx rejects a truncated file and says how many bytes", async () => {
  const full = ubyte([2, 3, 4]); // 16 + 24 = 40 bytes
  await assertReadFails(full.subarray(0, 37), [
    "Truncated",
    "expected 40 bytes",
    "found 37",
    "3 missing",
  ]);
  await assertReadFails(full.subarray(0, 10), ["Truncated", "16-byte header", "found 10"]);
  await assertReadFails(full.subarray(0, 2), ["Truncated", "found 2"]);
  // a multi-byte type counts bytes, not values
  await assertReadFails(idx(0x0c, [3], new Uint8Array(11)), [
    "expected 20 bytes",
    "found 19",
    "1 missing",
  ]);
});

Deno.test("readIdx rejects trailing bytes and says how many", async () => {
  const full = ubyte([2, 3]);
  const padded = new Uint8Array(full.length + 5);
  padded.set(full);
  await assertReadFails(padded, ["5 trailing bytes", "expected 18 bytes", "found 23"]);
});

Deno.test("readIdx rejects a corrupt gzip stream", async () => {
  const packed = gzipSync(ubyte([50, 50]));
  await assertReadFails(packed.subarray(0, packed.length - 40), ["Corrupt gzip stream"]);
  const garbled = new Uint8Array(packed);
  for (let i = 12; i < garbled.length - 8; i++) garbled[i] ^= 0x5a;
  await assertReadFails(garbled, ["Corrupt gzip stream"]);
});

Deno.test("readIdx names a missing file and how to get it", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "nothing-here-idx1-ubyte");
    await assert.rejects(readIdx(path), (e: Error) => {
      assert.match(e.message, /not found; check the path$/);
      assert.ok(e.message.includes(path));
      return true;
    });
    await assert.rejects(readIdx(path, { hint: "run get_data.sh" }), (e: Error) => {
      assert.ok(e.message.includes(path) && e.message.endsWith("run get_data.sh"), e.message);
      return true;
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Loading datasets from a folder

Deno.test("loadDataset reads a folder of plain, gzip and dotted file names", async () => {
  for (const o of [{}, { gzip: true }, { dotted: true }, { dotted: true, gzip: true }]) {
    await withTempDir(async (dir) => {
      await writeFakeDataset(dir, o);
      const ds = await loadDataset("fashion-mnist", { dir, scale: "none" });
      assert.equal(ds.dir, dir);
      assert.equal(ds.classNames[9], "Ankle boot");
      checkImageSplit(ds.train, 12);
      checkImageSplit(ds.test, 4);
      assert.deepEqual([...ds.train.y], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
      assert.equal(ds.train.x[300], 300 % 256);
    });
  }
});

Deno.test("loadDataset rejects differing image and label counts", async () => {
  await withTempDir(async (dir) => {
    await writeFakeDataset(dir, { trainN: 12, trainLabelsN: 11 });
    await assert.rejects(loadDataset("mnist", { dir }), (e: Error) => {
      assert.ok(e.message.includes("counts differ"), e.message);
      assert.ok(e.message.includes("has 12 images"), e.message);
      assert.ok(e.message.includes("has 11 labels"), e.message);
      assert.ok(e.message.includes(join(dir, "train-labels-idx1-ubyte")), e.message);
      return true;
    });
  });
});

Deno.test("loadDataset rejects images that are not 28x28 and labels over 9", async () => {
  await withTempDir(async (dir) => {
    await writeFakeDataset(dir, { width: 27 });
    await assert.rejects(loadDataset("mnist", { dir }), /28x27 pixels, expected 28x28/);
  });
  await withTempDir(async (dir) => {
    await writeFakeDataset(dir, { label: 10 });
    await assert.rejects(
      loadDataset("mnist", { dir }),
      /label 1 in ".*" is 10, expected a class 0\.\.9/,
    );
  });
});

Deno.test("loadDataset says what it looked for, where, and how to fix it", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(join(dir, "train-images-idx3-ubyte"), ubyte([1, 28, 28]));
    await assert.rejects(loadDataset("fashion-mnist", { dir }), (e: Error) => {
      assert.ok(e.message.startsWith("Fashion-MNIST not found"), e.message);
      assert.ok(!e.message.includes("train-images"), "the present file is not missing");
      assert.ok(e.message.includes("t10k-labels-idx1-ubyte[.gz]"), e.message);
      assert.ok(e.message.includes(`"${dir}" (from the dir option)`), e.message);
      assert.ok(e.message.includes("apt-get install dataset-fashion-mnist"), e.message);
      assert.ok(e.message.includes("FASHION_MNIST_DIR"), e.message);
      return true;
    });
    await assert.rejects(
      loadDataset("mnist", { dir: join(dir, "absent") }),
      /MNIST not found: .* which does not exist; .*MNIST_DIR/,
    );
  });
});

Deno.test("loadDataset honours MNIST_DIR and FASHION_MNIST_DIR", async () => {
  await withTempDir(async (dir) => {
    await writeFakeDataset(dir, { trainN: 7, testN: 3 });
    for (
      const [name, variable] of [["mnist", "MNIST_DIR"], [
        "fashion-mnist",
        "FASHION_MNIST_DIR",
      ]] as const
    ) {
      const before = Deno.env.get(variable);
      Deno.env.set(variable, dir);
      try {
        const ds = await loadDataset(name);
        assert.equal(ds.dir, dir);
        assert.equal(ds.train.n, 7);
        assert.equal(ds.test.n, 3);
        // the dir option wins over the variable
        await assert.rejects(loadDataset(name, { dir: join(dir, "absent") }), /dir option/);
      } finally {
        if (before === undefined) Deno.env.delete(variable);
        else Deno.env.set(variable, before);
      }
    }
  });
});

Deno.test("loadDataset rejects an unknown name or scale", async () => {
  // deno-lint-ignore no-explicit-any
  await assert.rejects(loadDataset("cifar" as any), /Unknown dataset "cifar"/);
  // deno-lint-ignore no-explicit-any
  await assert.rejects(loadDataset("mnist", { scale: "zscore" as any }), /Unknown pixel scale/);
});

// ---------------------------------------------------------------------------------------------
// MNIST and Fashion-MNIST

Deno.test("MNIST loads 60,000 training and 10,000 test digits scaled to [0, 1]", async () => {
  const mnist = await loadDataset("mnist");
  assert.equal(mnist.name, "mnist");
  assert.equal(mnist.scale, "unit-interval");
  checkImageSplit(mnist.train, 60000);
  checkImageSplit(mnist.test, 10000);
  assert.deepEqual(range(mnist.train.x), [0, 1]);
  assert.deepEqual(range(mnist.test.x), [0, 1]);
  assert.equal(mnist.train.y[0], 5);
  assert.equal(mnist.train.y[1], 0);
  assert.equal(mnist.test.y[0], 7);
  assert.equal(mnist.test.y[1], 2);
  assert.deepEqual(counts(mnist.train.y), MNIST_TRAIN_COUNTS);
  assert.deepEqual(counts(mnist.test.y), MNIST_TEST_COUNTS);
  // the first digit, a 5, has its ink in the middle and a blank border
  const first = mnist.train.x.subarray(0, 784);
  assert.equal(first[0], 0);
  assert.ok(first.reduce((a, b) => a + b, 0) > 50);
});

Deno.test("MNIST scales: none keeps 0..255, unit-norm rows have norm 1", async () => {
  const unit = await loadDataset("mnist");
  const raw = await loadDataset("mnist", { scale: "none" });
  assert.deepEqual(range(raw.test.x), [0, 255]);
  for (let i = 0; i < 784 * 20; i++) {
    assert.ok(Number.isInteger(raw.test.x[i]));
    assert.ok(Math.abs(raw.test.x[i] / 255 - unit.test.x[i]) < 1e-7);
  }
  const normed = await loadDataset("mnist", { scale: "unit-norm" });
  for (const split of [normed.train, normed.test]) {
    for (let r = 0; r < split.n; r += 97) {
      let sum = 0;
      for (let j = r * 784; j < (r + 1) * 784; j++) sum += split.x[j] * split.x[j];
      assert.ok(Math.abs(Math.sqrt(sum) - 1) < 1e-5, `row ${r} has norm ${Math.sqrt(sum)}`);
    }
  }
  // scaling a row does not change which pixels are lit
  for (let j = 0; j < 784; j++) assert.equal(normed.train.x[j] > 0, unit.train.x[j] > 0);
});

Deno.test("MNIST is parsed once per process but each call gets its own arrays", async () => {
  const a = await loadDataset("mnist");
  a.train.x[0] = 42;
  a.train.y[0] = 9;
  const t = performance.now();
  const b = await loadDataset("mnist");
  const ms = performance.now() - t;
  assert.equal(b.train.x[0], 0);
  assert.equal(b.train.y[0], 5);
  assert.notEqual(a.train.x, b.train.x);
  clearDatasetCache();
  const c = await loadDataset("mnist");
  assert.equal(c.train.y[0], 5);
  assert.ok(ms < 5000, `a memoised load took ${ms} ms`);
});

Deno.test("Fashion-MNIST loads from Debian's dataset-fashion-mnist", async () => {
  try {
    await Deno.stat(join(FASHION_DIR, "train-images-idx3-ubyte.gz"));
  } catch {
    assert.fail(
      `Fashion-MNIST is missing from ${FASHION_DIR}; install it with apt-get install dataset-fashion-mnist`,
    );
  }
  const before = Deno.env.get("FASHION_MNIST_DIR");
  Deno.env.delete("FASHION_MNIST_DIR");
  try {
    const fashion = await loadDataset("fashion-mnist");
    assert.equal(fashion.dir, FASHION_DIR);
    checkImageSplit(fashion.train, 60000);
    checkImageSplit(fashion.test, 10000);
    assert.deepEqual(range(fashion.train.x), [0, 1]);
    assert.equal(fashion.train.y[0], 9); // an ankle boot
    assert.equal(fashion.classNames[fashion.train.y[0]], "Ankle boot");
    assert.equal(fashion.test.y[0], 9);
    assert.deepEqual(counts(fashion.train.y), new Array(10).fill(6000));
    assert.deepEqual(counts(fashion.test.y), new Array(10).fill(1000));
  } finally {
    if (before !== undefined) Deno.env.set("FASHION_MNIST_DIR", before);
  }
});

// ---------------------------------------------------------------------------------------------
// Splits

Deno.test("MNIST splits 50,000 / 10,000 / 10,000, disjoint and seeded", async () => {
  const mnist = await loadDataset("mnist");
  const s = splitDataset(mnist);
  checkImageSplit(s.train, 50000);
  checkImageSplit(s.validation, 10000);
  checkImageSplit(s.test, 10000);
  // train and validation partition the official training set
  const seen = new Uint8Array(60000);
  for (const i of s.indices.train) seen[i]++;
  for (const i of s.indices.validation) seen[i]++;
  assert.ok(seen.every((v) => v === 1), "train and validation overlap or miss images");
  // rows and labels are the official ones
  for (const k of [0, 1, 4999, 49999]) {
    const i = s.indices.train[k];
    assert.equal(s.train.y[k], mnist.train.y[i]);
    assert.deepEqual(
      s.train.x.subarray(k * 784, (k + 1) * 784),
      mnist.train.x.subarray(i * 784, (i + 1) * 784),
    );
  }
  const v = s.indices.validation[123];
  assert.equal(s.validation.y[123], mnist.train.y[v]);
  // the test split is the official test set in order
  assert.deepEqual(s.test.y, mnist.test.y);
  assert.deepEqual(s.test.x, mnist.test.x);
  // every class appears in validation roughly in proportion
  for (const c of counts(s.validation.y)) assert.ok(c > 800 && c < 1300, `class count ${c}`);

  const same = splitDataset(mnist, { seed: 0 });
  assert.deepEqual(same.indices, s.indices);
  assert.deepEqual(same.validation.x, s.validation.x);
  const other = splitDataset(mnist, { seed: 1 });
  assert.notDeepEqual(other.indices.validation, s.indices.validation);
  assert.notDeepEqual(other.train.y, s.train.y);
});

Deno.test("splitDataset caps sizes for smoke runs and checks its options", async () => {
  const mnist: Dataset = await loadDataset("mnist");
  const full = splitDataset(mnist, { seed: 3 });
  const small = splitDataset(mnist, {
    seed: 3,
    trainSize: 1000,
    validationSize: 200,
    testSize: 300,
  });
  assert.equal(small.train.n, 1000);
  assert.equal(small.train.x.length, 1000 * 784);
  assert.equal(small.validation.n, 200);
  assert.equal(small.test.n, 300);
  // caps take the first examples of the full splits
  assert.deepEqual(small.indices.train, full.indices.train.subarray(0, 1000));
  assert.deepEqual(small.indices.validation, full.indices.validation.subarray(0, 200));
  assert.deepEqual(small.test.y, mnist.test.y.subarray(0, 300));

  const all = splitDataset(mnist, { holdout: 0 });
  assert.equal(all.train.n, 60000);
  assert.equal(all.validation.n, 0);

  assert.throws(
    () => splitDataset(mnist, { trainSize: 50001 }),
    /trainSize is 50001 but only 50000/,
  );
  assert.throws(() => splitDataset(mnist, { testSize: -1 }), /testSize is -1/);
  assert.throws(() => splitDataset(mnist, { holdout: 1.5 }), /holdout is 1.5/);
  assert.throws(() => splitDataset(mnist, { seed: 0.5 }), /seed is 0.5/);
});

Deno.test("subset copies rows and rejects out-of-range indices", () => {
  const split: ImageSplit = {
    x: new Float32Array([0, 0, 1, 1, 2, 2]),
    y: new Uint8Array([7, 8, 9]),
    n: 3,
    features: 2,
    shape: [1, 2],
  };
  const picked = subset(split, [2, 2, 0]);
  assert.deepEqual([...picked.x], [2, 2, 2, 2, 0, 0]);
  assert.deepEqual([...picked.y], [9, 9, 7]);
  assert.equal(picked.n, 3);
  assert.deepEqual(picked.shape, [1, 2]);
  picked.x[0] = 5;
  assert.equal(split.x[4], 2);
  assert.throws(() => subset(split, [3]), /Index 3 at position 0 is outside the split of 3/);
});
