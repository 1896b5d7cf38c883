/**
 * k6's execution-segment striping (lib/execution_segment.go, k6-reference.md §7.1): one instance's
 * share of every integer quantity and of the global arrival-rate schedule, such that the shares of
 * all segments in a sequence always sum to the original.
 */
import { Rational, lcm } from './rational.ts';

/** The indices 0..lcd-1 owned by one segment, as k6 encodes them: first index and cyclic gaps. */
export interface Stripe {
  start: number;
  offsets: number[];
  lcd: number;
}

/** One segment (by index) of a sequence of segment lengths that sum to 1. */
export class ExecutionTuple {
  private stripeCache?: Stripe;

  /** `lengths` are the segment lengths of the whole sequence; `index` is ours. */
  constructor(
    readonly lengths: readonly Rational[],
    readonly index: number,
  ) {}

  /** The tuple of the unsegmented test (one segment 0:1). */
  static full(): ExecutionTuple {
    return new ExecutionTuple([new Rational(1)], 0);
  }

  /** N equal segments, taking number `index` (0-based): how --workers splits one instance. */
  static equal(n: number, index: number): ExecutionTuple {
    return new ExecutionTuple(Array.from({ length: n }, () => new Rational(1, n)), index);
  }

  /** True when this is the whole test (nothing to split). */
  get isFull(): boolean {
    return this.lengths.length === 1;
  }

  /** Our segment's length as a fraction of the test. */
  get length(): Rational {
    return this.lengths[this.index]!;
  }

  /**
   * k6's GetStripedOffsets: walk 0..lcd-1 and hand each index to the longest segment (stable order)
   * whose next due position has been reached, then advance that segment by lcd / (length × lcd).
   */
  stripe(): Stripe {
    if (this.stripeCache) return this.stripeCache;
    const lcd = this.lengths.reduce((acc, l) => lcm(acc, l.den), 1);
    const order = this.lengths.map((length, index) => ({ length, index })).sort((a, b) => b.length.cmp(a.length));
    const soonest = order.map(() => new Rational(0));
    const owned: number[] = [];
    for (let i = 0; i < lcd; i++) {
      const at = new Rational(i);
      let chosen = order.findIndex((_, k) => soonest[k]!.cmp(at) <= 0);
      if (chosen < 0) chosen = 0; // cannot happen for lengths summing to 1; kept total
      const seg = order[chosen]!;
      if (seg.index === this.index) owned.push(i);
      const numerator = (seg.length.num * lcd) / seg.length.den;
      soonest[chosen] = soonest[chosen]!.add(new Rational(lcd, numerator));
    }
    const offsets = owned.map((v, k) => (k + 1 < owned.length ? owned[k + 1]! - v : owned[0]! + lcd - v));
    this.stripeCache = { start: owned[0] ?? 0, offsets, lcd };
    return this.stripeCache;
  }

  /** k6's ScaleInt64: how many of the indices 0..value-1 belong to this segment. */
  scaleInt(value: number): number {
    if (this.isFull) return value;
    const { start, offsets, lcd } = this.stripe();
    if (offsets.length === 0) return 0;
    let result = Math.floor(value / lcd) * offsets.length;
    const rest = value % lcd;
    for (let gi = 0, i = start; i < rest; i += offsets[gi % offsets.length]!, gi++) result++;
    return result;
  }

  /** Whether global index `i` (VU number, iteration number) belongs to this segment. */
  owns(i: number): boolean {
    if (this.isFull) return true;
    return this.scaleInt(i + 1) - this.scaleInt(i) === 1;
  }

  /**
   * k6's GetNewExecutionTupleFromValue: a sequence re-weighted by how `value` (e.g. VUs) was split,
   * dropping segments that got none; null when ours got none.
   */
  fromValue(value: number): ExecutionTuple | null {
    if (this.isFull) return this;
    const shares = this.lengths.map((_, index) => new ExecutionTuple(this.lengths, index).scaleInt(value));
    if (shares[this.index] === 0) return null;
    const kept = shares.map((s, index) => ({ s, index })).filter((x) => x.s > 0);
    const lengths = kept.map((x) => new Rational(x.s, value));
    return new ExecutionTuple(lengths, kept.findIndex((x) => x.index === this.index));
  }
}

/**
 * An instance's segment composed with a worker thread's equal split of it: every quantity is first
 * scaled for the instance (exactly as a k6 process with that segment would), then split among workers.
 */
export class Share {
  /** `instance` is the --execution-segment tuple; `worker` the equal split among --workers. */
  constructor(
    readonly instance: ExecutionTuple,
    readonly worker: ExecutionTuple,
  ) {}

  /** The whole test on one worker. */
  static whole(): Share {
    return new Share(ExecutionTuple.full(), ExecutionTuple.full());
  }

  /** This worker's part of an integer quantity. */
  scaleInt(value: number): number {
    return this.worker.scaleInt(this.instance.scaleInt(value));
  }

  /** This worker's fraction of the test (scales rates for display). */
  get fraction(): number {
    return Number(this.instance.length) * Number(this.worker.length);
  }

  /** Share re-weighted by how `value` VUs were split (shared-iterations); null when we got none. */
  fromValue(value: number): Share | null {
    const inst = this.instance.fromValue(value);
    if (!inst) return null;
    const w = this.worker.fromValue(this.instance.scaleInt(value));
    return w ? new Share(inst, w) : null;
  }

  /** The global arrival indices this worker starts, in order (k6 stripes the global schedule). */
  *globalIndices(): Generator<number> {
    let local = 0;
    const inst = this.instance.isFull ? null : this.instance.stripe();
    if (inst && inst.offsets.length === 0) return;
    for (let gi = inst ? inst.start : 0, k = 0; ; k++) {
      if (this.worker.owns(local)) yield gi;
      local++;
      gi += inst ? inst.offsets[k % inst.offsets.length]! : 1;
    }
  }
}
