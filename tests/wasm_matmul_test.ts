import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { setKernelOptions, useBackend } from "../lib/backend.ts";
import { blasFailure } from "../lib/ops/_kernels/blas.ts";
import { normalArray, randomStream } from "../lib/random.ts";
import { fixedSeedKSparseRun } from "./test_helpers.ts";

await useBackend("wasm");

for (const mode of ["transpose", "blas"] as const) {
  Deno.test(`the ${mode} wasm matMul equals tfjs's kernel for every transpose flag and batch`, () => {
    assert.equal(
      setKernelOptions({ matmul: mode }).matmul,
      mode,
      mode === "blas" ? `no BLAS: ${blasFailure()}` : "",
    );
    const rng = randomStream(1);
    const cases: [number[], number[], boolean, boolean][] = [
      [[7, 5], [5, 3], false, false],
      [[5, 7], [5, 3], true, false],
      [[7, 5], [3, 5], false, true],
      [[5, 7], [3, 5], true, true],
      [[2, 5, 7], [2, 3, 5], true, true],
      [[100, 784], [100, 1000], true, false],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const a = tf.tensor(normalArray(rng, sa.reduce((p, d) => p * d, 1)), sa);
      const b = tf.tensor(normalArray(rng, sb.reduce((p, d) => p * d, 1)), sb);
      const product = () => (a.rank === 2
        ? tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, ta, tb)
        : tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, ta, tb));
      setKernelOptions({ matmul: "tfjs" });
      const ref = product().dataSync();
      setKernelOptions({ matmul: mode });
      const before = tf.memory().numTensors;
      const got = product();
      assert.equal(tf.memory().numTensors, before + 1, "no intermediate tensors left behind");
      const fast = got.dataSync();
      for (let i = 0; i < ref.length; i++) {
        assert.ok(
          Math.abs(ref[i] - fast[i]) <= 1e-4 * (1 + Math.abs(ref[i])),
          `${sa} ${sb} ${ta} ${tb} [${i}]`,
        );
      }
    }
  });

  Deno.test(`the ${mode} tf.fused.matMul equals matMul + bias + activation on tfjs's kernels`, () => {
    assert.equal(
      setKernelOptions({ matmul: mode }).matmul,
      mode,
      mode === "blas" ? `no BLAS: ${blasFailure()}` : "",
    );
    const rng = randomStream(2);
    const t = (shape: number[]) =>
      tf.tensor(normalArray(rng, shape.reduce((p, d) => p * d, 1)), shape);
    const activations = ["linear", "relu", "sigmoid", "elu", "relu6", "leakyrelu"] as const;
    const cases: [number[], number[], boolean, boolean][] = [
      [[7, 5], [5, 3], false, false],
      [[5, 7], [5, 3], true, false],
      [[7, 5], [3, 5], false, true],
      [[5, 7], [3, 5], true, true],
      [[2, 7, 5], [2, 5, 3], false, false],
      [[1, 100], [100, 784], false, false],
      [[1000, 50], [784, 50], false, true],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const n = tb ? sb.at(-2)! : sb.at(-1)!;
      const a = t(sa), b = t(sb);
      for (const bias of [null, t([n])]) { // tfjs's wasm kernel takes rank-1 biases only
        for (const activation of activations) {
          // tfjs 4.22's own wasm _FusedMatMul adds the wrong bias entries when the batch is > 1
          // (row 1 of [2,7,5] x [2,5,3] gets bias[2] in every column); the package's models
          // call it with batch 1 only, and only the BLAS kernel is checked here
          const tfjsKernel = mode !== "blas" || activation === "leakyrelu";
          if (bias && sa.length === 3 && sa[0] > 1 && tfjsKernel) continue;
          const args = { a, b, transposeA: ta, transposeB: tb, activation, leakyreluAlpha: 0.2 };
          const fused = () =>
            tf.fused.matMul(
              { ...args, bias: bias ?? undefined } as Parameters<
                typeof tf.fused.matMul
              >[0],
            );
          setKernelOptions({ matmul: "tfjs" });
          const ref = tf.tidy(() => {
            // the definition, op by op, on tfjs's kernels
            let y = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, ta, tb) as tf.Tensor;
            if (bias) y = tf.add(y, bias);
            if (activation === "relu") y = tf.relu(y);
            if (activation === "sigmoid") y = tf.sigmoid(y);
            if (activation === "elu") y = tf.elu(y);
            if (activation === "relu6") y = tf.relu6(y);
            if (activation === "leakyrelu") y = tf.leakyRelu(y, 0.2);
            return y;
          });
          setKernelOptions({ matmul: mode });
          const before = tf.memory().numTensors;
          const got = fused();
          assert.equal(tf.memory().numTensors, before + 1, "no intermediate tensors left behind");
          assert.deepEqual(got.shape, ref.shape);
          const r = ref.dataSync(), g = got.dataSync();
          for (let i = 0; i < r.length; i++) {
            assert.ok(
              Math.abs(r[i] - g[i]) <= 1e-4 * (1 + Math.abs(r[i])),
              `${sa} ${sb} ${ta} ${tb} bias ${bias?.shape} ${activation} [${i}]: ${g[i]} vs ${
                r[i]
              }`,
            );
          }
          tf.dispose([ref, got]);
        }
        bias?.dispose();
      }
      tf.dispose([a, b]);
    }
  });

  Deno.test(`the ${mode} tf.fused.matMul has the gradients of matMul + bias`, () => {
    setKernelOptions({ matmul: mode });
    const rng = randomStream(3);
    const t = (shape: number[]) =>
      tf.tensor(normalArray(rng, shape.reduce((p, d) => p * d, 1)), shape);
    for (const tb of [false, true]) {
      const x = t([20, 30]) as tf.Tensor2D;
      const w = t(tb ? [40, 30] : [30, 40]) as tf.Tensor2D;
      const bias = t([40]);
      const target = t([20, 40]);
      const loss = (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor) => tf.Tensor) =>
        tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.sub(tf.sigmoid(f(x as tf.Tensor2D, w as tf.Tensor2D, b)), target)))
        )([x, w, bias]);
      const fused = loss((x, w, b) => tf.fused.matMul({ a: x, b: w, bias: b, transposeB: tb }));
      const plain = loss((x, w, b) => tf.add(tf.matMul(x, w, false, tb), b));
      for (let i = 0; i < 3; i++) {
        const f = fused[i].dataSync(), p = plain[i].dataSync();
        assert.deepEqual(fused[i].shape, plain[i].shape);
        for (let j = 0; j < p.length; j++) {
          assert.ok(Math.abs(f[j] - p[j]) <= 1e-5 * (1 + Math.abs(p[j])), `grad ${i} [${j}]`);
        }
      }
      tf.dispose([x, w, bias, target, ...fused, ...plain]);
    }
  });

  Deno.test(`a fixed-seed training run gives the stored numbers with the ${mode} matMul`, async () => {
    setKernelOptions({ matmul: mode });
    const stored = JSON.parse(
      await Deno.readTextFile(new URL("./fixtures/ksparse_fixed_seed.json", import.meta.url)),
    ).runs;
    const r = await fixedSeedKSparseRun();
    const W = r.W;
    let sq = 0;
    for (const v of W) sq += v * v;
    for (const ref of [stored["wasm-tfjs-kernel"], stored.cpu]) {
      r.losses.forEach((loss, i) =>
        assert.ok(
          Math.abs(loss - ref.losses[i]) < 1e-4 * ref.losses[i],
          `epoch ${i}: ${loss} vs ${ref.losses[i]}`,
        )
      );
      assert.ok(Math.abs(Math.sqrt(sq) - ref.wNorm) < 1e-4 * ref.wNorm);
      ref.wFirst.forEach((v: number, i: number) => assert.ok(Math.abs(W[i] - v) < 1e-5, `W[${i}]`));
    }
  });
}
