/**
 * The k-sparse step group's results (`--only ksparse`, `./ksparse_sweep.ts`): milliseconds per
 * step of each side, the within-round ratios PyTorch / ours (medians and range), the useful
 * GFLOP/s of our step against the machine's single-thread sgemm rate, and the consistency
 * checks; written as `ksparse.md`, `ksparse.csv` and `ksparse.json` beside the `peers` table.
 *
 * @module
 */
import { runMetadata, writeMetadata } from "../../lib/io/metadata.ts";
import { formatMarkdownTable, type ResultsRow, writeResultsTable } from "../../lib/io/table.ts";
import type { BenchArgs } from "./flags.ts";
import {
  KSPARSE_BATCH,
  KSPARSE_SGD,
  KSPARSE_SIDES,
  type KSparseRuns,
  type KSparseShape,
  type KSparseSide,
  SGEMM_SIZE,
  shapeKey,
} from "./ksparse_sweep.ts";
import { plural } from "./report.ts";
import { PYTHON } from "./torch.ts";
import { CHECK_TOLERANCE, median, WARMUP_STEPS } from "./types.ts";

/** "1 timed pass", "3 timed passes". */
export const passes = (n: number): string => `${n} timed pass${n === 1 ? "" : "es"}`;

/** Inputs of the k-sparse step (MNIST pixels). */
const INPUTS = 784;

/**
 * The useful floating-point operations of one k-sparse step: the dense encoder product and
 * the four products over the k active columns (decoder, dz and the two parts of dW),
 * (1 + 4k/n) x 2 x batch x inputs x n.
 *
 * @example
 * ```ts
 * import { usefulFlops } from "./ksparse_report.ts";
 * console.log(usefulFlops({ hidden: 1000, k: 25 }, 100, 784)); // 188160000
 * ```
 */
export function usefulFlops(shape: KSparseShape, batch: number, inputs: number): number {
  return (1 + (4 * shape.k) / shape.hidden) * 2 * batch * inputs * shape.hidden;
}

/** One side's consistency check against PyTorch's dense step. */
export interface KSparseCheckRow {
  /** "n:k". */
  shape: string;
  /** The backend of our sides. */
  backend: string;
  /** The side checked. */
  side: KSparseSide;
  /** Its loss after the check's steps. */
  finalLoss: number;
  /** PyTorch dense's. */
  torchDenseFinalLoss: number;
  /** Largest relative difference of the epoch and final losses. */
  relDiff: number;
  /** Whether it is within CHECK_TOLERANCE. */
  passed: boolean;
}

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** Every side's check against PyTorch dense, shape by shape. */
export function kSparseChecks(all: KSparseRuns[]): KSparseCheckRow[] {
  const out: KSparseCheckRow[] = [];
  for (const runs of all) {
    for (const [shape, checks] of Object.entries(runs.checks)) {
      const ref = checks.torchDense;
      for (const side of KSPARSE_SIDES.filter((s) => s !== "torchDense")) {
        const c = checks[side];
        if (!c || !ref) continue;
        const d = Math.max(
          relDiff(c.finalLoss, ref.finalLoss),
          relDiff(c.epochLoss, ref.epochLoss),
        );
        out.push({
          shape,
          backend: runs.backend,
          side,
          finalLoss: c.finalLoss,
          torchDenseFinalLoss: ref.finalLoss,
          relDiff: d,
          passed: d <= CHECK_TOLERANCE,
        });
      }
    }
  }
  return out;
}

/** The machine's single-thread sgemm rate of a run: PyTorch's (its native BLAS), median. */
export const machineSgemm = (runs: KSparseRuns): number => median(runs.torchSgemm);

/** The table: one row per backend and shape. */
export function kSparseRows(
  args: BenchArgs,
  all: KSparseRuns[],
  checks: KSparseCheckRow[],
): ResultsRow[] {
  const rows: ResultsRow[] = [];
  for (const runs of all) {
    const sgemm = machineSgemm(runs);
    for (const shape of args.shapes) {
      const key = shapeKey(shape);
      const of = (side: KSparseSide) =>
        runs.timings.filter((t) => shapeKey(t.shape) === key && t.side === side);
      const ms = (side: KSparseSide) => median(of(side).map((t) => t.msPerStep));
      // ratios within a round: the sides ran back to back under the same load
      const ratios = (side: KSparseSide) =>
        of("ours").map((o) => of(side).find((t) => t.round === o.round)!.msPerStep / o.msPerStep);
      const dense = ratios("torchDense");
      const sparse = ratios("torchSparse");
      const flops = usefulFlops(shape, KSPARSE_BATCH, INPUTS);
      const ours = ms("ours");
      const torchSparse = ms("torchSparse");
      const mine = checks.filter((c) => c.shape === key && c.backend === runs.backend);
      rows.push({
        row: `n=${shape.hidden} k=${shape.k}, ${runs.backend}`,
        paper: ms("torchDense"),
        ours,
        hidden: shape.hidden,
        k: shape.k,
        oursDense: ms("oursDense"),
        torchSparse,
        torchDenseRatio: median(dense),
        torchDenseRatioMin: Math.min(...dense),
        torchDenseRatioMax: Math.max(...dense),
        torchSparseRatio: median(sparse),
        torchSparseRatioMin: Math.min(...sparse),
        torchSparseRatioMax: Math.max(...sparse),
        oursDenseRatio: median(ratios("oursDense")),
        usefulGflops: flops / ours / 1e6,
        sgemmFraction: flops / ours / 1e6 / sgemm,
        torchSparseGflops: flops / torchSparse / 1e6,
        usefulMflopPerStep: flops / 1e6,
        backend: runs.backend,
        sparsePath: runs.sparsePath,
        steps: runs.steps[key],
        lossRelDiff: Math.max(...mine.map((c) => c.relDiff)),
        repeats: args.repeats,
        rounds: args.rounds,
      });
    }
  }
  return rows;
}

/** The table's columns, in order: sizes, times, ratios, rates, then the run's settings. */
const COLUMNS = [
  "row",
  "hidden",
  "k",
  "ours",
  "oursDense",
  "paper",
  "torchSparse",
  "torchDenseRatio",
  "torchDenseRatioMin",
  "torchDenseRatioMax",
  "torchSparseRatio",
  "torchSparseRatioMin",
  "torchSparseRatioMax",
  "oursDenseRatio",
  "usefulGflops",
  "sgemmFraction",
  "torchSparseGflops",
  "usefulMflopPerStep",
  "steps",
  "lossRelDiff",
  "backend",
  "sparsePath",
  "repeats",
  "rounds",
];

/** The notes under the table. */
function notes(
  args: BenchArgs,
  all: KSparseRuns[],
  torch: string,
  load: [string | null, string | null],
): string {
  const sgemm = all.map((r) =>
    `${r.backend}: PyTorch ${median(r.torchSgemm).toFixed(1)} GFLOP/s, ours ` +
    `${median(r.oursSgemm).toFixed(1)} GFLOP/s (matMul: ${r.matmul ?? "tfjs"}; automatic path ` +
    `${r.sparsePath ? "over the support" : "dense"})`
  ).join("; ");
  return [
    `Milliseconds per training step of the k-sparse autoencoder (${INPUTS} inputs, tied ` +
    `weights, batch ${KSPARSE_BATCH}, loss mean over the batch of ||x - (z_k W^T + b')||^2, ` +
    `gradients of W, b and b', SGD with momentum ${KSPARSE_SGD.momentum} and learning rate ` +
    `${KSPARSE_SGD.learningRate} on both sides), median over ${
      passes(args.repeats)
    } over the first steps x ${KSPARSE_BATCH} MNIST training rows ("steps" column), shuffled ` +
    `with a fixed seed, batch assembly included, after up to ${WARMUP_STEPS} untimed steps. ` +
    `"ours" is the package's train() with kSparseAutoencoder's automatic path, "oursDense" ` +
    `with step: "dense"; "paper" is PyTorch ${torch} at 1 thread doing the step densely ` +
    `(topk, a 0/1 mask, dense products, autograd), "torchSparse" PyTorch at 1 thread over the ` +
    `support with the backward written out (CSR products, index_select, index_add; ` +
    `ksparse_sparse in bench/peers/torch_steps.py). Our matrix products run at 1 thread too.`,
    `With ${plural(args.rounds, "round")} the four sides ran one after the other in each ` +
    `round (ours, ours dense, PyTorch dense, PyTorch sparse); torchDenseRatio = PyTorch dense ` +
    `/ ours and torchSparseRatio = PyTorch sparse / ours (> 1: ours faster), oursDenseRatio = ` +
    `ours dense / ours, each the median of the per-round ratios with its range; the ms columns ` +
    `are medians over the rounds.`,
    `usefulGflops: the step's useful work, (1 + 4k/n) x 2 x ${KSPARSE_BATCH} x ${INPUTS} x n ` +
    `flops (the dense encoder product and four products over the k active columns), per ` +
    `second of our step; sgemmFraction: that over the machine's single-thread sgemm rate, ` +
    `PyTorch's ${SGEMM_SIZE} x ${SGEMM_SIZE} x ${SGEMM_SIZE} float32 product measured in the ` +
    `same run (median over the rounds: ${sgemm}). torchSparseGflops: the same for PyTorch's ` +
    `sparse step.`,
    `lossRelDiff: the largest relative difference from PyTorch dense's losses after the same ` +
    `unshuffled steps from the same initial weights, over ours, ours dense and PyTorch sparse ` +
    `(tolerance ${CHECK_TOLERANCE}). The sides ran on a ${navigator.hardwareConcurrency}-core ` +
    `machine (load average ${load[0] ?? "?"} before, ${load[1] ?? "?"} after): compare ` +
    `ratios, not absolute times.`,
  ].join("\n\n");
}

/** Write `ksparse.md`, `ksparse.csv` and `ksparse.json` to `args.out`. */
export async function writeKSparseReport(
  args: BenchArgs,
  all: KSparseRuns[],
  checks: KSparseCheckRow[],
  rows: ResultsRow[],
  timing: { wallSeconds: number; loadBefore: string | null; loadAfter: string | null },
): Promise<void> {
  const torchInfo = all.find((r) => r.torch)?.torch;
  await writeResultsTable(args.out, "ksparse", rows, {
    columns: COLUMNS,
    title: "The k-sparse training step beside PyTorch, dense and sparse (CPU, 1 thread)",
    notes: notes(args, all, torchInfo?.torch ?? "?", [timing.loadBefore, timing.loadAfter]),
    columnDigits: {
      paper: 2,
      ours: 2,
      oursDense: 2,
      torchSparse: 2,
      torchDenseRatio: 2,
      torchDenseRatioMin: 2,
      torchDenseRatioMax: 2,
      torchSparseRatio: 2,
      torchSparseRatioMin: 2,
      torchSparseRatioMax: 2,
      oursDenseRatio: 2,
      usefulGflops: 1,
      sgemmFraction: 3,
      torchSparseGflops: 1,
      usefulMflopPerStep: 1,
      lossRelDiff: 7,
    },
  });
  const meta = await runMetadata({
    preset: "bench",
    epochs: args.repeats,
    seeds: 1,
    backend: args.backends.join(","),
    dataset: `mnist (first steps x ${KSPARSE_BATCH} training rows per shape)`,
    wallSeconds: timing.wallSeconds,
    extra: {
      group: "ksparse",
      torch: torchInfo?.torch,
      numpy: torchInfo?.numpy,
      python: torchInfo?.python,
      pythonPath: PYTHON,
      torchThreads: 1,
      shapes: args.shapes,
      batch: KSPARSE_BATCH,
      inputs: INPUTS,
      sgd: KSPARSE_SGD,
      samples: args.samples,
      repeats: args.repeats,
      rounds: args.rounds,
      warmupSteps: WARMUP_STEPS,
      sgemmSize: SGEMM_SIZE,
      checkTolerance: CHECK_TOLERANCE,
      checksPassed: checks.every((c) => c.passed),
      checks,
      loadAverage: { before: timing.loadBefore, after: timing.loadAfter },
      runs: all.map((r) => ({
        backend: r.backend,
        matmul: r.matmul,
        sparsePath: r.sparsePath,
        steps: r.steps,
        oursSgemmGflops: r.oursSgemm,
        torchSgemmGflops: r.torchSgemm,
        checkLosses: r.checks,
        timings: r.timings.map((t) => ({
          hidden: t.shape.hidden,
          k: t.shape.k,
          side: t.side,
          round: t.round,
          msPerStep: t.msPerStep,
          passSeconds: t.passSeconds,
        })),
      })),
    },
  });
  await writeMetadata(args.out, "ksparse", meta);
}

/** The table's main columns and every check, on stdout. */
export function printKSparseSummary(rows: ResultsRow[], checks: KSparseCheckRow[]): void {
  console.log(formatMarkdownTable(
    rows.map((r) => ({
      n: r.hidden,
      k: r.k,
      backend: r.backend,
      "ours ms": r.ours,
      "ours dense ms": r.oursDense,
      "torch dense ms": r.paper,
      "torch sparse ms": r.torchSparse,
      "torch dense / ours": r.torchDenseRatio,
      "torch sparse / ours": r.torchSparseRatio,
      "useful GFLOP/s": r.usefulGflops,
      "of sgemm": r.sgemmFraction,
    })),
    {
      columnDigits: {
        "ours ms": 2,
        "ours dense ms": 2,
        "torch dense ms": 2,
        "torch sparse ms": 2,
        "torch dense / ours": 2,
        "torch sparse / ours": 2,
        "useful GFLOP/s": 1,
        "of sgemm": 3,
      },
    },
  ));
  for (const c of checks) {
    console.log(
      `consistency ksparse n:k=${c.shape} ${c.side} ${c.backend}: loss ${
        c.finalLoss.toFixed(5)
      }, ` +
        `torch dense ${c.torchDenseFinalLoss.toFixed(5)}; relative difference ` +
        `${c.relDiff.toExponential(2)} ${c.passed ? "(passed)" : "(FAILED)"}`,
    );
  }
}
