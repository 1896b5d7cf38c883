// Finds the external programs the benchmarks compare against, installing the Debian package when
// one is missing. A tool that cannot be had is skipped with a reason, never a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A tool found (path) or skipped (reason). */
export type ToolResult = { path: string; skipped?: undefined } | { path?: undefined; skipped: string };

let aptUpdated: boolean | null = null;

function which(binary: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', '/sbin', '/bin']) {
    if (existsSync(`${dir}/${binary}`)) return `${dir}/${binary}`;
  }
  const r = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/**
 * Returns the path of `binary`, running `apt-get update` (once per process) and
 * `apt-get install -y PACKAGE` first when it is absent. Bounded: each apt step has a time limit.
 */
export function ensureTool(binary: string, aptPackage: string, log: (line: string) => void): ToolResult {
  const found = which(binary);
  if (found) return { path: found };
  if (!which('apt-get')) return { skipped: `${binary} is not installed and apt-get is not available` };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { skipped: `${binary} is not installed and installing ${aptPackage} needs root` };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (aptUpdated === null) {
    log('apt-get update');
    aptUpdated = spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 180_000 }).status === 0;
  }
  log(`apt-get install -y ${aptPackage}`);
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', aptPackage], { env, encoding: 'utf8', timeout: 300_000 });
  const after = which(binary);
  if (after) return { path: after };
  const why = (r.stderr || r.stdout || '').trim().split('\n').pop() ?? '';
  return { skipped: `${binary}: apt-get install ${aptPackage} failed (${r.error ? r.error.message : `exit ${r.status}`}${why ? `: ${why}` : ''})` };
}
