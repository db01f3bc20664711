/**
 * What every reproduction script shares: its flags (`--preset`, `--backend`, `--dataset`,
 * `--out`, `--seed`, `--epochs`, `--checkpoints`, `--fresh`), a clear error for a bad one,
 * and Ctrl-C that stops training cleanly so the run resumes from its checkpoint.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type BackendName, type BackendReport, useBackend } from "../lib/backend.ts";
import { gitCommit, type RunMetadata, runMetadata } from "../lib/io/metadata.ts";
import { datasetLocation, type DatasetName } from "../lib/data/mnist.ts";
import type { ReproRunOptions } from "./run_options.ts";
import { autoProgress } from "../lib/train/progress.ts";
import { removeStaleTemporaries } from "../lib/io/results_set.ts";
import { checkWritableFolder, interruptSignal } from "./run_control.ts";
import { UsageError } from "./usage_error.ts";

export { checkWritableFolder, interruptSignal, UsageError };

/** The presets every script offers. */
export type PresetName = "smoke" | "quick" | "paper";

/** Flags common to every reproduction script. */
export interface ScriptArgs {
  /** smoke (seconds, for tests), quick (minutes on a CPU), paper (the paper's settings). */
  preset: PresetName;
  /** The tfjs backend, or auto. */
  backend: BackendName | "auto";
  /** The dataset. */
  dataset: DatasetName;
  /** Results folder. */
  out: string;
  /** Base seed. */
  seed: number;
  /** Override of the preset's epochs, when given. */
  epochs?: number;
  /** Folder of checkpoints, for resume. */
  checkpoints: string;
  /** Delete the run's checkpoints first instead of resuming. */
  fresh: boolean;
  /** Print the usage and exit. */
  help: boolean;
  /** Values of the script's own flags (see {@link ScriptFlags}), by name; absent if not given. */
  extra: Record<string, string | undefined>;
}

/**
 * A script's own flags: name (without `--`) to its usage line, the value's form, two spaces and
 * the help (`"400x11,200x2  rows"`). A line with no value form (`"  train nothing"`) declares a
 * boolean flag, which reads "true" in `ScriptArgs.extra` when given.
 */
export type ScriptFlags = Record<string, string>;

/** Whether a usage line of {@link ScriptFlags} declares a boolean flag. */
function isBooleanFlag(line: string): boolean {
  return line.startsWith("  ");
}

const PRESETS: readonly PresetName[] = ["smoke", "quick", "paper"];
const BACKEND_CHOICES = ["auto", "webgpu", "wasm", "cpu"] as const;
const DATASETS: readonly DatasetName[] = ["mnist", "fashion-mnist"];

/** A paper's results folder: scripts are named after their paper ("ksparse", "ksparse-trend"). */
function resultsDir(script: string): string {
  return `results/${script.split("-")[0]}`;
}

/**
 * The deno task that runs a script: its name with hyphens ("group_sparsity" is run by
 * `repro:group-sparsity`).
 *
 * @example
 * ```ts
 * import { taskName } from "./cli.ts";
 * console.log(taskName("group_sparsity")); // repro:group-sparsity
 * ```
 */
export function taskName(script: string): string {
  return `repro:${script.replaceAll("_", "-")}`;
}

/**
 * The usage text for a script.
 *
 * @example
 * ```ts
 * import { usage } from "./cli.ts";
 * console.log(usage("ksparse").split("\n")[0]); // Usage: deno task repro:ksparse [flags]
 * ```
 */
export function usage(
  script: string,
  defaultPreset: PresetName = "quick",
  extra: ScriptFlags = {},
): string {
  const own = Object.entries(extra).map(([name, line]) => {
    const [value, ...help] = line.split("  ");
    const flag = value ? `--${name} ${value}` : `--${name}`;
    // a flag longer than the column still gets a space before its help
    return `\n  ${flag.padEnd(30)} ${help.join("  ").trim()}`;
  }).join("");
  return `Usage: deno task ${taskName(script)} [flags]

  --preset smoke|quick|paper     run length (default ${defaultPreset})
  --backend auto|webgpu|wasm|cpu tfjs backend (default auto)
  --dataset mnist|fashion-mnist  dataset (default mnist)
  --out DIR                      results folder (default ${resultsDir(script)}/<dataset>)
  --seed N                       base seed (default 1)
  --epochs N                     override the preset's epochs
  --checkpoints DIR              checkpoint folder (default data/cache/checkpoints)
  --fresh                        ignore existing checkpoints and start again
  --help                         show this text${own}`;
}

/**
 * Parse `--name value` flags strictly: an unknown flag or a missing value throws a
 * {@link UsageError} that names it and carries `usageText`.
 *
 * @param argv the arguments
 * @param flags each flag's name and kind
 * @param usageText appended to the error
 * @returns the values by flag name
 *
 * @example
 * ```ts
 * import { parseFlags } from "./cli.ts";
 * console.log(parseFlags(["--n", "3"], { n: "string" }, "usage").n); // 3
 * ```
 */
export function parseFlags(
  argv: string[],
  flags: Record<string, "string" | "boolean">,
  usageText: string,
): Record<string, string | boolean | undefined> {
  try {
    const options = Object.fromEntries(
      Object.entries(flags).map(([name, type]) => [name, { type }]),
    );
    const args = joinNegativeValues(argv, flags);
    return parseArgs({ args, strict: true, allowPositionals: false, options }).values;
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = msg.match(/Unknown option '([^']+)'/);
    const text = unknown
      ? `Unknown flag ${unknown[1]}`
      : msg.replace(/\.$/, "").replace(/To specify .*$/s, "").trim();
    throw new UsageError(`${text}\n\n${usageText}`);
  }
}

/**
 * `--flag -3` as `--flag=-3` for a flag that takes a value: node's parser reads a value that
 * begins with a dash as another option ("argument is ambiguous").
 */
function joinNegativeValues(
  argv: readonly string[],
  flags: Record<string, "string" | "boolean">,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith("--") && !a.includes("=") ? a.slice(2) : "";
    const next = argv[i + 1];
    if (flags[name] === "string" && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** The largest seed: seeds are 32-bit unsigned integers. */
export const MAX_SEED = 2 ** 32 - 1;

/** A folder flag's value: a non-empty path, else a usage error. */
function folderFlag(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (value.trim() === "") {
    throw new UsageError(
      `--${name} must name a folder, got an empty string: pass a path such as ${fallback}`,
    );
  }
  return value;
}

/**
 * Parse a script's flags. Throws an error that names the bad flag or value and the
 * accepted ones.
 *
 * @param script the script's name ("ksparse"), used in defaults and usage
 * @param argv the arguments (default `Deno.args`)
 * @param defaultPreset the preset when `--preset` is not given
 * @param extra the script's own string flags, returned in `extra`
 *
 * @example
 * ```ts
 * import { parseScriptArgs } from "./cli.ts";
 * const a = parseScriptArgs("ksparse", ["--preset", "smoke", "--backend", "cpu"]);
 * console.log(a.preset, a.backend, a.out); // smoke cpu results/ksparse/mnist
 * try {
 *   parseScriptArgs("ksparse", ["--presett", "smoke"]);
 * } catch (e) {
 *   console.log((e as Error).message.split("\n")[0]); // Unknown flag --presett
 * }
 * ```
 */
export function parseScriptArgs(
  script: string,
  argv: string[] = Deno.args,
  defaultPreset: PresetName = "quick",
  extra: ScriptFlags = {},
): ScriptArgs {
  const values = parseFlags(argv, {
    ...Object.fromEntries(
      Object.entries(extra).map((
        [name, line],
      ) => [name, isBooleanFlag(line) ? "boolean" as const : "string" as const]),
    ),
    preset: "string",
    backend: "string",
    dataset: "string",
    out: "string",
    seed: "string",
    epochs: "string",
    checkpoints: "string",
    fresh: "boolean",
    help: "boolean",
  }, usage(script, defaultPreset, extra));
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = values[name] as string | undefined;
    if (v === undefined) return fallback;
    if (!allowed.includes(v as T)) {
      throw new UsageError(`Unknown --${name} "${v}": use one of ${allowed.join(", ")}`);
    }
    return v as T;
  };
  const integer = (name: string, min: number) =>
    integerFlag(name, values[name] as string | undefined, min);
  const dataset = pick("dataset", DATASETS, "mnist");
  return {
    preset: pick("preset", PRESETS, defaultPreset),
    backend: pick("backend", BACKEND_CHOICES, "auto"),
    dataset,
    out: folderFlag("out", values.out as string | undefined, `${resultsDir(script)}/${dataset}`),
    seed: integerFlag("seed", values.seed as string | undefined, 0, MAX_SEED) ?? 1,
    epochs: integer("epochs", 1),
    checkpoints: folderFlag(
      "checkpoints",
      values.checkpoints as string | undefined,
      "data/cache/checkpoints",
    ),
    fresh: Boolean(values.fresh),
    help: Boolean(values.help),
    extra: Object.fromEntries(
      Object.keys(extra).map((name) => {
        const v = values[name];
        return [name, typeof v === "boolean" ? (v ? "true" : undefined) : v];
      }),
    ),
  };
}

/**
 * The value of a flag that takes one of a few words, or undefined when it was not given.
 *
 * @param name the flag, without `--`
 * @param value its text, from `ScriptArgs.extra` or the parser
 * @param allowed the words it may take
 * @param meaning what the words mean, for the error message
 * @returns the word, or undefined for an absent flag
 * @throws UsageError naming the flag, the words, their meaning and the text given
 *
 * @example
 * ```ts
 * import { choiceFlag } from "./cli.ts";
 * console.log(choiceFlag("chain-noise", "every", ["first", "every"] as const)); // every
 * try {
 *   choiceFlag("chain-noise", "all", ["first", "every"] as const);
 * } catch (e) {
 *   console.log((e as Error).message); // --chain-noise must be first or every, got "all"
 * }
 * ```
 */
export function choiceFlag<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  meaning = "",
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    const words = allowed.length > 2 ? `one of ${allowed.join(", ")}` : allowed.join(" or ");
    throw new UsageError(
      `--${name} must be ${words}${meaning ? ` (${meaning})` : ""}, got "${value}"`,
    );
  }
  return value as T;
}

/**
 * A comma-separated flag's values, each one of `allowed`, in the order of `allowed` (each
 * once), or undefined when the flag is absent.
 *
 * @param name the flag, without `--`
 * @param value its text, from `ScriptArgs.extra`
 * @param allowed the values known
 * @param parse the text of one item to a value (default: the text itself)
 * @returns the values given, or undefined for an absent flag
 * @throws UsageError naming the flag, the unknown items and the values known
 *
 * @example
 * ```ts
 * import { choiceListFlag } from "./cli.ts";
 * console.log(choiceListFlag("tables", "5,1", [1, 3, 4, 5], Number)); // [ 1, 5 ]
 * try {
 *   choiceListFlag("parts", "digits,trees", ["digits", "tree"] as const);
 * } catch (e) {
 *   console.log((e as Error).message); // --parts: unknown trees; use digits,tree
 * }
 * ```
 */
export function choiceListFlag<T extends string | number>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  parse: (s: string) => T = (s) => s as T,
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => s.trim()).filter(Boolean);
  const parsed = items.map(parse);
  const bad = items.filter((_, i) => !allowed.includes(parsed[i]));
  if (bad.length || !items.length) {
    throw new UsageError(
      `--${name}: unknown ${bad.join(", ") || "(none)"}; use ${allowed.join(",")}`,
    );
  }
  return allowed.filter((a) => parsed.includes(a));
}

/**
 * The value of an integer flag, or undefined when it was not given.
 *
 * @param name the flag, without `--`
 * @param value its text, from `ScriptArgs.extra` or the parser
 * @param min the smallest value allowed
 * @returns the integer, or undefined for an absent flag
 * @throws UsageError naming the flag, the bound and the text given
 *
 * @example
 * ```ts
 * import { integerFlag } from "./cli.ts";
 * console.log(integerFlag("k", "3", 1), integerFlag("k", undefined, 1)); // 3 undefined
 * try {
 *   integerFlag("k", "2.5", 1);
 * } catch (e) {
 *   console.log((e as Error).message); // --k must be an integer >= 1, got "2.5"
 * }
 * ```
 */
export function integerFlag(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new UsageError(`--${name} must be an integer ${range}, got "${value}"`);
  }
  return n;
}

/**
 * A flag's value as a comma-separated list of numbers (a validation grid), or undefined when
 * the flag is absent.
 *
 * @param name the flag, without dashes
 * @param value the text given, or undefined
 * @param min the smallest value allowed (inclusive)
 * @returns the numbers in the order given, or undefined for an absent flag
 * @throws UsageError naming the flag, the bound and the text given
 *
 * @example
 * ```ts
 * import { numberListFlag } from "./cli.ts";
 * console.log(numberListFlag("l2", "0,1e-4", 0)); // [ 0, 0.0001 ]
 * try {
 *   numberListFlag("hidden", "100,,x", 1);
 * } catch (e) {
 *   console.log((e as Error).message); // --hidden must be a comma-separated list of numbers >= 1, got "100,,x"
 * }
 * ```
 */
export function numberListFlag(
  name: string,
  value: string | undefined,
  min: number,
): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",").map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.some((p) => p === "") || numbers.some((n) => !Number.isFinite(n) || n < min)) {
    throw new UsageError(
      `--${name} must be a comma-separated list of numbers >= ${min}, got "${value}"`,
    );
  }
  return numbers;
}

/**
 * A flag's value as one number (a rate, a decay), or undefined when the flag is absent.
 *
 * @param name the flag, without dashes
 * @param value the text given, or undefined
 * @param min the smallest value allowed (inclusive)
 * @param what what the number is, for the error that a list was given ("value", "rate")
 * @returns the number, or undefined for an absent flag
 * @throws UsageError naming the flag when the text is not one number >= min
 *
 * @example
 * ```ts
 * import { numberFlag } from "./cli.ts";
 * console.log(numberFlag("lr", "0.01", 0)); // 0.01
 * try {
 *   numberFlag("lr", "0.01,0.02", 0, "rate");
 * } catch (e) {
 *   console.log((e as Error).message); // --lr takes one rate, got "0.01,0.02"
 * }
 * ```
 */
export function numberFlag(
  name: string,
  value: string | undefined,
  min: number,
  what = "value",
): number | undefined {
  const numbers = numberListFlag(name, value, min);
  if (numbers && numbers.length !== 1) {
    throw new UsageError(`--${name} takes one ${what}, got "${value}"`);
  }
  return numbers?.[0];
}

/**
 * A flag's value as a number in (0, 1] (a rate such as an annealing factor), or undefined
 * when the flag is absent.
 *
 * @param name the flag, without dashes
 * @param value the text given, or undefined
 * @returns the number, or undefined for an absent flag
 * @throws UsageError naming the flag, the range and the text given
 *
 * @example
 * ```ts
 * import { fractionFlag } from "./cli.ts";
 * console.log(fractionFlag("annealing-rate", "0.999"), fractionFlag("annealing-rate", undefined)); // 0.999 undefined
 * try {
 *   fractionFlag("annealing-rate", "1.5");
 * } catch (e) {
 *   console.log((e as Error).message); // --annealing-rate must be a number in (0, 1], got "1.5"
 * }
 * ```
 */
export function fractionFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0 && n <= 1)) {
    throw new UsageError(`--${name} must be a number in (0, 1], got "${value}"`);
  }
  return n;
}

/**
 * Run a script's main function: an error is printed as one clear line (the stack only with
 * `DEBUG=1`) and the process exits 1, or 130 after an interrupt, or 2 for a bad flag.
 *
 * @example
 * ```ts
 * import { runMain } from "./cli.ts";
 * await runMain(async () => {
 *   console.log("done");
 * }, { exit: false });
 * ```
 */
export async function runMain(
  main: () => Promise<void>,
  options: { exit?: boolean } = {},
): Promise<void> {
  try {
    await main();
  } catch (e) {
    const err = e as Error;
    console.error(`\nerror: ${err.message}`);
    if (Deno.env.get("DEBUG")) console.error(err.stack);
    if (options.exit === false) return;
    const code = err.name === "InterruptedError" ? 130 : err.name === "UsageError" ? 2 : 1;
    Deno.exit(code);
  }
}

/** A script run under way: its flags, backend, starting commit and clock. */
export interface ScriptRun {
  /** The parsed flags. */
  args: ScriptArgs;
  /** The backend in use, as reported. */
  backend: BackendReport;
  /** The commit the run started from. */
  commit: string;
  /** `performance.now()` at the start. */
  started: number;
  /** Run metadata for `metadata.json`: the flags, backend, commit and wall time filled in. */
  metadata(epochs: number, extra?: Record<string, unknown>): Promise<RunMetadata>;
  /** The options every reproduction run takes, from the flags, with progress on stderr. */
  reproOptions(signal?: AbortSignal): ReproRunOptions;
}

/**
 * Start a reproduction script: parse its flags (printing the usage and returning null for
 * `--help`), note the commit the run starts from, and start the backend, reporting it.
 *
 * @example
 * ```ts
 * import { startScript } from "./cli.ts";
 * const run = await startScript("ksparse", ["--backend", "cpu", "--preset", "smoke"]);
 * console.log(run?.backend.name); // cpu
 * const meta = await run!.metadata(2);
 * console.log(meta.preset, meta.epochs); // smoke 2
 * ```
 */
export async function startScript(
  script: string,
  argv: string[] = Deno.args,
  extra: ScriptFlags = {},
): Promise<ScriptRun | null> {
  const args = parseScriptArgs(script, argv, "quick", extra);
  if (args.help) {
    console.log(usage(script, "quick", extra));
    return null;
  }
  // before any work: a bad folder fails now, not after hours of training
  await checkWritableFolder("out", args.out);
  await checkWritableFolder("checkpoints", args.checkpoints);
  await removeStaleTemporaries(args.checkpoints); // left by a run killed while writing one
  const started = performance.now();
  const commit = await gitCommit(); // before training: the tree may move during a long run
  const backend = await useBackend(args.backend, { report: true });
  return {
    args,
    backend,
    commit,
    started,
    metadata: async (epochs, extra = {}) =>
      runMetadata({
        preset: args.preset,
        epochs,
        seeds: args.seed,
        backend: backend.name,
        dataset: args.dataset,
        wallSeconds: (performance.now() - started) / 1000,
        extra: {
          dataSource: await datasetLocation(args.dataset),
          backendReason: backend.reason,
          adapter: backend.adapter ?? null,
          matmul: backend.matmul ?? null,
          elementwise: backend.elementwise ?? null,
          ...extra,
        },
      }, { commit }),
    reproOptions: (signal) => ({
      dataset: args.dataset,
      preset: args.preset,
      backend: backend.name,
      seed: args.seed,
      checkpointDir: args.checkpoints,
      fresh: args.fresh,
      progress: autoProgress(),
      signal,
    }),
  };
}
