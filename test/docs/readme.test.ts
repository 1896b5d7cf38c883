import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedThresholdBlock, README_PATH, readmeThresholdBlock } from '../../harness/readme-thresholds.ts';

describe('README', () => {
  it('shows the threshold table exactly as baselines/thresholds.json says (run `npm run docs:thresholds`)', () => {
    expect(readmeThresholdBlock()).toBe(expectedThresholdBlock());
  });

  it('opens with the two commands, and .ci/run runs npm ci then the README test command', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(ci.indexOf('npm ci')).toBeGreaterThan(-1);
    expect(ci.indexOf('npm test')).toBeGreaterThan(ci.indexOf('npm ci'));
  });
});
