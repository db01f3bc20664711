/**
 * Training speed side by side with PyTorch on the CPU, in one invocation:
 *
 *   deno task bench:peers [--only peers,ksparse] [--steps ksparse,drsae,walkback,fixedpoints]
 *                         [--shapes 1000:10,1000:25,...] [--backends wasm,cpu]
 *                         [--threads 1,2] [--samples 5000] [--repeats 3] [--rounds 1]
 *                         [--out results/bench]
 *
 * For every step definition in `./steps.ts` named in `--steps` (the k-sparse autoencoder of
 * Makhzani & Frey, the DrSAE of Rolfe & LeCun, the walkback DAE of Bahdanau & Jaeger and that
 * DAE's fixed-point iteration), every tfjs backend in `--backends` and PyTorch (Debian's
 * `python3-torch` under `/usr/bin/python3`, `./torch_steps.py`) at every thread count in
 * `--threads` run on the same first MNIST training rows (`--samples` of them; twice as many
 * for the fixed-point iteration). Each side warms up, then times whole epochs with a fixed
 * shuffle (batch assembly included) and reports the median samples/second (for the
 * fixed-point iteration: samples x iterations per second). Our side times the package's real
 * `train()` loop (and `iterateToFixedPoints`), `./timing.ts`. The two sides run one after the
 * other, never at once (`./run.ts`); with `--rounds R` they alternate R times (ours, torch,
 * ours, torch, ...) and the table reports the median of the R ratios beside the smallest and
 * largest, so that a burst of load on a shared machine moves one round, not the result.
 *
 * Before timing, both sides start from the same initial weights (ours, written to a temp
 * file), take the same unshuffled steps, and the losses are compared: they must agree to
 * `CHECK_TOLERANCE` relative (the fixed points: `FIXED_POINT_TOLERANCE`; `./types.ts`), or the
 * run fails after writing its files. Noise cannot match across frameworks, so the walkback
 * check runs both sides without corruption (sigma 0).
 *
 * Writes `peers.md`, `peers.csv` (the "paper" column holds PyTorch's samples/s) and
 * `peers.json` (run metadata, versions of torch and numpy, every raw timing) to `--out`
 * (`./report.ts`).
 *
 * `--only ksparse` runs the k-sparse step group instead (`--only peers,ksparse`: both): the
 * k-sparse step at each `--shapes` (n, k), ours (automatic and dense path) against PyTorch at
 * one thread dense and over the support, with the machine's single-thread sgemm rate measured
 * in the same run; it writes `ksparse.md`, `ksparse.csv` and `ksparse.json`
 * (`./ksparse_sweep.ts`, `./ksparse_report.ts`).
 *
 * @module
 */
import { runMain } from "../../repro/cli.ts";
import { type BenchArgs, parseBenchArgs, usage } from "./flags.ts";
import { runPeers } from "./run.ts";
import { requireTorch } from "./torch.ts";
import {
  checkRowsOf,
  loadAverage,
  plural,
  printSummary,
  tableRows,
  writeReport,
} from "./report.ts";
import { runKSparseSweep } from "./ksparse_sweep.ts";
import {
  kSparseChecks,
  kSparseRows,
  passes,
  printKSparseSummary,
  writeKSparseReport,
} from "./ksparse_report.ts";
import { WARMUP_STEPS } from "./types.ts";

/** The peers group: every step of `--steps`, its table and checks; the failed checks. */
async function peers(args: BenchArgs): Promise<string[]> {
  const started = performance.now();
  const loadBefore = loadAverage();
  console.error(
    `bench:peers: ${args.samples} MNIST training rows, ${
      plural(args.repeats, "timed epoch")
    } per side ` +
      `after ${WARMUP_STEPS} warm-up steps; load average ${loadBefore ?? "unknown"}. ` +
      `tfjs in Deno runs single-threaded on the cpu and wasm backends.`,
  );
  const runs = await runPeers(args);

  const checks = checkRowsOf(runs);
  const rows = tableRows(args, runs, checks);
  const wallSeconds = (performance.now() - started) / 1000;
  await writeReport(args, runs, checks, rows, {
    wallSeconds,
    loadBefore,
    loadAfter: loadAverage(),
  });
  printSummary(rows, checks);
  console.error(
    `bench:peers: wrote ${args.out}/peers.{md,csv,json} in ${wallSeconds.toFixed(1)} s`,
  );
  return checks.filter((c) => !c.passed).map((c) => `${c.step} on ${c.backend}`);
}

/** The ksparse group: the k-sparse step at every shape, its table and checks; the failed. */
async function ksparse(args: BenchArgs): Promise<string[]> {
  const started = performance.now();
  const loadBefore = loadAverage();
  console.error(
    `bench:peers: k-sparse step at ${
      args.shapes.map((s) => `n=${s.hidden} k=${s.k}`).join(", ")
    }; ${plural(args.rounds, "round")} of ours, ours dense, PyTorch dense and PyTorch sparse ` +
      `(1 thread), ${passes(args.repeats)} each; load average ` +
      `${loadBefore ?? "unknown"}.`,
  );
  const runs = await runKSparseSweep(args);
  const checks = kSparseChecks(runs);
  const rows = kSparseRows(args, runs, checks);
  const wallSeconds = (performance.now() - started) / 1000;
  await writeKSparseReport(args, runs, checks, rows, {
    wallSeconds,
    loadBefore,
    loadAfter: loadAverage(),
  });
  printKSparseSummary(rows, checks);
  console.error(
    `bench:peers: wrote ${args.out}/ksparse.{md,csv,json} in ${wallSeconds.toFixed(1)} s`,
  );
  return checks.filter((c) => !c.passed).map((c) =>
    `k-sparse ${c.shape} ${c.side} on ${c.backend}`
  );
}

await runMain(async () => {
  const args = parseBenchArgs(Deno.args);
  if (args.help) {
    console.log(usage());
    return;
  }
  await requireTorch();
  const failed: string[] = [];
  if (args.only.includes("peers")) failed.push(...await peers(args));
  if (args.only.includes("ksparse")) failed.push(...await ksparse(args));
  if (failed.length > 0) {
    throw new Error(
      `Consistency check failed for ${
        failed.join(", ")
      }: the two sides do not compute the same step (relative difference above its tolerance)`,
    );
  }
});
