/**
 * What several test files share: running a script as a user would, and the fixed-seed
 * k-sparse run that the backend and matMul tests compare.
 */
import { fileURLToPath } from "node:url";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { useBackend } from "../lib/backend.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { linearSchedule } from "../lib/train/schedules.ts";
import { train } from "../lib/train/train.ts";

/** The repository root. */
export const root: string = fileURLToPath(new URL("..", import.meta.url));

/** Run `scripts/<script>.ts` with `deno run -A --unstable-webgpu` from the repository root. */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", `scripts/${script}.ts`, ...args],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Run `scripts/<script>.ts --preset smoke` writing to `out`, its checkpoints in `out/ckpt`;
 * `extra` flags (backend, dataset) follow.
 */
export function runSmoke(
  script: string,
  out: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runScript(
    script,
    ["--preset", "smoke", ...extra, "--out", out, "--checkpoints", `${out}/ckpt`],
    env,
  );
}

/**
 * The fixed-seed run of tests/fixtures/ksparse_fixed_seed.json on the active backend:
 * k-sparse 784-100, k = 10 (schedule 30 -> 10), 500 MNIST rows, init seed 4, shuffle seed 2,
 * batch 50, 3 epochs, SGD lr 0.01 momentum 0.9.
 */
export async function fixedSeedKSparseRun(): Promise<{ W: Float32Array; losses: number[] }> {
  const { train: rows } = splitDataset(await loadDataset("mnist"), { trainSize: 500 });
  const ae = kSparseAutoencoder({ hidden: 100, k: 10, seed: 4 });
  const r = await train(ae, rows, {
    epochs: 3,
    batchSize: 50,
    seed: 2,
    schedules: { k: linearSchedule({ from: 30, to: 10, fraction: 0.5, round: true }) },
  });
  const W = (await ae.params.W.data()) as Float32Array;
  ae.dispose();
  return { W, losses: r.history.map((h) => h.loss) };
}

/** 200 / 100 / 100 MNIST digits on the cpu backend, for the energy model runs. */
export async function smallEnergySplits(): Promise<ReturnType<typeof splitDataset>> {
  await useBackend("cpu");
  return splitDataset(await loadDataset("mnist"), {
    trainSize: 200,
    validationSize: 100,
    testSize: 100,
  });
}
