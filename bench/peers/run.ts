/**
 * The peer benchmark's runs: for every step, round after round, our side on every backend
 * (and BLAS thread count), then PyTorch at every thread count; the consistency check of the
 * Python side in the first round. Returns every raw timing for `./report.ts`.
 *
 * @module
 */
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../../lib/tf.ts";
import { type BackendName, type BackendReport, useBackend } from "../../lib/backend.ts";
import { UsageError } from "../../repro/cli.ts";
import { loadDataset } from "../../lib/data/mnist.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import type { BenchArgs } from "./flags.ts";
import { runTorch } from "./torch.ts";
import { float32Le, readFloat32Le, relativeL2 } from "./timing.ts";
import {
  CHECK_STEPS,
  FIXED_POINT_CHECK_ROWS,
  FIXED_POINT_ITERATIONS,
  type OursResult,
  type StepDefinition,
  type TorchResult,
  WARMUP_STEPS,
} from "./types.ts";

/** One timing of our side. */
export interface OursRun {
  /** The step. */
  step: StepDefinition;
  /** The tfjs backend. */
  backend: string;
  /** What the table shows. */
  threads: string;
  /** The count set, for backends with thread control. */
  threadCount?: number;
  /** How the backend computes matrix products, as useBackend reports it. */
  matmul: string | null;
  /** Where the sigmoid and the recurrence loops run (useBackend's `elementwise`). */
  elementwise: string | null;
  /** The check and the timings. */
  result: OursResult;
  /** The round, from 0. */
  round: number;
}

/** One timing of PyTorch's side. */
export interface TorchRun {
  /** The step. */
  step: StepDefinition;
  /** torch's thread count. */
  threads: number;
  /** What the Python side printed. */
  result: TorchResult;
  /** The round, from 0. */
  round: number;
}

/** Everything a run measured. */
export interface PeerRuns {
  /** Our side's timings, in run order. */
  ours: OursRun[];
  /** PyTorch's timings, in run order. */
  torch: TorchRun[];
  /** PyTorch's consistency check, by step id. */
  checks: Record<string, TorchResult>;
  /** The rows each step ran on, by step id. */
  stepRows: Record<string, number>;
  /** For the fixed-point step: the relative difference of our points from PyTorch's. */
  pointDiffs: Map<OursResult, number>;
}

/**
 * Whether the backend's thread count can be set: its report says its matrix products run on a
 * system BLAS (`matmul: "blas (...)"`, the wasm backend with OpenBLAS through FFI). Such a
 * backend runs once per `--threads` entry, set with
 * `useBackend(name, { kernels: { blasThreads } })`, and is compared with PyTorch at the same
 * thread count; any other backend (tfjs alone is single-threaded on cpu and wasm in Deno) runs
 * once and is compared at every count.
 */
function threadControlled(report: BackendReport): boolean {
  return report.matmul?.startsWith("blas") ?? false;
}

/** How a backend runs, for the table's "oursThreads" column. */
async function threadingOf(report: BackendReport, threads?: number): Promise<string> {
  const backend = report.name as string;
  if (backend === "webgpu") {
    return `GPU (${report.fallbackAdapter ? "software " : ""}adapter ${report.adapter ?? "?"})`;
  }
  if (threads !== undefined) {
    const library = report.matmul?.match(/^blas \(([^,)]+)/)?.[1] ?? "BLAS";
    const native = report.elementwise?.startsWith("native") ? "; sigmoid compiled" : "";
    return `${threads} (matMul on ${library}${native}; other ops single-threaded)`;
  }
  if (backend === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    return `${getThreadsCount()} (single-threaded${simd ? ", SIMD" : ""}; matMul in wasm)`;
  }
  return "1 (single-threaded)";
}

/** A step's rows, and their files for the Python side. */
interface StepInputs {
  data: ArrayData;
  path: string;
  labels?: string;
}

/** Each step's rows, written once per scale, row count and labels into `dir`. */
function inputsLoader(dir: string, samples: number): (step: StepDefinition) => Promise<StepInputs> {
  const inputs = new Map<string, StepInputs>();
  return async (step) => {
    const scale = step.scale ?? "unit-interval";
    const rows = step.rows?.(samples) ?? samples;
    const key = `${scale}-${rows}${step.labels ? "-labels" : ""}`;
    let found = inputs.get(key);
    if (!found) {
      const { train: split } = await loadDataset("mnist", { scale });
      const features = split.features;
      const data: ArrayData = { x: split.x.slice(0, rows * features), n: rows, features };
      const path = `${dir}/mnist-train-${key}.f32`;
      await Deno.writeFile(path, float32Le(data.x));
      let labels: string | undefined;
      if (step.labels) {
        data.y = split.y.slice(0, rows);
        labels = `${dir}/mnist-train-${key}.u8`;
        await Deno.writeFile(labels, data.y);
      }
      found = { data, path, labels };
      inputs.set(key, found);
    }
    return found;
  };
}

/** What one round of one step needs. */
interface RoundContext {
  args: BenchArgs;
  step: StepDefinition;
  data: ArrayData;
  checkSteps: number;
  dir: string;
  round: number;
  /** " (round r/R)" when there are several rounds. */
  tag: string;
}

/** Our side of one round: the step on every backend and BLAS thread count. */
async function runOurs(c: RoundContext, runs: PeerRuns): Promise<void> {
  const { args, step } = c;
  for (const backend of args.backends) {
    let report = await useBackend(backend as BackendName);
    for (const threads of threadControlled(report) ? args.threads : [undefined]) {
      if (threads !== undefined) {
        report = await useBackend(backend as BackendName, { kernels: { blasThreads: threads } });
      }
      const label = await threadingOf(report, threads);
      const tensorsBefore = tf.memory().numTensors;
      const result = await step.ours({
        data: c.data,
        seed: 1,
        threads: threads ?? 1,
        repeats: args.repeats,
        warmupSteps: WARMUP_STEPS,
        checkSteps: c.checkSteps,
        dir: c.dir,
      });
      const leaked = tf.memory().numTensors - tensorsBefore;
      if (leaked > 0) {
        console.error(`warning: ${leaked} tensors still live after ${step.id} on ${backend}`);
      }
      runs.ours.push({
        step,
        backend,
        threads: label,
        threadCount: threads,
        matmul: report.matmul ?? null,
        elementwise: report.elementwise ?? null,
        result,
        round: c.round,
      });
      console.error(
        `  ours  ${step.id} ${backend} [threads: ${label}]${c.tag}: ` +
          `${fmt(result.samplesPerSecond)} ${unitOf(step)}`,
      );
    }
  }
}

/** PyTorch's side of one round: the check in the first round, then every thread count. */
async function runTheirs(
  c: RoundContext,
  inputs: StepInputs,
  runs: PeerRuns,
): Promise<void> {
  const { args, step, data } = c;
  const first = runs.ours.find((o) => o.step === step)!.result;
  const base = {
    step: step.python,
    data: inputs.path,
    labels: inputs.labels,
    n: data.n,
    features: data.features,
    params: first.params,
    seed: 1,
    ...step.pythonArgs,
    ...first.pythonArgs,
  };
  if (c.round === 0) {
    const pointsOut = `${c.dir}/${step.id}-torch-points.f32`;
    runs.checks[step.id] = await runTorch({
      ...base,
      mode: "check",
      steps: c.checkSteps,
      ...(step.fixedPoints
        ? { checkRows: Math.min(data.n, FIXED_POINT_CHECK_ROWS), pointsOut }
        : {}),
    }, 1);
    if (step.fixedPoints) {
      const theirs = await readFloat32Le(pointsOut);
      for (const o of runs.ours.filter((o) => o.step === step)) {
        runs.pointDiffs.set(o.result, relativeL2(o.result.checkPoints!, theirs));
      }
    }
  }
  for (const threads of args.threads) {
    const result = await runTorch({
      ...base,
      mode: "time",
      warmup: WARMUP_STEPS,
      repeats: args.repeats,
    }, threads);
    runs.torch.push({ step, threads, result, round: c.round });
    console.error(
      `  torch ${step.id} ${threads} thread${threads > 1 ? "s" : ""}${c.tag}: ` +
        `${fmt(result.samplesPerSecond!)} ${unitOf(step)}`,
    );
  }
}

/**
 * Run every step of `args`: the two sides alternate, round after round (ours on every
 * backend, then torch), one after the other, never at once.
 */
export async function runPeers(args: BenchArgs): Promise<PeerRuns> {
  const runs: PeerRuns = { ours: [], torch: [], checks: {}, stepRows: {}, pointDiffs: new Map() };
  const dir = await Deno.makeTempDir({ prefix: "bench-peers-" });
  try {
    const inputsOf = inputsLoader(dir, args.samples);
    for (const step of args.steps) {
      const inputs = await inputsOf(step);
      const data = inputs.data;
      runs.stepRows[step.id] = data.n;
      const batch = step.pythonArgs.batch;
      const checkSteps = step.fixedPoints
        ? FIXED_POINT_ITERATIONS
        : Math.min(CHECK_STEPS, Math.floor(data.n / batch));
      if (checkSteps < 1) {
        throw new UsageError(`--samples must be at least ${batch} for ${step.id}`);
      }
      for (let round = 0; round < args.rounds; round++) {
        const tag = args.rounds > 1 ? ` (round ${round + 1}/${args.rounds})` : "";
        const c: RoundContext = { args, step, data, checkSteps, dir, round, tag };
        await runOurs(c, runs);
        await runTheirs(c, inputs, runs);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return runs;
}

/** A rate with one decimal below 100, none above. */
export const fmt = (x: number): string => x.toFixed(x >= 100 ? 0 : 1);
/** What a step's rate counts. */
export const unitOf = (step: StepDefinition): string =>
  step.fixedPoints ? "samples x iterations/s" : "samples/s";
