// A reference worker as its own OS process: `node --import tsx target/worker/main.ts`, configured by
// JOBSTORE_DSN, WORKER_ID, AETHERIS_WORKER_METRICS_PORT (default: a free loopback port) and
// AETHERIS_TARGET_CONFIG.
import { hostname } from 'node:os';
import { UsageError } from '../../harness/errors.ts';
import { targetConfigFromEnv } from '../config.ts';
import { startWorker } from './worker.ts';
import { shutdownOnSignal } from '../shutdown-on-signal.ts';

async function main(): Promise<void> {
  const dsn = process.env.JOBSTORE_DSN;
  if (!dsn) throw new UsageError('target/worker/main.ts: JOBSTORE_DSN is not set');
  const workerId = process.env.WORKER_ID || hostname();
  const portText = process.env.AETHERIS_WORKER_METRICS_PORT;
  // Aetheris serves worker metrics on 9093; the reference worker takes any free loopback port unless told.
  let metricsPort = 0;
  if (portText) {
    metricsPort = Number(portText);
    if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) {
      throw new UsageError(`target/worker/main.ts: AETHERIS_WORKER_METRICS_PORT "${portText}" is not a port`);
    }
  }
  const config = targetConfigFromEnv();
  const worker = await startWorker({ dsn, workerId, config, metricsPort });
  console.log(JSON.stringify({ ready: true, worker: workerId, ...(worker.metricsUrl ? { metrics: worker.metricsUrl } : {}) }));
  shutdownOnSignal(() => worker.stop());
}

main().catch((err: unknown) => {
  const e = err as Error & { code?: string };
  console.error(`aetheris worker: ${e.code === 'EADDRINUSE' ? `metrics port in use (${e.message})` : e.message}`);
  process.exit(err instanceof UsageError || e.code === 'EADDRINUSE' ? 2 : 3);
});
