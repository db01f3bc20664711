/**
 * A small PNG encoder (8-bit grayscale, RGB or RGBA) on `node:zlib`, enough for filter grids
 * and image samples without a native dependency.
 *
 * @module
 */
import { deflateSync } from "node:zlib";

/** Channels per pixel: 1 grayscale, 3 RGB, 4 RGBA. */
export type PngChannels = 1 | 3 | 4;

/** Options for {@link encodePng}. */
export interface EncodePngOptions {
  /** zlib compression level, 0 (none) to 9 (smallest); default 6. */
  level?: number;
}

const SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
const COLOR_TYPE: Record<PngChannels, number> = { 1: 0, 3: 2, 4: 6 };

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

/**
 * The CRC-32 (ISO 3309, as used by PNG and zlib's `crc32`) of `bytes`.
 *
 * @param bytes the data
 * @returns the checksum as an unsigned 32-bit integer
 *
 * @example
 * ```ts
 * import { crc32 } from "./png.ts";
 * if (crc32(new TextEncoder().encode("IEND")) !== 0xae426082) throw new Error("wrong crc");
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  const t = table();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encode 8-bit pixels as a PNG file. Rows are stored with filter type 0 (none) and the image
 * data is zlib-compressed in one IDAT chunk.
 *
 * @param width image width in pixels (a positive integer)
 * @param height image height in pixels (a positive integer)
 * @param pixels `width * height * channels` bytes, row by row, channels interleaved
 * @param channels 1 (grayscale), 3 (RGB) or 4 (RGBA)
 * @param options compression level
 * @returns the PNG file's bytes
 * @throws Error when the sizes are not positive integers or `pixels` has the wrong length
 *
 * @example
 * ```ts
 * import { encodePng } from "./png.ts";
 * const gradient = Uint8Array.from({ length: 16 * 16 }, (_, i) => i);
 * const png = encodePng(16, 16, gradient, 1);
 * if (png[1] !== 0x50 || png.length < 57) throw new Error("not a PNG");
 * ```
 */
export function encodePng(
  width: number,
  height: number,
  pixels: Uint8Array,
  channels: PngChannels,
  options: EncodePngOptions = {},
): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(
      `Invalid PNG size ${width}x${height}: width and height must be positive integers`,
    );
  }
  if (!(channels in COLOR_TYPE)) {
    throw new Error(`Invalid channel count ${channels}: use 1 (gray), 3 (RGB) or 4 (RGBA)`);
  }
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new Error(
      `Expected ${
        stride * height
      } pixel bytes for ${width}x${height}x${channels}, got ${pixels.length}`,
    );
  }
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type: none
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE[channels];
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive
  ihdr[12] = 0; // interlace: none
  const compressed = deflateSync(raw, { level: options.level ?? 6 });
  const parts = [
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.length)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
