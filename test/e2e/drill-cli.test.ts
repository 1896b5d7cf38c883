import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startStack } from '../../target/stack.ts';

const BIN = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));
const PROFILE = fileURLToPath(new URL('./profiles/e2e-drill.json', import.meta.url));

function cli(args: string[], cwd: string) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 240_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('drill command', () => {
  it('kills a worker, restarts the API and stops Postgres under load on the embedded stack, and loses no job', () => {
    const work = mkdtempSync(join(tmpdir(), 'ab-drill-'));
    const res = cli(['drill', '--profile', PROFILE, '--out', join(work, 'runs'), '--runtime', 'engine'], work);
    const [run] = readdirSync(join(work, 'runs'));
    const dir = join(work, 'runs', run!);
    const drill = JSON.parse(readFileSync(join(dir, 'drill.json'), 'utf8')) as { verdict: string; faults: Array<{ action: string; status: string }>; audit: { lost: { count: number }; stuck: { count: number }; failed: { count: number }; accepted: number } };
    expect(drill.faults.map((f) => [f.action, f.status])).toEqual([['kill-worker', 'ok'], ['restart-api', 'ok'], ['db-outage', 'ok']]);
    expect(drill.audit.accepted).toBeGreaterThan(0);
    expect(drill.audit.lost.count).toBe(0);
    expect(drill.audit.stuck.count).toBe(0);
    expect(drill.audit.failed.count).toBe(0);
    expect(drill.verdict, readFileSync(join(dir, 'drill.md'), 'utf8')).toBe('pass');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^e2e-drill: PASS/m);
    const faults = readFileSync(join(dir, 'faults.ndjson'), 'utf8').trim().split('\n');
    expect(faults).toHaveLength(3);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { drills: Array<{ name: string; status: string }> };
    expect(result.drills).toContainEqual(expect.objectContaining({ name: 'e2e-drill', status: 'pass' }));
  }, 300_000);

  it('reports a fault command that fails as a harness problem (exit 3), not as a target failure', async () => {
    const stack = await startStack({ workers: 1, config: { leaseMs: 3000, worker: { pollIntervalMs: 200 } as never } });
    try {
      const work = mkdtempSync(join(tmpdir(), 'ab-drill-'));
      const res = cli(['drill', '--profile', PROFILE, '--target', stack.apiUrl, '--pg', stack.pgUrl, '--out', join(work, 'runs'), '--runtime', 'engine',
        '--fault-cmd', 'kill-worker=exit 7', '--fault-cmd', 'restart-api=true', '--fault-cmd', 'db-outage=true', '--quiet'], work);
      expect(res.code, res.stdout + res.stderr).toBe(3);
      expect(res.stdout).toMatch(/e2e-drill: HARNESS-ERROR/);
      const [run] = readdirSync(join(work, 'runs'));
      const faults = readFileSync(join(work, 'runs', run!, 'faults.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; status: string; exitCode: number | null });
      expect(faults[0]).toMatchObject({ action: 'kill-worker', status: 'error', exitCode: 7 });
      // The password of --pg must not reach any file of the run.
      const password = new URL(stack.pgUrl).password;
      for (const f of readdirSync(join(work, 'runs', run!))) expect(readFileSync(join(work, 'runs', run!, f), 'utf8')).not.toContain(password);
      expect(existsSync(join(work, 'runs', run!, 'drill.md'))).toBe(true);
    } finally {
      await stack.stop();
    }
  }, 300_000);
});
