/**
 * A run's results written as one set: every file a run writes into its results folder inside
 * {@link writeResultsSet} is staged beside its target and put in place only when the whole set
 * is written, so a run killed while writing leaves the previous set whole (never `table1.csv`
 * from the new run beside `table1.md` from the old one).
 *
 * How: each file goes to `.<name>.<pid>-<random>.pending`, flushed; then a journal
 * (`.results-set.json`, written atomically) lists the staged files and their targets; then each
 * is renamed into place and the journal removed. A run killed before the journal leaves only
 * pending files, which the next set (or {@link recoverResultsFolder}) removes; one killed after
 * it leaves a journal, which the next set or reader completes.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The journal of a set being put in place, in the results folder. */
export const RESULTS_JOURNAL = ".results-set.json";

interface StagedFile {
  /** The staged file's name in the folder. */
  staged: string;
  /** The target's name in the folder. */
  target: string;
}

interface ActiveSet {
  dir: string;
  staged: StagedFile[];
}

const active = new AsyncLocalStorage<ActiveSet>();

function normalizeDir(dir: string): string {
  const d = dir.replace(/[\\/]+$/, "");
  return d === "" ? "." : d;
}

/**
 * The set that a write to `path` belongs to: the innermost {@link writeResultsSet} whose folder
 * holds `path` directly. Used by `writeFileAtomic`.
 */
export function stagingSetFor(path: string): ActiveSet | undefined {
  const set = active.getStore();
  if (!set) return undefined;
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dir = i < 0 ? "." : normalizeDir(path.slice(0, i) || "/");
  return dir === set.dir ? set : undefined;
}

/**
 * Stage `bytes` for `path` in `set`: written and flushed under a pending name, put in place
 * when the set commits. A second write to the same target replaces the first.
 */
export async function stageFile(set: ActiveSet, path: string, bytes: Uint8Array): Promise<void> {
  const target = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const staged = ownedTemporaryName(`.${target}`, "pending");
  const file = await Deno.open(`${set.dir}/${staged}`, { write: true, createNew: true });
  try {
    let offset = 0;
    while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
    await file.sync();
  } finally {
    file.close();
  }
  const old = set.staged.findIndex((s) => s.target === target);
  if (old >= 0) {
    await Deno.remove(`${set.dir}/${set.staged[old].staged}`).catch(() => {});
    set.staged.splice(old, 1);
  }
  set.staged.push({ staged, target });
}

/**
 * `<name>.<pid>-<random>.<kind>`: a temporary file that names its writer, so that
 * {@link removeStaleTemporaries} removes it as soon as that process is gone.
 */
export function ownedTemporaryName(name: string, kind: "pending" | "tmp"): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  return `${name}.${Deno.pid}-${random}.${kind}`;
}

function processAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    // without /proc, a pending file is taken as stale only if it is old
    return Deno.build.os !== "linux";
  }
}

/**
 * Make a results folder whole again after a killed write: complete a set whose journal was
 * written (rename its staged files into place), then remove pending and temporary files left
 * by processes no longer running. Safe to call at any time; returns what it did.
 *
 * @example
 * ```ts
 * import { recoverResultsFolder } from "./results_set.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/.table1.csv.999999999-x.pending`, "half");
 * console.log(await recoverResultsFolder(dir)); // { completed: 0, removed: 1 }
 * ```
 */
export async function recoverResultsFolder(
  dir: string,
): Promise<{ completed: number; removed: number }> {
  const d = normalizeDir(dir);
  let completed = 0;
  let removed = 0;
  let journal: StagedFile[] | undefined;
  try {
    journal = JSON.parse(await Deno.readTextFile(`${d}/${RESULTS_JOURNAL}`));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) journal = undefined;
    else if (e instanceof SyntaxError) journal = undefined; // a journal is written atomically
    else throw e;
  }
  if (journal) {
    for (const { staged, target } of journal) {
      try {
        await Deno.rename(`${d}/${staged}`, `${d}/${target}`);
        completed++;
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e; // renamed before the kill
      }
    }
    await Deno.remove(`${d}/${RESULTS_JOURNAL}`).catch(() => {});
  }
  removed += await removeStaleTemporaries(d);
  return { completed, removed };
}

/**
 * Remove the temporary and staged files that killed writers left in `dir`: those whose
 * writer's pid (in the name) no longer runs, and unattributed ones older than an hour.
 *
 * @returns how many were removed
 */
export async function removeStaleTemporaries(dir: string): Promise<number> {
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      const owned = entry.name.match(/^\..+\.(\d+)-[a-z0-9]+\.(pending|tmp)$/);
      const unowned = !owned && /^\..+\.\d+\.tmp$/.test(entry.name);
      const path = `${dir}/${entry.name}`;
      if ((owned && !processAlive(Number(owned[1]))) || (unowned && await stale(path))) {
        await Deno.remove(path).catch(() => {});
        removed++;
      }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return removed;
}

/** A temporary file of `writeFileAtomic` (no owner recorded) is stale after an hour. */
async function stale(path: string): Promise<boolean> {
  const info = await Deno.stat(path).catch(() => null);
  return !!info?.mtime && Date.now() - info.mtime.getTime() > 3600_000;
}

async function commit(set: ActiveSet): Promise<void> {
  if (!set.staged.length) return;
  const journal = `${set.dir}/${RESULTS_JOURNAL}`;
  // owned like the staged files, so that recovery removes it at once when the writer was
  // killed before the rename below
  const tmp = ownedTemporaryName(journal, "tmp");
  await Deno.writeTextFile(tmp, JSON.stringify(set.staged));
  const f = await Deno.open(tmp, { write: true });
  await f.sync();
  f.close();
  await Deno.rename(tmp, journal); // from here on, the set is committed
  for (const { staged, target } of set.staged) {
    await Deno.rename(`${set.dir}/${staged}`, `${set.dir}/${target}`);
  }
  await Deno.remove(journal);
}

/**
 * Run `write`, staging every file that `writeFileAtomic` (and so every table, figure and
 * metadata writer of the package) writes directly into `dir`, and put them in place together
 * when `write` resolves. If `write` throws, nothing staged is put in place and the previous
 * files stay as they were. Leftovers of an earlier killed set are recovered first.
 *
 * @param dir the results folder (created if missing)
 * @param write writes the run's results into `dir`
 * @returns what `write` returned
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic.ts";
 * import { writeResultsSet } from "./results_set.ts";
 * const dir = await Deno.makeTempDir();
 * await writeResultsSet(dir, async () => {
 *   await writeFileAtomic(`${dir}/table1.csv`, "a,b\n");
 *   await writeFileAtomic(`${dir}/table1.md`, "| a | b |\n");
 * });
 * console.log(await Deno.readTextFile(`${dir}/table1.csv`)); // a,b
 * ```
 */
export async function writeResultsSet<T>(dir: string, write: () => Promise<T>): Promise<T> {
  const d = normalizeDir(dir);
  await Deno.mkdir(d, { recursive: true });
  await recoverResultsFolder(d);
  const set: ActiveSet = { dir: d, staged: [] };
  let result: T;
  try {
    result = await active.run(set, write);
  } catch (e) {
    for (const s of set.staged) await Deno.remove(`${d}/${s.staged}`).catch(() => {});
    throw e;
  }
  await commit(set);
  return result;
}
