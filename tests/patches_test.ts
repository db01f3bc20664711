/**
 * Tests of natural image patches: positions and pixels taken from the real photographs of
 * Debian's python3-skimage, determinism, contrast normalisation, ZCA whitening, applying it to
 * new patches, PNG formats, and the errors for missing or broken files and bad options.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { decode, encode } from "fast-png";
import {
  cutPatches,
  DEFAULT_SKIMAGE_DATA_DIR,
  dewhiten,
  NATURAL_IMAGES,
  naturalImagesLocation,
  type NaturalPatches,
  naturalPatches,
  type PatchSet,
  preprocessPatches,
  whiten,
} from "../lib/data/patches.ts";
import { decodeGrayPng, readGrayPng } from "../lib/data/png.ts";

const DIR = DEFAULT_SKIMAGE_DATA_DIR;

/** Grey values of a photograph, computed here from fast-png's samples (8-bit files only). */
const reference = new Map<string, { width: number; height: number; gray: Float64Array }>();
function referenceGray(file: string) {
  let ref = reference.get(file);
  if (!ref) {
    const png = decode(Deno.readFileSync(join(DIR, file)));
    assert.equal(png.depth, 8, `${file} is 8-bit`);
    assert.equal(png.palette, undefined, `${file} has no palette`);
    const n = png.width * png.height;
    const gray = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = png.data;
      const c = png.channels;
      gray[i] = c >= 3
        ? (0.299 * p[i * c] + 0.587 * p[i * c + 1] + 0.114 * p[i * c + 2]) / 255
        : p[i * c] / 255;
    }
    ref = { width: png.width, height: png.height, gray };
    reference.set(file, ref);
  }
  return ref;
}

function rowStats(x: Float32Array, o: number, d: number): { mean: number; std: number } {
  let mean = 0;
  for (let j = 0; j < d; j++) mean += x[o + j] / d;
  let v = 0;
  for (let j = 0; j < d; j++) v += (x[o + j] - mean) ** 2 / d;
  return { mean, std: Math.sqrt(v) };
}

/** Covariance (divided by n) of rows, in double precision. */
function covariance(data: { x: Float32Array; n: number; features: number }): Float64Array {
  const { x, n, features: d } = data;
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += x[r * d + j] / n;
  const c = new Float64Array(d * d);
  const v = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) v[j] = x[r * d + j] - mean[j];
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i * d + j] += v[i] * v[j] / n;
  }
  return c;
}

/** A folder holding copies of `files` from the skimage folder, `edit` applied to the bytes. */
async function tempCopy(
  files: string[],
  edit: (file: string, bytes: Uint8Array) => Uint8Array = (_, b) => b,
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "patches_test_" });
  for (const f of files) {
    await Deno.writeFile(join(dir, f), edit(f, await Deno.readFile(join(DIR, f))));
  }
  return dir;
}

Deno.test("the listed photographs are in the skimage folder", async () => {
  assert.equal(NATURAL_IMAGES.length, 10);
  for (const { file } of NATURAL_IMAGES) {
    assert.ok((await Deno.stat(join(DIR, file))).isFile, `${file} (apt install python3-skimage)`);
  }
});

Deno.test("raw patches are the grey pixels of the photographs where reported", async () => {
  const size = 12;
  const r = await naturalPatches({ count: 300, size, seed: 3, normalize: false, whiten: false });
  const { train, source, whitening } = r;
  assert.equal(whitening, null);
  assert.equal(train.n, 300);
  assert.equal(train.features, size * size);
  assert.deepEqual(train.shape, [size, size]);
  assert.equal(source.dir, DIR);
  assert.deepEqual(source.images.map((i) => i.file), NATURAL_IMAGES.map((i) => i.file));
  assert.deepEqual(source.images.map((i) => i.train), new Array(10).fill(30), "equal shares");
  const perImage = new Array(10).fill(0);
  for (let k = 0; k < train.n; k++) perImage[train.positions.image[k]]++;
  assert.deepEqual(perImage, new Array(10).fill(30));
  // The rows are shuffled: the first 30 come from several photographs.
  assert.ok(new Set(train.positions.image.subarray(0, 30)).size >= 5);
  let maxTop = 0;
  for (let k = 0; k < train.n; k++) {
    const img = source.images[train.positions.image[k]];
    const ref = referenceGray(img.file);
    assert.equal(img.width, ref.width);
    assert.equal(img.height, ref.height);
    const top = train.positions.top[k];
    const left = train.positions.left[k];
    assert.ok(top + size <= ref.height && left + size <= ref.width, "patch inside the image");
    maxTop = Math.max(maxTop, top / (ref.height - size));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const want = ref.gray[(top + y) * ref.width + left + x];
        const got = train.x[k * train.features + y * size + x];
        assert.ok(Math.abs(got - want) < 1e-6, `patch ${k} pixel (${y}, ${x}): ${got} vs ${want}`);
      }
    }
  }
  assert.ok(maxTop > 0.8, "positions cover the whole height");
});

Deno.test("the same seed gives the same patches, another seed others", async () => {
  const options = { count: 400, size: 8, testCount: 100 };
  const a = await naturalPatches({ ...options, seed: 7 });
  const b = await naturalPatches({ ...options, seed: 7 });
  const c = await naturalPatches({ ...options, seed: 8 });
  assert.deepEqual(a.train.x, b.train.x);
  assert.deepEqual(a.test!.x, b.test!.x);
  assert.deepEqual(a.train.positions, b.train.positions);
  assert.deepEqual(a.whitening!.matrix, b.whitening!.matrix);
  assert.notDeepEqual(a.train.positions.top, c.train.positions.top);
  assert.notDeepEqual(a.train.x, c.train.x);
  // Held-out positions come from another stream than the training ones.
  assert.notDeepEqual(a.test!.positions.top, a.train.positions.top.subarray(0, 100));
  assert.deepEqual(a.settings, { ...b.settings });
  assert.equal(a.settings.seed, 7);
});

Deno.test("contrast normalisation: mean 0 and std s / (s + eps) per patch", async () => {
  const options = { count: 500, size: 12, seed: 1, whiten: false };
  const raw = await naturalPatches({ ...options, normalize: false });
  const normal = await naturalPatches(options);
  const exact = await naturalPatches({ ...options, contrastEps: 0 });
  assert.equal(normal.settings.contrastEps, 0.01);
  const d = 144;
  let constant = 0;
  for (let k = 0; k < raw.train.n; k++) {
    const s = rowStats(raw.train.x, k * d, d).std;
    const a = rowStats(normal.train.x, k * d, d);
    const b = rowStats(exact.train.x, k * d, d);
    assert.ok(Math.abs(a.mean) < 1e-5 && Math.abs(b.mean) < 1e-5, `patch ${k} mean`);
    assert.ok(Math.abs(a.std - s / (s + 0.01)) < 1e-4, `patch ${k}: std ${a.std}, s ${s}`);
    if (s === 0) {
      constant++;
      assert.equal(b.std, 0);
    } else assert.ok(Math.abs(b.std - 1) < 1e-4, `patch ${k}: std ${b.std} with eps 0`);
  }
  assert.ok(constant < 25, `${constant} constant patches`);
});

Deno.test("minStd redraws flat patches", async () => {
  const options = { count: 400, size: 12, seed: 4, normalize: false, whiten: false };
  const all = await naturalPatches(options);
  const some = await naturalPatches({ ...options, minStd: 0.02 });
  assert.equal(some.settings.minStd, 0.02);
  const stds = (r: NaturalPatches) =>
    Array.from({ length: r.train.n }, (_, k) => rowStats(r.train.x, k * 144, 144).std);
  assert.ok(stds(all).filter((s) => s < 0.02).length > 40, "flat patches without minStd");
  assert.ok(stds(some).every((s) => s >= 0.02 - 1e-9), "none with minStd");
  assert.deepEqual(some.source.images.map((i) => i.train), new Array(10).fill(40));
  await assert.rejects(
    () => naturalPatches({ ...options, minStd: 0.5 }),
    /no 12x12 patch with std >= minStd 0.5 in 1000 random positions of ".*astronaut.png"/,
  );
});

function whitenedChecks(r: NaturalPatches, eps: number) {
  const w = r.whitening!;
  const d = r.train.features;
  assert.equal(w.kind, "zca");
  assert.equal(w.features, d);
  assert.equal(w.n, r.train.n);
  assert.equal(w.epsRelative, eps);
  const lambda = w.eigenvalues;
  const mean = lambda.reduce((a, b) => a + b, 0) / d;
  assert.ok(Math.abs(w.eps - eps * mean) < 1e-9 * mean, "eps is relative to the mean eigenvalue");
  for (let k = 1; k < d; k++) assert.ok(lambda[k] <= lambda[k - 1], "eigenvalues sorted");
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      assert.equal(w.matrix[i * d + j], w.matrix[j * d + i], `W[${i}, ${j}] symmetric`);
    }
  }
  // W times its inverse is the identity.
  let worst = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += w.matrix[i * d + k] * w.inverse[k * d + j];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  assert.ok(worst < 1e-3, `W W^-1 - I up to ${worst}`);
  return covariance(r.train);
}

Deno.test("ZCA with the default eps: the covariance is U diag(λ / (λ + ε)) U^T", async () => {
  const r = await naturalPatches({ count: 3000, size: 12, seed: 2 });
  const w = r.whitening!;
  const d = 144;
  const cov = whitenedChecks(r, 0.1);
  const u = w.eigenvectors;
  let worst = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        s += u[k * d + i] * u[k * d + j] * w.eigenvalues[k] / (w.eigenvalues[k] + w.eps);
      }
      worst = Math.max(worst, Math.abs(cov[i * d + j] - s));
    }
  }
  assert.ok(worst < 2e-3, `covariance off by up to ${worst}`);
  // Directions with variance well above ε are whitened to variance within 10% of 1.
  let strong = 0;
  for (let k = 0; k < d; k++) {
    if (w.eigenvalues[k] < 10 * w.eps) continue;
    strong++;
    let v = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) v += u[k * d + i] * cov[i * d + j] * u[k * d + j];
    }
    assert.ok(v > 0.9 && v < 1 + 1e-3, `direction ${k}: variance ${v}`);
  }
  assert.ok(strong >= 5, `${strong} strong directions`);
  // Natural images: a few directions hold most of the variance.
  assert.ok(w.eigenvalues[0] > 20 * w.eigenvalues[100], "a steep spectrum");
});

Deno.test("ZCA with a tiny eps: the covariance is the identity but for the mean", async () => {
  const r = await naturalPatches({ count: 3000, size: 12, seed: 2, zcaEps: 1e-6 });
  const d = 144;
  const cov = whitenedChecks(r, 1e-6);
  // Contrast-normalised patches have mean 0, so that direction keeps variance 0:
  // the covariance is I - 11^T / d, within 1e-3.
  let worst = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      worst = Math.max(worst, Math.abs(cov[i * d + j] - ((i === j ? 1 : 0) - 1 / d)));
    }
  }
  assert.ok(worst < 1e-3, `covariance off I - 11^T/d by up to ${worst}`);
  // Without contrast normalisation every direction is whitened: the covariance is I.
  const raw = await naturalPatches({
    count: 3000,
    size: 6,
    seed: 2,
    zcaEps: 1e-6,
    normalize: false,
  });
  const c = covariance(raw.train);
  let worstRaw = 0;
  for (let i = 0; i < 36; i++) {
    for (let j = 0; j < 36; j++) {
      worstRaw = Math.max(worstRaw, Math.abs(c[i * 36 + j] - (i === j ? 1 : 0)));
    }
  }
  assert.ok(worstRaw < 1e-3, `covariance off I by up to ${worstRaw}`);
});

Deno.test("the returned preprocessing applies to new patches and can be undone", async () => {
  const size = 10;
  const r = await naturalPatches({ count: 2000, testCount: 300, size, seed: 5 });
  const test = r.test!;
  assert.equal(test.n, 300);
  assert.deepEqual(r.source.images.map((i) => i.test), new Array(10).fill(30));
  const photos = await Promise.all(r.source.images.map((i) => readGrayPng(i.path)));
  const close = (a: Float32Array, b: Float32Array, tol: number, what: string) => {
    assert.equal(a.length, b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    assert.ok(worst < tol, `${what}: off by up to ${worst}`);
  };
  // Re-cutting and preprocessing the held-out positions gives the held-out rows.
  const again: PatchSet = preprocessPatches(r, cutPatches(photos, test.positions, size));
  close(again.x, test.x, 1e-5, "held-out patches");
  assert.deepEqual(again.positions, test.positions);
  close(
    preprocessPatches(r, cutPatches(photos, r.train.positions, size)).x,
    r.train.x,
    1e-5,
    "train",
  );
  // New patches shifted by one pixel: whitened by the training whitening, still roughly white
  // in the strongest direction, and undone by dewhiten.
  const shifted = cutPatches(photos, {
    ...r.train.positions,
    left: r.train.positions.left.map((l) => Math.max(0, l - 1)),
  }, size);
  const z = preprocessPatches(r, shifted);
  const back = dewhiten(r.whitening!, z);
  const normalised = preprocessPatches({ ...r, whitening: null }, shifted);
  close(back.x, normalised.x, 1e-3, "dewhiten after whiten");
  close(whiten(r.whitening!, normalised).x, z.x, 1e-5, "whiten");
  const u0 = r.whitening!.eigenvectors.subarray(0, size * size);
  const cov = covariance(z);
  let v = 0;
  for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) v += u0[i] * cov[i * 100 + j] * u0[j];
  assert.ok(v > 0.7 && v < 1.3, `new patches: variance ${v} along the first direction`);
  assert.throws(
    () => preprocessPatches(r, { x: new Float32Array(64), n: 1, features: 64 }),
    /64 pixels, the result's have 100 \(10x10\)/,
  );
});

Deno.test("decodeGrayPng reads 1-, 2- and 16-bit grey, palette, RGB and RGBA files", async () => {
  const px = (png: Uint8Array) => [...decodeGrayPng(png).pixels];
  assert.deepEqual(
    px(encode({ width: 3, height: 1, data: new Uint8Array([0b10100000]), depth: 1, channels: 1 })),
    [1, 0, 1],
  );
  assert.deepEqual(
    px(
      encode({
        width: 3,
        height: 2,
        data: new Uint8Array([0b00011011, 0b11100100]),
        depth: 2,
        channels: 1,
      }),
    ),
    [0, 1 / 3, 2 / 3, 1, 2 / 3, 1 / 3].map(Math.fround),
  );
  assert.deepEqual(
    px(
      encode({
        width: 3,
        height: 1,
        data: new Uint16Array([0, 32768, 65535]),
        depth: 16,
        channels: 1,
      }),
    ),
    [0, 32768 / 65535, 1].map(Math.fround),
  );
  assert.deepEqual(
    px(encode({ width: 2, height: 1, data: new Uint8Array([10, 99, 20, 0]), channels: 2 })),
    [10 / 255, 20 / 255].map(Math.fround),
    "grey and alpha: alpha ignored",
  );
  assert.deepEqual(
    px(encode({ width: 1, height: 1, data: new Uint8Array([100, 150, 200, 7]), channels: 4 })),
    [Math.fround((0.299 * 100 + 0.587 * 150 + 0.114 * 200) / 255)],
  );
  // Palette files of scikit-image: grey levels through the palette.
  const pal = decode(await Deno.readFile(join(DIR, "palette_gray.png")));
  const gray = (await readGrayPng(join(DIR, "palette_gray.png"))).pixels;
  assert.ok(pal.palette);
  for (let i = 0; i < 100; i++) {
    const [r, g, b] = pal.palette[pal.data[i]];
    assert.ok(Math.abs(gray[i] - (0.299 * r + 0.587 * g + 0.114 * b) / 255) < 1e-6);
  }
  const bilevel = (await readGrayPng(join(DIR, "checker_bilevel.png"))).pixels;
  assert.ok(bilevel.every((v) => v === 0 || v === 1) && bilevel.includes(0) && bilevel.includes(1));
  // A copy is returned: changing it does not change the next read.
  bilevel.fill(0.5);
  assert.ok((await readGrayPng(join(DIR, "checker_bilevel.png"))).pixels.every((v) => v !== 0.5));
});

Deno.test("a missing folder or file is an error naming the path and the fix", async () => {
  await assert.rejects(
    () => naturalPatches({ dir: "/nonexistent/skimage-data", count: 10 }),
    (e: Error) =>
      e.message.includes(
        '"/nonexistent/skimage-data" (from the dir option), which does not exist',
      ) &&
      e.message.includes("apt install python3-skimage") && e.message.includes("SKIMAGE_DATA_DIR"),
  );
  const dir = await tempCopy(["camera.png", "moon.png"]);
  try {
    await assert.rejects(
      () => naturalPatches({ dir, count: 10 }),
      (e: Error) =>
        e.message.includes(`missing from "${dir}"`) && e.message.includes("astronaut.png") &&
        !e.message.includes("camera.png") && e.message.includes("apt install python3-skimage"),
    );
    // The environment variable is honoured, the dir option wins over it.
    const before = Deno.env.get("SKIMAGE_DATA_DIR");
    Deno.env.set("SKIMAGE_DATA_DIR", dir);
    try {
      assert.deepEqual(naturalImagesLocation(), { dir, from: "$SKIMAGE_DATA_DIR" });
      const r = await naturalPatches({
        images: ["moon.png", "camera.png"],
        count: 20,
        whiten: false,
      });
      assert.equal(r.source.dir, dir);
      assert.equal(r.source.from, "$SKIMAGE_DATA_DIR");
      assert.equal(naturalImagesLocation({ dir: DIR }).from, "the dir option");
    } finally {
      if (before === undefined) Deno.env.delete("SKIMAGE_DATA_DIR");
      else Deno.env.set("SKIMAGE_DATA_DIR", before);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a truncated or corrupt PNG is an error naming the file", async () => {
  const dir = await tempCopy(["camera.png", "coins.png", "moon.png"], (file, bytes) => {
    if (file === "camera.png") return bytes.subarray(0, Math.floor(bytes.length / 2));
    if (file === "moon.png") {
      const b = bytes.slice();
      b[b.length >> 1] ^= 0xff;
      return b;
    }
    return bytes;
  });
  try {
    const camera = join(dir, "camera.png");
    await assert.rejects(
      () => naturalPatches({ dir, images: ["coins.png", "camera.png"], count: 10 }),
      (e: Error) => e.message.includes(`"${camera}"`) && e.message.includes("truncated or corrupt"),
    );
    await assert.rejects(
      () => naturalPatches({ dir, images: ["moon.png"], count: 10 }),
      (e: Error) => e.message.includes(join(dir, "moon.png")) && /CRC/.test(e.message),
    );
    // A patch larger than a photograph is refused before anything is decoded: the error is
    // about coins.png (384x303), not the broken camera.png.
    await assert.rejects(
      () => naturalPatches({ dir, images: ["camera.png", "coins.png"], size: 350, count: 10 }),
      (e: Error) =>
        e.message.includes("size 350 is larger than") && e.message.includes("coins.png") &&
        e.message.includes("384x303"),
    );
    await Deno.writeFile(camera, new Uint8Array([137, 80, 78, 71]));
    await assert.rejects(() => readGrayPng(camera), (e: Error) => e.message.includes(camera));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad options are errors before the folder is looked at", async () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ count: 0 }, /count must be an integer >= 1, got 0/],
    [{ count: 2.5 }, /count must be an integer >= 1, got 2.5/],
    [{ size: 0 }, /size must be an integer >= 2, got 0/],
    [{ size: 7.5 }, /size must be an integer >= 2, got 7.5/],
    [{ testCount: -1 }, /testCount must be an integer >= 0/],
    [{ seed: 0.5 }, /seed must be an integer/],
    [{ contrastEps: -1 }, /contrastEps must be a finite number >= 0/],
    [{ zcaEps: 0 }, /zcaEps must be a finite number > 0/],
    [{ minStd: -0.1 }, /minStd must be a finite number >= 0/],
    [{ count: 1 }, /whitening needs count >= 2/],
    [{ images: [] }, /images is empty/],
    [{ images: ["moon.png", "moon.png"] }, /"moon.png" is listed twice/],
    [{ images: ["/etc/passwd"] }, /file names in the folder/],
  ];
  for (const [options, message] of bad) {
    await assert.rejects(
      () => naturalPatches({ dir: "/nonexistent", ...options }),
      message,
      JSON.stringify(options),
    );
  }
  await assert.rejects(
    () => naturalPatches({ size: 600, count: 10 }),
    /size 600 is larger than ".*astronaut.png" \(512x512\)/,
  );
});
