/**
 * The PyTorch side of the peer benchmark: Debian's `python3-torch` under `/usr/bin/python3`
 * runs `./torch_steps.py` once per step, mode and thread count, in its own process with the
 * thread variables set, and prints one JSON line.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { TorchResult } from "./types.ts";

/**
 * Debian's interpreter: `python3-torch` and `python3-numpy` belong to it only.
 * `BENCH_PEERS_PYTHON` replaces it (the tests use it to check the error for a missing torch).
 */
export const PYTHON = Deno.env.get("BENCH_PEERS_PYTHON") || "/usr/bin/python3";
const TORCH_SCRIPT = fileURLToPath(new URL("./torch_steps.py", import.meta.url));
const TORCH_MISSING =
  "PyTorch is missing: apt-get install python3-torch (Debian's, for /usr/bin/python3)";

/** Fail with the Debian package to install when /usr/bin/python3 cannot import torch. */
export async function requireTorch(): Promise<void> {
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

/**
 * Run one step of `./torch_steps.py` with `args` at `threads` threads (OpenMP, MKL, OpenBLAS
 * and torch itself).
 */
export async function runTorch(
  args: Record<string, unknown>,
  threads: number,
): Promise<TorchResult> {
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
