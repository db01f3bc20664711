/**
 * The k-sparse step group of the peer benchmark (`--only ksparse`): the k-sparse autoencoder's
 * training step (784 inputs, tied weights, batch 100, momentum SGD) at several (hidden n, k),
 * ours with the automatic path (over the k active columns on cpu and wasm) and with
 * `step: "dense"`, against PyTorch at one thread doing the same step densely (topk, a 0/1 mask,
 * dense products, autograd: `ksparse` in `./torch_steps.py`) and over the support with the
 * backward written out (`ksparse_sparse`: CSR products, index_select and index_add). A
 * 1024 x 1024 x 1024 float32 product on each side calibrates the machine's single-thread sgemm
 * rate in the same run.
 *
 * Per shape, round after round: ours (automatic), ours (dense), PyTorch dense, PyTorch sparse,
 * one after the other; the ratios are taken within each round and the table reports their
 * medians (`./ksparse_report.ts`). Every side times `--repeats` passes (epochs) over the same
 * first MNIST rows with a fixed shuffle, batch assembly included, after a few untimed steps.
 * In the first round each side also runs the consistency check: the same unshuffled steps from
 * the same initial weights, whose losses must agree.
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import { type BackendName, useBackend } from "../../lib/backend.ts";
import { loadDataset } from "../../lib/data/mnist.ts";
import { type ArrayData, firstRows } from "../../lib/data/rows.ts";
import { kSparseAutoencoder } from "../../lib/models/ksparse.ts";
import { kSparseSparseStep } from "../../lib/ops/ksparse_step.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { meanLoss, train } from "../../lib/train/train.ts";
import { UsageError } from "../../repro/cli.ts";
import type { BenchArgs } from "./flags.ts";
import { runTorch } from "./torch.ts";
import { built, float32Le, writeParams } from "./timing.ts";
import { CHECK_STEPS, type CheckLosses, median, type TorchResult, WARMUP_STEPS } from "./types.ts";

/** One (hidden units, k) setting of the group. */
export interface KSparseShape {
  /** Hidden units n. */
  hidden: number;
  /** Units kept per example. */
  k: number;
}

/** The settings measured by default: n = 1000 across k, and k = 25 across n. */
export const KSPARSE_SHAPES: readonly KSparseShape[] = [
  { hidden: 1000, k: 10 },
  { hidden: 1000, k: 25 },
  { hidden: 1000, k: 40 },
  { hidden: 1000, k: 100 },
  { hidden: 4000, k: 25 },
  { hidden: 16384, k: 25 },
];

/** Minibatch rows. */
export const KSPARSE_BATCH = 100;
/** The step's learning rate and momentum (Makhzani & Frey, Sec. 4.2.2), on both sides. */
export const KSPARSE_SGD = { learningRate: 0.01, momentum: 0.9 } as const;
/** Side of the square float32 product that calibrates the sgemm rate. */
export const SGEMM_SIZE = 1024;

/**
 * The shapes of `--shapes`, "N:K" pairs separated by commas; a UsageError names a bad one.
 *
 * @example
 * ```ts
 * import { parseShapes } from "./ksparse_sweep.ts";
 * console.log(parseShapes("1000:25,64:4")); // [{ hidden: 1000, k: 25 }, { hidden: 64, k: 4 }]
 * ```
 */
export function parseShapes(text: string): KSparseShape[] {
  const items = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UsageError("--shapes is empty");
  return items.map((item) => {
    const m = item.match(/^(\d+):(\d+)$/);
    const hidden = Number(m?.[1]);
    const k = Number(m?.[2]);
    if (!m || hidden < 1 || k < 1 || k > hidden) {
      throw new UsageError(
        `--shapes takes N:K pairs with 1 <= K <= N (hidden units : units kept), got "${item}"`,
      );
    }
    return { hidden, k };
  });
}

/**
 * Steps per timed pass at `hidden` units: `samples / batch` at n = 1000, fewer in proportion
 * to n above it (a pass takes about as long at every n), at least 2.
 */
export function stepsPerPass(samples: number, hidden: number): number {
  return Math.max(2, Math.round((samples / KSPARSE_BATCH) * Math.min(1, 1000 / hidden)));
}

/** The four sides of the group. */
export type KSparseSide = "ours" | "oursDense" | "torchDense" | "torchSparse";
/** The sides, in run order within a round. */
export const KSPARSE_SIDES: readonly KSparseSide[] = [
  "ours",
  "oursDense",
  "torchDense",
  "torchSparse",
];

/** One timing of one side. */
export interface KSparseTiming {
  /** The shape. */
  shape: KSparseShape;
  /** The backend of our sides. */
  backend: string;
  /** Which side. */
  side: KSparseSide;
  /** The round, from 0. */
  round: number;
  /** Median milliseconds per step over the passes. */
  msPerStep: number;
  /** Seconds of each timed pass. */
  passSeconds: number[];
}

/** Everything the group measured on one backend. */
export interface KSparseRuns {
  /** The backend of our sides. */
  backend: string;
  /** How the backend computes matrix products (useBackend's `matmul`). */
  matmul: string | null;
  /** Whether the automatic path took the step over the support. */
  sparsePath: boolean;
  /** Every timing, in run order. */
  timings: KSparseTiming[];
  /** Our sgemm GFLOP/s, one per shape and round. */
  oursSgemm: number[];
  /** PyTorch's sgemm GFLOP/s at one thread, one per shape and round. */
  torchSgemm: number[];
  /** The first round's check losses, by shape ("n:k") and side. */
  checks: Record<string, Partial<Record<KSparseSide, CheckLosses>>>;
  /** Steps per timed pass, by shape ("n:k"). */
  steps: Record<string, number>;
  /** PyTorch's versions, from its first answer. */
  torch?: TorchResult;
}

/** "n:k", the key of a shape. */
export const shapeKey = (s: KSparseShape): string => `${s.hidden}:${s.k}`;

/** Our sgemm rate: median GFLOP/s of 5 products of [size, size] float32 matrices. */
async function oursSgemm(size: number): Promise<number> {
  const a = tf.randomUniform([size, size], 0, 1, "float32", 1) as tf.Tensor2D;
  const b = tf.randomUniform([size, size], 0, 1, "float32", 2) as tf.Tensor2D;
  const once = async () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const seconds = (performance.now() - t0) / 1000;
    c.dispose();
    return seconds;
  };
  try {
    await once();
    const seconds: number[] = [];
    for (let i = 0; i < 5; i++) seconds.push(await once());
    return 2 * size ** 3 / median(seconds) / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** What our side of one shape keeps across rounds: the model and its optimizer. */
interface OursSide {
  model: ReturnType<typeof kSparseAutoencoder>;
  optimizer: ReturnType<typeof sgd>;
}

/** The check (first round only), a few untimed steps, then `repeats` timed passes. */
async function timeOursSide(
  side: OursSide,
  data: ArrayData,
  args: BenchArgs,
  checkSteps: number,
  round: number,
): Promise<{ passSeconds: number[]; check?: CheckLosses }> {
  const { model, optimizer } = side;
  const { learningRate } = KSPARSE_SGD;
  let check: CheckLosses | undefined;
  if (round === 0) {
    const checkData = firstRows(data, checkSteps * KSPARSE_BATCH);
    const r = await train(model, checkData, {
      epochs: 1,
      batchSize: KSPARSE_BATCH,
      optimizer,
      learningRate,
      shuffle: false,
    });
    check = {
      steps: checkSteps,
      rows: checkData.n,
      epochLoss: r.history[0].loss,
      finalLoss: await meanLoss(model, checkData),
    };
  }
  const warmup = Math.min(WARMUP_STEPS, data.n / KSPARSE_BATCH);
  await train(model, firstRows(data, warmup * KSPARSE_BATCH), {
    epochs: 1,
    batchSize: KSPARSE_BATCH,
    optimizer,
    learningRate,
    shuffle: false,
  });
  const r = await train(model, data, {
    epochs: args.repeats,
    batchSize: KSPARSE_BATCH,
    optimizer,
    learningRate,
    seed: 1,
  });
  return { passSeconds: r.history.map((h) => h.seconds), check };
}

/** Run the group on every backend of `args`; our products at one thread where settable. */
export async function runKSparseSweep(args: BenchArgs): Promise<KSparseRuns[]> {
  const dir = await Deno.makeTempDir({ prefix: "bench-ksparse-" });
  const all: KSparseRuns[] = [];
  try {
    const maxRows = Math.max(...args.shapes.map((s) => stepsPerPass(args.samples, s.hidden))) *
      KSPARSE_BATCH;
    if (maxRows > 60000) throw new UsageError("--samples is too large for the k-sparse group");
    const { train: split } = await loadDataset("mnist", { scale: "unit-interval" });
    const files = new Map<number, string>();
    const rowsFile = async (rows: number) => {
      let path = files.get(rows);
      if (!path) {
        path = `${dir}/mnist-train-${rows}.f32`;
        await Deno.writeFile(path, float32Le(split.x.subarray(0, rows * split.features)));
        files.set(rows, path);
      }
      return path;
    };
    for (const backend of args.backends) {
      let report = await useBackend(backend as BackendName);
      if (report.matmul?.startsWith("blas")) {
        report = await useBackend(backend as BackendName, { kernels: { blasThreads: 1 } });
      }
      const runs: KSparseRuns = {
        backend,
        matmul: report.matmul ?? null,
        sparsePath: kSparseSparseStep(),
        timings: [],
        oursSgemm: [],
        torchSgemm: [],
        checks: {},
        steps: {},
      };
      all.push(runs);
      for (const shape of args.shapes) {
        await runShape(args, shape, runs, split, rowsFile, dir);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return all;
}

/** One shape on the active backend: every round of the four sides and the sgemm calibration. */
async function runShape(
  args: BenchArgs,
  shape: KSparseShape,
  runs: KSparseRuns,
  split: { x: Float32Array; features: number },
  rowsFile: (rows: number) => Promise<string>,
  dir: string,
): Promise<void> {
  const key = shapeKey(shape);
  const steps = stepsPerPass(args.samples, shape.hidden);
  runs.steps[key] = steps;
  const rows = steps * KSPARSE_BATCH;
  const data: ArrayData = {
    x: split.x.subarray(0, rows * split.features),
    n: rows,
    features: split.features,
  };
  const checkSteps = Math.min(CHECK_STEPS, steps);
  const path = await rowsFile(rows);
  const make = (step: "auto" | "dense"): OursSide => ({
    model: built(() =>
      kSparseAutoencoder({ inputs: data.features, hidden: shape.hidden, k: shape.k, seed: 1, step })
    ),
    optimizer: sgd({ momentum: KSPARSE_SGD.momentum }),
  });
  const ours: Record<"ours" | "oursDense", OursSide> = {
    ours: make("auto"),
    oursDense: make("dense"),
  };
  runs.checks[key] = {};
  try {
    const params = await writeParams(dir, `ksparse-${shape.hidden}`, ours.ours.model.params);
    const base = {
      data: path,
      n: rows,
      features: data.features,
      params,
      seed: 1,
      hidden: shape.hidden,
      k: shape.k,
      batch: KSPARSE_BATCH,
      lr: KSPARSE_SGD.learningRate,
      momentum: KSPARSE_SGD.momentum,
    };
    for (let round = 0; round < args.rounds; round++) {
      const tag = args.rounds > 1 ? ` (round ${round + 1}/${args.rounds})` : "";
      const record = (side: KSparseSide, passSeconds: number[]) => {
        const msPerStep = median(passSeconds) * 1000 / steps;
        runs.timings.push({ shape, backend: runs.backend, side, round, msPerStep, passSeconds });
        console.error(
          `  ksparse n=${shape.hidden} k=${shape.k} ${side} ${runs.backend}${tag}: ` +
            `${msPerStep.toFixed(2)} ms/step`,
        );
      };
      for (const side of ["ours", "oursDense"] as const) {
        const r = await timeOursSide(ours[side], data, args, checkSteps, round);
        if (r.check) runs.checks[key][side] = r.check;
        record(side, r.passSeconds);
      }
      runs.oursSgemm.push(await oursSgemm(SGEMM_SIZE));
      for (const side of ["torchDense", "torchSparse"] as const) {
        const python = side === "torchDense" ? "ksparse" : "ksparse_sparse";
        if (round === 0) {
          const c = await runTorch({ ...base, step: python, mode: "check", steps: checkSteps }, 1);
          runs.checks[key][side] = c.check!;
          runs.torch ??= c;
        }
        const t = await runTorch({
          ...base,
          step: python,
          mode: "time",
          warmup: Math.min(WARMUP_STEPS, steps),
          repeats: args.repeats,
          ...(side === "torchDense" ? { sgemm: SGEMM_SIZE } : {}),
        }, 1);
        if (t.sgemmGflops !== undefined) runs.torchSgemm.push(t.sgemmGflops);
        record(side, t.epochSeconds!);
      }
    }
  } finally {
    for (const s of Object.values(ours)) {
      s.optimizer.dispose();
      s.model.dispose();
    }
  }
}
