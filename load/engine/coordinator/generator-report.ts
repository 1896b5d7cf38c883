/**
 * The summary's `generator` block (beyond k6): each worker's scheduling lag, event-loop delay and
 * utilisation, its late-dropped iterations, and a plain verdict on whether the generator itself was the bottleneck.
 */
import { LATE_DROP_MS, type GeneratorStats } from '../worker/generator-monitor.ts';

/** Schedule lag p99 above which the generator counts as saturated (ms). */
export const LAG_P99_LIMIT_MS = 50;
/** Event-loop utilisation above which a worker's core counts as saturated. */
export const ELU_LIMIT = 0.95;
/**
 * Share of arrival slots dropped late (see LATE_DROP_MS) above which the generator failed its own
 * schedule: one garbage-collection pause may cost a handful of slots, a run that lost more than
 * one in a thousand did not deliver the load it claims.
 */
export const LATE_DROP_SHARE_LIMIT = 0.001;
/** Verdicts need enough evidence: a few lag samples or a sub-second run say nothing about saturation. */
const MIN_LAG_SAMPLES = 100;
const MIN_MEASURED_MS = 3000;

/** The `generator` block. */
export interface GeneratorReport {
  workers: GeneratorStats[];
  schedule_lag_p99_ms: number;
  /** Arrival-rate iterations dropped in all, and dropped because a worker stalled (late). */
  dropped_iterations: { total: number; late: number };
  max_event_loop_utilization: number;
  limits: { schedule_lag_p99_ms: number; event_loop_utilization: number; late_drop_share: number };
  generator_saturated: boolean;
  reasons: string[];
}

/** Builds the block from the workers' final stats. */
export function generatorReport(workers: GeneratorStats[]): GeneratorReport {
  const reasons: string[] = [];
  for (const w of workers) {
    if (w.schedule_lag_ms.count >= MIN_LAG_SAMPLES && w.schedule_lag_ms.p99 > LAG_P99_LIMIT_MS) {
      reasons.push(`worker ${w.worker}: schedule lag p99 ${w.schedule_lag_ms.p99.toFixed(1)} ms > ${LAG_P99_LIMIT_MS} ms`);
    }
    const drops = w.dropped_iterations;
    const slots = w.schedule_lag_ms.count + drops.total;
    if (drops.late > 0 && slots >= MIN_LAG_SAMPLES && drops.late > LATE_DROP_SHARE_LIMIT * slots) {
      reasons.push(`worker ${w.worker}: ${drops.late} of ${slots} arrival-rate iterations dropped while it ran over ${LATE_DROP_MS} ms behind schedule (limit ${LATE_DROP_SHARE_LIMIT * 100}%)`);
    }
    if (w.measured_ms >= MIN_MEASURED_MS && w.event_loop_utilization > ELU_LIMIT) {
      reasons.push(`worker ${w.worker}: event loop ${(w.event_loop_utilization * 100).toFixed(0)}% busy > ${ELU_LIMIT * 100}%`);
    }
  }
  return {
    workers,
    schedule_lag_p99_ms: Math.max(0, ...workers.map((w) => w.schedule_lag_ms.p99)),
    dropped_iterations: {
      total: workers.reduce((a, w) => a + w.dropped_iterations.total, 0),
      late: workers.reduce((a, w) => a + w.dropped_iterations.late, 0),
    },
    max_event_loop_utilization: Math.max(0, ...workers.map((w) => w.event_loop_utilization)),
    limits: { schedule_lag_p99_ms: LAG_P99_LIMIT_MS, event_loop_utilization: ELU_LIMIT, late_drop_share: LATE_DROP_SHARE_LIMIT },
    generator_saturated: reasons.length > 0,
    reasons,
  };
}

/** The warning line printed when the generator was the bottleneck. */
export function saturationWarning(r: GeneratorReport): string | undefined {
  if (!r.generator_saturated) return undefined;
  return `WARN generator_saturated: the load generator was the bottleneck (${r.reasons.join('; ')}); latency and throughput understate the target`;
}
