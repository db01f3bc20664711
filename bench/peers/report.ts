/**
 * The peer benchmark's results: the consistency checks (the same steps from the same weights
 * give the same loss on both sides), the table of rates and ratios (`peers.md`, `peers.csv`),
 * the run metadata with every raw timing (`peers.json`), and the summary on stdout.
 *
 * @module
 */
import { runMetadata, writeMetadata } from "../../lib/io/metadata.ts";
import { formatMarkdownTable, type ResultsRow, writeResultsTable } from "../../lib/io/table.ts";
import type { BenchArgs } from "./flags.ts";
import type { PeerRuns } from "./run.ts";
import { PYTHON } from "./torch.ts";
import {
  CHECK_STEPS,
  CHECK_TOLERANCE,
  FIXED_POINT_ITERATIONS,
  FIXED_POINT_TOLERANCE,
  median,
  WARMUP_STEPS,
} from "./types.ts";

/** One step's consistency check on one backend. */
export interface CheckRow {
  step: string;
  backend: string;
  threads: string;
  steps: number;
  oursEpochLoss: number;
  torchEpochLoss: number;
  oursFinalLoss: number;
  torchFinalLoss: number;
  pointsRelDiff: number | undefined;
  relDiff: number;
  tolerance: number;
  passed: boolean;
}

/** The 1-minute, 5-minute and 15-minute load averages, or null off Linux. */
export function loadAverage(): string | null {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return null;
  }
}

/** "1 thread", "2 threads". */
export const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** The consistency checks, one per step and backend of the first round (the check's round). */
export function checkRowsOf(runs: PeerRuns): CheckRow[] {
  return runs.ours.filter((o) => o.round === 0).map((o) => {
    const t = runs.checks[o.step.id].check!;
    const c = o.result.check;
    const points = runs.pointDiffs.get(o.result);
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
}

/** The table: one row per step, backend (and BLAS thread count) and torch thread count. */
export function tableRows(args: BenchArgs, runs: PeerRuns, checks: CheckRow[]): ResultsRow[] {
  const rows: ResultsRow[] = [];
  for (const [i, o] of runs.ours.filter((o) => o.round === 0).entries()) {
    const mine = runs.ours.filter((p) =>
      p.step === o.step && p.backend === o.backend && p.threadCount === o.threadCount
    );
    const threadCounts = o.threadCount === undefined ? args.threads : [o.threadCount];
    for (const threads of threadCounts) {
      // ratios within a round: the two sides ran back to back under the same load
      const pairs = mine.map((p) => {
        const t = runs.torch.find((t) =>
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
        lossRelDiff: checks[i].relDiff,
        samples: runs.stepRows[o.step.id],
        repeats: args.repeats,
        rounds: args.rounds,
      });
    }
  }
  return rows;
}

/** The notes under the table: what was timed, how, and what the check compares. */
function tableNotes(args: BenchArgs, torch: string, load: [string | null, string | null]) {
  const n = args.samples;
  return [
    `Training samples/second, median of ${plural(args.repeats, "timed epoch")} over the first ` +
    `${n} MNIST training rows (the "samples" column), after ${WARMUP_STEPS} warm-up steps; ` +
    `batch assembly included, shuffled with a fixed seed. The fixed-point row reports ` +
    `samples x iterations per second of ${FIXED_POINT_ITERATIONS} iterations x <- r(x) over ` +
    `its rows (iterateToFixedPoints against batched torch.no_grad). In this table the "paper" column holds PyTorch's samples/s ` +
    `(torch ${torch}, /usr/bin/python3, OpenMP/BLAS threads as in torchThreads) and ` +
    `"ours" the package's train() loop; ratio = ours / torch. With ${
      plural(args.rounds, "round")
    }` +
    (args.rounds > 1
      ? `, the two sides alternated (ours, torch, ours, ...): ratio is the median of the ` +
        `per-round ratios, ratioMin and ratioMax their range, paper and ours the median rates.`
      : `.`),
    `tfjs in Deno runs single-threaded on the cpu and wasm backends. The two sides ran one ` +
    `after the other on a ${navigator.hardwareConcurrency}-core machine (load average ` +
    `${load[0] ?? "?"} before, ${load[1] ?? "?"} after): compare ratios, not absolute times.`,
    `lossRelDiff: relative difference of the losses after the same (up to ${CHECK_STEPS}) ` +
    `unshuffled steps from the same initial weights (tolerance ${CHECK_TOLERANCE}; walkback ` +
    `without noise on both sides); for the fixed points, of the points after ` +
    `${FIXED_POINT_ITERATIONS} iterations and of the mean over the iterations of the mean ` +
    `step length (tolerance ${FIXED_POINT_TOLERANCE}; the last step length, float32 rounding ` +
    `once converged, is shown only).`,
  ].join("\n\n");
}

/** Write `peers.md`, `peers.csv` and `peers.json` to `args.out`. */
export async function writeReport(
  args: BenchArgs,
  runs: PeerRuns,
  checks: CheckRow[],
  rows: ResultsRow[],
  timing: { wallSeconds: number; loadBefore: string | null; loadAfter: string | null },
): Promise<void> {
  const torchInfo = Object.values(runs.checks)[0];
  const notes = tableNotes(args, torchInfo.torch, [timing.loadBefore, timing.loadAfter]);
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
    dataset: `mnist (first ${args.samples} training rows; ${
      Object.entries(runs.stepRows).map(([k, v]) => `${k}: ${v}`).join(", ")
    })`,
    wallSeconds: timing.wallSeconds,
    extra: {
      torch: torchInfo.torch,
      numpy: torchInfo.numpy,
      python: torchInfo.python,
      pythonPath: PYTHON,
      torchThreads: args.threads,
      samples: args.samples,
      steps: args.steps.map((s) => s.id),
      stepRows: runs.stepRows,
      repeats: args.repeats,
      rounds: args.rounds,
      warmupSteps: WARMUP_STEPS,
      checkTolerance: CHECK_TOLERANCE,
      fixedPointTolerance: FIXED_POINT_TOLERANCE,
      checksPassed: checks.every((c) => c.passed),
      checks,
      loadAverage: { before: timing.loadBefore, after: timing.loadAfter },
      ours: runs.ours.map((o) => ({
        step: o.step.id,
        backend: o.backend,
        threads: o.threads,
        matmul: o.matmul,
        elementwise: o.elementwise,
        round: o.round,
        samplesPerSecond: o.result.samplesPerSecond,
        epochSeconds: o.result.epochSeconds,
      })),
      pytorch: runs.torch.map((t) => ({
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
}

/** The table and every consistency check, on stdout. */
export function printSummary(rows: ResultsRow[], checks: CheckRow[]): void {
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
  for (const c of checks) {
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
}
