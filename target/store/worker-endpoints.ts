import type { Queryable } from './event-store.ts';

/** Records (or moves) where a worker serves its /metrics. */
export async function registerWorkerEndpoint(db: Queryable, workerId: string, metricsUrl: string): Promise<void> {
  await db.query({
    text: `INSERT INTO target_worker_endpoints (worker_id, metrics_url, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (worker_id) DO UPDATE SET metrics_url = EXCLUDED.metrics_url, updated_at = now()`,
    values: [workerId, metricsUrl],
  });
}

/** Every recorded worker metrics endpoint. */
export async function listWorkerEndpoints(db: Queryable): Promise<Array<{ worker_id: string; metrics_url: string }>> {
  const res = await db.query<{ worker_id: string; metrics_url: string }>({ name: 'worker_endpoints', text: 'SELECT worker_id, metrics_url FROM target_worker_endpoints' });
  return res.rows;
}

/** Forgets an endpoint that no longer answers (its worker is gone), unless it moved meanwhile. */
export async function forgetWorkerEndpoint(db: Queryable, workerId: string, metricsUrl: string): Promise<void> {
  await db.query({ text: 'DELETE FROM target_worker_endpoints WHERE worker_id = $1 AND metrics_url = $2', values: [workerId, metricsUrl] });
}
