// One gzip member made of raw-deflate segments compressed apart, as pigz does: each segment ends with
// a sync flush (byte-aligned, not final), so their concatenation is one valid deflate stream, and the
// member's CRC-32 is combined from the segments' own. This lets a log be compressed while it is
// redacted, before the tar header that must precede it in the archive can be written.
import { promisify } from "node:util";
import zlib from "node:zlib";

const LEVEL = 6; // gzip's default, and what `gzip -6` is measured against
/** Raw deflate, ended by a sync flush: the segment can be followed by another. */
export const SEGMENT_OPTIONS: zlib.ZlibOptions = { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const LAST_OPTIONS: zlib.ZlibOptions = { level: LEVEL, finishFlush: zlib.constants.Z_FINISH };

/** What Node's gzip writes at level 6: no name, no time, OS "Unix". */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);

export interface Segment {
  /** The compressed bytes. */
  data: Buffer;
  /** CRC-32 and length of the uncompressed bytes. */
  crc: number;
  length: number;
}

const deflateRaw = promisify(zlib.deflateRaw) as (buffer: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

/** Compresses `data` (on libuv's thread pool) into a segment; `last` ends the deflate stream. */
export async function deflateSegment(data: Buffer, last = false): Promise<Segment> {
  return {
    data: await deflateRaw(data, last ? LAST_OPTIONS : SEGMENT_OPTIONS),
    crc: zlib.crc32(data),
    length: data.length,
  };
}

/** The gzip trailer: CRC-32 and length (mod 2^32) of all the uncompressed bytes, little-endian. */
export function gzipTrailer(crc: number, length: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return trailer;
}

// crc32_combine, after zlib's (crc32.c): the CRC-32 of A followed by B, from crc(A), crc(B) and
// the length of B, by multiplying crc(A) by x^(8·len(B)) modulo the CRC polynomial.
const POLY = 0xedb88320;

/** a(x)·b(x) modulo the polynomial, bit-reflected as CRC-32 is. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo the polynomial. */
const X2N: number[] = [];
for (let k = 0, p = 1 << 30; k < 32; k++, p = multModP(p, p)) X2N.push(p >>> 0);

/** x^(n·2^k) modulo the polynomial; n may exceed 2^32. */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p >>> 0;
}

export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}
