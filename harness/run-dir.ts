import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Names of the files in a run directory (see docs/architecture.md "The run directory"). */
export const RUN_FILES = {
  manifest: 'manifest.json',
  summary: 'summary.json',
  metrics: 'metrics.ndjson',
  timeseries: 'timeseries.ndjson',
  samples: 'samples.csv',
  faults: 'faults.ndjson',
  observability: 'observability.ndjson',
  audit: 'audit.json',
  result: 'result.json',
  verdict: 'verdict.json',
  reportMd: 'report.md',
  reportHtml: 'report.html',
  junit: 'junit.xml',
  loadLog: 'load.log',
} as const;

/** Run id: UTC timestamp plus profile, sortable and readable (`20261127-034200-release`). */
export function newRunId(profile: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${profile}`;
}

/** Creates `<outRoot>/<runId>` (suffixing -2, -3 … if it exists) and returns its absolute path and id. */
export function createRunDir(outRoot: string, profile: string): { dir: string; runId: string } {
  const base = newRunId(profile);
  for (let i = 1; ; i++) {
    const runId = i === 1 ? base : `${base}-${i}`;
    const dir = resolve(join(outRoot, runId));
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      return { dir, runId };
    }
  }
}

/** The git commit of the working tree, with "-dirty" when it has uncommitted changes; "unknown" outside git. */
export function gitSha(cwd = process.cwd()): string {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}
