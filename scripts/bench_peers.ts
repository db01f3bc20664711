/**
 * Training speed side by side with PyTorch on the CPU, in one invocation:
 *
 *   deno task bench:peers [--steps ksparse,drsae,walkback,fixedpoints] [--backends wasm,cpu]
 *                         [--threads 1,2] [--samples 5000] [--repeats 3] [--rounds 1]
 *                         [--out results/bench]
 *
 * For every step definition in {@link STEPS} named in `--steps` (the k-sparse autoencoder of
 * Makhzani & Frey, the DrSAE of Rolfe & LeCun, the walkback DAE of Bahdanau & Jaeger and that
 * DAE's fixed-point iteration), every tfjs backend in `--backends` and PyTorch (Debian's
 * `python3-torch` under `/usr/bin/python3`, `scripts/peers/torch_steps.py`) at every thread
 * count in `--threads` run on the same first MNIST training rows (`--samples` of them; twice
 * as many for the fixed-point iteration). Each side warms up, then times whole epochs with a
 * fixed shuffle (batch assembly included) and reports the median samples/second (for the
 * fixed-point iteration: samples x iterations per second). Our side times the package's real
 * `train()` loop (and `iterateToFixedPoints`). The two sides run one after the other, never
 * at once; with `--rounds R` they alternate R times (ours, torch, ours, torch, ...) and the
 * table reports the median of the R ratios beside the smallest and largest, so that a burst
 * of load on a shared machine moves one round, not the result.
 *
 * Before timing, both sides start from the same initial weights (ours, written to a temp
 * file), take the same unshuffled steps, and the losses are compared: they must agree to
 * {@link CHECK_TOLERANCE} relative (the fixed points: {@link FIXED_POINT_TOLERANCE}), or the
 * run fails after writing its files. Noise cannot match across frameworks, so the walkback
 * check runs both sides without corruption (sigma 0).
 *
 * Writes `peers.md`, `peers.csv` (the "paper" column holds PyTorch's samples/s) and
 * `peers.json` (run metadata, versions of torch and numpy, every raw timing) to `--out`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { type Tensor2D, tf, type Variable } from "../lib/tf.ts";
import { type BackendName, type BackendReport, BACKENDS, useBackend } from "../lib/backend.ts";
import { parseFlags, runMain, UsageError } from "../repro/cli.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { runMetadata, writeMetadata } from "../lib/io/metadata.ts";
import { formatMarkdownTable, type ResultsRow, writeResultsTable } from "../lib/io/table.ts";
import { iterateToFixedPoints } from "../lib/eval/fixed_points.ts";
import { drsae } from "../lib/models/drsae.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { walkbackDae } from "../lib/models/walkback.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { meanLoss, train } from "../lib/train/train.ts";
import type { Trainable } from "../lib/types.ts";
import type { ArrayData } from "../lib/data/rows.ts";

/**
 * Debian's interpreter: `python3-torch` and `python3-numpy` belong to it only.
 * `BENCH_PEERS_PYTHON` replaces it (the tests use it to check the error for a missing torch).
 */
const PYTHON = Deno.env.get("BENCH_PEERS_PYTHON") || "/usr/bin/python3";
const TORCH_SCRIPT = fileURLToPath(new URL("./peers/torch_steps.py", import.meta.url));
const TORCH_MISSING =
  "PyTorch is missing: apt-get install python3-torch (Debian's, for /usr/bin/python3)";

/** Untimed steps before timing, on each side. */
const WARMUP_STEPS = 5;
/** Unshuffled steps of the consistency check (fewer when --samples is small). */
const CHECK_STEPS = 10;
/** Largest relative difference of the check losses that passes. */
const CHECK_TOLERANCE = 1e-3;
/** Largest relative difference of the fixed points (and their step lengths) that passes. */
const FIXED_POINT_TOLERANCE = 1e-4;
/** Iterations x <- r(x) of the fixed-point step, never stopping early. */
const FIXED_POINT_ITERATIONS = 20;
/** Rows stepped in one call of r in the fixed-point step (iterateToFixedPoints' default). */
const FIXED_POINT_BATCH = 1000;
/** Rows of the fixed-point consistency check (fewer when the step has fewer). */
const FIXED_POINT_CHECK_ROWS = 1000;
/**
 * DrSAE's base learning rate (each matrix's is this times the model's learningRateScale). The
 * paper does not give one; 0.05 is a setting for timing (the check's losses stay finite), not
 * a tuned rate.
 */
const DRSAE_LEARNING_RATE = 0.05;

// ---------------------------------------------------------------------------------------
// Step definitions: one per model to compare; the Python side has a function of the same name.

/** What a step's `ours` function gets. */
interface StepSettings {
  /** The step's rows, with labels when it needs them (the same rows the Python side reads). */
  data: ArrayData;
  /** Seed of the initialisation and of the shuffles. */
  seed: number;
  /**
   * Threads the backend may use, already applied by the bench through
   * `useBackend(name, { blasThreads })` where the backend's matrix products run on a BLAS.
   * tfjs itself runs single-threaded on cpu and wasm in Deno; steps may ignore it.
   */
  threads: number;
  /** Timed epochs. */
  repeats: number;
  /** Untimed steps before timing. */
  warmupSteps: number;
  /** Unshuffled steps of the consistency check (iterations, for the fixed-point step). */
  checkSteps: number;
  /** Temp folder where the initial parameters are written for the Python side. */
  dir: string;
}

/** Losses after the consistency check's steps. */
interface CheckLosses {
  /** Steps taken, in row order from the first row, from the shared initial parameters. */
  steps: number;
  /** Rows those steps covered. */
  rows: number;
  /**
   * Mean over the steps of each step's (pre-update) loss; for the fixed-point step, the mean
   * over the iterations of the mean step length ||x^i - x^(i-1)||.
   */
  epochLoss: number;
  /** The loss over the same rows after the steps; fixed points: the last mean step length. */
  finalLoss: number;
}

/** What a step's `ours` function returns. */
interface OursResult {
  /** Median over the timed epochs. */
  samplesPerSecond: number;
  /** Seconds of each timed epoch. */
  epochSeconds: number[];
  /** The consistency check, run first, from the initial parameters. */
  check: CheckLosses;
  /** Initial parameters as raw little-endian float32 files, by name, for the Python side. */
  params: Record<string, string>;
  /** Arguments for the Python side known only once the model exists (its settings). */
  pythonArgs?: Record<string, unknown>;
  /** The fixed-point step's check: the points after the iterations, row-major. */
  checkPoints?: Float32Array;
}

/** One training step to compare. */
interface StepDefinition {
  /** Short id, used in file names. */
  id: string;
  /** What the step is, for tables. */
  label: string;
  /** The function in scripts/peers/torch_steps.py. */
  python: string;
  /** Extra JSON arguments for the Python function (sizes, k, learning rate, batch). */
  pythonArgs: { batch: number } & Record<string, unknown>;
  /** MNIST pixels: in [0, 1] (default) or each row scaled to unit L2 norm (DrSAE). */
  scale?: "unit-interval" | "unit-norm";
  /** Whether the step needs the class labels (a supervised loss); both sides get them. */
  labels?: boolean;
  /** The rows the step runs on, from `--samples`. Default `--samples` itself. */
  rows?(samples: number): number;
  /** Whether the step is the fixed-point iteration (checked on its points, not on losses). */
  fixedPoints?: boolean;
  /** Largest relative difference of the check that passes. Default {@link CHECK_TOLERANCE}. */
  tolerance?: number;
  /** Our side on the active backend: check, warm up, time. */
  ours(settings: StepSettings): Promise<OursResult>;
}

/**
 * The steps compared. To add one, add an entry here and a function of the same name to STEPS
 * in scripts/peers/torch_steps.py.
 */
const STEPS: readonly StepDefinition[] = [
  {
    id: "ksparse",
    label: "k-sparse 784-1000 k=25 batch 100",
    python: "ksparse",
    pythonArgs: { hidden: 1000, k: 25, batch: 100, lr: 0.01, momentum: 0.9 },
    async ours(s) {
      // Makhzani & Frey: tied weights, Gaussian init std 0.01, zero biases, k fixed at 25.
      const model = built(() =>
        kSparseAutoencoder({ inputs: s.data.features, hidden: 1000, k: 25, seed: s.seed })
      );
      try {
        const params = await writeParams(s.dir, "ksparse", model.params);
        const timed = await timeTraining(model, {
          batchSize: 100,
          learningRate: 0.01,
          momentum: 0.9,
        }, s);
        return { ...timed, params };
      } finally {
        model.dispose();
      }
    },
  },
  {
    id: "drsae",
    label: "DrSAE 784-400 T=11 batch 100, discriminative",
    python: "drsae",
    pythonArgs: {
      hidden: 400,
      classes: 10,
      T: 11,
      batch: 100,
      lr: DRSAE_LEARNING_RATE,
      momentum: 0.9,
    },
    scale: "unit-norm", // Sec. 2: inputs of unit L2 norm
    labels: true,
    async ours(s) {
      // Rolfe & LeCun: the discriminative phase (L^U + L^S), per-matrix learning rates and the
      // norm projections after every step, both applied by train().
      const model = built(() =>
        drsae({ inputs: s.data.features, hidden: 400, classes: 10, steps: 11, seed: s.seed })
      );
      model.setPhase("discriminative");
      try {
        const params = await writeParams(s.dir, "drsae", model.params);
        const timed = await timeTraining(model, {
          batchSize: 100,
          learningRate: DRSAE_LEARNING_RATE,
          momentum: 0.9,
        }, s);
        const c = model.config;
        return {
          ...timed,
          params,
          pythonArgs: {
            lambda: c.lambda,
            normEpsilon: c.normEpsilon,
            learningRateScale: model.learningRateScale,
            bounds: { D: c.decoderBound, E: c.encoderBound, C: c.classifierBound },
          },
        };
      } finally {
        model.dispose();
      }
    },
  },
  {
    id: "walkback",
    label: "walkback DAE 784-500 k=3 sigma=0.5 batch 20",
    python: "walkback",
    pythonArgs: { hidden: 500, k: 3, sigma: 0.5, batch: 20, lr: 0.1, momentum: 0 },
    async ours(s) {
      // Bahdanau & Jaeger, Sec. 5.2-5.3: sigmoid, untied, Glorot init, plain SGD, lr 0.1. The
      // check runs a noise-free twin (sigma 0; same seed, so the same initial weights).
      const make = (sigma: number) =>
        built(() =>
          walkbackDae({ inputs: s.data.features, hidden: 500, sigma, walkbackK: 3, seed: s.seed })
        );
      const model = make(0.5);
      const checkModel = make(0);
      try {
        const params = await writeParams(s.dir, "walkback", model.params);
        const timed = await timeTraining(model, {
          batchSize: 20,
          learningRate: 0.1,
          momentum: 0,
          checkModel,
        }, s);
        return { ...timed, params };
      } finally {
        checkModel.dispose();
        model.dispose();
      }
    },
  },
  {
    id: "fixedpoints",
    label:
      `DAE fixed points 784-500, ${FIXED_POINT_ITERATIONS} iterations (samples x iterations/s)`,
    python: "fixedpoints",
    pythonArgs: { hidden: 500, batch: FIXED_POINT_BATCH, iterations: FIXED_POINT_ITERATIONS },
    rows: (samples) => Math.min(60000, 2 * samples), // 10,000 at the default 5000
    fixedPoints: true,
    tolerance: FIXED_POINT_TOLERANCE,
    async ours(s) {
      // The walkback DAE's r at its initial (Glorot) weights, iterated without noise.
      const model = built(() =>
        walkbackDae({ inputs: s.data.features, hidden: 500, walkbackK: 3, seed: s.seed })
      );
      try {
        const params = await writeParams(s.dir, "fixedpoints", model.params);
        const timed = await timeFixedPoints(model.reconstruct, s);
        return { ...timed, params };
      } finally {
        model.dispose();
      }
    },
  },
];

/** The ids of {@link STEPS}, for `--steps`. */
const STEP_IDS = STEPS.map((s) => s.id);

/**
 * Whether the backend's thread count can be set: its report says its matrix products run on a
 * system BLAS (`matmul: "blas (...)"`, the wasm backend with OpenBLAS through FFI). Such a
 * backend runs once per `--threads` entry, set with `useBackend(name, { blasThreads })`, and
 * is compared with PyTorch at the same thread count; any other backend (tfjs alone is
 * single-threaded on cpu and wasm in Deno) runs once and is compared at every count.
 */
function threadControlled(report: BackendReport): boolean {
  return report.matmul?.startsWith("blas") ?? false;
}

// ---------------------------------------------------------------------------------------
// Our side: the real train() loop.

/** `make()` inside `tf.tidy`, so the tensors a constructor leaves behind are freed. */
function built<T>(make: () => T): T {
  let out!: T;
  tf.tidy(() => {
    out = make();
  });
  return out;
}

/** How {@link timeTraining} trains. */
interface TrainingSettings {
  /** Minibatch size. */
  batchSize: number;
  /** Base learning rate (the trainer multiplies it by the model's `learningRateScale`). */
  learningRate: number;
  /** SGD momentum; 0 is plain SGD. */
  momentum: number;
  /**
   * The model the consistency check trains, when it is not `model` itself: a twin with the
   * same initial weights (the walkback DAE without noise). Default `model`.
   */
  checkModel?: Trainable;
}

/** The first `n` rows of `data` (labels too), without copying. */
function firstRows(data: ArrayData, n: number): ArrayData {
  const m = Math.min(data.n, n);
  return {
    x: data.x.subarray(0, m * data.features),
    y: data.y?.subarray(0, m),
    n: m,
    features: data.features,
  };
}

/**
 * Check, warm up and time `model` with the package's trainer (SGD with `hp.momentum`; the
 * trainer applies the model's `learningRateScale` and `constrain()`); labels go along when
 * `s.data` has them.
 */
async function timeTraining(
  model: Trainable,
  hp: TrainingSettings,
  s: StepSettings,
): Promise<Omit<OursResult, "params">> {
  const { batchSize, learningRate, momentum } = hp;
  const rows = (n: number) => firstRows(s.data, n);

  // Consistency check: unshuffled steps from the initial parameters, then the loss.
  const checkModel = hp.checkModel ?? model;
  const checkData = rows(s.checkSteps * batchSize);
  const checkOpt = sgd({ momentum });
  let check: CheckLosses;
  try {
    const r = await train(checkModel, checkData, {
      epochs: 1,
      batchSize,
      optimizer: checkOpt,
      learningRate,
      shuffle: false,
    });
    check = {
      steps: s.checkSteps,
      rows: checkData.n,
      epochLoss: r.history[0].loss,
      finalLoss: await meanLoss(checkModel, checkData),
    };
  } finally {
    checkOpt.dispose();
  }

  const optimizer = sgd({ momentum });
  try {
    await train(model, rows(s.warmupSteps * batchSize), {
      epochs: 1,
      batchSize,
      optimizer,
      learningRate,
      shuffle: false,
    });
    // Timed: whole epochs, shuffled with a fixed seed; the trainer's per-epoch seconds end
    // with reading the epoch's loss, which waits for every step to finish.
    const r = await train(model, s.data, {
      epochs: s.repeats,
      batchSize,
      optimizer,
      learningRate,
      seed: s.seed,
    });
    const epochSeconds = r.history.map((h) => h.seconds);
    return {
      samplesPerSecond: median(epochSeconds.map((t) => s.data.n / t)),
      epochSeconds,
      check,
    };
  } finally {
    optimizer.dispose();
  }
}

/**
 * Check, warm up and time the fixed-point iteration x <- r(x) of `iterateToFixedPoints` over
 * `s.data`, for {@link FIXED_POINT_ITERATIONS} iterations (it never stops early), in batches
 * of {@link FIXED_POINT_BATCH}. The rate is samples x iterations per second.
 */
async function timeFixedPoints(
  reconstruct: (x: Tensor2D) => Tensor2D,
  s: StepSettings,
): Promise<Omit<OursResult, "params">> {
  const run = (data: ArrayData, iterations: number) =>
    iterateToFixedPoints(reconstruct, data, {
      maxIterations: iterations,
      convergedFraction: 1, // never stop by the rule: a fixed amount of work
      batchSize: FIXED_POINT_BATCH,
    });
  const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

  const checkData = firstRows(s.data, FIXED_POINT_CHECK_ROWS);
  const c = await run(checkData, s.checkSteps);
  const check: CheckLosses = {
    steps: c.iterations,
    rows: checkData.n,
    epochLoss: mean(c.meanStepLengths),
    finalLoss: c.meanStepLengths[c.iterations - 1],
  };

  await run(firstRows(s.data, FIXED_POINT_BATCH), s.warmupSteps);
  const epochSeconds: number[] = [];
  for (let i = 0; i < s.repeats; i++) {
    const t0 = performance.now();
    const r = await run(s.data, FIXED_POINT_ITERATIONS); // ends with reading the points back
    epochSeconds.push((performance.now() - t0) / 1000);
    if (r.iterations !== FIXED_POINT_ITERATIONS) throw new Error("the iteration stopped early");
  }
  return {
    samplesPerSecond: median(epochSeconds.map((t) => s.data.n * FIXED_POINT_ITERATIONS / t)),
    epochSeconds,
    check,
    checkPoints: c.points.x,
  };
}

/** Write each parameter as raw little-endian float32 to `dir/<prefix>-init-<name>.f32`. */
async function writeParams(
  dir: string,
  prefix: string,
  params: Record<string, Variable>,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [name, v] of Object.entries(params)) {
    const path = `${dir}/${prefix}-init-${name}.f32`;
    await Deno.writeFile(path, float32Le((await v.data()) as Float32Array));
    files[name] = path;
  }
  return files;
}

function float32Le(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** Read a raw little-endian float32 file. */
async function readFloat32Le(path: string): Promise<Float32Array> {
  const bytes = await Deno.readFile(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** ||a - b|| / ||b|| over all values. */
function relativeL2(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------------------------------
// PyTorch's side.

/** What scripts/peers/torch_steps.py prints. */
interface TorchResult {
  step: string;
  mode: "time" | "check";
  threads: number;
  torch: string;
  numpy: string;
  python: string;
  env: Record<string, string | null>;
  samplesPerSecond?: number;
  epochSeconds?: number[];
  epochLosses?: number[];
  check?: CheckLosses;
  error?: string;
}

async function requireTorch(): Promise<void> {
  let ok = false;
  try {
    const out = await new Deno.Command(PYTHON, {
      args: ["-c", "import torch, numpy"],
      stdout: "null",
      stderr: "null",
      stdin: "null",
    }).output();
    ok = out.success;
  } catch {
    ok = false; // no /usr/bin/python3 at all
  }
  if (!ok) throw new Error(TORCH_MISSING);
}

async function runTorch(args: Record<string, unknown>, threads: number): Promise<TorchResult> {
  const n = String(threads);
  const out = await new Deno.Command(PYTHON, {
    args: [TORCH_SCRIPT, JSON.stringify({ ...args, threads })],
    // OMP_WAIT_POLICY=PASSIVE: torch's OpenMP threads and OpenBLAS's own threads otherwise spin
    // against each other; measured on 2 cores, a k-sparse step at 2 threads took 21.9 ms
    // without it and 11.0 ms with it (10.9 ms with OpenBLAS at 1 thread, 11.2 ms at 1 thread
    // in all). Without it the 2-thread ratios flattered the package by about 2x.
    env: {
      OMP_NUM_THREADS: n,
      MKL_NUM_THREADS: n,
      OPENBLAS_NUM_THREADS: n,
      OMP_WAIT_POLICY: "PASSIVE",
    },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  const lines = dec.decode(out.stdout).trim().split("\n");
  let result: TorchResult | undefined;
  try {
    result = JSON.parse(lines[lines.length - 1]);
  } catch {
    result = undefined;
  }
  if (!out.success || !result || result.error) {
    const why = result?.error ?? dec.decode(out.stderr).trim().split("\n").slice(-5).join("\n");
    throw new Error(`The PyTorch side failed (${args.step}, ${threads} threads): ${why}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Flags.

interface BenchArgs {
  steps: StepDefinition[];
  backends: string[];
  threads: number[];
  samples: number;
  repeats: number;
  rounds: number;
  out: string;
  help: boolean;
}

/** Backends run by default; webgpu only when named (it is software Vulkan on CPU machines). */
function defaultBackends(): string[] {
  return ["wasm", "cpu"];
}

function usage(): string {
  return `Usage: deno task bench:peers [flags]

  --steps LIST     steps to compare, comma-separated, from ${STEP_IDS.join(", ")}
                   (default all)
  --backends LIST  tfjs backends, comma-separated, from ${BACKENDS.join(", ")}
                   (default ${defaultBackends().join(",")}; webgpu only when named)
  --threads LIST   PyTorch thread counts (default 1,2); also the BLAS thread counts of a
                   backend whose matMul runs on a system BLAS (wasm with OpenBLAS)
  --samples N      MNIST training rows per epoch (default 5000, at least 100); the
                   fixed-point iteration runs over twice as many (10,000 by default)
  --repeats N      timed epochs per side; the median is reported (default 3)
  --rounds N       alternate the two sides N times; the median ratio is reported
                   (default 1)
  --out DIR        results folder (default results/bench)
  --help           show this text

tfjs itself is single-threaded on cpu and wasm. SPARSE_AE_BLAS=0 keeps wasm's matMul in wasm.`;
}

function parseBenchArgs(argv: string[]): BenchArgs {
  const values = parseFlags(argv, {
    steps: "string",
    backends: "string",
    threads: "string",
    samples: "string",
    repeats: "string",
    rounds: "string",
    out: "string",
    help: "boolean",
  }, usage());
  const integer = (name: string, fallback: number, min: number, max = Infinity): number => {
    const v = values[name] as string | undefined;
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(
        `--${name} must be an integer ${max < Infinity ? `in [${min}, ${max}]` : `>= ${min}`}, ` +
          `got "${v}"`,
      );
    }
    return n;
  };
  const list = (name: string): string[] | undefined => {
    const v = values[name] as string | undefined;
    if (v === undefined) return undefined;
    const items = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (items.length === 0) throw new UsageError(`--${name} is empty`);
    if (new Set(items).size !== items.length) {
      throw new UsageError(`--${name} lists an entry twice: "${v}"`);
    }
    return items;
  };
  const stepIds = list("steps") ?? STEP_IDS;
  for (const id of stepIds) {
    if (!STEP_IDS.includes(id)) {
      throw new UsageError(`Unknown step "${id}" in --steps: use ${STEP_IDS.join(", ")}`);
    }
  }
  const backends = list("backends") ?? defaultBackends();
  for (const b of backends) {
    if (!(BACKENDS as readonly string[]).includes(b)) {
      throw new UsageError(`Unknown backend "${b}" in --backends: use ${BACKENDS.join(", ")}`);
    }
  }
  const threads = (list("threads") ?? ["1", "2"]).map((t) => {
    const n = Number(t);
    if (!Number.isInteger(n) || n < 1) {
      throw new UsageError(`--threads takes positive integers, got "${t}"`);
    }
    return n;
  });
  return {
    steps: STEPS.filter((s) => stepIds.includes(s.id)),
    backends,
    threads,
    samples: integer("samples", 5000, 100, 60000),
    repeats: integer("repeats", 3, 1),
    rounds: integer("rounds", 1, 1),
    out: (values.out as string | undefined) ?? "results/bench",
    help: Boolean(values.help),
  };
}

// ---------------------------------------------------------------------------------------

function loadAverage(): string | null {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return null;
  }
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

const fmt = (x: number) => x.toFixed(x >= 100 ? 0 : 1);
const unitOf = (step: StepDefinition) => step.fixedPoints ? "samples x iterations/s" : "samples/s";
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

await runMain(async () => {
  const args = parseBenchArgs(Deno.args);
  if (args.help) {
    console.log(usage());
    return;
  }
  const started = performance.now();
  const loadBefore = loadAverage();
  await requireTorch();

  const n = args.samples;
  const dir = await Deno.makeTempDir({ prefix: "bench-peers-" });
  /** Each step's rows, and their files for the Python side, by scale, row count and labels. */
  const inputs = new Map<string, { data: ArrayData; path: string; labels?: string }>();
  const inputsOf = async (step: StepDefinition) => {
    const scale = step.scale ?? "unit-interval";
    const rows = step.rows?.(n) ?? n;
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
  const ours: {
    step: StepDefinition;
    backend: string;
    /** What the table shows. */
    threads: string;
    /** The count set, for backends with thread control. */
    threadCount?: number;
    /** How the backend computes matrix products, as useBackend reports it. */
    matmul: string | null;
    /** Where the sigmoid and the recurrence loops run (useBackend's `elementwise`). */
    elementwise: string | null;
    result: OursResult;
    /** The round, from 0. */
    round: number;
  }[] = [];
  const torch: { step: StepDefinition; threads: number; result: TorchResult; round: number }[] = [];
  const checks: Record<string, TorchResult> = {};
  /** Per step: the rows it ran on, and the relative difference of the fixed points. */
  const stepRows: Record<string, number> = {};
  const pointDiffs = new Map<OursResult, number>();
  try {
    console.error(
      `bench:peers: ${n} MNIST training rows, ${plural(args.repeats, "timed epoch")} per side ` +
        `after ${WARMUP_STEPS} warm-up steps; load average ${loadBefore ?? "unknown"}. ` +
        `tfjs in Deno runs single-threaded on the cpu and wasm backends.`,
    );
    for (const step of args.steps) {
      const { data, path: dataPath, labels: labelsPath } = await inputsOf(step);
      stepRows[step.id] = data.n;
      const batch = step.pythonArgs.batch;
      const checkSteps = step.fixedPoints
        ? FIXED_POINT_ITERATIONS
        : Math.min(CHECK_STEPS, Math.floor(data.n / batch));
      if (checkSteps < 1) {
        throw new UsageError(`--samples must be at least ${batch} for ${step.id}`);
      }
      // the two sides alternate, round after round: ours on every backend, then torch
      for (let round = 0; round < args.rounds; round++) {
        const tag = args.rounds > 1 ? ` (round ${round + 1}/${args.rounds})` : "";
        for (const backend of args.backends) {
          let report = await useBackend(backend as BackendName);
          for (const threads of threadControlled(report) ? args.threads : [undefined]) {
            if (threads !== undefined) {
              report = await useBackend(backend as BackendName, { blasThreads: threads });
            }
            const label = await threadingOf(report, threads);
            const tensorsBefore = tf.memory().numTensors;
            const result = await step.ours({
              data,
              seed: 1,
              threads: threads ?? 1,
              repeats: args.repeats,
              warmupSteps: WARMUP_STEPS,
              checkSteps,
              dir,
            });
            const leaked = tf.memory().numTensors - tensorsBefore;
            if (leaked > 0) {
              console.error(`warning: ${leaked} tensors still live after ${step.id} on ${backend}`);
            }
            ours.push({
              step,
              backend,
              threads: label,
              threadCount: threads,
              matmul: report.matmul ?? null,
              elementwise: report.elementwise ?? null,
              result,
              round,
            });
            console.error(
              `  ours  ${step.id} ${backend} [threads: ${label}]${tag}: ` +
                `${fmt(result.samplesPerSecond)} ${unitOf(step)}`,
            );
          }
        }
        const first = ours.find((o) => o.step === step)!.result;
        const base = {
          step: step.python,
          data: dataPath,
          labels: labelsPath,
          n: data.n,
          features: data.features,
          params: first.params,
          seed: 1,
          ...step.pythonArgs,
          ...first.pythonArgs,
        };
        if (round === 0) {
          const pointsOut = `${dir}/${step.id}-torch-points.f32`;
          checks[step.id] = await runTorch({
            ...base,
            mode: "check",
            steps: checkSteps,
            ...(step.fixedPoints
              ? { checkRows: Math.min(data.n, FIXED_POINT_CHECK_ROWS), pointsOut }
              : {}),
          }, 1);
          if (step.fixedPoints) {
            const theirs = await readFloat32Le(pointsOut);
            for (const o of ours.filter((o) => o.step === step)) {
              pointDiffs.set(o.result, relativeL2(o.result.checkPoints!, theirs));
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
          torch.push({ step, threads, result, round });
          console.error(
            `  torch ${step.id} ${threads} thread${threads > 1 ? "s" : ""}${tag}: ` +
              `${fmt(result.samplesPerSecond!)} ${unitOf(step)}`,
          );
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }

  // Consistency: the same steps from the same weights give the same loss on both sides.
  const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  // (the check runs in the first round; later rounds only time)
  const firstRound = ours.filter((o) => o.round === 0);
  const checkRows = firstRound.map((o) => {
    const t = checks[o.step.id].check!;
    const c = o.result.check;
    const points = pointDiffs.get(o.result);
    // The fixed points: the points and the mean step length over the iterations. The last
    // step length is left out: once converged it is float32 rounding (about 1e-6) on both sides.
    const diff = points === undefined
      ? Math.max(relDiff(c.finalLoss, t.finalLoss), relDiff(c.epochLoss, t.epochLoss))
      : Math.max(points, relDiff(c.epochLoss, t.epochLoss));
    const tolerance = o.step.tolerance ?? CHECK_TOLERANCE;
    return {
      step: o.step.id,
      backend: o.backend,
      threads: o.threads,
      steps: c.steps,
      oursEpochLoss: c.epochLoss,
      torchEpochLoss: t.epochLoss,
      oursFinalLoss: c.finalLoss,
      torchFinalLoss: t.finalLoss,
      pointsRelDiff: points,
      relDiff: diff,
      tolerance,
      passed: diff <= tolerance,
    };
  });

  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  const rows: ResultsRow[] = [];
  for (const [i, o] of firstRound.entries()) {
    const check = checkRows[i];
    const mine = ours.filter((p) =>
      p.step === o.step && p.backend === o.backend && p.threadCount === o.threadCount
    );
    const threadCounts = o.threadCount === undefined ? args.threads : [o.threadCount];
    for (const threads of threadCounts) {
      // ratios within a round: the two sides ran back to back under the same load
      const pairs = mine.map((p) => {
        const t = torch.find((t) =>
          t.step === o.step && t.threads === threads && t.round === p.round
        )!;
        return { ours: p.result.samplesPerSecond, torch: t.result.samplesPerSecond! };
      });
      const ratios = pairs.map((p) => p.ours / p.torch);
      rows.push({
        row: `${o.step.label}, ${o.backend}` +
          (o.threadCount === undefined ? "" : ` ${plural(o.threadCount, "thread")}`) +
          ` vs torch ${plural(threads, "thread")}`,
        paper: median(pairs.map((p) => p.torch)),
        ours: median(pairs.map((p) => p.ours)),
        ratio: median(ratios),
        ratioMin: Math.min(...ratios),
        ratioMax: Math.max(...ratios),
        step: o.step.label,
        backend: o.backend,
        oursThreads: o.threads,
        torchThreads: threads,
        lossRelDiff: check.relDiff,
        samples: stepRows[o.step.id],
        repeats: args.repeats,
        rounds: args.rounds,
      });
    }
  }
  const torchInfo = Object.values(checks)[0];
  const wallSeconds = (performance.now() - started) / 1000;
  const loadAfter = loadAverage();
  const notes = [
    `Training samples/second, median of ${plural(args.repeats, "timed epoch")} over the first ` +
    `${n} MNIST training rows (the "samples" column), after ${WARMUP_STEPS} warm-up steps; ` +
    `batch assembly included, shuffled with a fixed seed. The fixed-point row reports ` +
    `samples x iterations per second of ${FIXED_POINT_ITERATIONS} iterations x <- r(x) over ` +
    `its rows (iterateToFixedPoints against batched torch.no_grad). In this table the "paper" column holds PyTorch's samples/s ` +
    `(torch ${torchInfo.torch}, /usr/bin/python3, OpenMP/BLAS threads as in torchThreads) and ` +
    `"ours" the package's train() loop; ratio = ours / torch. With ${
      plural(args.rounds, "round")
    }` +
    (args.rounds > 1
      ? `, the two sides alternated (ours, torch, ours, ...): ratio is the median of the ` +
        `per-round ratios, ratioMin and ratioMax their range, paper and ours the median rates.`
      : `.`),
    `tfjs in Deno runs single-threaded on the cpu and wasm backends. The two sides ran one ` +
    `after the other on a ${navigator.hardwareConcurrency}-core machine (load average ` +
    `${loadBefore ?? "?"} before, ${loadAfter ?? "?"} after): compare ratios, not absolute times.`,
    `lossRelDiff: relative difference of the losses after the same (up to ${CHECK_STEPS}) ` +
    `unshuffled steps from the same initial weights (tolerance ${CHECK_TOLERANCE}; walkback ` +
    `without noise on both sides); for the fixed points, of the points after ` +
    `${FIXED_POINT_ITERATIONS} iterations and of the mean over the iterations of the mean ` +
    `step length (tolerance ${FIXED_POINT_TOLERANCE}; the last step length, float32 rounding ` +
    `once converged, is shown only).`,
  ].join("\n\n");
  await writeResultsTable(args.out, "peers", rows, {
    title: "Training speed beside PyTorch (CPU)",
    notes,
    columnDigits: { paper: 0, ours: 0, ratio: 3, ratioMin: 3, ratioMax: 3, lossRelDiff: 7 },
  });
  const meta = await runMetadata({
    preset: "bench",
    epochs: args.repeats,
    seeds: 1,
    backend: args.backends.join(","),
    dataset: `mnist (first ${n} training rows; ${
      Object.entries(stepRows).map(([k, v]) => `${k}: ${v}`).join(", ")
    })`,
    wallSeconds,
    extra: {
      torch: torchInfo.torch,
      numpy: torchInfo.numpy,
      python: torchInfo.python,
      pythonPath: PYTHON,
      torchThreads: args.threads,
      samples: n,
      steps: args.steps.map((s) => s.id),
      stepRows,
      repeats: args.repeats,
      rounds: args.rounds,
      warmupSteps: WARMUP_STEPS,
      checkTolerance: CHECK_TOLERANCE,
      fixedPointTolerance: FIXED_POINT_TOLERANCE,
      checksPassed: checkRows.every((c) => c.passed),
      checks: checkRows,
      loadAverage: { before: loadBefore, after: loadAfter },
      ours: ours.map((o) => ({
        step: o.step.id,
        backend: o.backend,
        threads: o.threads,
        matmul: o.matmul,
        elementwise: o.elementwise,
        round: o.round,
        samplesPerSecond: o.result.samplesPerSecond,
        epochSeconds: o.result.epochSeconds,
      })),
      pytorch: torch.map((t) => ({
        step: t.step.id,
        threads: t.threads,
        reportedThreads: t.result.threads,
        env: t.result.env,
        round: t.round,
        samplesPerSecond: t.result.samplesPerSecond,
        epochSeconds: t.result.epochSeconds,
      })),
    },
  });
  await writeMetadata(args.out, "peers", meta);

  console.log(formatMarkdownTable(
    rows.map((r) => ({
      step: r.step,
      "ours backend": r.backend,
      "ours threads": r.oursThreads,
      "ours samples/s": r.ours,
      "torch threads": r.torchThreads,
      "torch samples/s": r.paper,
      "ratio ours/torch": r.ratio,
    })),
    { columnDigits: { "ours samples/s": 0, "torch samples/s": 0, "ratio ours/torch": 3 } },
  ));
  console.log(
    "tfjs in Deno is single-threaded on cpu and wasm; ratios matter, not absolute times.",
  );
  for (const c of checkRows) {
    const what = c.pointsRelDiff === undefined
      ? `loss after ${c.steps} steps ours ${c.oursFinalLoss.toFixed(5)}, torch ` +
        `${c.torchFinalLoss.toFixed(5)}; epoch loss ours ${c.oursEpochLoss.toFixed(5)}, torch ` +
        `${c.torchEpochLoss.toFixed(5)}`
      : `last mean step length after ${c.steps} iterations ours ` +
        `${c.oursFinalLoss.toExponential(5)}, torch ${c.torchFinalLoss.toExponential(5)}; mean ` +
        `over the iterations ours ${c.oursEpochLoss.toExponential(5)}, torch ` +
        `${c.torchEpochLoss.toExponential(5)}; points ${c.pointsRelDiff.toExponential(2)}`;
    console.log(
      `consistency ${c.step} ${c.backend} [threads: ${c.threads}]: ${what}; relative ` +
        `difference ${c.relDiff.toExponential(2)} ${c.passed ? "(passed)" : "(FAILED)"}`,
    );
  }
  console.error(
    `bench:peers: wrote ${args.out}/peers.{md,csv,json} in ${wallSeconds.toFixed(1)} s`,
  );
  const failed = checkRows.filter((c) => !c.passed);
  if (failed.length > 0) {
    throw new Error(
      `Consistency check failed for ${
        failed.map((c) => `${c.step} on ${c.backend}`).join(", ")
      }: the two sides do not compute the same step (relative difference above its tolerance)`,
    );
  }
});
