import { describe, expect, it } from 'vitest';
import { mergeExpositions } from '../../target/api/metrics-merge.ts';
import { Registry } from '../../target/api/prometheus.ts';

describe('Prometheus text: registry and merge', () => {
  it('renders counters, unlabelled gauges and cumulative histograms; untouched vectors print nothing', () => {
    const r = new Registry();
    const c = r.counter('a_total', 'A', ['k']);
    r.counter('never_total', 'untouched', ['k']);
    r.gauge('g', 'G').set([], 3);
    const h = r.histogram('h_seconds', 'H', ['k'], [0.1, 1]);
    c.inc(['x']);
    c.inc(['x'], 2);
    c.inc(['q"\\']);
    h.observe(['x'], 0.05);
    h.observe(['x'], 0.5);
    h.observe(['x'], 5);
    const text = r.render();
    expect(text).toContain('a_total{k="x"} 3\n');
    expect(text).toContain('a_total{k="q\\"\\\\"} 1\n');
    expect(text).not.toContain('never_total');
    expect(text).toContain('# TYPE g gauge\ng 3\n');
    expect(text).toContain('h_seconds_bucket{k="x",le="0.1"} 1\nh_seconds_bucket{k="x",le="1"} 2\nh_seconds_bucket{k="x",le="+Inf"} 3\nh_seconds_sum{k="x"} 5.55\nh_seconds_count{k="x"} 3\n');
  });

  it('sums equal series across processes and keeps one HELP/TYPE per family', () => {
    const a = '# HELP j_total Jobs\n# TYPE j_total counter\nj_total{s="pending"} 4\n';
    const b = '# HELP j_total Jobs\n# TYPE j_total counter\nj_total{s="completed"} 2\n# HELP busy Busy\n# TYPE busy gauge\nbusy{w="1"} 1\n';
    const c = '# HELP j_total Jobs\n# TYPE j_total counter\nj_total{s="completed"} 5\n# HELP busy Busy\n# TYPE busy gauge\nbusy{w="2"} 0\n';
    expect(mergeExpositions([a, b, c])).toBe(
      '# HELP j_total Jobs\n# TYPE j_total counter\nj_total{s="pending"} 4\nj_total{s="completed"} 7\n# HELP busy Busy\n# TYPE busy gauge\nbusy{w="1"} 1\nbusy{w="2"} 0\n',
    );
    expect(mergeExpositions([])).toBe('');
  });
});
