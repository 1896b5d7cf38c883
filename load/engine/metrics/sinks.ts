/** The four k6 sink kinds behind one type, with the per-kind dispatch the engine needs. */
import { CounterSink, type CounterSnapshot } from './counter-sink.ts';
import type { MetricDef } from './contract.ts';
import { GaugeSink, type GaugeSnapshot } from './gauge-sink.ts';
import { RateSink, type RateSnapshot } from './rate-sink.ts';
import { TrendSink, type TrendSnapshot } from './trend-sink.ts';
import type { TrendStat } from './trend-stats.ts';

/** Any sink. */
export type Sink = CounterSink | GaugeSink | RateSink | TrendSink;
/** Any sink's snapshot. */
export type SinkSnapshot = CounterSnapshot | GaugeSnapshot | RateSnapshot | TrendSnapshot;

/** A new empty sink for a metric type. */
export function newSink(type: MetricDef['type']): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink();
  }
}

/** Merges a snapshot into a sink of the same kind; throws on a kind mismatch. */
export function mergeSink(sink: Sink, snap: SinkSnapshot): void {
  if (sink instanceof CounterSink && snap.kind === 'counter') sink.merge(snap);
  else if (sink instanceof GaugeSink && snap.kind === 'gauge') sink.merge(snap);
  else if (sink instanceof RateSink && snap.kind === 'rate') sink.merge(snap);
  else if (sink instanceof TrendSink && snap.kind === 'trend') sink.merge(snap);
  else throw new Error(`metrics: cannot merge a ${snap.kind} snapshot into a ${sink.constructor.name}`);
}

/** handleSummary `values` of a sink (trend columns as given; counter rate over the run duration). */
export function summaryValues(sink: Sink, durationMs: number, stats: readonly TrendStat[]): Record<string, number> {
  if (sink instanceof CounterSink) return sink.values(durationMs);
  if (sink instanceof TrendSink) return sink.values(stats);
  return sink.values();
}

/** The aggregates a threshold on this sink may read (k6 Thresholds.Run). */
export function thresholdValues(sink: Sink, elapsedMs: number, percentiles: number[]): Record<string, number> {
  if (sink instanceof CounterSink) return sink.thresholdValues(elapsedMs);
  if (sink instanceof TrendSink) return sink.thresholdValues(percentiles);
  return sink.thresholdValues();
}
