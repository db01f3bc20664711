import assert from "node:assert/strict";
import { tf } from "../lib/tf.ts";
import {
  type BackendName,
  kernelOptions,
  probeWebGpu,
  setKernelOptions,
  useBackend,
} from "../lib/backend.ts";
import { fixedSeedKSparseRun } from "./test_helpers.ts";

/** Tolerance of the cross-backend agreement: max |difference| of weights after training. */
const WEIGHT_TOLERANCE = 1e-5;
/** Tolerance of the final training loss, relative. */
const LOSS_TOLERANCE = 1e-5;

async function fixedSeedRun(backend: BackendName) {
  await useBackend(backend);
  const { W, losses } = await fixedSeedKSparseRun();
  return { W, loss: losses.at(-1)! };
}

Deno.test("webgpu needs a Vulkan driver; the test says what to install", async () => {
  const gpu = await probeWebGpu();
  assert.ok(
    gpu.available,
    `no WebGPU adapter (${gpu.reason}): install Debian's mesa-vulkan-drivers and run with --unstable-webgpu`,
  );
});

Deno.test("auto picks wasm on a software adapter or none, and an explicit choice wins", async () => {
  const gpu = await probeWebGpu();
  const auto = await useBackend("auto");
  if (gpu.available && !gpu.fallback) assert.equal(auto.name, "webgpu");
  else assert.equal(auto.name, "wasm");
  assert.match(auto.reason, /^auto: /);
  for (const name of ["cpu", "wasm"] as const) {
    const r = await useBackend(name);
    assert.equal(r.name, name);
    assert.equal(tf.getBackend(), name);
  }
  await assert.rejects(
    useBackend("tpu" as BackendName),
    /Unknown backend "tpu": use one of auto, webgpu, wasm, cpu/,
  );
});

Deno.test("cpu, wasm and webgpu train to the same numbers from the same seed", async () => {
  const cpu = await fixedSeedRun("cpu");
  const again = await fixedSeedRun("cpu");
  assert.deepEqual(again.W, cpu.W, "the same seed and backend must repeat exactly");
  for (const backend of ["wasm", "webgpu"] as const) {
    const other = await fixedSeedRun(backend);
    let maxDiff = 0;
    for (let i = 0; i < cpu.W.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(cpu.W[i] - other.W[i]));
    }
    console.log(`${backend} vs cpu: max |weight difference| ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < WEIGHT_TOLERANCE, `${backend} weights differ from cpu by ${maxDiff}`);
    const rel = Math.abs(other.loss - cpu.loss) / cpu.loss;
    assert.ok(rel < LOSS_TOLERANCE, `${backend} loss ${other.loss} vs cpu ${cpu.loss}`);
  }
  await useBackend("cpu");
});

Deno.test("useBackend's kernels option and setKernelOptions switch the wasm paths", async () => {
  const off = await useBackend("wasm", {
    kernels: { matmul: "transpose", native: false, sharedIdentity: false },
  });
  assert.match(off.matmul!, /^wasm \(explicit transposes; BLAS turned off\)/);
  assert.equal(off.elementwise, "wasm (turned off)");
  assert.deepEqual(kernelOptions(), {
    matmul: "transpose",
    blasThreads: 1,
    native: false,
    sharedIdentity: false,
  });
  const reference = setKernelOptions({ matmul: "tfjs" });
  assert.deepEqual(reference, { ...reference, matmul: "tfjs", native: false });
  // matmul sets the other switches to its defaults; the fields left out keep their state
  const fast = setKernelOptions({ matmul: "blas", blasThreads: 1 });
  assert.equal(fast.matmul, "blas", "CI installs OpenBLAS (libopenblas0-pthread)");
  assert.equal(fast.blasThreads, 1);
  assert.equal(fast.sharedIdentity, true);
  assert.equal(setKernelOptions({ sharedIdentity: false }).matmul, "blas");
  const chosen = await useBackend("wasm");
  assert.match(chosen.matmul!, /^blas \(/);
  assert.equal(kernelOptions().sharedIdentity, true);
  await useBackend("cpu");
});
