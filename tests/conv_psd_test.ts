import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { toroidalPools } from "../lib/ops/groups.ts";
import { type CodeInference, convGroupSparseAutoencoder } from "../lib/models/conv_group_sparse.ts";
import { tf } from "../lib/tf.ts";
import type { Scalar, Tensor, Tensor2D, Tensor4D } from "../lib/tf.ts";

const small = (inference?: CodeInference) =>
  convGroupSparseAutoencoder({
    height: 5,
    width: 4,
    channels: 2,
    maps: 6,
    kernel: 3,
    pools: toroidalPools(2, 3, 2),
    lambda: 0.3,
    eps: 0.01,
    seed: 2,
    inference,
  });

const maxDiff = (a: Tensor, b: Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

Deno.test("inference steps are projected gradient steps on the code energy", async () => {
  await useBackend("cpu");
  const ae = small({ steps: 2, step: 0.02, alpha: 0.7 });
  ae.params.be.assign(tf.fill([6], 0.2));
  const x = tf.randomUniform([2, 40], 0, 1, "float32", 3) as Tensor2D;
  const z0 = ae.encode(x);
  // two steps with the gradient by automatic differentiation of E, against the model's own
  // closed form (the second step also tests the prediction term, zero at the start)
  const energyGrad = tf.grad((z: Tensor) => tf.sum(ae.codeEnergy(x, z, z0, 0.7)));
  const step = (z: Tensor) => tf.relu(tf.sub(z, tf.mul(0.02, energyGrad(z))));
  const expected = step(step(z0));
  const inferred = ae.inferCodes(x);
  assert.ok(
    maxDiff(energyGrad(z0), tf.zerosLike(z0)) > 0.1,
    "the energy's gradient is not trivial",
  );
  assert.ok(maxDiff(inferred, expected) < 1e-5, `differs by ${maxDiff(inferred, expected)}`);
  assert.ok(maxDiff(inferred, ae.inferCodes(x, { steps: 1 })) > 1e-3, "the second step moved");
  // zero steps keep the prediction
  assert.equal(maxDiff(ae.inferCodes(x, { steps: 0 }), z0), 0);
  tf.dispose([x, z0, expected, inferred]);
  ae.dispose();
});

Deno.test("on MNIST digits, inference lowers the energy at every step and keeps codes >= 0", async () => {
  await useBackend("wasm");
  const { train: digits } = splitDataset(await loadDataset("mnist"), { trainSize: 20 });
  const x = tf.tensor2d(digits.x, [digits.n, digits.features]);
  const ae = convGroupSparseAutoencoder({ maps: 8, kernel: 7, lambda: 0.05, seed: 1 });
  const z0 = ae.encode(x);
  const energies = [0, 1, 2, 5, 10].map((steps) =>
    tf.tidy(() => {
      const z = ae.inferCodes(x, { steps });
      assert.ok(tf.min(z).dataSync()[0] >= 0, "codes stay non-negative");
      return tf.mean(ae.codeEnergy(x, z, z0, 1)).dataSync()[0];
    })
  );
  for (let i = 1; i < energies.length; i++) {
    assert.ok(energies[i] < energies[i - 1], `energies ${energies.map((e) => e.toFixed(2))}`);
  }
  assert.ok(energies[4] < 0.8 * energies[0], `energies ${energies.map((e) => e.toFixed(2))}`);
  tf.dispose([x, z0]);
  ae.dispose();
});

Deno.test("the loss holds the inferred codes fixed: PSD's gradients for D and the encoder", async () => {
  await useBackend("cpu");
  const inference = { steps: 3, step: 0.02, alpha: 0.5 };
  const ae = small(inference);
  ae.params.be.assign(tf.fill([6], 0.2));
  const x = tf.randomUniform([3, 40], 0, 1, "float32", 4) as Tensor2D;
  const zStar = ae.inferCodes(x) as Tensor4D;
  const vars = Object.values(ae.params);
  const ours = tf.variableGrads(() => ae.loss({ x }), vars);
  // the same energy written out with the codes as a constant
  const explicit = tf.variableGrads(() =>
    tf.tidy(() => {
      const n = 3;
      const error = tf.sum(tf.square(tf.sub(tf.reshape(x, [n, 5, 4, 2]), ae.decode(zStar))));
      const prediction = tf.sum(tf.square(tf.sub(zStar, ae.encode(x))));
      const penalty = tf.sum(ae.penalty(zStar));
      return tf.div(tf.add(tf.add(error, tf.mul(0.5, prediction)), tf.mul(0.3, penalty)), n);
    }) as Scalar, vars);
  assert.ok(Math.abs(ours.value.dataSync()[0] - explicit.value.dataSync()[0]) < 1e-4);
  for (const v of vars) {
    const d = maxDiff(ours.grads[v.name], explicit.grads[v.name]);
    const size = maxDiff(explicit.grads[v.name], tf.zerosLike(explicit.grads[v.name]));
    assert.ok(size > 1e-3, `${v.name}: the gradient is not trivial`);
    assert.ok(d < 1e-4 * (1 + size), `${v.name} differs by ${d}`);
  }
  tf.dispose([x, zStar, ours.value, explicit.value]);
  tf.dispose([...Object.values(ours.grads), ...Object.values(explicit.grads)]);
  ae.dispose();
});

Deno.test("bad inference settings are refused", () => {
  assert.throws(() => small({ steps: -1 }), /inference.steps must be an integer >= 0, got -1/);
  assert.throws(() => small({ steps: 2.5 }), /inference.steps must be an integer >= 0/);
  assert.throws(() => small({ steps: 2, alpha: NaN }), /inference.alpha must be a finite/);
  const ae = small();
  assert.throws(() => ae.inferCodes(tf.zeros([1, 40]), { steps: 1, step: -1 }), /step must be/);
  ae.dispose();
});
