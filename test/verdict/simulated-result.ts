/**
 * Builds complete results from simulated requests, through the same accumulation and per-second
 * HDR path a real ingest uses, so comparison tests exercise window extraction end to end.
 */
import { fingerprint } from '../../harness/fingerprint.ts';
import { newRawContext } from '../../analysis/ingest/ingest-files.ts';
import { buildRawMeasurements } from '../../analysis/ingest/raw-to-result.ts';
import { emptyResult, thresholdsVerdict } from '../../analysis/result/empty-result.ts';
import type { RunResult } from '../../analysis/result/types.ts';
import { prng, simulateRun, type RunShape } from './simulate.ts';

/** The fingerprint every simulated run of "this machine" carries. */
export const SIM_FINGERPRINT = fingerprint({ postgres: null, runtime: 'engine', target: 'embedded', profile: 'release', profileHash: 'sim' });

/** A result whose `http_req_duration{endpoint:post_message}` follows `shape`, starting at unix second `t0`. */
export function simulatedResult(seed: number, shape: RunShape, runId: string, t0 = 1_800_000_000): RunResult {
  const ctx = newRawContext();
  ctx.acc.define('http_req_duration', 'trend', 'time');
  ctx.acc.define('http_reqs', 'counter', 'default');
  ctx.thresholds.add('http_req_duration{endpoint:post_message}', 'p(95)<=500', 'threshold-table');
  const dur = ctx.acc.metrics.get('http_req_duration')!;
  const reqs = ctx.acc.metrics.get('http_reqs')!;
  const tags = { endpoint: 'post_message', method: 'POST', status: '202' };
  const rand = prng(seed);
  let i = 0;
  simulateRun(rand, shape, (s, v) => {
    const t = (t0 + s) * 1000 + ((i++ * 7) % 1000);
    ctx.acc.addSample(dur, tags, t, v);
    ctx.acc.addSample(reqs, tags, t, 1);
  });
  const m = buildRawMeasurements(ctx, { runId, sources: ['simulated'], method: 'hdr-from-samples', extraKeys: ['http_req_duration{endpoint:post_message}'] });
  const r = emptyResult(runId, 'run-dir');
  Object.assign(r, m);
  r.fingerprint = SIM_FINGERPRINT;
  r.manifest = { runId, profile: 'release', gitSha: 'sim' };
  r.thresholdsOk = thresholdsVerdict(r.thresholds);
  r.source.runners = 1;
  return r;
}
