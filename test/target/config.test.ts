import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_CONFIG, parseTargetConfig, redactDsn, targetConfigFromEnv } from '../../target/config.ts';
import { UsageError } from '../../harness/errors.ts';

describe('target config', () => {
  it('defaults to Aetheris: auth off, 30s lease, 2s poll, 4 slots, 3 attempts, hourly snapshots of ≥1000 events, daily GC, no retention', () => {
    const c = targetConfigFromEnv({});
    expect(c).toEqual(DEFAULT_TARGET_CONFIG);
    expect(c.auth.enabled).toBe(false);
    expect(c.leaseMs).toBe(30_000);
    expect(c.worker).toMatchObject({ pollIntervalMs: 2000, concurrency: 4, maxAttempts: 3 });
    expect(c.snapshots).toEqual({ enabled: true, eventThreshold: 1000, periodMs: 3_600_000, topN: 50 });
    expect(c.gc).toEqual({ enabled: true, ttlDays: 90, batch: 1000, periodMs: 86_400_000 });
    expect(c.retention.enabled).toBe(false);
  });

  it('merges partial JSON and accepts durations as text', () => {
    const c = parseTargetConfig('{"leaseMs":"2s","llm":{"latencyMs":50},"knobs":{"routeLatencyMs":{"GET /api/jobs/:id":20}}}', 'cfg.json');
    expect(c.leaseMs).toBe(2000);
    expect(c.llm).toEqual({ latencyMs: 50, jitterMs: 0, failureRate: 0 });
    expect(c.knobs.routeLatencyMs).toEqual({ 'GET /api/jobs/:id': 20 });
    expect(c.worker.concurrency).toBe(4);
  });

  it('reports every problem in one line naming the file', () => {
    let err: unknown;
    try {
      parseTargetConfig('{"bogus":1,"llm":{"failureRate":2,"latncy":1},"worker":{"concurrency":0},"auth":{"enabled":true}}', 'cfg.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg.split('\n')).toHaveLength(1);
    for (const part of ['cfg.json', 'unknown key "bogus"', 'llm.failureRate', 'unknown key "llm.latncy"', 'worker.concurrency', 'jwtKey']) expect(msg).toContain(part);
    expect(() => parseTargetConfig('{not json', 'x.json')).toThrow(/x\.json: not valid JSON/);
    expect(() => parseTargetConfig('[]', 'x.json')).toThrow(UsageError);
  });

  it('redacts the password of a DSN', () => {
    expect(redactDsn('postgres://postgres:s3cret@127.0.0.1:5432/aetheris')).toBe('postgres://postgres:***@127.0.0.1:5432/aetheris');
  });
});
