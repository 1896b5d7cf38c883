import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observabilityFindings } from '../../analysis/observability-findings.ts';
import { parsePrometheusText, sumOf } from '../../analysis/prometheus-text.ts';
import { scrapeOnce, startObservabilityScraper, type ObservabilityPoint } from '../../harness/observability-scraper.ts';

const METRICS = `# HELP aetheris_job_state jobs per state
# TYPE aetheris_job_state gauge
aetheris_job_state{state="pending"} 3
aetheris_job_state{state="completed"} 40
aetheris_worker_busy{worker_id="w1"} 2
aetheris_worker_busy{worker_id="w2"} 1
aetheris_lease_conflict_total{tenant="unknown"} 0
aetheris_jobs_total{tenant="a",status="pending"} 7
weird line that is not prometheus
`;

describe('prometheus text', () => {
  it('parses labels and values and sums by label', () => {
    const s = parsePrometheusText(METRICS);
    expect(s.find((x) => x.labels.state === 'completed')?.value).toBe(40);
    expect(sumOf(s, 'aetheris_worker_busy')).toBe(3);
    expect(sumOf(s, 'aetheris_jobs_total', { tenant: 'a' })).toBe(7);
    expect(sumOf(s, 'absent_metric')).toBeNull();
    expect(s).toHaveLength(6);
  });
});

describe('observability scraper', () => {
  let server: Server;
  let url = '';
  let authSeen: string | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/metrics') return void res.end(METRICS);
      if (req.url === '/api/observability/summary') {
        authSeen = req.headers.authorization;
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify({ queue_backlog: { default: 5 }, stuck_job_ids: null, stuck_threshold_seconds: 3600 }));
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads backlog, stuck, busy workers, job states and lease conflicts', async () => {
    const p = await scrapeOnce(url, 'tok');
    expect(p).toMatchObject({ metricsOk: true, summaryOk: true, queueBacklog: 5, stuckJobs: 0, workerBusy: 3, leaseConflicts: 0 });
    expect(p.jobStates).toEqual({ pending: 3, completed: 40 });
    expect(authSeen).toBe('Bearer tok');
  });

  it('records an unreachable target instead of failing', async () => {
    const p = await scrapeOnce('http://127.0.0.1:9');
    expect(p.metricsOk).toBe(false);
    expect(p.summaryOk).toBe(false);
    expect(p.error).toMatch(/summary: .*metrics: /);
  });

  it('appends one line per scrape and never writes the token', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'obs-')), 'observability.ndjson');
    const s = startObservabilityScraper({ apiUrl: url, token: 'secret-token-value', intervalMs: 50, outFile: out });
    await new Promise((r) => setTimeout(r, 300));
    await s.stop();
    const text = readFileSync(out, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines.length).toBe(s.points());
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('secret-token-value');
  });
});

describe('observability findings', () => {
  const point = (t: number, backlog: number, stuck = 0): ObservabilityPoint => ({ t, metricsOk: true, summaryOk: true, queueBacklog: backlog, stuckJobs: stuck, workerBusy: 1, jobStates: {}, leaseConflicts: 0 });
  it('flags a backlog that keeps growing and stuck jobs at the end', () => {
    const f = observabilityFindings([0, 1, 2, 4, 8, 12, 16, 20, 25].map((b, i) => point(i * 1000, b, i === 8 ? 2 : 0)));
    expect(f.backlogGrowing).toBe(true);
    expect(f.finalStuck).toBe(2);
    expect(f.findings).toHaveLength(2);
  });
  it('does not flag a steady or draining backlog', () => {
    expect(observabilityFindings([3, 4, 3, 5, 4, 3, 4, 3, 2].map((b, i) => point(i, b))).backlogGrowing).toBe(false);
    expect(observabilityFindings([9, 8, 7, 5, 4, 3, 2, 1, 0].map((b, i) => point(i, b))).findings).toEqual([]);
  });
  it('reads a multi-day soak (one scrape a second) without overflowing the stack', () => {
    // Math.max(...xs) fails near 200k arguments; three days of scrapes are 259,200 points.
    const f = observabilityFindings(Array.from({ length: 259_200 }, (_, i) => point(i * 1000, i === 7 ? 50 : 1)));
    expect(f.maxBacklog).toBe(50);
  });
});
