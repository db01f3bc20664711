/**
 * Atomic file writes and tolerant JSON reads.
 *
 * {@link writeFileAtomic} writes to a temporary file beside the target, flushes it to disk and
 * renames it over the target, so a reader (or a crash) sees either the old file or the new one,
 * never a partial write. Inside `writeResultsSet` the files of one folder are put in place
 * together instead. Results tables, figures and run metadata all go through it.
 *
 * @module
 */
import { ownedTemporaryName, stageFile, stagingSetFor } from "./results_set.ts";

/** A chunk of file content: text (written as UTF-8) or bytes. */
export type FileChunk = string | Uint8Array;

/**
 * What {@link writeFileAtomic} accepts: the whole content at once, or chunks from a
 * (possibly asynchronous) iterable. If the iterable throws, the target is left untouched.
 */
export type AtomicData = FileChunk | Iterable<FileChunk> | AsyncIterable<FileChunk>;

/** Options for {@link writeFileAtomic}. */
export interface WriteAtomicOptions {
  /**
   * Flush the file to disk before the rename, and its folder after it where the platform
   * allows (default true).
   */
  sync?: boolean;
  /** File mode of the new file on POSIX systems (default: the umask's default, usually 0o644). */
  mode?: number;
}

const encoder = new TextEncoder();

function toBytes(chunk: FileChunk): Uint8Array {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  throw new TypeError(`Cannot write a chunk of type ${typeof chunk}: use a string or Uint8Array`);
}

function dirname(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (i < 0) return ".";
  if (i === 0) return path.slice(0, 1);
  return path.slice(0, i);
}

function basename(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(i + 1);
}

async function* chunksOf(data: AtomicData): AsyncIterable<Uint8Array> {
  if (typeof data === "string" || data instanceof Uint8Array) {
    yield toBytes(data);
    return;
  }
  if (Symbol.asyncIterator in data) {
    for await (const chunk of data as AsyncIterable<FileChunk>) yield toBytes(chunk);
    return;
  }
  if (Symbol.iterator in data) {
    for (const chunk of data as Iterable<FileChunk>) yield toBytes(chunk);
    return;
  }
  throw new TypeError("Cannot write this data: use a string, Uint8Array or an iterable of them");
}

async function collect(data: AtomicData): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunksOf(data)) parts.push(chunk);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}

async function syncDirectory(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  try {
    using handle = await Deno.open(dir, { read: true });
    await handle.sync();
  } catch {
    // Some file systems refuse to fsync a directory; the rename itself is still atomic.
  }
}

/**
 * Write `data` to `path` atomically: parent directories are created, the content goes to a
 * temporary file in the same directory (named `.<name>.<pid>-<random>.tmp`), which is flushed and
 * then renamed over `path`. If anything fails before the rename, the temporary file is removed
 * and the previous content of `path` (if any) is left exactly as it was.
 *
 * @param path the target file
 * @param data text (UTF-8), bytes, or an iterable / async iterable of chunks
 * @param options flushing and file mode
 * @returns a promise that resolves once the new content is in place
 * @throws the error of the failing step (creating, writing or renaming), after cleaning up
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/nested/hello.txt`, "hello");
 * const text = await Deno.readTextFile(`${dir}/nested/hello.txt`);
 * if (text !== "hello") throw new Error("not written");
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: AtomicData,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const set = stagingSetFor(path);
  if (set) return await stageFile(set, path, await collect(data));
  const sync = options.sync ?? true;
  const dir = dirname(path);
  const name = basename(path);
  if (name === "" || name === "." || name === "..") {
    throw new Error(`Cannot write to "${path}": the path does not name a file`);
  }
  await Deno.mkdir(dir, { recursive: true });
  // the writer's pid in the name: a file left by a killed writer can be told from a live one's
  const tmp = ownedTemporaryName(`${dir}/.${name}`, "tmp");
  const openOptions: Deno.OpenOptions = { write: true, createNew: true };
  if (options.mode !== undefined) openOptions.mode = options.mode;
  let renamed = false;
  try {
    {
      using file = await Deno.open(tmp, openOptions);
      for await (const bytes of chunksOf(data)) await writeAll(file, bytes);
      if (sync) await file.sync();
    }
    await Deno.rename(tmp, path);
    renamed = true;
    if (sync) await syncDirectory(dir);
  } finally {
    if (!renamed) {
      try {
        await Deno.remove(tmp);
      } catch {
        // The temporary file was never created, or is already gone.
      }
    }
  }
}

/**
 * Whether a file (or folder) exists at `path`.
 *
 * @param path the path
 * @returns true when something is there
 *
 * @example
 * ```ts
 * import { fileExists, writeFileAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * console.log(await fileExists(`${dir}/a.txt`)); // false
 * await writeFileAtomic(`${dir}/a.txt`, "a");
 * console.log(await fileExists(`${dir}/a.txt`)); // true
 * ```
 */
export async function fileExists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/**
 * Read and parse a JSON file, or return `undefined` when it does not exist.
 *
 * @param path the file to read
 * @returns the parsed value, or `undefined` if there is no such file
 * @throws Error naming the file when it exists but is not valid JSON
 *
 * @example
 * ```ts
 * import { readJsonIfExists, writeFileAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * const missing = await readJsonIfExists(`${dir}/missing.json`);
 * if (missing !== undefined) throw new Error("expected undefined");
 * await writeFileAtomic(`${dir}/state.json`, JSON.stringify({ epoch: 3 }));
 * const state = await readJsonIfExists<{ epoch: number }>(`${dir}/state.json`);
 * if (state?.epoch !== 3) throw new Error("wrong content");
 * ```
 */
export async function readJsonIfExists<T = unknown>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`Invalid JSON in "${path}": ${(e as Error).message}`);
  }
}

/**
 * Write `value` as pretty-printed JSON (two-space indent, trailing newline) with
 * {@link writeFileAtomic}.
 *
 * @param path the target file
 * @param value any JSON-serialisable value
 * @returns a promise that resolves once the file is in place
 *
 * @example
 * ```ts
 * import { readJsonIfExists, writeJsonAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeJsonAtomic(`${dir}/a.json`, { k: 25 });
 * const back = await readJsonIfExists<{ k: number }>(`${dir}/a.json`);
 * if (back?.k !== 25) throw new Error("round trip failed");
 * ```
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) throw new Error(`Cannot write ${typeof value} as JSON to "${path}"`);
  await writeFileAtomic(path, text + "\n");
}
