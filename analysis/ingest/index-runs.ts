/**
 * A second's HDR values kept as bytes: the sorted counts indices (hdr-index.ts `countsIndex`)
 * run-length encoded as LEB128 pairs (index delta, count). A per-second histogram of a few samples
 * takes a few bytes instead of an array or a histogram object, and it is all the per-second encoding
 * and the exact whole-run merge need: both depend only on the counts per index and the largest value
 * (kept beside, as the second's max). Values arrive unsorted and may come back to a second later
 * (several runners), so new indices are merged into a second's runs when the reader leaves it.
 */

/** Read position of readWord (single-threaded, like the point scanner). */
export const cursor = { pos: 0 };

/** The LEB128 word at cursor.pos, advancing it. */
export function readWord(bytes: Uint8Array): number {
  let pos = cursor.pos;
  let b = bytes[pos++]!;
  let v = b & 127;
  let scale = 128;
  while (b >= 128) {
    b = bytes[pos++]!;
    v += (b & 127) * scale;
    scale *= 128;
  }
  cursor.pos = pos;
  return v;
}

/** Writes a non-negative integer as LEB128 at `at`; returns the next position. */
export function writeWord(out: Uint8Array, at: number, value: number): number {
  let v = value;
  while (v >= 128) {
    out[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

/** Sorts a[0, n) ascending: insertion sort for the usual handful, the native sort beyond. */
export function sortPrefix(a: Int32Array, n: number): void {
  if (n > 24) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Most bytes mergeRuns may write for `oldLen` bytes of runs plus `added` indices (two 5-byte words per index). */
export function mergedBound(oldLen: number, added: number): number {
  return oldLen + 10 * added;
}

/**
 * Writes at out[at…] the runs of (runs in src[off, off + len)) ∪ (sorted indices idx[0, n)); returns
 * the end. `out` must not overlap the source runs.
 */
export function mergeRuns(src: Uint8Array, off: number, len: number, idx: Int32Array, n: number, out: Uint8Array, at: number): number {
  if (len === 0) return writeSortedRuns(idx, n, out, at);
  const end = off + len;
  cursor.pos = off;
  let oldIndex = readWord(src);
  let oldCount = readWord(src);
  let i = 0;
  let last = 0;
  let o = at;
  while (oldIndex >= 0 || i < n) {
    let index: number;
    let count = 0;
    if (oldIndex >= 0 && (i >= n || oldIndex <= idx[i]!)) {
      index = oldIndex;
      count = oldCount;
      if (cursor.pos < end) {
        oldIndex += readWord(src);
        oldCount = readWord(src);
      } else oldIndex = -1;
    } else index = idx[i]!;
    while (i < n && idx[i] === index) {
      count++;
      i++;
    }
    o = writeWord(out, o, index - last);
    o = writeWord(out, o, count);
    last = index;
  }
  return o;
}

/** Writes the runs of the sorted indices idx[0, n) at out[at…]; returns the end. */
function writeSortedRuns(idx: Int32Array, n: number, out: Uint8Array, at: number): number {
  let o = at;
  let last = 0;
  for (let i = 0; i < n; ) {
    const index = idx[i]!;
    let count = 0;
    while (i < n && idx[i] === index) {
      count++;
      i++;
    }
    const delta = index - last;
    if (delta < 128) out[o++] = delta;
    else o = writeWord(out, o, delta);
    if (count < 128) out[o++] = count;
    else o = writeWord(out, o, count);
    last = index;
  }
  return o;
}
