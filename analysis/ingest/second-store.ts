/**
 * The per-second data of one metric's tag set in typed arrays: one slot per second, kept in the
 * order the seconds were first seen, which is the order the whole-run merge walks (the merged
 * histogram's header depends on it, so results stay byte-identical to a per-second object map).
 * A trend second costs its four numbers plus a few bytes of index runs (index-runs.ts) instead of an
 * object, an array of values or a histogram: memory grows with seconds × tag sets (the size of the
 * output), by tens of bytes, and the garbage collector has almost nothing to trace.
 * The current second of a trend collects counts indices in one reused buffer; they are merged into
 * the second's runs when a sample for another second arrives, so a late point (another runner, a
 * request that ended a second later) reopens its second exactly. A second merged from a
 * pre-aggregated bucket (engine time series) is held as a bucket object instead, as before.
 */
import { encodeHistogram, toHdrValue } from '../hdr-codec.ts';
import type { MetricType, SeriesPoint } from '../result/types.ts';
import { addSampleToBucket, bucketPoint, emptyBucket, mergeBucketInto, type Bucket } from './bucket.ts';
import { mergedBound, mergeRuns, sortPrefix } from './index-runs.ts';
import { SecondIndex } from './second-index.ts';
import { countsIndex } from '../hdr-index.ts';
import { encodeRunsHdr } from './small-hdr-encode.ts';
import { addRunsInto, histogramFromRuns, PENDING_LIMIT } from './trend-bucket.ts';

/** Dead run bytes (left behind by reopened seconds) below which the arena is never compacted. */
const COMPACT_FLOOR = 1 << 16;

/** Per-second slots of one tag set. Fields a–d by kind: trend count/sum/min/max, counter value, rate passes/fails, gauge value/min/max/lastTime. */
export class SecondStore {
  /** Number of seconds held. */
  size = 0;
  private t = new Float64Array(4);
  private a = new Float64Array(4);
  private b: Float64Array;
  private c: Float64Array;
  private d: Float64Array;
  private runOff: Uint32Array;
  private runLen: Uint32Array;
  private arena = new Uint8Array(0);
  private arenaEnd = 0;
  private dead = 0;
  private readonly slots = new SecondIndex();
  private cur = -1;
  private curSec = Number.NaN;
  private curObject: Bucket | undefined;
  private open = new Int32Array(16);
  private openN = 0;
  private objects: Map<number, Bucket> | undefined;

  constructor(readonly type: MetricType) {
    const n = type === 'counter' ? 0 : 4;
    this.b = new Float64Array(n);
    this.c = new Float64Array(type === 'trend' || type === 'gauge' ? 4 : 0);
    this.d = new Float64Array(type === 'trend' || type === 'gauge' ? 4 : 0);
    this.runOff = new Uint32Array(type === 'trend' ? 4 : 0);
    this.runLen = new Uint32Array(type === 'trend' ? 4 : 0);
  }

  /** Adds a raw trend sample of second `sec`. */
  addTrend(sec: number, value: number): void {
    const s = sec === this.curSec ? this.cur : this.enter(sec);
    if (this.curObject !== undefined) return addSampleToBucket(this.curObject, sec * 1000, value);
    this.a[s]++;
    this.b[s] += value;
    if (value < this.c[s]!) this.c[s] = value;
    if (value > this.d[s]!) this.d[s] = value;
    if (this.openN === this.open.length) {
      const grown = new Int32Array(this.open.length * 2);
      grown.set(this.open);
      this.open = grown;
    }
    this.open[this.openN++] = countsIndex(toHdrValue(value));
  }

  /** Adds a raw sample of a counter, rate or gauge (time in unix ms) to second `sec`. */
  addOther(sec: number, timeMs: number, value: number): void {
    const s = sec === this.curSec ? this.cur : this.enter(sec);
    if (this.curObject !== undefined) return addSampleToBucket(this.curObject, timeMs, value);
    switch (this.type) {
      case 'counter':
        this.a[s] += value;
        return;
      case 'rate':
        if (value !== 0) this.a[s]++;
        else this.b[s]++;
        return;
      default:
        if (timeMs >= this.d[s]!) {
          this.a[s] = value;
          this.d[s] = timeMs;
        }
        if (value < this.b[s]!) this.b[s] = value;
        if (value > this.c[s]!) this.c[s] = value;
    }
  }

  /** Merges a pre-aggregated bucket into second `sec` (exact, as mergeBucketInto). */
  addBucket(sec: number, add: Bucket): void {
    this.closeOpen();
    const s = sec === this.curSec ? this.cur : this.enter(sec);
    if (this.curObject === undefined) {
      this.curObject = this.toObject(s);
      (this.objects ??= new Map()).set(s, this.curObject);
    }
    mergeBucketInto(this.curObject, add);
  }

  /**
   * Adds every second, in first-seen order, into whole-run buckets of the same kind: `total`, and
   * `also` when given (a metric's total over its tag sets, filled in the same pass).
   */
  mergeInto(total: Bucket, also?: Bucket): void {
    this.closeOpen();
    for (let s = 0; s < this.size; s++) {
      this.mergeSecond(total, s);
      if (also) this.mergeSecond(also, s);
    }
  }

  /** Adds every second into the bucket `into(t)` gives for its second `t` (per-second series of several tag sets). */
  mergeSecondsInto(into: (t: number) => Bucket): void {
    this.closeOpen();
    for (let s = 0; s < this.size; s++) this.mergeSecond(into(this.t[s]!), s);
  }

  /** Adds second `s` into `total`, wherever it is held. */
  private mergeSecond(total: Bucket, s: number): void {
    const obj = this.objects?.get(s);
    if (obj !== undefined) mergeBucketInto(total, obj);
    else this.mergeSlot(total, s);
  }

  /** Adds slot `s` (held in the arrays) into `total`, exactly as mergeBucketInto would add its bucket. */
  private mergeSlot(total: Bucket, s: number): void {
    const { a, b, c, d } = this;
    if (total.kind === 'trend') {
      total.count += a[s]!;
      total.sum += b[s]!;
      if (c[s]! < total.min) total.min = c[s]!;
      if (d[s]! > total.max) total.max = d[s]!;
      addRunsInto(total.hist, this.arena, this.runOff[s]!, this.runLen[s]!, toHdrValue(d[s]!), toHdrValue(c[s]!));
    } else if (total.kind === 'counter') total.value += a[s]!;
    else if (total.kind === 'rate') {
      total.passes += a[s]!;
      total.fails += b[s]!;
    } else {
      if (d[s]! >= total.lastTime) {
        total.value = a[s]!;
        total.lastTime = d[s]!;
      }
      if (b[s]! < total.min) total.min = b[s]!;
      if (c[s]! > total.max) total.max = c[s]!;
    }
  }

  /** The series points, by second. */
  points(): SeriesPoint[] {
    this.closeOpen();
    const order = new Uint32Array(this.size);
    let sorted = true;
    for (let s = 0; s < this.size; s++) {
      order[s] = s;
      if (s > 0 && this.t[s]! < this.t[s - 1]!) sorted = false;
    }
    if (!sorted) order.sort((x, y) => this.t[x]! - this.t[y]!);
    const out: SeriesPoint[] = [];
    for (let i = 0; i < order.length; i++) {
      const s = order[i]!;
      const obj = this.objects?.get(s);
      out.push(obj !== undefined ? bucketPoint(this.t[s]!, obj) : this.point(this.t[s]!, s));
    }
    return out;
  }

  private point(t: number, s: number): SeriesPoint {
    const { a, b, c, d } = this;
    switch (this.type) {
      case 'trend': {
        const max = toHdrValue(d[s]!);
        const [off, len] = [this.runOff[s]!, this.runLen[s]!];
        // Up to PENDING_LIMIT values the direct encoder wrote this second before; beyond, hdr-histogram-js did.
        const hdr = a[s]! <= PENDING_LIMIT ? encodeRunsHdr(this.arena, off, len, a[s]!, max) : encodeHistogram(histogramFromRuns(this.arena, off, len, max));
        return { t, count: a[s]!, sum: b[s]!, min: c[s]!, max: d[s]!, hdr };
      }
      case 'counter':
        return { t, value: a[s]! };
      case 'rate':
        return { t, passes: a[s]!, fails: b[s]! };
      case 'gauge':
        return { t, value: a[s]!, min: b[s]!, max: c[s]! };
    }
  }

  /** Makes second `sec` current (a new slot when unseen); closes the previous one. */
  private enter(sec: number): number {
    this.closeOpen();
    let s = this.slots.get(sec);
    if (s < 0) {
      s = this.newSlot(sec);
      this.slots.set(sec, s);
    }
    this.cur = s;
    this.curSec = sec;
    this.curObject = this.objects?.get(s);
    return s;
  }

  private newSlot(sec: number): number {
    const s = this.size++;
    if (s === this.t.length) this.grow(2 * s);
    this.t[s] = sec;
    this.a[s] = 0;
    if (this.type === 'trend') {
      this.b[s] = 0;
      this.c[s] = Infinity;
      this.d[s] = -Infinity;
    } else if (this.type === 'rate') this.b[s] = 0;
    else if (this.type === 'gauge') {
      this.b[s] = Infinity;
      this.c[s] = -Infinity;
      this.d[s] = -Infinity;
    }
    return s;
  }

  private grow(cap: number): void {
    const more = <T extends Float64Array | Uint32Array>(x: T): T => {
      if (x.length === 0) return x;
      const y = new (x.constructor as new (n: number) => T)(cap);
      y.set(x);
      return y;
    };
    this.t = more(this.t);
    this.a = more(this.a);
    this.b = more(this.b);
    this.c = more(this.c);
    this.d = more(this.d);
    this.runOff = more(this.runOff);
    this.runLen = more(this.runLen);
  }

  /** Merges the current trend second's collected indices into its runs (appended; the old bytes are dead). */
  private closeOpen(): void {
    const n = this.openN;
    if (n === 0) return;
    this.openN = 0;
    const s = this.cur;
    sortPrefix(this.open, n);
    const oldLen = this.runLen[s]!;
    if (this.dead > COMPACT_FLOOR && this.dead * 2 > this.arenaEnd) this.compact();
    const need = this.arenaEnd + mergedBound(oldLen, n);
    if (need > this.arena.length) {
      const grown = new Uint8Array(Math.max(1024, 2 * need));
      grown.set(this.arena.subarray(0, this.arenaEnd));
      this.arena = grown;
    }
    const end = mergeRuns(this.arena, this.runOff[s]!, oldLen, this.open, n, this.arena, this.arenaEnd);
    this.dead += oldLen;
    this.runOff[s] = this.arenaEnd;
    this.runLen[s] = end - this.arenaEnd;
    this.arenaEnd = end;
  }

  /** Copies the live runs into a fresh arena. */
  private compact(): void {
    const live = new Uint8Array(Math.max(1024, 2 * (this.arenaEnd - this.dead)));
    let o = 0;
    for (let s = 0; s < this.size; s++) {
      const len = this.runLen[s]!;
      live.set(this.arena.subarray(this.runOff[s]!, this.runOff[s]! + len), o);
      this.runOff[s] = o;
      o += len;
    }
    this.arena = live;
    this.arenaEnd = o;
    this.dead = 0;
  }

  /** Moves slot `s` into a bucket object for good (a pre-aggregated bucket is about to be merged into it). */
  private toObject(s: number): Bucket {
    const out = this.slotBucket(s);
    this.dead += this.type === 'trend' ? this.runLen[s]! : 0;
    if (this.type === 'trend') this.runLen[s] = 0;
    return out;
  }

  /** The bucket a per-second map would have held for slot `s`. */
  private slotBucket(s: number): Bucket {
    const { a, b, c, d } = this;
    if (this.type === 'trend' && a[s]! > 0) {
      return { kind: 'trend', count: a[s]!, sum: b[s]!, min: c[s]!, max: d[s]!, hist: histogramFromRuns(this.arena, this.runOff[s]!, this.runLen[s]!, toHdrValue(d[s]!)) };
    }
    const out = emptyBucket(this.type);
    if (out.kind === 'trend') return out;
    if (out.kind === 'counter') out.value = a[s]!;
    else if (out.kind === 'rate') Object.assign(out, { passes: a[s]!, fails: b[s]! });
    else if (d[s]! > -Infinity) Object.assign(out, { value: a[s]!, min: b[s]!, max: c[s]!, lastTime: d[s]! });
    return out;
  }
}
