import { encodeHistogram, histogramPercentile } from '../hdr-codec.ts';
import { tagsMatch } from '../ingest/submetric-key.ts';
import { SecondHistograms } from '../second-histograms.ts';
import type { TimeseriesLine } from '../timeseries-line.ts';
import type { SecondSample } from './second-sample.ts';

/** Which metrics of a timeseries file feed the recovery figures. */
export interface SeriesMetrics {
  /** Counter counted as throughput (default `jobs_completed`; `jobs_accepted` for submit throughput). */
  throughput?: string;
  /** Rate whose passes are failed requests (default `http_req_failed`, k6's own). */
  failed?: string;
  /** Trend of request latency (default `http_req_duration`). */
  latency?: string;
  /** Only lines carrying all these tags count for latency and errors (e.g. {endpoint: 'post_message'}). */
  tags?: Record<string, string>;
}


/**
 * Turns the per-second lines of timeseries.ndjson (analysis/timeseries-line.ts) into one
 * SecondSample per second: throughput from a counter, requests/errors from k6's http_req_failed
 * rate, and the second's latency histogram merged exactly across tag sets. Pure; the caller reads
 * the file. Seconds with no line at all are filled later by `densify`.
 */
export function seriesFromTimeseries(lines: Iterable<TimeseriesLine>, metrics: SeriesMetrics = {}): SecondSample[] {
  const throughput = metrics.throughput ?? 'jobs_completed';
  const failed = metrics.failed ?? 'http_req_failed';
  const latency = metrics.latency ?? 'http_req_duration';
  const filter = Object.entries(metrics.tags ?? {});
  const seconds = new Map<number, SecondSample>();
  const hist = new SecondHistograms();
  const at = (t: number) => {
    let s = seconds.get(t);
    if (!s) seconds.set(t, (s = { t, throughput: 0, requests: 0, errors: 0 }));
    return s;
  };
  for (const line of lines) {
    if (line.kind === 'header') continue;
    if (line.kind === 'counter' && line.metric === throughput) at(line.t).throughput += line.value;
    else if (line.kind === 'rate' && line.metric === failed && tagsMatch(line.tags, filter)) {
      const s = at(line.t);
      s.requests! += line.passes + line.fails;
      s.errors! += line.passes;
    } else if (line.kind === 'trend' && line.metric === latency && tagsMatch(line.tags, filter) && line.count > 0) {
      at(line.t);
      hist.add(line.t, line.hdr, line.min, line.max);
    }
  }
  for (const [t, { h, min, max }] of hist.seconds) {
    const s = seconds.get(t)!;
    s.latencyHdr = encodeHistogram(h);
    s.p95 = histogramPercentile(h, 95, min, max);
  }
  return [...seconds.values()].sort((a, b) => a.t - b.t);
}
