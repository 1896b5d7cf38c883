import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { call, waitFor } from './target-harness.ts';

const MAIN = fileURLToPath(new URL('../../target/api/main.ts', import.meta.url));
let db: EmbeddedPostgres;

beforeAll(async () => {
  db = await startEmbeddedPostgres();
});

afterAll(async () => {
  await db?.stop();
});

function runApi(env: Record<string, string>) {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, exited, out: () => out, err: () => err };
}

describe('target/api/main.ts as a process', () => {
  it('serves health once ready, never prints the DSN password, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const api = runApi({ JOBSTORE_DSN: db.url, API_PORT: String(port) });
    try {
      const health = await waitFor('API health', 20_000, async () => {
        try {
          const r = await call(`http://127.0.0.1:${port}`, 'GET', '/api/health');
          return r.status === 200 ? r : undefined;
        } catch {
          return undefined;
        }
      });
      expect(health.body.service).toBe('api-service');
      const password = new URL(db.url).password;
      expect(api.out() + api.err()).not.toContain(password);
      expect(api.out()).toContain('"ready":true');
    } finally {
      api.proc.kill('SIGTERM');
    }
    expect(await api.exited).toBe(0);
  });

  it('exits 2 with one line on a port in use or a malformed config', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      const busy = runApi({ JOBSTORE_DSN: db.url, API_PORT: String(port) });
      expect(await busy.exited).toBe(2);
      expect(busy.err().trim().split('\n')).toHaveLength(1);
      expect(busy.err()).toContain('port in use');
    } finally {
      blocker.close();
    }
    const bad = runApi({ JOBSTORE_DSN: db.url, API_PORT: '0', AETHERIS_TARGET_CONFIG: '{"leaseMs":"soon"}' });
    expect(await bad.exited).toBe(2);
    expect(bad.err()).toContain('AETHERIS_TARGET_CONFIG: leaseMs');
  });
});
