// The reference API as its own OS process: `node --import tsx target/api/main.ts`, configured by
// JOBSTORE_DSN, API_PORT and AETHERIS_TARGET_CONFIG (see target/config.ts).
import { UsageError } from '../../harness/errors.ts';
import { redactDsn, targetConfigFromEnv } from '../config.ts';
import { startApiServer } from './server.ts';
import { shutdownOnSignal } from '../shutdown-on-signal.ts';

async function main(): Promise<void> {
  const dsn = process.env.JOBSTORE_DSN;
  if (!dsn) throw new UsageError('target/api/main.ts: JOBSTORE_DSN is not set');
  const portText = process.env.API_PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`target/api/main.ts: API_PORT "${portText}" is not a port`);
  const config = targetConfigFromEnv();
  const server = await startApiServer({ dsn, port, config });
  console.log(JSON.stringify({ ready: true, api: server.url, jobstore: redactDsn(dsn) }));
  shutdownOnSignal(() => server.close());
}

main().catch((err: unknown) => {
  const e = err as Error & { code?: string };
  console.error(`aetheris api: ${e.code === 'EADDRINUSE' ? `port in use (${e.message})` : e.message}`);
  process.exit(err instanceof UsageError || e.code === 'EADDRINUSE' ? 2 : 3);
});
