import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { disjointPools, toroidalPools } from "../lib/ops/groups.ts";
import { convGroupSparseAutoencoder } from "../lib/models/conv_group_sparse.ts";
import { stackFeatures, stackLayer } from "../lib/train/conv_stack.ts";
import { tf } from "../lib/tf.ts";
import type { Tensor2D } from "../lib/tf.ts";
import { adam } from "../lib/train/optimizers.ts";
import { train } from "../lib/train/train.ts";
import { checkGradients } from "./gradient_check.ts";

const small = (code: "full" | "same" | "valid", unfolding: "host" | "gather" = "host") =>
  convGroupSparseAutoencoder({
    height: 5,
    width: 4,
    channels: 2,
    maps: 6,
    kernel: 3,
    code,
    pools: toroidalPools(2, 3, 2),
    lambda: 0.3,
    eps: 0.01,
    seed: 2,
    unfolding,
  });

Deno.test("encoder and decoder equal tfjs's conv2d and conv2dTranspose on cpu", async () => {
  await useBackend("cpu");
  for (const code of ["full", "same", "valid"] as const) {
    for (const unfolding of ["host", "gather"] as const) {
      const ae = small(code, unfolding);
      ae.params.be.assign(tf.fill([6], 0.1));
      ae.params.g.assign(tf.linspace(0.5, 2, 6));
      const { pad, codeHeight, codeWidth } = ae.geometry;
      const x = tf.randomNormal([3, 5, 4, 2], 0, 1, "float32", 1) as tf.Tensor4D;
      const [dz, dx] = tf.tidy(() => {
        const filters = tf.reshape(ae.params.We, [3, 3, 2, 6]) as tf.Tensor4D;
        const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
        const conv = tf.add(tf.conv2d(padded as tf.Tensor4D, filters, 1, "valid"), ae.params.be);
        const z = ae.encode(x);
        const refZ = tf.mul(tf.relu(conv), ae.params.g);
        // the decoder paints D_m over the window z_m[u, v] read: conv2dTranspose, cropped
        const atoms = tf.transpose(tf.reshape(ae.params.D, [6, 3, 3, 2]), [1, 2, 3, 0]);
        const painted = tf.conv2dTranspose(
          z,
          atoms as tf.Tensor4D,
          [3, codeHeight + 2, codeWidth + 2, 2],
          1,
          "valid",
        );
        const refX = tf.slice(painted, [0, pad, pad, 0], [3, 5, 4, 2]);
        return [
          tf.max(tf.abs(tf.sub(z, refZ))).arraySync() as number,
          tf.max(tf.abs(tf.sub(ae.decode(z), refX))).arraySync() as number,
        ];
      });
      assert.ok(dz < 1e-5, `${code}/${unfolding}: encoder differs from conv2d by ${dz}`);
      assert.ok(dx < 1e-5, `${code}/${unfolding}: decoder differs from conv2dTranspose by ${dx}`);
      ae.dispose();
    }
  }
});

// float32 central differences with step 1e-3 on a loss of size ~10: the tolerance is 2% of
// max(1, |numeric|), which a wrong index, transpose or missing term exceeds many times over
Deno.test("the loss has the gradient of central finite differences, on wasm and cpu", async () => {
  for (const backend of ["wasm", "cpu"] as const) {
    await useBackend(backend);
    for (const code of ["full", "same"] as const) {
      const ae = small(code);
      ae.params.be.assign(tf.fill([6], 0.2));
      ae.params.g.assign(tf.linspace(0.6, 1.4, 6));
      const x = tf.randomUniform([2, 40], 0, 0.5, "float32", 3) as Tensor2D;
      const n = await checkGradients(ae.params, () => ae.loss({ x }), {
        relTol: 2e-2,
        requireSignal: true,
      });
      assert.equal(n, 18 * 6 + 6 + 6 + 6 * 18);
      x.dispose();
      ae.dispose();
    }
  }
});

Deno.test("wasm and cpu, host loops and tf.gather, give the same gradients", async () => {
  const grads = async (backend: "wasm" | "cpu", unfolding: "host" | "gather") => {
    await useBackend(backend);
    const ae = small("full", unfolding);
    ae.params.be.assign(tf.fill([6], 0.2));
    const x = tf.randomUniform([2, 40], 0, 1, "float32", 5) as Tensor2D;
    const { value, grads } = tf.variableGrads(() => ae.loss({ x }), Object.values(ae.params));
    const out = Object.fromEntries(
      Object.entries(ae.params).map(([k, v]) => [k, Array.from(grads[v.name].dataSync())]),
    );
    tf.dispose([value, x, ...Object.values(grads)]);
    ae.dispose();
    return out;
  };
  const reference = await grads("cpu", "gather");
  for (const [backend, unfolding] of [["wasm", "host"], ["cpu", "host"]] as const) {
    const other = await grads(backend, unfolding);
    for (const [k, ref] of Object.entries(reference)) {
      const worst = Math.max(...ref.map((r, i) => Math.abs(r - other[k][i]) / (1 + Math.abs(r))));
      assert.ok(worst < 1e-4, `${backend}/${unfolding}: ${k} differs by ${worst}`);
    }
  }
});

Deno.test("dictionary filters have unit norm after a training step", async () => {
  await useBackend("wasm");
  const ae = small("full");
  ae.params.D.assign(tf.mul(ae.params.D, 3));
  const data = {
    x: Float32Array.from({ length: 8 * 40 }, (_, i) => Math.sin(i) ** 2),
    n: 8,
    features: 40,
  };
  await train(ae, data, { epochs: 1, batchSize: 8, learningRate: 0.01 });
  const norms = tf.tidy(() => tf.sqrt(tf.sum(tf.square(ae.params.D), 1)).arraySync() as number[]);
  for (const n of norms) assert.ok(Math.abs(n - 1) < 1e-5, `filter norm ${n}`);
  ae.dispose();
});

Deno.test("the group penalty equals a direct computation on a hand example", async () => {
  await useBackend("cpu");
  // codes at 2 x 1 locations of 4 maps: disjoint pools {0, 1}, {2, 3}, eps 0
  const ae = convGroupSparseAutoencoder({
    height: 2,
    width: 1,
    maps: 4,
    kernel: 1,
    pools: disjointPools(4, 2),
    eps: 0,
  });
  const z = tf.tensor4d([[[[3, 4, 0, 0]], [[0, 0, 6, 8]]], [[[1, 0, 0, 0]], [[0, 0, 0, 0]]]]);
  assert.deepEqual(ae.penalty(z).arraySync(), [15, 1]); // 5 + 0 + 0 + 10; 1 + 0 + 0 + 0
  ae.dispose();

  // overlapping pools on a 2 x 2 torus of maps and eps > 0, against a loop over pools
  const pools = toroidalPools(2, 2, 2);
  const eps = 0.01, lambda = 0.7;
  const topo = convGroupSparseAutoencoder({
    height: 3,
    width: 3,
    maps: 4,
    kernel: 2,
    pools,
    eps,
    lambda,
    seed: 4,
  });
  const codes = tf.randomUniform([2, 4, 4, 4], 0, 1, "float32", 9);
  const values = codes.arraySync() as number[][][][];
  const direct = values.map((image) =>
    image.flat().reduce(
      (sum, at) =>
        sum + pools.members.reduce((s, m) =>
          s + Math.sqrt(eps + m.reduce((q, u) => q + at[u] ** 2, 0)), 0),
      0,
    )
  );
  const computed = topo.penalty(codes).arraySync() as number[];
  computed.forEach((p, i) => assert.ok(Math.abs(p - direct[i]) < 1e-3, `${p} vs ${direct[i]}`));
  // and the loss is the squared error plus lambda times it, averaged over the images
  topo.params.be.assign(tf.fill([4], 0.3));
  const x = tf.randomUniform([2, 9], 0, 1, "float32", 2) as Tensor2D;
  const [loss, expected] = tf.tidy(() => {
    const z = topo.encode(x);
    const error = tf.sum(tf.square(tf.sub(tf.reshape(x, [2, 3, 3, 1]), topo.decode(z))), [1, 2, 3]);
    const e = tf.mean(tf.add(error, tf.mul(lambda, topo.penalty(z))));
    return [topo.loss({ x }).arraySync() as number, e.arraySync() as number];
  });
  assert.ok(Math.abs(loss - expected) < 1e-4 * expected, `loss ${loss} vs ${expected}`);
  topo.dispose();
});

Deno.test("on MNIST the penalty switches pools off, at a small reconstruction error", async () => {
  await useBackend("wasm");
  const { train: digits } = splitDataset(await loadDataset("mnist"), { trainSize: 2000 });
  const x = tf.tensor2d(digits.x.subarray(0, 300 * 784), [300, 784]);
  const energy = tf.tidy(() => tf.sum(tf.square(x)).arraySync() as number / 300);
  const run = async (lambda: number) => {
    const ae = convGroupSparseAutoencoder({ maps: 16, kernel: 5, code: "same", lambda, seed: 1 });
    const optimizer = adam();
    await train(ae, digits, { epochs: 3, batchSize: 50, optimizer, learningRate: 0.01, seed: 1 });
    optimizer.dispose();
    const measured = tf.tidy(() => {
      const z = ae.encode(x);
      const error = tf.sum(tf.square(tf.sub(tf.reshape(x, [300, 28, 28, 1]), ae.decode(z))));
      const active = tf.sum(tf.cast(tf.greater(ae.poolMaps(x), 1e-3), "float32"));
      return {
        error: error.arraySync() as number / 300,
        active: active.arraySync() as number / 300,
      };
    });
    ae.dispose();
    return measured;
  };
  const plain = await run(0);
  const grouped = await run(0.05);
  // measured: 6250 and 2990 of 12544 (location, pool) pairs active; squared errors 1.2 and 2.9,
  // 1.2% and 2.9% of the digits' energy (102)
  assert.ok(
    grouped.active < 0.7 * plain.active,
    `active pools ${grouped.active} vs ${plain.active} at lambda 0`,
  );
  for (const { error } of [plain, grouped]) {
    assert.ok(error < 0.05 * energy, `reconstruction error ${error} of an energy of ${energy}`);
  }
  x.dispose();
});

Deno.test("stacking: layer 2 trains on layer 1's pooled or unpooled maps; stack features' shape", async () => {
  await useBackend("wasm");
  const { train: digits } = splitDataset(await loadDataset("mnist"), { trainSize: 400 });
  const layer1 = convGroupSparseAutoencoder({ maps: 8, kernel: 5, code: "same", seed: 1 });
  const optimizer = adam();
  await train(layer1, digits, { epochs: 1, batchSize: 50, optimizer, learningRate: 0.01 });
  optimizer.dispose();
  assert.deepEqual(layer1.featureShape(), [14, 14, 8]);
  const opt2 = adam();
  const stack = await stackLayer(layer1, digits, {
    layer2: { maps: 8, kernel: 3, pools: toroidalPools(2, 4, 2), seed: 2 },
    train: { epochs: 3, batchSize: 50, optimizer: opt2, learningRate: 0.01 },
  });
  opt2.dispose();
  const losses = stack.result.history.map((h) => h.loss);
  assert.ok(losses[2] < 0.7 * losses[0], `layer 2 losses ${losses}`);
  assert.deepEqual(stack.layer2.geometry.height, 14);
  assert.equal(stack.layer2.config.channels, 8);
  assert.ok(stack.layer2.config.inputScale > 0 && stack.layer2.config.inputScale !== 1);
  // layer 2 centres the non-negative pool norms, so its ReLU maps stay alive
  assert.equal(stack.layer2.config.inputOffset.length, 8);
  assert.ok(stack.layer2.config.inputOffset.every((m) => m > 0));
  const alive = tf.tidy(() => {
    const images = tf.tensor2d(digits.x.subarray(0, 50 * 784), [50, 784]);
    const z = stack.layer2.encode(layer1.featureMaps(images, stack.features));
    return tf.sum(tf.cast(tf.greater(tf.max(z, [0, 1, 2]), 0), "float32")).arraySync() as number;
  });
  assert.ok(alive >= 6, `only ${alive} of layer 2's 8 maps are ever active`);
  const x = tf.tensor2d(digits.x.subarray(0, 5 * 784), [5, 784]);
  const f = stackFeatures(stack, x);
  assert.deepEqual(f.shape, [5, 7 * 7 * 8]);
  const values = f.dataSync();
  assert.ok(values.every(Number.isFinite) && values.some((v) => v > 0));
  // the unpooled features of one layer: the maps themselves, averaged over 4 x 4 windows
  assert.deepEqual(layer1.features(x, { unpooled: true, window: 4 }).shape, [5, 7 * 7 * 8]);
  // a second layer on the code maps themselves: its offsets are their means over the rows
  const opt3 = adam();
  const onMaps = await stackLayer(layer1, digits, {
    features: { unpooled: true },
    layer2: { maps: 8, kernel: 3, pools: toroidalPools(2, 4, 2), seed: 2 },
    train: { epochs: 1, batchSize: 50, optimizer: opt3, learningRate: 0.01 },
  });
  opt3.dispose();
  const means = tf.tidy(() => {
    const all = tf.tensor2d(digits.x, [digits.n, 784]);
    return tf.mean(layer1.featureMaps(all, { unpooled: true }), [0, 1, 2]).arraySync() as number[];
  });
  const offsets = onMaps.layer2.config.inputOffset;
  means.forEach((m, j) => assert.ok(Math.abs(offsets[j] - m) < 1e-4 * (1 + m), `map ${j}`));
  assert.ok(offsets.some((m, j) => Math.abs(m - stack.layer2.config.inputOffset[j]) > 1e-3));
  assert.deepEqual(stackFeatures(onMaps, x).shape, [5, 7 * 7 * 8]);
  onMaps.dispose();
  tf.dispose([x, f]);
  stack.dispose();
  layer1.dispose();
});

Deno.test("bad settings and inputs are refused with the allowed values", () => {
  assert.throws(() => convGroupSparseAutoencoder({ lambda: -1 }), /lambda must be >= 0, got -1/);
  assert.throws(() => convGroupSparseAutoencoder({ maps: 7 }), /7 maps do not form a torus/);
  assert.throws(
    () => convGroupSparseAutoencoder({ kernel: 4, code: "same" }),
    /"same" needs an odd kernel/,
  );
  assert.throws(
    () => convGroupSparseAutoencoder({ maps: 8, pools: disjointPools(6, 2) }),
    /cover 6 maps but the model has 8/,
  );
  const ae = convGroupSparseAutoencoder({ height: 4, width: 4, maps: 4, kernel: 3 });
  assert.throws(() => ae.encode(tf.zeros([1, 15])), /images must be \[batch, 16\]/);
  assert.throws(() => ae.decode(tf.zeros([1, 4, 4, 4])), /codes must be \[batch, 6, 6, 4\]/);
  assert.throws(() => ae.features(tf.zeros([1, 16]), { window: 7 }), /window of 7 does not fit/);
  ae.dispose();
});
