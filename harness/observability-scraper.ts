import { appendFileSync } from 'node:fs';
import { parsePrometheusText, sumOf } from '../analysis/prometheus-text.ts';

/** One line of observability.ndjson: what the target said about itself at time `t`. */
export interface ObservabilityPoint {
  /** Unix ms of the scrape. */
  t: number;
  /** Whether each endpoint answered (a down API is recorded, not fatal). */
  metricsOk: boolean;
  summaryOk: boolean;
  queueBacklog: number | null;
  stuckJobs: number | null;
  /** Sum of aetheris_worker_busy over the workers that expose it through the API (null when absent). */
  workerBusy: number | null;
  jobStates: Record<string, number>;
  leaseConflicts: number | null;
  error?: string;
}

/** Options of the scraper. */
export interface ScraperOptions {
  apiUrl: string;
  /** Sent as Authorization: Bearer; never written anywhere. */
  token?: string;
  intervalMs: number;
  outFile: string;
}

async function fetchText(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`${new URL(url).pathname} answered ${res.status}`);
  return res.text();
}

/** Takes one scrape of /metrics and /api/observability/summary. */
export async function scrapeOnce(apiUrl: string, token?: string): Promise<ObservabilityPoint> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const point: ObservabilityPoint = { t: Date.now(), metricsOk: false, summaryOk: false, queueBacklog: null, stuckJobs: null, workerBusy: null, jobStates: {}, leaseConflicts: null };
  const errors: string[] = [];
  try {
    // The summary call is what refreshes aetheris_queue_backlog and aetheris_stuck_job_count (contract §1.6), so it goes first.
    const body = JSON.parse(await fetchText(`${apiUrl}/api/observability/summary`, headers)) as { queue_backlog?: Record<string, number>; stuck_job_ids?: string[] | null };
    point.summaryOk = true;
    point.queueBacklog = Object.values(body.queue_backlog ?? {}).reduce((a, b) => a + b, 0);
    point.stuckJobs = (body.stuck_job_ids ?? []).length;
  } catch (err) {
    errors.push(`summary: ${(err as Error).message}`);
  }
  try {
    const samples = parsePrometheusText(await fetchText(`${apiUrl}/metrics`, {}));
    point.metricsOk = true;
    for (const s of samples) if (s.name === 'aetheris_job_state' && s.labels.state) point.jobStates[s.labels.state] = s.value;
    point.workerBusy = sumOf(samples, 'aetheris_worker_busy');
    point.leaseConflicts = sumOf(samples, 'aetheris_lease_conflict_total');
    point.queueBacklog ??= sumOf(samples, 'aetheris_queue_backlog');
  } catch (err) {
    errors.push(`metrics: ${(err as Error).message}`);
  }
  if (errors.length) point.error = errors.join('; ');
  return point;
}

/** Scrapes every `intervalMs` into `outFile` (one NDJSON line per scrape, appended as taken) until stopped. */
export function startObservabilityScraper(opts: ScraperOptions): { stop(): Promise<void>; points(): number } {
  let count = 0;
  let stopped = false;
  let inflight: Promise<void> = Promise.resolve();
  const tick = () => {
    inflight = scrapeOnce(opts.apiUrl, opts.token).then((p) => {
      if (stopped) return;
      appendFileSync(opts.outFile, `${JSON.stringify(p)}\n`);
      count++;
    });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs);
  return {
    points: () => count,
    async stop() {
      clearInterval(timer);
      await inflight;
      stopped = true;
    },
  };
}
