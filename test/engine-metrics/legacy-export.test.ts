import { describe, expect, it } from 'vitest';
import { legacyExportText, toLegacyExport } from '../../load/engine/metrics/legacy-export.ts';
import { jsonFixture, keysOf } from './helpers.ts';

describe('legacy --summary-export transform', () => {
  it('turns grafana/k6 handleSummary test data into exactly its expected old JSON export', () => {
    // Both fixtures come from the same grafana/k6 test (summary_test.go): input and expected output.
    const data = jsonFixture('handleSummary-k6testdata-v2.2.json');
    const expected = jsonFixture('summary-export-legacy-k6testdata-v2.2.json');
    expect(toLegacyExport(data)).toEqual(expected);
  });

  it('keeps setup_data, inverts thresholds (true = FAILED), renames rate → value, writes 4-space JSON', () => {
    const data = jsonFixture('handleSummary-k6testdata-v2.2-with-setup_data.json');
    const out = toLegacyExport(data);
    expect(keysOf(out)).toEqual(['metrics', 'root_group', 'setup_data']);
    expect(out.metrics.checks).toEqual({ value: 0.75, passes: 45, fails: 15, thresholds: { 'rate>70': false } });
    expect(out.metrics.http_reqs!.thresholds).toEqual({ 'rate<100': true });
    const text = legacyExportText(data);
    expect(text.split('\n')[1]).toBe('    "root_group": {');
    expect(JSON.parse(text)).toEqual(out);
  });
});
