import { describe, expect, it } from 'vitest';
import { CumulativeCounters } from '../../lifecycle/cumulative-counters.ts';

describe('CumulativeCounters', () => {
  it('passes rising counters through and carries them across a reset to 0', () => {
    const c = new CumulativeCounters();
    expect([10, 25, 40].map((v) => c.carry('job_events:ins', v))).toEqual([10, 25, 40]);
    expect(c.carry('job_events:ins', 0)).toBe(40);
    expect(c.carry('job_events:ins', 7)).toBe(47);
    expect(c.carry('job_events:ins', 3)).toBe(50); // a second reset carries 7 more
    expect(c.carry('jobs:ins', 5)).toBe(5); // counters are independent
    expect(c.carry('jobs:ins', null)).toBeNull();
  });
});
