/**
 * The package's one hash: 32-bit FNV-1a over UTF-16 code units, for seeded stream labels,
 * settings fingerprints in checkpoint names and cache keys. Not cryptographic.
 *
 * @module
 */

/**
 * FNV-1a of `text` as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import { fnv1a } from "./hash.ts";
 * console.log(fnv1a("")); // 2166136261
 * console.log(fnv1a("a").toString(16)); // e40c292c
 * ```
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * An 8-hex-digit fingerprint of a JSON-serialisable value (FNV-1a of its JSON): equal settings
 * give equal names, so a checkpoint or cache entry is found again.
 *
 * @example
 * ```ts
 * import { hashHex } from "./hash.ts";
 * console.log(hashHex({ a: 1 }) === hashHex({ a: 1 }), hashHex({ a: 2 }).length); // true 8
 * ```
 */
export function hashHex(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return fnv1a(text).toString(16).padStart(8, "0");
}

/**
 * A 32-bit checksum of binary data: FNV-1a over its 32-bit little-endian words (a trailing
 * partial word is padded with zeros), as 8 hex digits. Catches changed numbers in a checkpoint
 * file, not deliberate tampering.
 *
 * @example
 * ```ts
 * import { checksum } from "./hash.ts";
 * const a = new Float32Array([1, 2, 3]);
 * const b = new Float32Array([1, 2, 3.0001]);
 * console.log(checksum(new Uint8Array(a.buffer)) === checksum(new Uint8Array(b.buffer))); // false
 * ```
 */
export function checksum(bytes: Uint8Array): string {
  const whole = bytes.length >> 2;
  const words = bytes.byteOffset % 4 === 0
    ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole)
    : new Uint32Array(bytes.slice(0, whole * 4).buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  let tail = 0;
  for (let i = whole * 4; i < bytes.length; i++) tail |= bytes[i] << (8 * (i - whole * 4));
  if (bytes.length % 4) h = Math.imul(h ^ tail, 0x01000193) >>> 0;
  h = Math.imul(h ^ bytes.length, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
