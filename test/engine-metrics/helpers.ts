import { readFileSync } from 'node:fs';
import type { Sample } from '../../load/engine/metrics/contract.ts';

/** Reads a fixture copied next to these tests. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/k6/${name}`, import.meta.url), 'utf8');
}

/** Parses a JSON fixture. */
export function jsonFixture<T = any>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

/** A sample at T0 + offsetMs. */
export function sample(metric: string, value: number, tags: Record<string, string> = {}, offsetMs = 0): Sample {
  return { metric, time: T0 + offsetMs, value, tags };
}

/** `n` check samples (first `passes` pass) for a check in a group. */
export function checkSamples(group: string, check: string, passes: number, fails: number): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < passes; i++) out.push(sample('checks', 1, { group, check, scenario: 'default' }));
  for (let i = 0; i < fails; i++) out.push(sample('checks', 0, { group, check, scenario: 'default' }));
  return out;
}

/** The k6 group tree of a handleSummary fixture turned back into check samples, in first-seen order. */
export function samplesFromGroupTree(g: any): Sample[] {
  const out: Sample[] = [];
  if (g.path !== '') out.push(sample('group_duration', 1, { group: g.path }));
  for (const c of g.checks) out.push(...checkSamples(g.path, c.name, c.passes, c.fails));
  for (const child of g.groups) out.push(...samplesFromGroupTree(child));
  return out;
}

/** Sorted keys of an object. */
export const keysOf = (o: object): string[] => Object.keys(o).sort();

/** k6's exact percentile (metrics/sink.go TrendSink.P): linear interpolation on the sorted samples. */
export function k6Percentile(values: readonly number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const i = (p / 100) * (v.length - 1);
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return v[lo]! + (v[hi]! - v[lo]!) * (i - lo);
}

/** |a − b| / |b|, 0 when both are 0. */
export const relErr = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
