/**
 * PNG files of 8-bit gray, RGB or RGBA pixels, encoded and decoded by `fast-png`.
 *
 * @module
 */
import { convertIndexedToRgb, decode, encode } from "fast-png";

/** Channels per pixel: 1 grayscale, 3 RGB, 4 RGBA. */
export type PngChannels = 1 | 3 | 4;

/** Options for {@link encodePng}. */
export interface EncodePngOptions {
  /** zlib compression level, 0 (none) to 9 (smallest); default 6. */
  level?: number;
}

/** A decoded PNG: 8-bit pixels, row by row, channels interleaved. */
export interface DecodedPngImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** 1 (gray), 2 (gray and alpha), 3 (RGB) or 4 (RGBA). */
  channels: number;
  /** `width * height * channels` bytes. */
  pixels: Uint8Array;
}

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * Encode 8-bit pixels as a PNG file.
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
 * import { decodePng, encodePng } from "./png.ts";
 * const gradient = Uint8Array.from({ length: 16 * 16 }, (_, i) => i);
 * const png = encodePng(16, 16, gradient, 1);
 * if (decodePng(png).pixels[17] !== 17) throw new Error("not the same pixels");
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
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(`Invalid channel count ${channels}: use 1 (gray), 3 (RGB) or 4 (RGBA)`);
  }
  const expected = width * height * channels;
  if (pixels.length !== expected) {
    throw new Error(
      `Expected ${expected} pixel bytes for ${width}x${height}x${channels}, got ${pixels.length}`,
    );
  }
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new Error(`Invalid compression level ${level}: use an integer from 0 to 9`);
  }
  return encode(
    { width, height, data: pixels, channels, depth: 8 },
    { zlib: { level: level as Level } },
  );
}

/**
 * Decode a PNG file to 8-bit pixels (16-bit images keep their high byte; palette images
 * become RGB or RGBA).
 *
 * @param bytes the file's bytes
 * @returns the size, channels and pixels
 * @throws Error when the bytes are not a PNG file (from `fast-png`)
 *
 * @example
 * ```ts
 * import { decodePng, encodePng } from "./png.ts";
 * const rgb = new Uint8Array([255, 0, 0, 0, 0, 255]);
 * const back = decodePng(encodePng(2, 1, rgb, 3));
 * if (back.channels !== 3 || back.pixels.join() !== rgb.join()) throw new Error("round trip");
 * ```
 */
export function decodePng(bytes: Uint8Array): DecodedPngImage {
  const png = decode(bytes);
  if (png.palette) {
    const pixels = convertIndexedToRgb(png);
    const channels = pixels.length / (png.width * png.height);
    return { width: png.width, height: png.height, channels, pixels };
  }
  const data = png.data;
  let pixels: Uint8Array;
  if (png.depth === 8) {
    pixels = data instanceof Uint8Array ? data : new Uint8Array(data);
  } else if (png.depth === 16) {
    pixels = Uint8Array.from(data, (v) => v >> 8);
  } else {
    const max = 2 ** png.depth - 1;
    pixels = Uint8Array.from(data, (v) => Math.round((v / max) * 255));
  }
  return { width: png.width, height: png.height, channels: png.channels, pixels };
}
