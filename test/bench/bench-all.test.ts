// The benchmark harness on its tiny configuration (--quick): every benchmark runs end to end against
// real servers and a real Postgres and writes its section. No figure is judged here: the machine is
// shared and noisy, so the test checks structure and cleanup only, never speed.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../bench/registry.ts';
import { processesMentioning } from '../stack/helpers.ts';

const CLI = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

// The run gets a TMPDIR of its own, so the leak check below sees only what this run started (other
// benchmark runs on the machine use the same folder-name prefixes). Mode 0755: as root, Postgres
// runs as the `postgres` user and must be able to enter it.
const RUN_TMP = mkdtempSync(join(tmpdir(), 'bench-run-'));
chmodSync(RUN_TMP, 0o755);

function runCli(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: RUN_TMP } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // SIGINT first: bench-all then exits through its hooks, which kill every server it started.
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`bench-all ${args.join(' ')} did not finish in ${timeoutMs} ms; stderr tail: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('bench-all --quick', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  const out = join(dir, 'benchmarks.md');
  const docs = join(REPO, 'docs', 'benchmarks.md');
  const docsBefore = existsSync(docs) ? statSync(docs).mtimeMs : null;
  let result: { code: number | null; stdout: string; stderr: string };
  let md = '';

  beforeAll(async () => {
    // Every benchmark at tiny size, one run each: about 1–2 minutes on a busy 2-core machine (apt installs, if any, take longer).
    result = await runCli(['bench-all', '--quick', '--out', out], 600_000);
    md = existsSync(out) ? readFileSync(out, 'utf8') : '';
  }, 620_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(RUN_TMP, { recursive: true, force: true });
  });

  it('exits 0 and writes the document to --out only', () => {
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(md).toMatch(/^# Benchmarks\n/);
    expect(docsBefore === null ? existsSync(docs) : statSync(docs).mtimeMs).toBe(docsBefore === null ? false : docsBefore);
  });

  it('states the machine and the command', () => {
    expect(md).toContain('npm run bench -- --quick --out');
    for (const row of ['| CPU |', '| memory |', '| kernel / OS |', '| Node |', '| Postgres |']) expect(md).toContain(row);
    expect(md).toMatch(/\| Postgres \| postgres \(PostgreSQL\) \d+/);
    expect(md).toContain('Quick mode');
  });

  it('has a measured section, with a table, for every benchmark', () => {
    for (const b of BENCHMARKS) {
      const start = md.indexOf(`## ${b.title}`);
      expect(start, b.name).toBeGreaterThan(0);
      const next = md.indexOf('\n## ', start + 1);
      const section = md.slice(start, next < 0 ? undefined : next);
      expect(section, b.name).not.toContain('Not measured');
      // A tool that could not be installed is a skip line, never a failure; otherwise there is a table of figures.
      if (!section.includes('Skipped:')) expect(section, b.name).toMatch(/\| --- \|/);
      expect(section, b.name).toContain(`_Benchmark \`${b.name}\` took`);
    }
  });

  it('never judges goals on quick numbers', () => {
    expect(md).not.toContain('**missed**');
  });

  it('leaves no server, generator or engine process behind', () => {
    // Every process the run started carries RUN_TMP in its command line (work folders, Postgres data) or its inherited TMPDIR.
    expect(processesMentioning(RUN_TMP)).toEqual([]);
  });
});

describe('bench-all usage errors', () => {
  it.each([
    [['--only', 'nope'], /--only nope: no such benchmark/],
    [['--quick', '--long'], /contradict/],
    [['--runs', '0'], /--runs: "0" is not a positive whole number/],
    [['--frobnicate'], /bench-all: Unknown option '--frobnicate'/],
  ])('%j → exit 2 and one line', async (args, message) => {
    const r = await runCli(['bench-all', ...args], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
