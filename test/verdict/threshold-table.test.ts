import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../harness/errors.ts';
import { loadThresholdTable, profileThresholds, renderThresholdTableMarkdown, validateThresholdTable } from '../../analysis/threshold-table.ts';

const tmp = mkdtempSync(join(tmpdir(), 'verdict-table-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

describe('threshold table', () => {
  it('loads the repository table and merges a profile over the defaults', () => {
    const table = loadThresholdTable();
    const release = profileThresholds(table, 'release');
    expect(release.thresholds['http_req_duration{endpoint:post_message}']).toEqual(['p(95)<=500']);
    expect(release.thresholds['replay_duration{events:10000}']).toEqual(['p(95)<1000']);
    expect(release.compare.map((c) => c.key)).toContain('job_completion');
    // tenant_isolation_violations has thresholds but no compare rule: it is gated, not compared.
    expect(release.compare.map((c) => c.key)).not.toContain('tenant_isolation_violations');
    const unknown = profileThresholds(table, 'no-such-profile');
    expect(Object.keys(unknown.thresholds)).toEqual(Object.keys(table.defaults));
  });

  it('lets a profile entry replace the default entry of the same key', () => {
    const table = {
      version: 1 as const,
      defaults: { http_reqs: { thresholds: ['count>10'], description: 'd' } },
      profiles: { soak: { http_reqs: { thresholds: ['count>99'], description: 'p' } } },
    };
    expect(profileThresholds(table, 'soak').thresholds.http_reqs).toEqual(['count>99']);
    expect(profileThresholds(table, 'release').thresholds.http_reqs).toEqual(['count>10']);
  });

  it('reports every problem with its JSON path, and the file, in one line', () => {
    const p = write('bad.json', JSON.stringify({
      version: 1,
      defaults: {
        http_req_duration: { thresholds: ['p(95)<=abc'], description: 'x' },
        http_reqs: { thresholds: ['p(95)<1'], compare: { stat: 'p(95)', margin: 2, better: 'up' }, description: '' },
      },
      profiles: {},
    }));
    let msg = '';
    try {
      loadThresholdTable(p);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      msg = (err as Error).message;
    }
    expect(msg.startsWith(`${p}: $.defaults.http_req_duration.thresholds[0]: threshold "p(95)<=abc"`)).toBe(true);
    expect(msg).toContain('$.defaults.http_reqs.thresholds[0]: threshold "p(95)<1": aggregation not supported for counter metrics');
    expect(msg).toContain('$.defaults.http_reqs.compare.margin');
    expect(msg).toContain('$.defaults.http_reqs.compare.better');
    expect(msg).toContain('$.defaults.http_reqs.description');
    expect(msg).not.toContain('\n');
  });

  it('names line and column of a JSON syntax error', () => {
    const p = write('syntax.json', '{\n  "version": 1,\n  "defaults": {,\n}');
    expect(() => loadThresholdTable(p)).toThrow(`${p}:3:16: invalid JSON`);
  });

  it('renders one Markdown row per metric key and scope, with margins', () => {
    const md = renderThresholdTableMarkdown(loadThresholdTable());
    const rows = md.trim().split('\n');
    expect(rows[0]).toMatch(/^\| metric \| applies to \|/);
    expect(rows).toContain('| `http_req_duration{endpoint:post_message}` | all profiles | `p(95)<=500` | p(95), ±10 % or 25 ms, whichever is larger (lower is better) | POST /api/agents/:id/message P95 ≤ 500 ms (Aetheris performance-baseline-2.0) |');
    expect(rows.some((r) => r.startsWith('| `replay_duration{events:10000}` | `release` |'))).toBe(true);
    expect(rows.some((r) => r.startsWith('| `tenant_isolation_violations` |') && r.includes('not compared'))).toBe(true);
  });

  it('property: any structural damage gives a UsageError of one line naming the file', () => {
    const good = loadThresholdTable();
    const paths: Array<Array<string | number>> = [
      ['version'], ['defaults'], ['profiles'], ['defaults', 'jobs_completed', 'thresholds'], ['defaults', 'jobs_completed', 'thresholds', 0],
      ['defaults', 'job_completion', 'compare', 'margin'], ['defaults', 'job_completion', 'compare', 'stat'], ['profiles', 'release', 'replay_duration{events:10000}', 'description'],
    ];
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.constant([]), fc.constant({}), fc.boolean(), fc.double());
    fc.assert(
      fc.property(fc.constantFrom(...paths), junk, (path, value) => {
        const copy = JSON.parse(JSON.stringify(good));
        let at = copy;
        for (const k of path.slice(0, -1)) at = at[k];
        at[path.at(-1)!] = value;
        if (validateThresholdTable(copy).length === 0) return; // the junk happened to be valid (e.g. a string expression that parses)
        const p = write('prop.json', JSON.stringify(copy));
        try {
          loadThresholdTable(p);
          throw new Error('accepted a damaged table');
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message.startsWith(`${p}: $`)).toBe(true);
          expect((err as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 200 },
    );
  });
});
