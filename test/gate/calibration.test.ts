import { describe, expect, it } from 'vitest';
import { renderCalibrationMarkdown, summariseCalibration } from '../../harness/calibration.ts';
import type { CompareSpec } from '../../analysis/threshold-table.ts';
import { simulatedResult } from '../verdict/simulated-result.ts';

const KEY = 'http_req_duration{endpoint:post_message}';
const spec = (floor?: number): CompareSpec[] => [{ key: KEY, stat: 'p(95)', margin: 0.1, better: 'lower', description: 'post', ...(floor === undefined ? {} : { floor }) }];
const shape = { seconds: 60, requestsPerSecond: 200, medianMs: 50 };

describe('calibration summary', () => {
  const a = [1, 2, 3].map((s) => simulatedResult(s, shape, `a${s}`));
  const b = [4, 5, 6].map((s) => simulatedResult(s, { ...shape, scale: 2 }, `b${s}`));

  it('counts A/A false alarms over ordered pairs and detections of a clear shift over A/B pairs', () => {
    const s = summariseCalibration(a, b, spec(), KEY, 10);
    expect(s.aa.pairs).toBe(6);
    expect(s.aa.falseAlarmRate).toBe(0);
    expect(s.shifted.pairs).toBe(9);
    expect(s.shifted.detected).toBe(9);
    expect(s.noise[0]!.values).toHaveLength(3);
    expect(s.noise[0]!.suggestedMargin).toBeGreaterThan(0);
  });

  it('a shift below the metric floor is passed, and the document says why', () => {
    const s = summariseCalibration(a, b, spec(500), KEY, 10);
    expect(s.shifted.detected).toBe(0);
    const md = renderCalibrationMarkdown(s, { command: 'aetheris-bench calibrate --runs 3', machine: 'm', date: 'd', aRuns: ['a1'], bRuns: ['b1'] });
    expect(md).toContain('below this metric\'s floor of 500 ms');
    expect(md).toMatch(/\| false-alarm rate .*\| 0\.0 % \| 6 ordered A\/A pairs \|/);
  });
});
