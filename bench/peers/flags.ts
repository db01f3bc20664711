/**
 * The peer benchmark's flags, `--help` text and their checks.
 *
 * @module
 */
import { BACKENDS } from "../../lib/backend.ts";
import { parseFlags, UsageError } from "../../repro/cli.ts";
import { KSPARSE_SHAPES, type KSparseShape, parseShapes } from "./ksparse_sweep.ts";
import { STEP_IDS, STEPS } from "./steps.ts";
import type { StepDefinition } from "./types.ts";

/**
 * The benchmark's groups: `peers`, the training-speed table of every step (`peers.*`), and
 * `ksparse`, the k-sparse step at several (n, k) against PyTorch dense and sparse
 * (`ksparse.*`, `./ksparse_sweep.ts`).
 */
export const GROUPS = ["peers", "ksparse"] as const;
/** One of {@link GROUPS}. */
export type Group = typeof GROUPS[number];

/** The parsed flags. */
export interface BenchArgs {
  /** The groups to run, in the order of GROUPS. */
  only: Group[];
  /** The (hidden, k) settings of the ksparse group. */
  shapes: KSparseShape[];
  /** The steps to compare, in the order of STEPS. */
  steps: StepDefinition[];
  /** tfjs backends. */
  backends: string[];
  /** PyTorch thread counts (and BLAS thread counts where the backend's products use one). */
  threads: number[];
  /** MNIST training rows per epoch. */
  samples: number;
  /** Timed epochs per side. */
  repeats: number;
  /** Times the two sides alternate. */
  rounds: number;
  /** Results folder. */
  out: string;
  /** Show the usage and stop. */
  help: boolean;
}

/** Backends run by default; webgpu only when named (it is software Vulkan on CPU machines). */
function defaultBackends(): string[] {
  return ["wasm", "cpu"];
}

/** The `--help` text. */
export function usage(): string {
  return `Usage: deno task bench:peers [flags]

  --only LIST      groups to run, comma-separated, from ${GROUPS.join(", ")} (default peers):
                   peers compares every step of --steps (peers.{md,csv,json}); ksparse
                   times the k-sparse step at each --shapes setting, ours (automatic and
                   dense path) against PyTorch at 1 thread dense and sparse, with an sgemm
                   calibration (ksparse.{md,csv,json}); it runs only when named
  --shapes LIST    the ksparse group's N:K settings (hidden units : units kept), comma-
                   separated (default ${KSPARSE_SHAPES.map((s) => `${s.hidden}:${s.k}`).join(",")})
  --steps LIST     steps to compare, comma-separated, from ${STEP_IDS.join(", ")}
                   (default all)
  --backends LIST  tfjs backends, comma-separated, from ${BACKENDS.join(", ")}
                   (default ${defaultBackends().join(",")}; webgpu only when named)
  --threads LIST   PyTorch thread counts (default 1,2); also the BLAS thread counts of a
                   backend whose matMul runs on a system BLAS (wasm with OpenBLAS)
  --samples N      MNIST training rows per epoch (default 5000, at least 100); the
                   fixed-point iteration runs over twice as many (10,000 by default); the
                   ksparse group's passes take as many rows at n <= 1000, n/1000 times fewer
                   above (at least 2 steps)
  --repeats N      timed epochs per side; the median is reported (default 3)
  --rounds N       alternate the sides N times; the median ratio is reported
                   (default 1)
  --out DIR        results folder (default results/bench)
  --help           show this text

tfjs itself is single-threaded on cpu and wasm. SPARSE_AE_BLAS=0 keeps wasm's matMul in wasm.`;
}

/** Parse and check the flags; a UsageError names the bad one. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const values = parseFlags(argv, {
    only: "string",
    shapes: "string",
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
  const groups = list("only") ?? ["peers"];
  for (const g of groups) {
    if (!(GROUPS as readonly string[]).includes(g)) {
      throw new UsageError(`Unknown group "${g}" in --only: use ${GROUPS.join(", ")}`);
    }
  }
  const shapesText = values.shapes as string | undefined;
  const shapes = shapesText === undefined ? [...KSPARSE_SHAPES] : parseShapes(shapesText);
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
    only: GROUPS.filter((g) => groups.includes(g)),
    shapes,
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
