import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../load/engine/metrics/metrics-engine.ts';
import { textSummary } from '../../load/engine/metrics/text-summary.ts';
import { humanizeBytes, humanizeDuration } from '../../load/engine/metrics/text-format.ts';
import { checkSamples, sample } from './helpers.ts';

function run(noColor: boolean) {
  const engine = new MetricsEngine({
    thresholds: { http_req_duration: ['p(95)<1500', 'max<10'], http_req_failed: ['rate<0.01'] },
    noColor,
  });
  engine.define({ name: 'custom_waiting_time', type: 'trend', contains: 'default' });
  const tags = { expected_response: 'true', status: '200' };
  for (let i = 0; i < 45; i++) {
    engine.add([
      sample('http_req_duration', 120 + i, tags),
      sample('http_req_blocked', 1, tags),
      sample('http_reqs', 1, tags),
      sample('http_req_failed', 0, tags),
      sample('iterations', 1),
      sample('iteration_duration', 150 + i),
      sample('custom_waiting_time', 141),
      sample('data_received', 11_533),
      sample('data_sent', 109),
    ]);
  }
  engine.add([sample('vus', 1), sample('vus_max', 1), ...checkSamples('', 'status is 200', 45, 0), ...checkSamples('::g', 'body ok', 40, 5)]);
  engine.evaluate({ final: true, elapsedMs: 6858 });
  const data = engine.summaryData({ testRunDurationMs: 6858, isStdOutTTY: false, isStdErrTTY: false });
  return textSummary(data, { observations: engine.thresholdObservations() });
}

describe('text summary (k6 compact layout)', () => {
  it('prints thresholds with ✓/✗ and observed values, check totals, and grouped aligned metrics', () => {
    const text = run(true);
    expect(text).not.toContain('\x1b[');
    const lines = text.split('\n');
    expect(lines).toContain('  █ THRESHOLDS');
    expect(lines).toContain('    http_req_duration');
    // k6 would print 161.8ms (interpolated); the HDR bucket middle keeps it within 0.1 %.
    expect(lines.find((l) => l.startsWith("    ✓ 'p(95)<1500' p(95)="))).toMatch(/p\(95\)=161\.[6-9]\d*ms$/);
    expect(lines).toContain("    ✗ 'max<10' max=164ms");
    expect(lines).toContain("    ✓ 'rate<0.01' rate=0.00%");
    expect(lines).toContain('  █ TOTAL RESULTS');
    expect(lines.find((l) => l.startsWith('    checks_total.'))).toMatch(/: 90 +13\.12336\/s$/);
    expect(lines.find((l) => l.startsWith('    checks_succeeded.'))).toMatch(/: 94\.44% +85 out of 90$/);
    expect(lines).toContain('    ✓ status is 200');
    expect(lines).toContain('    ✗ body ok');
    expect(lines).toContain('      ↳  88% — ✓ 40 / ✗ 5');
    const sections = lines.filter((l) => /^ {4}[A-Z]+$/.test(l));
    expect(sections).toEqual(['    CUSTOM', '    HTTP', '    EXECUTION', '    NETWORK']);
    // Compact mode leaves out the HTTP phase trends (they are in k6's "full" mode).
    expect(text).not.toContain('http_req_blocked');
    expect(lines.find((l) => l.startsWith('      { expected_response:true }'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('    http_req_failed.'))).toMatch(/: 0\.00% +0 out of 45$/);
    expect(lines.find((l) => l.startsWith('    data_received.'))).toMatch(/: 519 kB +76 kB\/s$/);
    expect(lines.find((l) => l.startsWith('    vus.'))).toMatch(/: 1 +min=1 +max=1$/);
    // Within a section the ':' column and the stat columns line up.
    const http = lines.slice(lines.indexOf('    HTTP') + 1, lines.indexOf('    EXECUTION') - 1);
    expect(new Set(http.map((l) => l.indexOf(': '))).size).toBe(1);
    const trendRows = http.filter((l) => l.includes('avg='));
    expect(new Set(trendRows.map((l) => l.indexOf('min='))).size).toBe(1);
  });

  it('colours only when noColor is false', () => {
    expect(run(false)).toContain('\x1b[32m✓\x1b[0m');
  });

  it('humanizes like k6', () => {
    expect([humanizeDuration(0.165, ''), humanizeDuration(140.364, ''), humanizeDuration(6450, ''), humanizeDuration(63_000, ''), humanizeDuration(12.5, 's')]).toEqual([
      '165µs',
      '140.36ms',
      '6.45s',
      '1m3s',
      '0.01s',
    ]);
    expect([humanizeBytes(5), humanizeBytes(4900), humanizeBytes(519_000), humanizeBytes(1_300_000)]).toEqual(['5 B', '4.9 kB', '519 kB', '1.3 MB']);
  });
});
