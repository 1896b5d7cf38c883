/**
 * `--out` destinations: k6's `json=FILE` (NDJSON, `.gz` gzipped) and the engine's own
 * `timeseries=FILE` (per-second encoded HDR histograms). Both stream as samples arrive.
 */
import { UsageError } from '../../../harness/errors.ts';
import { urlFilteredMetrics } from '../../../analysis/series-url-grouping.ts';
import type { Sample } from '../metrics/contract.ts';
import type { MetricsEngine } from '../metrics/metrics-engine.ts';
import { JsonOutput } from '../outputs/json-output.ts';
import { TimeseriesOutput } from '../outputs/timeseries-output.ts';

/** One parsed `--out` flag. */
export interface OutputSpec {
  kind: 'json' | 'timeseries';
  path: string;
}

/** Parses `--out KIND=PATH`; anything else is a usage error naming the flag. */
export function parseOutSpec(text: string): OutputSpec {
  const m = /^(json|timeseries)=(.+)$/.exec(text);
  if (!m) throw new UsageError(`exec: --out "${text}" is not supported (use json=FILE, json=FILE.gz or timeseries=FILE)`);
  return { kind: m[1] as OutputSpec['kind'], path: m[2]! };
}

/** The open writers as one. */
export interface OpenOutputs {
  length: number;
  write(samples: readonly Sample[]): void;
  close(): Promise<void>;
}

/**
 * Opens every output now (a path that cannot be opened fails before the test starts).
 * `metricKeys`: the threshold keys, so time-series lines keep `url` where a threshold filters on it.
 */
export function openOutputs(specs: OutputSpec[], catalog: MetricsEngine, startedAt: number, metricKeys: Iterable<string> = []): OpenOutputs {
  const keepUrlFor = urlFilteredMetrics(metricKeys);
  const writers: Array<{ write(s: readonly Sample[]): void; close(): Promise<void> }> = [];
  try {
    for (const s of specs) {
      writers.push(s.kind === 'json' ? new JsonOutput(s.path, catalog) : new TimeseriesOutput(s.path, catalog, { startedAt, keepUrlFor }));
    }
  } catch (err) {
    void Promise.all(writers.map((w) => w.close()));
    throw new UsageError(`exec: --out: ${(err as Error).message}`);
  }
  let failed = false;
  return {
    length: writers.length,
    write(samples) {
      if (failed) return;
      try {
        for (const w of writers) w.write(samples);
      } catch (err) {
        failed = true;
        process.stderr.write(`ERRO output failed, no more samples are written: ${(err as Error).message}\n`);
      }
    },
    async close() {
      await Promise.all(writers.map((w) => w.close()));
    },
  };
}
