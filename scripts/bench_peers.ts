/**
 * Training speed side by side with PyTorch on the CPU, in one invocation:
 *
 *   deno task bench:peers [--backends wasm,cpu] [--threads 1,2] [--samples 5000]
 *                         [--repeats 3] [--out results/bench]
 *
 * For every step definition in {@link STEPS} (now the k-sparse autoencoder of Makhzani &
 * Frey), every tfjs backend in `--backends` and PyTorch (Debian's `python3-torch` under
 * `/usr/bin/python3`, `scripts/peers/torch_steps.py`) at every thread count in `--threads`
 * train on the same first `--samples` MNIST training rows. Each side warms up, then times
 * whole epochs with a fixed shuffle (batch assembly included) and reports the median
 * samples/second. Our side times the package's real `train()` loop. The two sides run one
 * after the other, never at once.
 *
 * Before timing, both sides start from the same initial weights (ours, written to a temp
 * file), take the same unshuffled steps, and the losses are compared: they must agree to
 * {@link CHECK_TOLERANCE} relative, or the run fails after writing its files.
 *
 * Writes `peers.md`, `peers.csv` (the "paper" column holds PyTorch's samples/s) and
 * `peers.json` (run metadata, versions of torch and numpy, every raw timing) to `--out`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { tf, type Variable } from "../lib/tf.ts";
import { type BackendName, type BackendReport, BACKENDS, useBackend } from "../lib/backend.ts";
import { runMain, UsageError } from "../lib/cli.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { runMetadata, writeMetadata } from "../lib/io/metadata.ts";
import { formatMarkdownTable, type ResultsRow, writeResultsTable } from "../lib/io/table.ts";
import { kSparseAutoencoder } from "../lib/models/ksparse.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { type ArrayData, meanLoss, train } from "../lib/train/train.ts";
import type { Trainable } from "../lib/train/types.ts";

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

// ---------------------------------------------------------------------------------------
// Step definitions: one per model to compare; the Python side has a function of the same name.

/** What a step's `ours` function gets. */
interface StepSettings {
  /** The training rows (the same rows the Python side reads). */
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
  /** Unshuffled steps of the consistency check. */
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
  /** Mean over the steps of each step's (pre-update) loss. */
  epochLoss: number;
  /** The loss over the same rows after the steps. */
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
  /** Our side on the active backend: check, warm up, time. */
  ours(settings: StepSettings): Promise<OursResult>;
}

/**
 * The steps compared. To add one (DrSAE 784-400 T=11 batch 100; walkback DAE 784-500 k=3
 * batch 20; the DAE's fixed-point iteration over 10,000 samples), add an entry here and a
 * function of the same name to STEPS in scripts/peers/torch_steps.py.
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
        const timed = await timeTraining(model, { batchSize: 100, learningRate: 0.01 }, s);
        return { ...timed, params };
      } finally {
        model.dispose();
      }
    },
  },
];

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

/** Check, warm up and time `model` with the package's trainer: SGD, momentum 0.9. */
async function timeTraining(
  model: Trainable,
  hp: { batchSize: number; learningRate: number },
  s: StepSettings,
): Promise<Omit<OursResult, "params">> {
  const { batchSize, learningRate } = hp;
  const rows = (n: number): ArrayData => ({
    x: s.data.x.subarray(0, Math.min(s.data.n, n) * s.data.features),
    n: Math.min(s.data.n, n),
    features: s.data.features,
  });

  // Consistency check: unshuffled steps from the initial parameters, then the loss.
  const checkData = rows(s.checkSteps * batchSize);
  const checkOpt = sgd({ momentum: 0.9 });
  let check: CheckLosses;
  try {
    const r = await train(model, checkData, {
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
      finalLoss: await meanLoss(model, checkData),
    };
  } finally {
    checkOpt.dispose();
  }

  const optimizer = sgd({ momentum: 0.9 });
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
    env: { OMP_NUM_THREADS: n, MKL_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n },
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
  backends: string[];
  threads: number[];
  samples: number;
  repeats: number;
  out: string;
  help: boolean;
}

/** Backends run by default; webgpu only when named (it is software Vulkan on CPU machines). */
function defaultBackends(): string[] {
  return ["wasm", "cpu"];
}

function usage(): string {
  return `Usage: deno task bench:peers [flags]

  --backends LIST  tfjs backends, comma-separated, from ${BACKENDS.join(", ")}
                   (default ${defaultBackends().join(",")}; webgpu only when named)
  --threads LIST   PyTorch thread counts (default 1,2); also the BLAS thread counts of a
                   backend whose matMul runs on a system BLAS (wasm with OpenBLAS)
  --samples N      MNIST training rows per epoch (default 5000, at least 100)
  --repeats N      timed epochs per side; the median is reported (default 3)
  --out DIR        results folder (default results/bench)
  --help           show this text

tfjs itself is single-threaded on cpu and wasm. SPARSE_AE_BLAS=0 keeps wasm's matMul in wasm.`;
}

function parseBenchArgs(argv: string[]): BenchArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        backends: { type: "string" },
        threads: { type: "string" },
        samples: { type: "string" },
        repeats: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = msg.match(/Unknown option '([^']+)'/);
    const text = unknown
      ? `Unknown flag ${unknown[1]}`
      : msg.replace(/\.$/, "").replace(/To specify .*$/s, "").trim();
    throw new UsageError(`${text}\n\n${usage()}`);
  }
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
    backends,
    threads,
    samples: integer("samples", 5000, 100, 60000),
    repeats: integer("repeats", 3, 1),
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
    return `${threads} (matMul on ${library}; other ops single-threaded)`;
  }
  if (backend === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    return `${getThreadsCount()} (single-threaded${simd ? ", SIMD" : ""}; matMul in wasm)`;
  }
  return "1 (single-threaded)";
}

const fmt = (x: number) => x.toFixed(x >= 100 ? 0 : 1);
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

  const mnist = await loadDataset("mnist");
  const n = args.samples;
  const features = mnist.train.features;
  const data: ArrayData = { x: mnist.train.x.slice(0, n * features), n, features };
  const dir = await Deno.makeTempDir({ prefix: "bench-peers-" });
  const ours: {
    step: StepDefinition;
    backend: string;
    /** What the table shows. */
    threads: string;
    /** The count set, for backends with thread control. */
    threadCount?: number;
    /** How the backend computes matrix products, as useBackend reports it. */
    matmul: string | null;
    result: OursResult;
  }[] = [];
  const torch: { step: StepDefinition; threads: number; result: TorchResult }[] = [];
  const checks: Record<string, TorchResult> = {};
  try {
    const dataPath = `${dir}/mnist-train-${n}.f32`;
    await Deno.writeFile(dataPath, float32Le(data.x));
    console.error(
      `bench:peers: ${n} MNIST training rows, ${plural(args.repeats, "timed epoch")} per side ` +
        `after ${WARMUP_STEPS} warm-up steps; load average ${loadBefore ?? "unknown"}. ` +
        `tfjs in Deno runs single-threaded on the cpu and wasm backends.`,
    );
    for (const step of STEPS) {
      const batch = step.pythonArgs.batch;
      const checkSteps = Math.min(CHECK_STEPS, Math.floor(n / batch));
      if (checkSteps < 1) {
        throw new UsageError(`--samples must be at least ${batch} for ${step.id}`);
      }
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
            result,
          });
          console.error(
            `  ours  ${step.id} ${backend} [threads: ${label}]: ` +
              `${fmt(result.samplesPerSecond)} samples/s`,
          );
        }
      }
      const params = ours.find((o) => o.step === step)!.result.params;
      const base = {
        step: step.python,
        data: dataPath,
        n,
        features,
        params,
        seed: 1,
        ...step.pythonArgs,
      };
      checks[step.id] = await runTorch({ ...base, mode: "check", steps: checkSteps }, 1);
      for (const threads of args.threads) {
        const result = await runTorch({
          ...base,
          mode: "time",
          warmup: WARMUP_STEPS,
          repeats: args.repeats,
        }, threads);
        torch.push({ step, threads, result });
        console.error(
          `  torch ${step.id} ${threads} thread${threads > 1 ? "s" : ""}: ` +
            `${fmt(result.samplesPerSecond!)} samples/s`,
        );
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }

  // Consistency: the same steps from the same weights give the same loss on both sides.
  const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  const checkRows = ours.map((o) => {
    const t = checks[o.step.id].check!;
    const c = o.result.check;
    const diff = Math.max(relDiff(c.finalLoss, t.finalLoss), relDiff(c.epochLoss, t.epochLoss));
    return {
      step: o.step.id,
      backend: o.backend,
      threads: o.threads,
      steps: c.steps,
      oursEpochLoss: c.epochLoss,
      torchEpochLoss: t.epochLoss,
      oursFinalLoss: c.finalLoss,
      torchFinalLoss: t.finalLoss,
      relDiff: diff,
      passed: diff <= CHECK_TOLERANCE,
    };
  });

  const rows: ResultsRow[] = [];
  for (const [i, o] of ours.entries()) {
    const check = checkRows[i];
    const peers = torch.filter((t) =>
      t.step === o.step && (o.threadCount === undefined || t.threads === o.threadCount)
    );
    for (const t of peers) {
      const tps = t.result.samplesPerSecond!;
      rows.push({
        row: `${o.step.label}, ${o.backend}` +
          (o.threadCount === undefined ? "" : ` ${plural(o.threadCount, "thread")}`) +
          ` vs torch ${plural(t.threads, "thread")}`,
        paper: tps,
        ours: o.result.samplesPerSecond,
        ratio: o.result.samplesPerSecond / tps,
        step: o.step.label,
        backend: o.backend,
        oursThreads: o.threads,
        torchThreads: t.threads,
        lossRelDiff: check.relDiff,
        samples: n,
        repeats: args.repeats,
      });
    }
  }
  const torchInfo = Object.values(checks)[0];
  const wallSeconds = (performance.now() - started) / 1000;
  const loadAfter = loadAverage();
  const notes = [
    `Training samples/second, median of ${plural(args.repeats, "timed epoch")} over the first ` +
    `${n} MNIST training rows, after ${WARMUP_STEPS} warm-up steps; batch assembly included, ` +
    `shuffled with a fixed seed. In this table the "paper" column holds PyTorch's samples/s ` +
    `(torch ${torchInfo.torch}, /usr/bin/python3, OpenMP/BLAS threads as in torchThreads) and ` +
    `"ours" the package's train() loop; ratio = ours / torch.`,
    `tfjs in Deno runs single-threaded on the cpu and wasm backends. The two sides ran one ` +
    `after the other on a ${navigator.hardwareConcurrency}-core machine (load average ` +
    `${loadBefore ?? "?"} before, ${loadAfter ?? "?"} after): compare ratios, not absolute times.`,
    `lossRelDiff: relative difference of the losses after the same ${
      checkRows[0]?.steps ?? CHECK_STEPS
    } unshuffled steps from the same initial weights (tolerance ${CHECK_TOLERANCE}).`,
  ].join("\n\n");
  await writeResultsTable(args.out, "peers", rows, {
    title: "Training speed beside PyTorch (CPU)",
    notes,
    columnDigits: { paper: 0, ours: 0, ratio: 3, lossRelDiff: 7 },
  });
  const meta = await runMetadata({
    preset: "bench",
    epochs: args.repeats,
    seeds: 1,
    backend: args.backends.join(","),
    dataset: `mnist (first ${n} training rows)`,
    wallSeconds,
    extra: {
      torch: torchInfo.torch,
      numpy: torchInfo.numpy,
      python: torchInfo.python,
      pythonPath: PYTHON,
      torchThreads: args.threads,
      samples: n,
      repeats: args.repeats,
      warmupSteps: WARMUP_STEPS,
      checkTolerance: CHECK_TOLERANCE,
      checksPassed: checkRows.every((c) => c.passed),
      checks: checkRows,
      loadAverage: { before: loadBefore, after: loadAfter },
      ours: ours.map((o) => ({
        step: o.step.id,
        backend: o.backend,
        threads: o.threads,
        matmul: o.matmul,
        samplesPerSecond: o.result.samplesPerSecond,
        epochSeconds: o.result.epochSeconds,
      })),
      pytorch: torch.map((t) => ({
        step: t.step.id,
        threads: t.threads,
        reportedThreads: t.result.threads,
        env: t.result.env,
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
    console.log(
      `consistency ${c.step} ${c.backend} [threads: ${c.threads}]: loss after ${c.steps} steps ours ` +
        `${c.oursFinalLoss.toFixed(5)}, torch ${c.torchFinalLoss.toFixed(5)}; epoch loss ours ` +
        `${c.oursEpochLoss.toFixed(5)}, torch ${c.torchEpochLoss.toFixed(5)}; relative ` +
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
      }: the two sides do not compute the same step (relative difference above ${CHECK_TOLERANCE})`,
    );
  }
});
