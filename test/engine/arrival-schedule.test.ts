import { describe, expect, it } from 'vitest';
import { constantArrivalDueTimes } from '../../load/engine/executors/constant-arrival-rate.ts';
import { rampingArrivalDueTimes } from '../../load/engine/executors/ramping-arrival-rate.ts';
import { rampingVuSteps } from '../../load/engine/executors/ramping-vus.ts';
import { Share } from '../../load/engine/segment/execution-tuple.ts';

function firstN(gen: Iterator<number>, n: number): number[] {
  const out: number[] = [];
  for (let r = gen.next(); !r.done && out.length < n; r = gen.next()) out.push(r.value);
  return out;
}

describe('k6 arrival-rate schedules (k6-reference §6.3)', () => {
  it('constant-arrival-rate: iteration k at k × timeUnit / rate, the first at 0', () => {
    expect(firstN(constantArrivalDueTimes({ rate: 4, timeUnitMs: 1000 }, Share.whole()), 4)).toEqual([0, 250, 500, 750]);
  });

  it('ramping-arrival-rate: 0→10/s over 60 s gives 300 iterations, the i-th where the integral reaches i', () => {
    const all = [...rampingArrivalDueTimes({ startRate: 0, timeUnitMs: 1000, stages: [{ durationMs: 60_000, target: 10 }] }, Share.whole())];
    expect(all.length).toBe(300);
    // integral of r(t) = t/6 per s is t²/12 → iteration i at sqrt(12 i) s.
    expect(all[0]).toBeCloseTo(Math.sqrt(12) * 1000, 6);
    expect(all[299]).toBeCloseTo(60_000, 6);
  });

  it('ramping-arrival-rate: a constant rate r starts at 1/r, not 0', () => {
    const due = firstN(rampingArrivalDueTimes({ startRate: 5, timeUnitMs: 1000, stages: [{ durationMs: 2000, target: 5 }] }, Share.whole()), 3);
    expect(due.map((d) => Math.round(d))).toEqual([200, 400, 600]);
  });

  it('ramping-vus: counts step by whole VUs, up at floor and down at ceil', () => {
    const steps = rampingVuSteps({ startVUs: 0, stages: [{ durationMs: 1000, target: 4 }, { durationMs: 500, target: 0 }] }, Share.whole());
    expect(steps).toEqual([
      { atMs: 0, vus: 0 }, { atMs: 250, vus: 1 }, { atMs: 500, vus: 2 }, { atMs: 750, vus: 3 }, { atMs: 1000, vus: 4 },
      { atMs: 1125, vus: 3 }, { atMs: 1250, vus: 2 }, { atMs: 1375, vus: 1 }, { atMs: 1500, vus: 0 },
    ]);
  });
});
