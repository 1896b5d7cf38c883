import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplesCsv } from './samples-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'aetheris-bench-growth-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ['bin/aetheris-bench.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const good = samplesCsv({
  ticks: 120,
  stepS: 10,
  events: (t) => 20 * t,
  jobs: (t) => 2 * t,
  relations: [
    { relation: 'job_events', kind: 'table', total: (t) => 1_000_000 + 8000 * t },
    { relation: 'job_claims', kind: 'table', total: () => 65_536 },
  ],
});
const goodFile = join(dir, 'samples.csv');
writeFileSync(goodFile, good);

function writeBad(name: string, transform: (lines: string[]) => string[]): string {
  const file = join(dir, name);
  writeFileSync(file, transform(good.split('\n')).join('\n'));
  return file;
}

describe('aetheris-bench growth', () => {
  it('prints a table with verdict, model, growth per hour, bytes per event, projection and reason; exit 0', () => {
    const r = cli('growth', goodFile);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^relation\s+verdict\s+model\s+growth\/h\s+bytes\/event\s+in 30 d\s+reason$/);
    expect(lines.find((l) => l.startsWith('job_events'))).toMatch(/unbounded\s+linear\s+27\.5 MiB\s+400 B/);
    expect(lines.find((l) => l.startsWith('job_claims'))).toMatch(/bounded\s+constant/);
  });

  it('--json prints {"relations":[{relation, verdict, model, reason…}]} and honours --horizon', () => {
    const r = cli('growth', goodFile, '--json', '--horizon', '1d');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { relations: Array<Record<string, unknown>>; options: { horizonS: number } };
    expect(report.options.horizonS).toBe(86_400);
    const ev = report.relations.find((x) => x.relation === 'job_events')!;
    expect(ev).toMatchObject({ verdict: 'unbounded', model: 'linear' });
    expect(typeof ev.reason).toBe('string');
    expect(ev.projectedBytes as number).toBeCloseTo(1_000_000 + 8000 * (1190 + 86_400), -4);
  });

  it('exit 0 even when a contract is breached (the gate decides)', () => {
    const contracts = join(dir, 'contracts.json');
    writeFileSync(contracts, JSON.stringify({ contracts: [{ relation: 'job_events', kind: 'bounded' }] }));
    const r = cli('growth', goodFile, '--contracts', contracts);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/BREACH\s+job_events \(bounded\)/);
  });

  it.each([
    ['a cell that is not a number', 'num.csv', (l: string[]) => l.map((x, i) => (i === 6 ? x.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1lots') : x)), /num\.csv: line 7, column 4: total_bytes "lots" is not a number/],
    ['a header out of order', 'header.csv', (l: string[]) => [l[0]!.replace('total_bytes,table_bytes', 'table_bytes,total_bytes'), ...l.slice(1)], /header\.csv: line 1, column 4: expected column "total_bytes"/],
    ['a short row', 'short.csv', (l: string[]) => l.map((x, i) => (i === 3 ? x.split(',').slice(0, 5).join(',') : x)), /short\.csv: line 4, column 6: expected 23 cells, found 5/],
    ['an unterminated quote', 'quote.csv', (l: string[]) => l.map((x, i) => (i === 9 ? x.replace('job_events', '"job_events') : x)), /quote\.csv: line 10, column 3: unterminated quoted cell/],
  ])('exit 2 on %s, naming the file, line and column', (_what, name, transform, message) => {
    const r = cli('growth', writeBad(name, transform));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('exit 2 on a missing file, a bad contracts file, a bad horizon, or no file', () => {
    expect(cli('growth', join(dir, 'nope.csv')).stderr).toMatch(/nope\.csv: cannot read \(ENOENT\)/);
    const contracts = join(dir, 'bad-contracts.json');
    writeFileSync(contracts, JSON.stringify([{ relation: 'jobs', kind: 'linear-in-jobs' }]));
    const c = cli('growth', goodFile, '--contracts', contracts);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/bad-contracts\.json: contracts\[0\]\.maxBytesPerJob: expected a positive number/);
    expect(cli('growth', goodFile, '--horizon', 'soon').code).toBe(2);
    expect(cli('growth').code).toBe(2);
  });

  it('--help names every flag', () => {
    const r = cli('growth', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--json', '--contracts', '--horizon', '--retention', '--disk-budget']) expect(r.stdout).toContain(flag);
  });
});

describe('aetheris-bench sample (usage and unreachable database)', () => {
  it('exit 2 on bad usage, never echoing the URL', () => {
    const r = cli('sample', '--pg', 'mysql://user:hunter2@127.0.0.1/x', '--out', join(dir, 's.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('hunter2');
    expect(cli('sample', '--pg', 'postgres://127.0.0.1/x').code).toBe(2);
    expect(cli('sample', '--pg', 'postgres://127.0.0.1/x', '--out', join(dir, 's.csv'), '--interval', 'often').code).toBe(2);
  });

  it('exit 2 and the file untouched when the output exists', () => {
    const out = join(dir, 'existing.csv');
    writeFileSync(out, 'precious');
    const r = cli('sample', '--pg', 'postgres://u:p@127.0.0.1:1/x', '--out', out, '--duration', '1s');
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  it('exit 3 when no tick could be read, with the gaps recorded in the file', () => {
    // Port 1 on loopback: nothing listens there, so every connect is refused at once.
    const out = join(dir, 'unreachable.csv');
    const r = cli('sample', '--pg', 'postgres://u:secretpw@127.0.0.1:1/x', '--out', out, '--interval', '200ms', '--duration', '1s');
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('secretpw');
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/@gap/);
    expect(text).not.toContain('secretpw');
  });
});
