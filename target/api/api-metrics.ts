import { Registry, type Series } from './prometheus.ts';

/** The metrics the Aetheris API process exports (contract §1.6). */
export interface ApiMetrics {
  registry: Registry;
  jobsTotal: Series;
  jobState: Series;
  queueBacklog: Series;
  stuckJobCount: Series;
}

/** Creates the API's private registry. */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  return {
    registry,
    jobsTotal: registry.counter('aetheris_jobs_total', 'Total number of jobs by tenant and status', ['tenant', 'status']),
    jobState: registry.gauge('aetheris_job_state', 'Number of jobs in each state', ['state']),
    queueBacklog: registry.gauge('aetheris_queue_backlog', 'Number of pending jobs per queue', ['queue']),
    stuckJobCount: registry.gauge('aetheris_stuck_job_count', 'Number of jobs running longer than the stuck threshold'),
  };
}
