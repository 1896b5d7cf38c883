import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../harness/args.ts';
import { validateFaults } from '../../harness/fault-spec.ts';
import { loadProfile } from '../../harness/profile.ts';

const DRILLS = { 'drill-worker-crash': 'kill-worker', 'drill-api-restart': 'restart-api', 'drill-db-outage': 'db-outage' } as const;

describe('shipped drill profiles', () => {
  for (const [name, action] of Object.entries(DRILLS)) {
    it(`${name}: loads, injects ${action} while the load runs, ≤ 60 s of load`, () => {
      const p = loadProfile(name);
      const load = parseDurationMs(p.env.AB_DURATION!, 'AB_DURATION');
      expect(load).toBeLessThanOrEqual(60_000);
      const faults = validateFaults(p.faults, p.file);
      expect(faults.map((f) => f.action)).toEqual([action]);
      // Every fault ends with at least 10 s of load left, so recovery can be measured.
      for (const f of faults) expect(f.atMs + (f.forMs ?? 0) + 10_000).toBeLessThanOrEqual(load);
      // The pre-fault level needs ≥ 10 s of load before the fault (recovery baseline).
      expect(faults[0]!.atMs).toBeGreaterThanOrEqual(10_000);
      // Jobs held by a killed worker come back after the lease: the grace must cover it.
      expect(parseDurationMs(p.grace, 'grace')).toBeGreaterThan(p.stack.config.leaseMs ?? 30_000);
    });
  }
});
