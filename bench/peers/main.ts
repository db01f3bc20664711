/**
 * Training speed side by side with PyTorch on the CPU, in one invocation:
 *
 *   deno task bench:peers [--steps ksparse,drsae,walkback,fixedpoints] [--backends wasm,cpu]
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
 * @module
 */
import { runMain } from "../../repro/cli.ts";
import { parseBenchArgs, usage } from "./flags.ts";
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
import { WARMUP_STEPS } from "./types.ts";

await runMain(async () => {
  const args = parseBenchArgs(Deno.args);
  if (args.help) {
    console.log(usage());
    return;
  }
  const started = performance.now();
  const loadBefore = loadAverage();
  await requireTorch();
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
  const failed = checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    throw new Error(
      `Consistency check failed for ${
        failed.map((c) => `${c.step} on ${c.backend}`).join(", ")
      }: the two sides do not compute the same step (relative difference above its tolerance)`,
    );
  }
});
