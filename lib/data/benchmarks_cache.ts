/**
 * The cache of generated benchmark sets (`benchmarks.ts`): one file a set, in
 * {@link DEFAULT_BENCHMARK_CACHE_DIR} unless another folder is given, named by
 * {@link cachePathOf}. A file holds an 8-byte magic `"ICML07B\n"`, a little-endian uint32 header
 * length, a JSON header, then for train, validation and test the labels (one byte each) and the
 * 8-bit pixels (784 bytes an image). The header holds the format version, set, recipe version,
 * seed, sizes, background rule and pixels per image, which must all equal what is asked, and an
 * FNV-1a checksum of the body, which must match it. {@link decodeCache} says why a file that does
 * not match cannot be used (the caller regenerates and replaces it); {@link writeCache} writes
 * atomically (`../io/atomic.ts`), so a reader never sees a partial file.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import type { BenchmarkName, BenchmarkSizes } from "./benchmarks.ts";
import type { BackgroundRule } from "./benchmarks_mnist.ts";
import { type GeneratedImages, PIXELS } from "./benchmarks_photos.ts";

/** Where generated sets are cached, relative to the working directory. */
export const DEFAULT_BENCHMARK_CACHE_DIR = "data/cache/benchmarks";

/** The three splits, in the order of a cache file. */
export const SPLITS = ["train", "validation", "test"] as const;

/** One of {@link SPLITS}. */
export type SplitName = typeof SPLITS[number];

/** The images and labels of each split of a generated set. */
export type Parts = Record<SplitName, GeneratedImages>;

/** What a generated set is made from, and so what its cache file must match. */
export interface Settings {
  name: BenchmarkName;
  seed: number;
  sizes: BenchmarkSizes;
  backgroundRule: BackgroundRule | null;
  recipe: number;
}

/** The cache file of a generated set, in `cacheDir` ({@link DEFAULT_BENCHMARK_CACHE_DIR}). */
export function cachePathOf(settings: Settings, cacheDir = DEFAULT_BENCHMARK_CACHE_DIR): string {
  const { name, recipe, seed, sizes, backgroundRule } = settings;
  const rule = backgroundRule === "max" ? "-max" : "";
  const file =
    `${name}-r${recipe}-seed${seed}-${sizes.train}-${sizes.validation}-${sizes.test}${rule}.bin`;
  return join(cacheDir, file);
}

const MAGIC = new TextEncoder().encode("ICML07B\n");
const FORMAT = 1;

/** The header fields a cached file must match, in a fixed order. */
function headerOf(settings: Settings): Record<string, unknown> {
  const { name, recipe, seed, sizes, backgroundRule } = settings;
  return {
    format: FORMAT,
    name,
    recipe,
    seed,
    sizes: { train: sizes.train, validation: sizes.validation, test: sizes.test },
    backgroundRule,
    pixels: PIXELS,
  };
}

/** FNV-1a over bytes, continuing from `h`. */
function fnvBytes(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function bodyOf(parts: Parts): Uint8Array[] {
  return SPLITS.flatMap((split) => [parts[split].labels, parts[split].pixels]);
}

/** The chunks of a cache file: magic, header length, header, body. */
export function encodeCache(settings: Settings, parts: Parts): Uint8Array[] {
  const body = bodyOf(parts);
  let checksum = 0x811c9dc5;
  for (const chunk of body) checksum = fnvBytes(chunk, checksum);
  const header = new TextEncoder().encode(JSON.stringify({ ...headerOf(settings), checksum }));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, header.length, true);
  return [MAGIC, length, header, ...body];
}

/** The parts of a cached file, or why it does not match. */
export function decodeCache(bytes: Uint8Array, settings: Settings): Parts | string {
  if (bytes.length < MAGIC.length + 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
    return "it does not start with the cache file's magic bytes";
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  if (start + length > bytes.length) return "its header is cut short";
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + length)));
  } catch {
    return "its header is not valid JSON";
  }
  const { checksum, ...fields } = header ?? {};
  const expected = JSON.stringify(headerOf(settings));
  if (JSON.stringify(fields) !== expected) {
    return `its header ${JSON.stringify(fields)} differs from ${expected}`;
  }
  const { sizes } = settings;
  const bodyLength = (sizes.train + sizes.validation + sizes.test) * (1 + PIXELS);
  let at = start + length;
  if (bytes.length !== at + bodyLength) {
    return `it holds ${bytes.length - at} bytes of examples, not ${bodyLength}`;
  }
  if (fnvBytes(bytes.subarray(at)) !== checksum) return "its checksum does not match";
  const parts = {} as Parts;
  for (const split of SPLITS) {
    const n = sizes[split];
    const labels = bytes.slice(at, at + n);
    at += n;
    const pixels = bytes.slice(at, at + n * PIXELS);
    at += n * PIXELS;
    parts[split] = { labels, pixels, n, draws: {} };
  }
  return parts;
}

/** A cache file's bytes, or undefined when there is none. */
export async function readCache(path: string): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(
        `Cannot read the benchmark cache "${path}": permission denied; run Deno with ` +
          `--allow-read, or pass cache: false`,
        { cause: e },
      );
    }
    throw e;
  }
}

/** Write a cache file atomically. */
export async function writeCache(path: string, chunks: Uint8Array[]): Promise<void> {
  try {
    await writeFileAtomic(path, chunks);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(
        `Cannot write the benchmark cache "${path}": permission denied; run Deno with ` +
          `--allow-write, pass another cacheDir, or pass cache: false`,
        { cause: e },
      );
    }
    throw e;
  }
}
