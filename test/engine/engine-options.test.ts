import { describe, expect, it } from 'vitest';
import { consolidateOptions } from '../../load/engine/options/engine-options.ts';

const only = (o: unknown, cli = {}) => consolidateOptions(o, cli).scenarios;

describe('k6 execution shortcuts and option consolidation', () => {
  it('maps shortcuts to a default scenario as k6 does', () => {
    expect(only({})[0]).toMatchObject({ name: 'default', executor: 'per-vu-iterations', vus: 1, iterations: 1 });
    expect(only({ vus: 5 })[0]).toMatchObject({ executor: 'shared-iterations', vus: 5, iterations: 5 });
    expect(only({ vus: 2, iterations: 10, duration: '5s' })[0]).toMatchObject({ executor: 'shared-iterations', vus: 2, iterations: 10, maxDurationMs: 5000 });
    expect(only({ vus: 3, duration: '10s' })[0]).toMatchObject({ executor: 'constant-vus', vus: 3, durationMs: 10_000 });
    expect(only({ vus: 2, stages: [{ duration: '1s', target: 5 }] })[0]).toMatchObject({ executor: 'ramping-vus', startVUs: 2 });
  });

  it('lets CLI duration/iterations replace the script execution settings', () => {
    const scenarios = { s: { executor: 'constant-vus', vus: 1, duration: '1m' } };
    expect(only({ scenarios }, { duration: '2s', vus: 4 })[0]).toMatchObject({ name: 'default', executor: 'constant-vus', vus: 4, durationMs: 2000 });
    expect(only({ scenarios }, { vus: 7 })[0]).toMatchObject({ executor: 'shared-iterations', vus: 7, iterations: 7 });
  });

  it('applies k6 scenario defaults (gracefulStop 30s, exec default)', () => {
    const [s] = only({ scenarios: { a: { executor: 'constant-arrival-rate', rate: 10, duration: '10s', preAllocatedVUs: 2 } } });
    expect(s).toMatchObject({ gracefulStopMs: 30_000, exec: 'default', startTimeMs: 0, timeUnitMs: 1000, maxVUs: 2 });
  });

  it('lists every problem at once with exit code 104', () => {
    let err: { message: string; exitCode: number } | undefined;
    try {
      consolidateOptions(
        {
          iterations: 3,
          scenarios: {
            a: { executor: 'constant-arrival-rate', rate: 0, duration: '10s', preAllocatedVUs: 5, maxVUs: 2, bogus: 1 },
            b: { executor: 'externally-controlled' },
          },
          hosts: {},
        },
        {},
      );
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.exitCode).toBe(104);
    const lines = err!.message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'options.hosts: option "hosts" is not supported by the engine',
        expect.stringMatching(/shortcuts .* together with scenarios/),
        'scenarios.a: unknown option "bogus"',
        'scenarios.a: the iteration rate should be more than 0',
        "scenarios.a: maxVUs shouldn't be less than preAllocatedVUs",
        expect.stringMatching(/^scenarios\.b: executor "externally-controlled" is not one of .*removed in k6 v2/),
      ]),
    );
  });
});
