import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium when it is missing (the machine may be new); returns its path. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return CHROMIUM;
}

/** Loads a local page in headless Chromium (no network, no background services) and returns the DOM after its scripts ran, plus stderr (console messages). */
export function dumpDom(file: string): { dom: string; log: string } {
  const res = spawnSync(ensureChromium(), [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
    '--enable-logging=stderr', '--v=0', '--virtual-time-budget=10000', '--dump-dom', `file://${file}`,
  ], { encoding: 'utf8', timeout: 120_000 });
  return { dom: res.stdout, log: res.stderr };
}
