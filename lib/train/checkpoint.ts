/**
 * Checkpoint files: named float32 arrays plus a JSON header, written atomically, so an
 * interrupted run never leaves a half-written checkpoint and can resume from the last one.
 *
 * Layout: the 8 bytes `SEAECKPT`, a little-endian uint32 header length, the UTF-8 JSON
 * header (padded to 4 bytes), then the arrays' float32 data back to back.
 *
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import { checksum } from "../hash.ts";

/** A named array: shape and float32 data. */
export interface NamedArray {
  /** Shape of the array. */
  shape: number[];
  /** Row-major data. */
  data: Float32Array;
}

/** What a checkpoint holds. */
export interface CheckpointContent {
  /** Arrays by name (parameters, optimizer slots, best parameters). */
  arrays: Record<string, NamedArray>;
  /** Any JSON-serialisable metadata (epoch, history, settings). */
  meta: Record<string, unknown>;
}

const MAGIC = "SEAECKPT";

/**
 * Serialise a checkpoint to bytes.
 *
 * @example
 * ```ts
 * import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts";
 * const bytes = encodeCheckpoint({
 *   arrays: { w: { shape: [2], data: new Float32Array([1, 2]) } },
 *   meta: { epoch: 3 },
 * });
 * console.log(decodeCheckpoint(bytes).meta.epoch); // 3
 * ```
 */
export function encodeCheckpoint(content: CheckpointContent): Uint8Array {
  let offset = 0;
  const entries = Object.entries(content.arrays).map(([name, a]) => {
    const size = a.shape.reduce((p, d) => p * d, 1);
    if (size !== a.data.length) {
      throw new Error(
        `Array "${name}" has ${a.data.length} values but shape [${a.shape}] needs ${size}`,
      );
    }
    const e = { name, shape: a.shape, offset, length: a.data.length };
    offset += a.data.length;
    return e;
  });
  const floats = new Float32Array(offset);
  for (const e of entries) floats.set(content.arrays[e.name].data, e.offset);
  // version 2: the header holds a checksum of the numbers, so a changed value is caught
  const sum = checksum(new Uint8Array(floats.buffer));
  const header = new TextEncoder().encode(
    JSON.stringify({ version: 2, arrays: entries, meta: content.meta, checksum: sum }),
  );
  const headerPadded = Math.ceil(header.length / 4) * 4;
  const start = 12 + headerPadded;
  const out = new Uint8Array(start + offset * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  out.set(new Uint8Array(floats.buffer), start);
  return out;
}

/**
 * Parse bytes written by {@link encodeCheckpoint}.
 *
 * @param bytes the file's bytes
 * @param name the file name, for error messages
 * @throws Error naming the file when it is not a checkpoint or is truncated
 *
 * @example
 * ```ts
 * import { decodeCheckpoint } from "./checkpoint.ts";
 * try {
 *   decodeCheckpoint(new Uint8Array(4), "bad.ckpt");
 * } catch (e) {
 *   console.log((e as Error).message);
 * }
 * ```
 */
export function decodeCheckpoint(bytes: Uint8Array, name = "checkpoint"): CheckpointContent {
  const fix = "delete it to start the run afresh";
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error(`${name} is not a checkpoint file (bad magic bytes): ${fix}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) {
    throw new Error(`${name} is truncated (header cut short): ${fix}`);
  }
  let header: {
    arrays: { name: string; shape: number[]; offset: number; length: number }[];
    meta: Record<string, unknown>;
    checksum?: string;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    throw new Error(`${name} has a corrupt header: ${fix}`);
  }
  const start = 12 + Math.ceil(headerLength / 4) * 4;
  const total = header.arrays.reduce((s, e) => s + e.length, 0);
  if (bytes.length !== start + total * 4) {
    throw new Error(
      `${name} is truncated or padded: expected ${
        start + total * 4
      } bytes, found ${bytes.length}: ${fix}`,
    );
  }
  const payload = bytes.slice(start);
  if (header.checksum !== undefined && checksum(payload) !== header.checksum) {
    throw new Error(
      `${name} is corrupt: its numbers do not match the checksum written with them: ${fix}`,
    );
  }
  const floats = new Float32Array(payload.buffer);
  const arrays: Record<string, NamedArray> = {};
  for (const e of header.arrays) {
    arrays[e.name] = { shape: e.shape, data: floats.slice(e.offset, e.offset + e.length) };
  }
  return { arrays, meta: header.meta };
}

/**
 * Write a checkpoint atomically (temporary file, then rename).
 *
 * @example
 * ```ts
 * import { readCheckpoint, writeCheckpoint } from "./checkpoint.ts";
 * const path = `${await Deno.makeTempDir()}/run.ckpt`;
 * await writeCheckpoint(path, { arrays: {}, meta: { epoch: 1 } });
 * console.log((await readCheckpoint(path))?.meta.epoch); // 1
 * ```
 */
export async function writeCheckpoint(path: string, content: CheckpointContent): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(content));
}

/**
 * Read a checkpoint, or `undefined` when the file does not exist.
 *
 * @example
 * ```ts
 * import { readCheckpoint } from "./checkpoint.ts";
 * console.log(await readCheckpoint("/nonexistent/run.ckpt")); // undefined
 * ```
 */
export async function readCheckpoint(path: string): Promise<CheckpointContent | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  return decodeCheckpoint(bytes, path);
}
