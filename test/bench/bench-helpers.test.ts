// Known-answer tests for the small pieces the benchmark figures rest on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REAL_K6_NDJSON, writeRepeatedNdjson } from '../../bench/ndjson-file.ts';
import { syntheticSamples } from '../../bench/growth-fit.ts';
import { parseSamplesCsv } from '../../analysis/growth/index.ts';
import { fmt, mdTable, median, runsList } from '../../bench/stats.ts';
import { processTree, rssKiB, treeCpuSeconds } from '../../bench/proc-stats.ts';

describe('stats', () => {
  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('formats numbers and tables', () => {
    expect(fmt(1234567.891, 1)).toBe('1,234,567.9');
    expect(fmt(Number.NaN)).toBe('n/a');
    expect(runsList([1, 2.5], 1)).toBe('(1.0, 2.5)');
    expect(mdTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('proc-stats', () => {
  it('sees this process, its CPU time and its memory', () => {
    expect(processTree(process.pid)).toContain(process.pid);
    expect(treeCpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(rssKiB(process.pid)).toBeGreaterThan(1024);
    expect(rssKiB(2 ** 22 + 12345)).toBe(0);
  });
});

describe('writeRepeatedNdjson', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ndjson-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('repeats the real k6 file, declares each metric once and shifts each copy later in time', async () => {
    const file = join(dir, 'out.ndjson');
    const source = readFileSync(REAL_K6_NDJSON, 'utf8').trim().split('\n');
    const n = await writeRepeatedNdjson(REAL_K6_NDJSON, file, source.length * 2 + 1);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(n);
    expect(n).toBeGreaterThan(source.length * 2);
    const metricLines = lines.filter((l) => l.startsWith('{"type":"Metric"'));
    expect(new Set(metricLines).size).toBe(metricLines.length);
    expect(metricLines.length).toBe(source.filter((l) => l.startsWith('{"type":"Metric"')).length);
    const times = lines.filter((l) => l.includes('"type":"Point"')).map((l) => Date.parse((JSON.parse(l) as { data: { time: string } }).data.time));
    const perCopy = source.filter((l) => l.includes('"type":"Point"')).length;
    // The third copy starts after the first copy ends.
    expect(Math.min(...times.slice(2 * perCopy, 3 * perCopy))).toBeGreaterThan(Math.max(...times.slice(0, perCopy)));
    for (const l of lines.slice(0, 50)) expect(() => JSON.parse(l)).not.toThrow();
  });
});

describe('syntheticSamples', () => {
  it('is a samples.csv the growth analysis reads: relations × ticks', () => {
    const table = parseSamplesCsv(syntheticSamples(4, 30));
    expect(table.relations).toHaveLength(4);
    for (const r of table.relations) expect(r.t.length).toBe(30);
  });
});
