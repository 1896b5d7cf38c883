import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));
const PROFILE = fileURLToPath(new URL('./profiles/e2e-gate.json', import.meta.url));

// The k6 binary is a boundary we do not own and cannot install here: a stand-in named `k6` on PATH
// answers `k6 version` and forwards `k6 run ARGS` to the built-in engine, which takes k6's flags.
function fakeK6(dir: string): string {
  const path = join(dir, 'k6');
  writeFileSync(path, `#!/bin/sh\nif [ "$1" = version ]; then echo "k6 v2.2.0 (stand-in)"; exit 0; fi\nshift\necho "$@" > "${dir}/k6-args"\nexec "${process.execPath}" "${BIN}" exec "$@"\n`);
  chmodSync(path, 0o755);
  return dir;
}

describe('--runtime k6', () => {
  it('bundles the scenario for k6, runs it with --out json, and judges the NDJSON like any k6 output', () => {
    const work = mkdtempSync(join(tmpdir(), 'ab-k6-'));
    const bin = fakeK6(mkdtempSync(join(tmpdir(), 'ab-k6bin-')));
    const res = spawnSync(process.execPath, [BIN, 'run', '--profile', PROFILE, '--runtime', 'auto', '--out', join(work, 'runs'), '--quiet'], {
      cwd: work, encoding: 'utf8', timeout: 240_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const [run] = readdirSync(join(work, 'runs'));
    const dir = join(work, 'runs', run!);
    const args = readFileSync(join(bin, 'k6-args'), 'utf8');
    expect(args).toMatch(new RegExp(`--out json=${dir}/metrics.ndjson .*${dir}/k6-release.js`));
    const bundle = readFileSync(join(dir, 'k6-release.js'), 'utf8');
    expect(bundle).toMatch(/from ["']k6\/http["']/);
    expect(existsSync(join(dir, 'timeseries.ndjson'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { runtime: { name: string; version: string } };
    expect(manifest.runtime).toEqual({ name: 'k6', version: 'k6 v2.2.0 (stand-in)' });
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { source: { files: Array<{ format: string }> }; metrics: Record<string, { values: Record<string, number> }> };
    expect(result.source.files.map((f) => f.format)).toContain('k6-ndjson');
    expect(result.metrics.job_completion?.values.rate).toBe(1);
  }, 300_000);
});
