import { describe, expect, it } from 'vitest';
import { UsageError } from '../../harness/errors.ts';
import { parseFaultCommands, validateFaults } from '../../harness/fault-spec.ts';

describe('validateFaults', () => {
  it('accepts the issue example and returns the faults in time order with ms durations', () => {
    const planned = validateFaults(
      [
        { at: '90s', action: 'db-outage', for: '10s' },
        { at: '30s', action: 'kill-worker' },
        { at: '1m', action: 'restart-api' },
      ],
      'profiles/x.json',
    );
    expect(planned.map((f) => [f.action, f.atMs, f.forMs, f.index])).toEqual([
      ['kill-worker', 30_000, undefined, 1],
      ['restart-api', 60_000, undefined, 2],
      ['db-outage', 90_000, 10_000, 0],
    ]);
  });

  it('lists every problem in one line naming the file and JSON path', () => {
    const bad = [{ at: 'soon', action: 'kill-worker' }, { at: '5s', action: 'reboot' }, { at: '9s', action: 'db-outage' }, { at: '1s', action: 'kill-worker', extra: 1 }, 'x'];
    let err: unknown;
    try {
      validateFaults(bad, 'profiles/drill.json', '$.faults');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toMatch(/^profiles\/drill\.json: /);
    expect(msg).toContain('$.faults[0].at');
    expect(msg).toContain('$.faults[1].action: must be one of kill-worker, restart-api, db-outage');
    expect(msg).toContain('$.faults[2].for: required for db-outage');
    expect(msg).toContain('$.faults[3].extra: unknown key');
    expect(msg).toContain('$.faults[4]: must be an object');
  });

  it('rejects a non-array and a zero-length outage', () => {
    expect(() => validateFaults({ at: '1s' }, 'p.json')).toThrow(/p\.json: \$\.faults: must be an array/);
    expect(() => validateFaults([{ at: '1s', action: 'db-outage', for: '0s' }], 'p.json')).toThrow(/\$\.faults\[0\]\.for: must be longer than 0/);
  });
});

describe('parseFaultCommands', () => {
  it('maps action and recover- names to commands, stripping literal quotes', () => {
    expect(parseFaultCommands(['kill-worker="docker compose kill worker1"', 'recover-kill-worker=docker compose start worker1'])).toEqual({
      'kill-worker': 'docker compose kill worker1',
      'recover-kill-worker': 'docker compose start worker1',
    });
  });
  it('rejects unknown names, empty commands and duplicates with the flag named', () => {
    expect(() => parseFaultCommands(['reboot=x'])).toThrow(/--fault-cmd: "reboot" is not a fault name/);
    expect(() => parseFaultCommands(['kill-worker'])).toThrow(UsageError);
    expect(() => parseFaultCommands(['kill-worker='])).toThrow(/--fault-cmd kill-worker: the command is empty/);
    expect(() => parseFaultCommands(['kill-worker=a', 'kill-worker=b'])).toThrow(/given twice/);
  });
});
