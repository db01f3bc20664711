/**
 * PNG files as grey images in [0, 1], decoded by `fast-png` (any bit depth; grey, grey and
 * alpha, RGB, RGBA or palette): colour becomes grey with the ITU-R BT.601 luma weights
 * 0.299 R + 0.587 G + 0.114 B applied to the stored values, alpha is ignored. Decoded files are
 * kept for the process until their size or time changes; the natural image patches
 * (`patches.ts`) read their photographs through here.
 *
 * @module
 */
import { convertIndexedToRgb, decode, type DecodedPng } from "fast-png";
import { resolve } from "node:path";

/** A grey image with values in [0, 1]. */
export interface GrayPhoto {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width * height` grey values in [0, 1], row by row. */
  pixels: Float32Array;
}

function malformed(name: string, why: string, cause?: unknown): Error {
  return new Error(
    `Cannot decode "${name}" as PNG: ${why}; the file is truncated or corrupt`,
    cause === undefined ? undefined : { cause },
  );
}

/** The error, with what to do about it appended (a new error, the old one its cause). */
function withFix(e: unknown, fix: string | undefined): unknown {
  if (fix === undefined || !(e instanceof Error)) return e;
  return new Error(`${e.message}. ${fix}`, { cause: e });
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Width and height from the IHDR chunk, which a PNG must start with. */
function pngSize(bytes: Uint8Array, name: string): { width: number; height: number } {
  if (bytes.length < 24 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw malformed(name, `no PNG signature and header (${bytes.length} bytes)`);
  }
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== "IHDR") throw malformed(name, `the first chunk is "${type}", not IHDR`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Grey values in [0, 1] of a decoded PNG, any depth and colour type. */
function toGray(png: DecodedPng, name: string): Float32Array {
  const { width, height } = png;
  const count = width * height;
  let data: ArrayLike<number>;
  let channels: number;
  let max: number;
  if (png.palette) {
    let rgb: Uint8Array;
    try {
      rgb = convertIndexedToRgb(png);
    } catch (e) {
      throw malformed(name, e instanceof Error ? e.message : String(e), e);
    }
    channels = rgb.length / count;
    data = rgb;
    max = 255;
  } else if (png.depth >= 8) {
    channels = png.channels;
    data = png.data;
    max = png.depth === 16 ? 65535 : 255;
  } else {
    // Grey at 1, 2 or 4 bits: samples packed into bytes, each row starting on a new byte.
    channels = 1;
    const depth = png.depth;
    const perByte = 8 / depth;
    const rowBytes = Math.ceil(width / perByte);
    if (png.data.length < rowBytes * height) throw malformed(name, "too few pixel bytes");
    const mask = (1 << depth) - 1;
    const unpacked = new Uint8Array(count);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = png.data[y * rowBytes + Math.floor(x / perByte)];
        unpacked[y * width + x] = (byte >> (8 - depth * (1 + (x % perByte)))) & mask;
      }
    }
    data = unpacked;
    max = mask;
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) {
    throw malformed(name, `${channels} channels per pixel`);
  }
  if (data.length < count * channels) {
    throw malformed(name, `${data.length} samples for ${width}x${height}x${channels} pixels`);
  }
  const out = new Float32Array(count);
  if (channels <= 2) {
    for (let i = 0; i < count; i++) out[i] = data[i * channels] / max;
  } else {
    for (let i = 0; i < count; i++) {
      const o = i * channels;
      out[i] = (0.299 * data[o] + 0.587 * data[o + 1] + 0.114 * data[o + 2]) / max;
    }
  }
  return out;
}

/**
 * Decode PNG bytes to grey values in [0, 1]: colour through the ITU-R BT.601 luma weights
 * (0.299 R + 0.587 G + 0.114 B), alpha ignored, 16-bit samples kept at full precision, palette
 * images through their palette. CRCs are checked.
 *
 * @param bytes the file's bytes
 * @param name the file's name, for error messages
 * @returns the grey image
 * @throws {Error} naming `name` when the bytes are not a complete, valid PNG file
 *
 * @example
 * ```ts
 * import { encode } from "fast-png";
 * import { decodeGrayPng } from "./png.ts";
 * const red = new Uint8Array([255, 0, 0]);
 * const blue = new Uint8Array([0, 0, 255]);
 * const data = new Uint8Array([...red, ...blue]);
 * const png = encode({ width: 2, height: 1, data, channels: 3 });
 * console.log(decodeGrayPng(png).pixels); // [0.299, 0.114] as float32
 * ```
 */
export function decodeGrayPng(bytes: Uint8Array, name = "PNG data"): GrayPhoto {
  const { width, height } = pngSize(bytes, name);
  if (width < 1 || height < 1) throw malformed(name, `its size is ${width}x${height}`);
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (e) {
    throw malformed(name, e instanceof Error ? e.message : String(e), e);
  }
  return { width: png.width, height: png.height, pixels: toGray(png, name) };
}

interface Cached {
  stamp: string;
  image: GrayPhoto;
}

const memo = new Map<string, Cached>();

function stampOf(info: Deno.FileInfo): string {
  return `${info.size}:${info.mtime?.getTime() ?? ""}`;
}

/**
 * The error of a failed stat or read of `path`: a missing permission says which flag to pass;
 * any other error is passed on.
 *
 * @example
 * ```ts
 * import { statError } from "./png.ts";
 * const e = statError("/data/x.png", new Deno.errors.PermissionDenied("no"));
 * console.log(e.message.includes("--allow-read")); // true
 * ```
 */
export function statError(path: string, e: unknown): Error {
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return new Error(`Cannot read "${path}": permission denied; run Deno with --allow-read`, {
      cause: e,
    });
  }
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Read a PNG file as a grey image in [0, 1], as {@link decodeGrayPng} does. Decoded images are
 * kept for the process (until the file's size or time changes); each call returns a fresh copy.
 *
 * @param path the file
 * @returns the grey image
 * @throws {Error} naming the file when it is missing or not a valid PNG file
 *
 * @example
 * ```ts
 * import { encode } from "fast-png";
 * import { readGrayPng } from "./png.ts";
 * const path = await Deno.makeTempFile({ suffix: ".png" });
 * const data = new Uint8Array([0, 255]);
 * await Deno.writeFile(path, encode({ width: 2, height: 1, data, channels: 1 }));
 * console.log((await readGrayPng(path)).pixels); // [0, 1]
 * await Deno.remove(path);
 * ```
 */
export async function readGrayPng(path: string): Promise<GrayPhoto> {
  const [image] = await loadGrayPngs([path]);
  return { ...image, pixels: image.pixels.slice() };
}

/** Options of {@link loadGrayPngs}. */
export interface LoadGrayPngsOptions {
  /** Called with each file's size (read from its header) before any file is decoded. */
  check?: (size: { width: number; height: number }, path: string) => void;
  /** What to do when a file is missing, appended to the error. */
  missingFix?: string;
  /** What to do when a file is not a valid PNG file, appended to the error. */
  corruptFix?: string;
}

/**
 * Read several PNG files as grey images in [0, 1]: stat them all, then read the headers of
 * those not cached and call `check`, then decode, so that a bad file or size is reported
 * before the decoding work. The cached images are returned, not copies: do not change them
 * ({@link readGrayPng} returns a copy).
 *
 * @param paths the files
 * @param options a check of each file's size, and the fixes the errors should name
 * @returns the grey images, in the order of `paths`
 * @throws {Error} naming the file when it is missing, not a file, not a valid PNG file, or
 *   fails `check`
 *
 * @example
 * ```ts
 * import { encode } from "fast-png";
 * import { loadGrayPngs } from "./png.ts";
 * const path = await Deno.makeTempFile({ suffix: ".png" });
 * await Deno.writeFile(path, encode({ width: 3, height: 1, data: new Uint8Array(3), channels: 1 }));
 * const [image] = await loadGrayPngs([path], {
 *   check: ({ width }) => {
 *     if (width < 3) throw new Error("too small");
 *   },
 * });
 * console.log(image.width); // 3
 * await Deno.remove(path);
 * ```
 */
export async function loadGrayPngs(
  paths: readonly string[],
  options: LoadGrayPngsOptions = {},
): Promise<GrayPhoto[]> {
  const { check, missingFix, corruptFix } = options;
  const tail = missingFix === undefined ? "" : `; ${missingFix}`;
  const stamps: string[] = [];
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new Error(`Image "${path}" does not exist${tail}`);
      }
      throw statError(path, e);
    }
    if (!info.isFile) throw new Error(`Image "${path}" is not a file${tail}`);
    stamps.push(stampOf(info));
  }
  const bytes: (Uint8Array | null)[] = [];
  for (let i = 0; i < paths.length; i++) {
    const key = resolve(paths[i]);
    const hit = memo.get(key);
    if (hit && hit.stamp === stamps[i]) {
      check?.(hit.image, paths[i]);
      bytes.push(null);
      continue;
    }
    let b: Uint8Array;
    try {
      b = await Deno.readFile(paths[i]);
    } catch (e) {
      throw statError(paths[i], e);
    }
    let size: { width: number; height: number };
    try {
      size = pngSize(b, paths[i]);
    } catch (e) {
      throw withFix(e, corruptFix);
    }
    check?.(size, paths[i]);
    bytes.push(b);
  }
  return paths.map((path, i) => {
    const key = resolve(path);
    const b = bytes[i];
    if (b === null) return memo.get(key)!.image;
    let image: GrayPhoto;
    try {
      image = decodeGrayPng(b, path);
    } catch (e) {
      throw withFix(e, corruptFix);
    }
    memo.set(key, { stamp: stamps[i], image });
    return image;
  });
}

/**
 * Forget the images {@link loadGrayPngs} and {@link readGrayPng} have decoded (the
 * photographs of `naturalPatches` among them) in this process
 * (about 11 MB for the ten photographs), to free their memory.
 *
 * @example
 * ```ts
 * import { clearImageCache } from "./png.ts";
 * clearImageCache();
 * ```
 */
export function clearImageCache(): void {
  memo.clear();
}
