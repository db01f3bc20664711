/**
 * Run metadata: what produced a set of numbers (preset, epochs, seeds, backend, dataset,
 * wall time) and where (commit, Deno and tfjs versions, date, CPU count), written as JSON
 * beside the results tables.
 *
 * @module
 */
import { version_core as tfjsVersion } from "@tensorflow/tfjs-core";
import { writeJsonAtomic } from "./atomic.ts";

/** The facts about a run that only the caller knows. */
export interface RunMetadataFields {
  /** The preset the script ran with ("smoke", "quick", "paper"). */
  preset: string;
  /** Training epochs (per stage, where a script has several). */
  epochs: number;
  /** The seed or seeds the numbers come from. */
  seeds: number | number[];
  /** The tfjs backend that ran ("cpu", "wasm", "webgpu"). */
  backend: string;
  /** The dataset and split ("mnist", "fashion-mnist", ...). */
  dataset: string;
  /** Wall-clock seconds the run took. */
  wallSeconds: number;
  /** Anything else worth keeping (hyperparameters, notes). */
  extra?: Record<string, unknown>;
}

/** Run metadata: the caller's fields plus facts gathered automatically. */
export interface RunMetadata extends Omit<RunMetadataFields, "seeds"> {
  /** The seeds, always as a list. */
  seeds: number[];
  /**
   * `git rev-parse --short HEAD`, with "-dirty" when the work tree has changes;
   * "unknown" without git.
   */
  commit: string;
  /** The Deno version (`Deno.version.deno`). */
  deno: string;
  /** The tfjs-core version. */
  tfjs: string;
  /** When the metadata was made, as an ISO 8601 string. */
  date: string;
  /** Logical CPUs of the host (`navigator.hardwareConcurrency`). */
  cpus: number;
  /** Operating system and architecture, e.g. "linux-x86_64". */
  platform: string;
}

/** Options for {@link runMetadata}. */
export interface RunMetadataOptions {
  /** Folder whose git commit is recorded (default: the current directory). */
  cwd?: string;
  /** The date to record (default: now). */
  date?: Date;
  /**
   * The commit the run started from (from {@link gitCommit} at its start); default: the
   * commit now. A long run should pass it, since the tree may move while it trains.
   */
  commit?: string;
}

async function git(args: string[], cwd?: string): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("git", {
      args,
      cwd,
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : undefined;
  } catch {
    // git missing, or no --allow-run permission.
    return undefined;
  }
}

/**
 * The current commit as `git rev-parse --short HEAD`, with "-dirty" appended when
 * `git status --porcelain` lists changes, or "unknown" when git (or permission to run it)
 * is unavailable or the folder is not a repository.
 *
 * @param cwd the folder to ask about (default: the current directory)
 * @returns the short commit hash
 *
 * @example
 * ```ts
 * import { gitCommit } from "./metadata.ts";
 * const commit = await gitCommit();
 * if (!/^([0-9a-f]+(-dirty)?|unknown)$/.test(commit)) throw new Error(commit);
 * ```
 */
export async function gitCommit(cwd?: string): Promise<string> {
  const head = (await git(["rev-parse", "--short", "HEAD"], cwd))?.trim();
  if (!head) return "unknown";
  const status = await git(["status", "--porcelain"], cwd);
  return status !== undefined && status.trim() !== "" ? `${head}-dirty` : head;
}

/**
 * Complete the caller's fields with the commit, versions, date and host facts.
 *
 * @param fields what only the caller knows: preset, epochs, seeds, backend, dataset, wall time
 * @param options the folder for git and the date to record
 * @returns the metadata, ready for {@link writeMetadata}
 *
 * @example
 * ```ts
 * import { runMetadata } from "./metadata.ts";
 * const meta = await runMetadata({
 *   preset: "smoke", epochs: 1, seeds: 1, backend: "cpu", dataset: "mnist", wallSeconds: 2.5,
 * });
 * if (meta.seeds[0] !== 1 || !meta.tfjs || !meta.commit) throw new Error("incomplete");
 * ```
 */
export async function runMetadata(
  fields: RunMetadataFields,
  options: RunMetadataOptions = {},
): Promise<RunMetadata> {
  const { extra, seeds, ...rest } = fields;
  const meta: RunMetadata = {
    ...rest,
    seeds: Array.isArray(seeds) ? [...seeds] : [seeds],
    commit: options.commit ?? await gitCommit(options.cwd),
    deno: Deno.version.deno,
    tfjs: tfjsVersion,
    date: (options.date ?? new Date()).toISOString(),
    cpus: navigator.hardwareConcurrency ?? 0,
    platform: `${Deno.build.os}-${Deno.build.arch}`,
  };
  if (extra !== undefined) meta.extra = extra;
  return meta;
}

/**
 * Write metadata as pretty-printed JSON to `dir/name.json`, atomically.
 *
 * @param dir the folder, created if needed
 * @param name the file stem (no extension)
 * @param meta the metadata (usually from {@link runMetadata})
 * @returns the path written
 *
 * @example
 * ```ts
 * import { runMetadata, writeMetadata } from "./metadata.ts";
 * const dir = await Deno.makeTempDir();
 * const meta = await runMetadata({
 *   preset: "smoke", epochs: 1, seeds: [1, 2], backend: "cpu", dataset: "mnist", wallSeconds: 1,
 * });
 * const path = await writeMetadata(dir, "ksparse.meta", meta);
 * const back = JSON.parse(await Deno.readTextFile(path));
 * if (back.seeds.length !== 2) throw new Error("not written");
 * ```
 */
export async function writeMetadata(
  dir: string,
  name: string,
  meta: RunMetadata | Record<string, unknown>,
): Promise<string> {
  if (!name || /[\\/]/.test(name)) {
    throw new Error(`Invalid metadata name "${name}": use a file stem without folders`);
  }
  const path = /[\\/]$/.test(dir) ? `${dir}${name}.json` : `${dir || "."}/${name}.json`;
  await writeJsonAtomic(path, meta);
  return path;
}
