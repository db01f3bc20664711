import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { convGroupSparseAutoencoder } from "../lib/models/conv_group_sparse.ts";
import { localContrastNormalize } from "../lib/ops/contrast.ts";
import { disjointPools } from "../lib/ops/groups.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor4D } from "../lib/tf.ts";

/** Jarrett et al.'s definition written out as sums, the window renormalised inside the map. */
function byDefinition(
  x: Float32Array,
  [batch, h, w, m]: number[],
  size: number,
  sigma: number,
): Float32Array {
  const r = (size - 1) / 2;
  const g = (p: number, q: number) => Math.exp(-(p * p + q * q) / (2 * sigma * sigma));
  const at = (b: number, j: number, k: number, i: number) => x[((b * h + j) * w + k) * m + i];
  const out = new Float32Array(x.length);
  for (let b = 0; b < batch; b++) {
    // weighted mean over maps and the window, renormalised over the positions inside
    const local = (f: (j: number, k: number, i: number) => number, j: number, k: number) => {
      let s = 0;
      let mass = 0;
      for (let p = -r; p <= r; p++) {
        for (let q = -r; q <= r; q++) {
          const jj = j + p;
          const kk = k + q;
          if (jj < 0 || jj >= h || kk < 0 || kk >= w) continue;
          mass += g(p, q);
          for (let i = 0; i < m; i++) s += (g(p, q) / m) * f(jj, kk, i);
        }
      }
      return s / mass;
    };
    const v = new Float64Array(h * w * m);
    for (let j = 0; j < h; j++) {
      for (let k = 0; k < w; k++) {
        const mean = local((jj, kk, i) => at(b, jj, kk, i), j, k);
        for (let i = 0; i < m; i++) v[(j * w + k) * m + i] = at(b, j, k, i) - mean;
      }
    }
    const sd = new Float64Array(h * w);
    for (let j = 0; j < h; j++) {
      for (let k = 0; k < w; k++) {
        sd[j * w + k] = Math.sqrt(local((jj, kk, i) => v[(jj * w + kk) * m + i] ** 2, j, k));
      }
    }
    const c = sd.reduce((a, s) => a + s, 0) / sd.length;
    for (let j = 0; j < h; j++) {
      for (let k = 0; k < w; k++) {
        for (let i = 0; i < m; i++) {
          out[((b * h + j) * w + k) * m + i] = v[(j * w + k) * m + i] /
            Math.max(c, sd[j * w + k]);
        }
      }
    }
  }
  return out;
}

Deno.test("local contrast normalisation equals its definition, borders included", async () => {
  await useBackend("cpu");
  const shape: [number, number, number, number] = [2, 7, 6, 3];
  const x = tf.randomNormal(shape, 0.5, 2, "float32", 3) as Tensor4D;
  // a bright patch, so that sigma exceeds its image mean in places and both branches of max run
  const bright = tf.tidy(() =>
    tf.add(x, tf.pad(tf.fill([2, 3, 3, 3], 8), [[0, 0], [1, 3], [2, 1], [0, 0]]))
  ) as Tensor4D;
  for (const [size, sigma] of [[5, 1.25], [3, 0.8], [9, 2]]) {
    const ours = localContrastNormalize(bright, { size, sigma });
    const want = byDefinition(bright.dataSync() as Float32Array, shape, size, sigma);
    const got = ours.dataSync();
    for (let i = 0; i < want.length; i++) {
      assert.ok(
        Math.abs(got[i] - want[i]) < 1e-4,
        `size ${size}, element ${i}: ${got[i]} vs ${want[i]}`,
      );
    }
    ours.dispose();
  }
  tf.dispose([x, bright]);
});

Deno.test("local contrast normalisation ignores a positive rescaling and zeroes flat maps", async () => {
  await useBackend("cpu");
  const x = tf.randomUniform([2, 9, 9, 4], 0, 1, "float32", 5) as Tensor4D;
  const a = localContrastNormalize(x);
  const b = localContrastNormalize(tf.mul(x, 37) as Tensor4D);
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  assert.ok(diff < 1e-4, `LCN(37 x) differs from LCN(x) by ${diff}`);
  // maps constant in space and over maps have no contrast: zero up to rounding at any scale,
  // borders included (the divisor's floor is relative to the image's mean |x|)
  const flat = localContrastNormalize(
    tf.concat([
      tf.fill([1, 9, 9, 4], 3.5),
      tf.fill([1, 9, 9, 4], 1e4),
      tf.zeros([1, 9, 9, 4]),
    ]) as Tensor4D,
  );
  const worst = tf.max(tf.abs(flat)).dataSync()[0];
  assert.ok(worst < 1e-2, `flat maps normalised to up to ${worst}`);
  // the output is not trivially zero on a real input
  assert.ok(tf.moments(a).variance.dataSync()[0] > 0.1);
  tf.dispose([x, a, b, flat]);
});

Deno.test("local contrast normalisation refuses bad windows and shapes", () => {
  const x = tf.zeros([1, 4, 4, 1]) as Tensor4D;
  assert.throws(() => localContrastNormalize(x, { size: 4 }), /size must be an odd integer/);
  assert.throws(() => localContrastNormalize(x, { sigma: 0 }), /sigma must be a finite number/);
  assert.throws(
    () => localContrastNormalize(tf.zeros([4, 4, 1]) as unknown as Tensor4D),
    /maps must be \[batch, height, width, maps\]/,
  );
  x.dispose();
});

Deno.test("a conv encoder's features normalise the maps before the spatial pooling", async () => {
  await useBackend("cpu");
  const ae = convGroupSparseAutoencoder({
    height: 8,
    width: 8,
    maps: 4,
    kernel: 3,
    pools: disjointPools(4, 2),
    seed: 1,
  });
  const x = tf.randomUniform([3, 64], 0, 1, "float32", 2);
  const got = ae.features(x, { unpooled: true, window: 2, contrast: { size: 5 } });
  const want = tf.tidy(() =>
    tf.reshape(tf.avgPool(localContrastNormalize(ae.encode(x), { size: 5 }), 2, 2, "valid"), [
      3,
      -1,
    ])
  );
  assert.deepEqual(got.shape, want.shape);
  assert.ok(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0] < 1e-6);
  tf.dispose([x, got, want]);
  ae.dispose();
});
