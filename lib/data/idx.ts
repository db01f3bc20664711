/**
 * IDX files, the format of MNIST and Fashion-MNIST, parsed with validation.
 *
 * An IDX file is a 4-byte magic number (two zero bytes, a data type code and the number of
 * dimensions), one big-endian uint32 per dimension, then the values in row-major order,
 * big-endian. Files may be plain or gzip-compressed; compression is detected by the gzip magic
 * bytes `1f 8b`, not by the file name.
 *
 * @module
 */
import { gunzipSync } from "node:zlib";

/** The data types an IDX file can hold, named after the typed array that holds them. */
export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The typed arrays an {@link IdxArray} holds its values in. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A parsed IDX file: its data type, its dimensions and its values in row-major order. */
export interface IdxArray {
  /** The data type, from the type code in the magic number. */
  dtype: IdxDtype;
  /** The dimensions, outermost first (e.g. `[60000, 28, 28]` for MNIST training images). */
  dims: number[];
  /** The values in row-major order, converted to the platform's byte order. */
  data: IdxData;
}

/** Options of {@link readIdx}. */
export interface ReadIdxOptions {
  /** How to obtain the file, appended to the error when it does not exist. */
  hint?: string;
}

interface DtypeInfo {
  dtype: IdxDtype;
  size: number;
  label: string;
}

const DTYPES: Readonly<Record<number, DtypeInfo>> = {
  0x08: { dtype: "uint8", size: 1, label: "unsigned byte" },
  0x09: { dtype: "int8", size: 1, label: "signed byte" },
  0x0b: { dtype: "int16", size: 2, label: "short" },
  0x0c: { dtype: "int32", size: 4, label: "int" },
  0x0d: { dtype: "float32", size: 4, label: "float" },
  0x0e: { dtype: "float64", size: 8, label: "double" },
};

const hex = (b: number): string => "0x" + b.toString(16).padStart(2, "0");

/** True when `bytes` start with the gzip magic bytes `1f 8b`. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, name: string): Uint8Array {
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(
      `Corrupt gzip stream in "${name}": ${reason}; download or copy the file again`,
      { cause: e },
    );
  }
}

function readValues(
  bytes: Uint8Array,
  offset: number,
  count: number,
  info: DtypeInfo,
): IdxData {
  if (info.dtype === "uint8" || info.dtype === "int8") {
    const out = new Uint8Array(count);
    out.set(bytes.subarray(offset, offset + count));
    return info.dtype === "uint8" ? out : new Int8Array(out.buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * info.size);
  switch (info.dtype) {
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i);
      return out;
    }
  }
}

/**
 * Parse the bytes of an IDX file, plain or gzip-compressed.
 *
 * Checks the magic number (two zero bytes, a known type code, 1 to 4 dimensions), that every
 * dimension is positive, and that the length is exactly the header plus the values: a
 * truncated file or one with trailing bytes is an error that says how many bytes were
 * expected and how many were found.
 *
 * @param bytes the file's contents; gzip is detected by its magic bytes `1f 8b`
 * @param name names the data in error messages, usually the file's path
 * @returns the data type, dimensions and values
 * @throws {Error} when the bytes are not a valid IDX file or not a valid gzip stream
 *
 * @example Parse a 2x3 unsigned byte array
 * ```ts
 * import { parseIdx } from "./idx.ts";
 * const bytes = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
 * const a = parseIdx(bytes, "tiny");
 * if (a.dtype !== "uint8" || a.dims.join("x") !== "2x3" || a.data[5] !== 6) {
 *   throw new Error("parsed wrongly");
 * }
 * ```
 */
export function parseIdx(bytes: Uint8Array, name = "IDX data"): IdxArray {
  if (isGzip(bytes)) bytes = gunzip(bytes, name);
  if (bytes.length < 4) {
    throw new Error(
      `Truncated IDX file "${name}": expected at least a 4-byte magic number, found ${bytes.length} bytes; download or copy the file again`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(
      `Invalid IDX file "${name}": bad magic number ${
        [...bytes.subarray(0, 4)].map(hex).join(" ")
      }, an IDX file starts with two zero bytes; check that this is an IDX file (plain or gzip)`,
    );
  }
  const info = DTYPES[bytes[2]];
  if (info === undefined) {
    throw new Error(
      `Invalid IDX file "${name}": unknown data type code ${
        hex(bytes[2])
      } in the magic number, expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0b (short), 0x0c (int), 0x0d (float) or 0x0e (double); check that this is an IDX file`,
    );
  }
  const rank = bytes[3];
  if (rank < 1 || rank > 4) {
    throw new Error(
      `Invalid IDX file "${name}": ${rank} dimensions in the magic number, expected 1 to 4; check that this is an IDX file`,
    );
  }
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    throw new Error(
      `Truncated IDX file "${name}": expected a ${header}-byte header for ${rank} dimensions, found ${bytes.length} bytes; download or copy the file again`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d);
    if (size === 0) {
      throw new Error(
        `Invalid IDX file "${name}": dimension ${d} has size 0, sizes must be positive; check that this is an IDX file`,
      );
    }
    dims.push(size);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = header + count * info.size;
  if (bytes.length !== expected) {
    const plural = info.size === 1 ? "" : "s";
    const what = `${header}-byte header + ${dims.join("x")} values of ${info.size} byte${plural}`;
    if (bytes.length < expected) {
      throw new Error(
        `Truncated IDX file "${name}": expected ${expected} bytes (${what}), found ${bytes.length}, ${
          expected - bytes.length
        } missing; download or copy the file again`,
      );
    }
    throw new Error(
      `IDX file "${name}" has ${
        bytes.length - expected
      } trailing bytes: expected ${expected} bytes (${what}), found ${bytes.length}; check that the file is not two files joined or padded`,
    );
  }
  return { dtype: info.dtype, dims, data: readValues(bytes, header, count, info) };
}

/**
 * Read and parse an IDX file, plain or gzip-compressed (detected by content, not by name).
 *
 * Needs read permission for the file.
 *
 * @param path the file's path
 * @param options `hint`: how to obtain the file, added to the error when it is missing
 * @returns the data type, dimensions and values
 * @throws {Error} when the file is missing, unreadable or not a valid IDX file; the message
 * names the file
 *
 * @example Write a tiny gzip IDX file and read it back
 * ```ts
 * import { gzipSync } from "node:zlib";
 * import { readIdx } from "./idx.ts";
 * const path = await Deno.makeTempFile({ suffix: ".idx1-ubyte" });
 * await Deno.writeFile(path, gzipSync(new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9])));
 * const labels = await readIdx(path);
 * await Deno.remove(path);
 * if (labels.dims[0] !== 2 || labels.data[1] !== 9) throw new Error("read wrongly");
 * ```
 */
export async function readIdx(path: string, options: ReadIdxOptions = {}): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `IDX file "${path}" not found; ${options.hint ?? "check the path"}`,
        { cause: e },
      );
    }
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(
        `Cannot read IDX file "${path}": permission denied; run Deno with --allow-read`,
        { cause: e },
      );
    }
    if (e instanceof Deno.errors.IsADirectory) {
      throw new Error(`Cannot read IDX file "${path}": it is a directory; pass the file's path`, {
        cause: e,
      });
    }
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`Cannot read IDX file "${path}": ${reason}`, { cause: e });
  }
  return parseIdx(bytes, path);
}
