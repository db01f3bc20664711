import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { setWasmMatMul } from "../lib/ops/wasm_matmul.ts";
import { blasFailure } from "../lib/native/blas.ts";
import { normalArray, randomStream } from "../lib/random.ts";
import { fixedSeedKSparseRun } from "./test_helpers.ts";

await useBackend("wasm");

for (const mode of ["transpose", "blas"] as const) {
  Deno.test(`the ${mode} wasm matMul equals tfjs's kernel for every transpose flag and batch`, () => {
    assert.equal(setWasmMatMul(mode), mode, mode === "blas" ? `no BLAS: ${blasFailure()}` : "");
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
      setWasmMatMul("tfjs");
      const ref = product().dataSync();
      setWasmMatMul(mode);
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

  Deno.test(`a fixed-seed training run gives the stored numbers with the ${mode} matMul`, async () => {
    setWasmMatMul(mode);
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
