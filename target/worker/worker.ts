import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TARGET_CONFIG, type TargetConfig } from '../config.ts';
import { PROMETHEUS_CONTENT_TYPE } from '../api/prometheus.ts';
import { startLifecycleLoops } from '../lifecycle/loops.ts';
import { createPool } from '../store/pool.ts';
import { registerWorkerEndpoint } from '../store/worker-endpoints.ts';
import { claimNext, dropOrphans, reclaimOrphans } from './claim.ts';
import { runJob, type RunnerDeps } from './run-job.ts';
import { createWorkerMetrics, type WorkerMetrics } from './worker-metrics.ts';

/** Options of an in-process worker. */
export interface WorkerOptions {
  dsn: string;
  workerId: string;
  config?: TargetConfig;
  /** Serve GET /metrics on this loopback port (0 = any free port) and record it for the API; absent = none. */
  metricsPort?: number;
  log?: (msg: string) => void;
}

/** A running worker. */
export interface Worker {
  workerId: string;
  metrics: WorkerMetrics;
  /** URL of the metrics server, when one was asked for. */
  metricsUrl?: string;
  /** Jobs executing now. */
  inflight(): number;
  /** Stops claiming, waits up to graceMs (default config.worker.shutdownGraceMs) for in-flight jobs, closes. */
  stop(graceMs?: number): Promise<void>;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function listenMetrics(port: number, metrics: WorkerMetrics): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
      const text = metrics.registry.render();
      res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    } else {
      res.writeHead(404).end('404 page not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/**
 * Starts a worker: `concurrency` slots; per free slot, orphan reclaim then the event-stream claim;
 * poll interval when idle; plus the lifecycle loops every Aetheris worker runs.
 */
export async function startWorker(opts: WorkerOptions): Promise<Worker> {
  const config = opts.config ?? structuredClone(DEFAULT_TARGET_CONFIG);
  const log = opts.log ?? ((msg: string) => console.error(`worker ${opts.workerId}: ${msg}`));
  const metrics = createWorkerMetrics();
  metrics.busy.set([opts.workerId], 0);
  const pool = createPool(opts.dsn, Math.max(config.poolSize, config.worker.concurrency + 2), `aetheris-worker-${opts.workerId}`);
  const metricsServer = opts.metricsPort !== undefined ? await listenMetrics(opts.metricsPort, metrics) : undefined;
  const metricsUrl = metricsServer ? `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}` : undefined;
  if (metricsUrl) await registerWorkerEndpoint(pool, opts.workerId, metricsUrl).catch((err: Error) => log(`could not record metrics endpoint: ${err.message}`));
  const stopClaiming = new AbortController();
  const abandon = new AbortController();
  const inflight = new Set<Promise<void>>();
  const deps: RunnerDeps = { pool, workerId: opts.workerId, config, metrics, stopSignal: abandon.signal, log };
  const dropInflight = config.knobs.dropInflightOnWorkerDeath;
  // With the knob on, a job whose worker died is dropped (deleted) instead of being reset for a retry.
  let lastError = '';

  const stopped = new Promise<void>((r) => stopClaiming.signal.addEventListener('abort', () => r(), { once: true }));
  const loop = async () => {
    while (!stopClaiming.signal.aborted) {
      if (inflight.size >= config.worker.concurrency) {
        await Promise.race([...inflight, stopped]);
        continue;
      }
      let claim;
      try {
        await (dropInflight ? dropOrphans(pool) : reclaimOrphans(pool));
        claim = await claimNext(pool, opts.workerId, config.leaseMs, !dropInflight);
        lastError = '';
      } catch (err) {
        const msg = (err as Error).message;
        if (msg !== lastError) log(`claim failed: ${msg}`);
        lastError = msg;
        await abortableSleep(config.worker.pollIntervalMs, stopClaiming.signal);
        continue;
      }
      if (!claim) {
        await abortableSleep(config.worker.pollIntervalMs, stopClaiming.signal);
        continue;
      }
      const p: Promise<void> = runJob(deps, claim).finally(() => inflight.delete(p));
      inflight.add(p);
    }
  };
  const loopDone = loop();
  const lifecycle = startLifecycleLoops(pool, config, log);

  return {
    workerId: opts.workerId,
    metrics,
    metricsUrl,
    inflight: () => inflight.size,
    async stop(graceMs = config.worker.shutdownGraceMs) {
      stopClaiming.abort();
      await loopDone;
      await Promise.race([lifecycle.stop(), new Promise<void>((r) => setTimeout(r, graceMs).unref())]);
      if (inflight.size > 0) {
        const timer = new Promise<void>((r) => setTimeout(r, graceMs).unref());
        await Promise.race([Promise.allSettled([...inflight]), timer]);
        abandon.abort();
        await Promise.allSettled([...inflight]);
      }
      if (metricsServer) {
        metricsServer.closeAllConnections();
        await new Promise<void>((r) => metricsServer.close(() => r()));
      }
      await pool.end();
    },
  };
}
