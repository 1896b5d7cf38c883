import { Registry, type Histogram, type Series } from '../api/prometheus.ts';

/** The metrics a worker process exports (contract §1.6). */
export interface WorkerMetrics {
  registry: Registry;
  busy: Series;
  jobTotal: Series;
  jobFailTotal: Series;
  jobsTotal: Series;
  jobLatency: Histogram;
  jobDuration: Histogram;
  stepDuration: Histogram;
  stepRetries: Series;
  stepTimeout: Series;
  leaseConflict: Series;
}

/** Creates a worker's private registry. */
export function createWorkerMetrics(): WorkerMetrics {
  const r = new Registry();
  return {
    registry: r,
    busy: r.gauge('aetheris_worker_busy', 'Number of jobs currently executing in this worker', ['worker_id']),
    jobTotal: r.counter('aetheris_job_total', 'Job attempts by outcome', ['status']),
    jobFailTotal: r.counter('aetheris_job_fail_total', 'Failed job attempts (including requeued ones)', ['status']),
    jobsTotal: r.counter('aetheris_jobs_total', 'Total number of jobs by tenant and status', ['tenant', 'status']),
    jobLatency: r.histogram('aetheris_job_latency_seconds', 'Job latency from claim to end', ['tenant', 'status']),
    jobDuration: r.histogram('aetheris_job_duration_seconds', 'Job duration from claim to end', ['agent_id']),
    stepDuration: r.histogram('aetheris_step_duration_seconds', 'Step duration', ['tenant', 'step_type', 'ok']),
    stepRetries: r.counter('aetheris_step_retries_total', 'Step retries', ['tenant', 'step_type', 'reason']),
    stepTimeout: r.counter('aetheris_step_timeout_total', 'Step timeouts', ['tenant']),
    leaseConflict: r.counter('aetheris_lease_conflict_total', 'Appends rejected because the attempt no longer holds the lease', ['tenant']),
  };
}
