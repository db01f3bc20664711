/**
 * Build-and-cache of the package's small C kernels: the source is compiled once per source,
 * compiler flags and CPU into `$XDG_CACHE_HOME/sparse-ae` (or `~/.cache/sparse-ae`), written
 * atomically so that concurrent processes see a whole library or none.
 *
 * @module
 */
import { hashHex } from "../../hash.ts";

function defaultCacheDir(): string {
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  const home = Deno.env.get("HOME");
  if (xdg) return `${xdg}/sparse-ae`;
  if (home) return `${home}/.cache/sparse-ae`;
  throw new Error("no cache directory: set XDG_CACHE_HOME or HOME");
}

/** The CPU's model and feature flags: a library built for one CPU may not run on another. */
function cpuSignature(): string {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    const model = info.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "";
    const flags = info.match(/^flags\s*:\s*(.*)$/m)?.[1] ?? "";
    return `${Deno.build.target} ${model} ${flags}`;
  } catch {
    return Deno.build.target;
  }
}

function compile(path: string, source: string, flags: readonly string[]): void {
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  // Unique per build, not per process: `deno test --parallel` runs modules as threads of one
  // process, and two of them may build the same library at once.
  const scratch = `${path}.${Deno.pid}.${crypto.randomUUID()}`;
  const src = `${scratch}.c`;
  const tmp = `${scratch}.tmp`;
  Deno.writeTextFileSync(src, source);
  try {
    const out = new Deno.Command("cc", { args: [...flags, "-o", tmp, src], stderr: "piped" })
      .outputSync();
    if (!out.success) {
      const msg = new TextDecoder().decode(out.stderr).split("\n").slice(0, 3).join(" ");
      throw new Error(`cc failed: ${msg}`);
    }
    Deno.renameSync(tmp, path); // atomic: another process sees the whole library or none
  } finally {
    Deno.removeSync(src);
    try {
      Deno.removeSync(tmp);
    } catch {
      // renamed
    }
  }
}

/**
 * The path of the shared library built from `source` with `flags` for this CPU, compiled now
 * when the cache does not hold it; throws when it cannot be built (no compiler, no cache
 * folder), for the caller to fall back.
 *
 * @param name the library's name in the cache (`elementwise`, `ksparse`)
 * @param cacheDir the folder of the built libraries (default `$XDG_CACHE_HOME/sparse-ae`, else
 *   `~/.cache/sparse-ae`)
 */
export function nativeLibrary(
  name: string,
  source: string,
  flags: readonly string[],
  cacheDir: string = defaultCacheDir(),
): string {
  const key = hashHex(`${source}\n${flags.join(" ")}\n${cpuSignature()}`);
  const path = `${cacheDir}/${name}-${key}.so`;
  let exists = false;
  try {
    exists = Deno.statSync(path).isFile;
  } catch {
    exists = false;
  }
  if (!exists) compile(path, source, flags);
  return path;
}
