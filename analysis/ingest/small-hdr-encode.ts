/**
 * Encodes a second's few HDR values (held as counts-index runs) straight into HdrHistogram's
 * compressed base64 ("HISTF…"), without building a histogram. Per-second series hold one encoded
 * histogram per second and tag set, usually of a few samples; building each histogram and deflating
 * it with zlib (≈ 25 µs per call, mostly creating the zlib state) cost more than reading the samples.
 * The uncompressed V2 payload is byte-for-byte what hdr-histogram-js writes for a trend histogram
 * (see hdr-codec.ts) recorded with the same values; the zlib wrapper uses stored (uncompressed)
 * blocks, which every inflater reads, so decoding gives the identical histogram. Only the compressed
 * bytes differ from zlib's.
 */
import { countsIndex } from '../hdr-index.ts';
import { cursor, readWord, writeWord } from './index-runs.ts';

const V2_ENCODING_COOKIE = 0x1c849313;
const V2_COMPRESSED_COOKIE = 0x1c849314;
/** Settings of createTrendHistogram(): 3 significant digits → sub-buckets of 2048; unit 1. */
const SUB_BUCKET_COUNT = 2048;
const SIGNIFICANT_DIGITS = 3;
const INITIAL_HIGHEST_TRACKABLE = 2;

/** Highest trackable value a fresh auto-resizing trend histogram reports after recording up to `max`. */
function highestTrackableAfter(max: number): number {
  if (max < SUB_BUCKET_COUNT) return INITIAL_HIGHEST_TRACKABLE; // never resized
  let top = SUB_BUCKET_COUNT;
  while (top <= max) top *= 2;
  return top - 1;
}

function putInt32(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 255;
  out[at + 1] = (v >>> 16) & 255;
  out[at + 2] = (v >>> 8) & 255;
  out[at + 3] = v & 255;
}

function putInt64(out: Uint8Array, at: number, v: number): void {
  putInt32(out, at, Math.floor(v / 2 ** 32));
  putInt32(out, at + 4, v >>> 0);
}

/** Writes a ZigZag LEB128 number (HdrHistogram V2 word) at `at`; returns the next position. */
function putZigZag(out: Uint8Array, at: number, value: number): number {
  return writeWord(out, at, value >= 0 ? value * 2 : -value * 2 - 1);
}

/** Reused buffer (single-threaded): the encoding being built. */
let scratch = Buffer.allocUnsafe(8192);

/** Bytes a V2 payload of `n` values may need: header plus at most two 9-byte words per value, plus one. */
function payloadBound(n: number): number {
  return 40 + 18 * n + 9;
}

/**
 * Writes at `at` the V2 payload of a fresh trend histogram holding the values behind the runs in
 * runs[off, off + len) (ascending counts indices, each with its count), largest value `max`; returns its length.
 */
function writeRunsPayload(out: Uint8Array, at: number, runs: Uint8Array, off: number, len: number, max: number): number {
  let o = at + 40;
  let next = 0; // first counts index not yet written
  let index = 0;
  cursor.pos = off;
  while (cursor.pos < off + len) {
    index += readWord(runs);
    const count = readWord(runs);
    const zeros = index - next;
    if (zeros > 1) o = putZigZag(out, o, -zeros);
    else if (zeros === 1) o = putZigZag(out, o, 0);
    o = putZigZag(out, o, count);
    next = index + 1;
  }
  if (next < countsIndex(max) + 1) o = putZigZag(out, o, 0); // an empty histogram still writes index 0
  putInt32(out, at, V2_ENCODING_COOKIE);
  putInt32(out, at + 4, o - at - 40);
  putInt32(out, at + 8, 1);
  putInt32(out, at + 12, SIGNIFICANT_DIGITS);
  putInt64(out, at + 16, 1);
  putInt64(out, at + 24, highestTrackableAfter(max));
  putInt64(out, at + 32, 1);
  return o - at;
}

/** Adler-32 (RFC 1950); the sums are reduced once per 5,552 bytes, as zlib does (they cannot overflow a double before that). */
function adler32(data: Uint8Array, start: number, end: number): number {
  let a = 1;
  let b = 0;
  for (let i = start; i < end; ) {
    const stop = Math.min(end, i + 5552);
    for (; i < stop; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/**
 * HdrHistogram compressed base64 of a fresh trend histogram holding the values behind `count` counts
 * indices held as runs (index-runs.ts) in runs[off, off + len), whose largest value is `max` (the
 * encoding depends on nothing else): [cookie][length][zlib stream: 78 01 | stored blocks (RFC 1951
 * BTYPE 00) | adler32], built in one reused buffer and turned into base64 straight from it.
 */
export function encodeRunsHdr(runs: Uint8Array, off: number, len: number, count: number, max: number): string {
  return encodeWith(count, (out, at) => writeRunsPayload(out, at, runs, off, len, max));
}

/** The compressed base64 of a payload of at most `n` values written by `write(out, at)`. */
function encodeWith(n: number, write: (out: Uint8Array, at: number) => number): string {
  const bound = payloadBound(n);
  const blocks = Math.ceil(bound / 65535);
  const need = 8 + 2 + 5 * blocks + bound + 4;
  if (scratch.length < need) scratch = Buffer.allocUnsafe(2 * need);
  // The payload is written once, after room for the first block header; later block headers move it.
  const len = write(scratch, 15);
  const count = Math.max(1, Math.ceil(len / 65535));
  if (count > 1) {
    // Rare (tens of thousands of distinct values): spread the payload over 65,535-byte stored blocks.
    const payload = Buffer.from(scratch.subarray(15, 15 + len));
    let o = 10;
    for (let b = 0; b < count; b++) {
      const n = Math.min(65535, len - b * 65535);
      o = storedHeader(scratch, o, n, b === count - 1);
      payload.copy(scratch, o, b * 65535, b * 65535 + n);
      o += n;
    }
    putInt32(scratch, o, adler32(payload, 0, len));
    return finish(o + 4);
  }
  storedHeader(scratch, 10, len, true);
  putInt32(scratch, 15 + len, adler32(scratch, 15, 15 + len));
  return finish(15 + len + 4);
}

/** Writes a stored-block header for `n` bytes at `at`; returns the position after it. */
function storedHeader(out: Uint8Array, at: number, n: number, final: boolean): number {
  out[at] = final ? 1 : 0;
  out[at + 1] = n & 255;
  out[at + 2] = n >>> 8;
  out[at + 3] = ~n & 255;
  out[at + 4] = (~n >>> 8) & 255;
  return at + 5;
}

/** Fills in the outer header (cookie, zlib length, zlib header) and returns the base64 of scratch[0, end). */
function finish(end: number): string {
  putInt32(scratch, 0, V2_COMPRESSED_COOKIE);
  putInt32(scratch, 4, end - 8);
  scratch[8] = 0x78;
  scratch[9] = 0x01;
  return scratch.toString('base64', 0, end);
}
