import type { ObservabilityPoint } from '../harness/observability-scraper.ts';
import { valueExtent } from './value-range.ts';

/** What the target's own telemetry says about the end of a run. */
export interface ObservabilityFindings {
  points: number;
  window: { start: number; end: number } | null;
  finalBacklog: number | null;
  finalStuck: number | null;
  maxBacklog: number | null;
  /** Backlog at the end is above its level a third of the way in and did not fall over the last third. */
  backlogGrowing: boolean;
  /** Scrapes that failed (API down during a drill, for instance). */
  failedScrapes: number;
  findings: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Summarises observability.ndjson points into findings a person should read: stuck jobs at the
 * end, and a queue backlog that keeps growing (the workers are not keeping up with submissions).
 * "Growing" compares the median of the last third with the median of the middle third, so one
 * noisy scrape cannot trigger it.
 */
export function observabilityFindings(points: readonly ObservabilityPoint[]): ObservabilityFindings {
  const backlog = points.filter((p) => p.queueBacklog !== null).map((p) => p.queueBacklog!);
  const stuck = points.filter((p) => p.stuckJobs !== null).map((p) => p.stuckJobs!);
  const out: ObservabilityFindings = {
    points: points.length,
    window: points.length ? { start: points[0]!.t, end: points[points.length - 1]!.t } : null,
    finalBacklog: backlog.at(-1) ?? null,
    finalStuck: stuck.at(-1) ?? null,
    maxBacklog: backlog.length ? valueExtent(backlog).max : null,
    backlogGrowing: false,
    failedScrapes: points.filter((p) => !p.metricsOk || !p.summaryOk).length,
    findings: [],
  };
  if (backlog.length >= 6) {
    const third = Math.floor(backlog.length / 3);
    const middle = median(backlog.slice(third, 2 * third));
    const last = median(backlog.slice(2 * third));
    out.backlogGrowing = last > middle && backlog.at(-1)! >= last && last > 0;
  }
  if (out.finalStuck) out.findings.push(`${out.finalStuck} job(s) were stuck (running past the stuck threshold) at the last scrape`);
  if (out.backlogGrowing) out.findings.push(`the queue backlog was still growing at the end (median ${out.finalBacklog} pending, max ${out.maxBacklog}): workers did not keep up`);
  if (out.failedScrapes) out.findings.push(`${out.failedScrapes} of ${points.length} scrapes failed (target unreachable at those times)`);
  return out;
}
