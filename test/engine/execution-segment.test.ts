import { describe, expect, it } from 'vitest';
import { ExecutionTuple, Share } from '../../load/engine/segment/execution-tuple.ts';
import { tupleFromFlags } from '../../load/engine/segment/segment-flags.ts';

describe('k6 execution-segment striping', () => {
  it('matches k6 GetStripedOffsets for an uneven sequence', () => {
    const seq = '0,0.3,0.5,0.6,0.7,0.8,0.9,1';
    expect(tupleFromFlags('0:0.3', seq).stripe()).toEqual({ start: 0, offsets: [4, 3, 3], lcd: 10 });
    expect(tupleFromFlags('0.3:0.5', seq).stripe()).toEqual({ start: 1, offsets: [4, 6], lcd: 10 });
    expect(tupleFromFlags('0.5:0.6', seq).stripe()).toEqual({ start: 2, offsets: [10], lcd: 10 });
  });

  it('splits 3 VUs over four quarters as 1,1,1,0 and always sums to the original', () => {
    const seq = '0,1/4,2/4,3/4,1';
    const quarters = ['0:1/4', '1/4:2/4', '2/4:3/4', '3/4:1'].map((s) => tupleFromFlags(s, seq));
    expect(quarters.map((q) => q.scaleInt(3))).toEqual([1, 1, 1, 0]);
    const uneven = ['0:0.3', '0.3:0.5', '0.5:0.6', '0.6:0.7', '0.7:0.8', '0.8:0.9', '0.9:1'].map((s) => tupleFromFlags(s, '0,0.3,0.5,0.6,0.7,0.8,0.9,1'));
    for (const v of [0, 1, 2, 7, 10, 11, 99, 1234]) {
      expect(quarters.reduce((a, q) => a + q.scaleInt(v), 0)).toBe(v);
      expect(uneven.reduce((a, q) => a + q.scaleInt(v), 0)).toBe(v);
    }
  });

  it('accepts fractions, decimals and percentages, and rejects a segment outside the sequence', () => {
    expect(tupleFromFlags('25%:50%', undefined).scaleInt(8)).toBe(2);
    expect(tupleFromFlags('0.5', undefined).scaleInt(8)).toBe(4);
    expect(() => tupleFromFlags('0:1/3', '0,1/4,1')).toThrow(/not one of the segments/);
    expect(() => tupleFromFlags('1/2:1/4', undefined)).toThrow(/from < to/);
  });

  it('splits shared-iterations in proportion to the VUs each part got (k6 GetNewExecutionTupleFromValue)', () => {
    // 1 VU over 2 workers: the worker without a VU gets no iterations, the other gets all 10.
    const w0 = new Share(ExecutionTuple.full(), ExecutionTuple.equal(2, 0));
    const w1 = new Share(ExecutionTuple.full(), ExecutionTuple.equal(2, 1));
    expect([w0.scaleInt(1), w1.scaleInt(1)]).toEqual([1, 0]);
    expect(w0.fromValue(1)?.scaleInt(10)).toBe(10);
    expect(w1.fromValue(1)).toBeNull();
  });

  it('stripes the global arrival schedule so workers start disjoint iterations covering all of them', () => {
    const take = (s: Share, n: number) => {
      const out: number[] = [];
      for (const i of s.globalIndices()) {
        if (i >= n) break;
        out.push(i);
      }
      return out;
    };
    const inst = tupleFromFlags('1/3:1', '0,1/3,1');
    const all = [0, 1, 2].flatMap((w) => take(new Share(inst, ExecutionTuple.equal(3, w)), 30)).sort((a, b) => a - b);
    expect(all).toEqual(take(new Share(inst, ExecutionTuple.full()), 30));
    expect(new Set(all).size).toBe(all.length);
  });
});
