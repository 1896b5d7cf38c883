import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress, progressLine, TimeseriesTail } from '../../harness/progress.ts';

describe('progress', () => {
  it('formats phase, elapsed / total, ETA, rate, errors and last sample', () => {
    expect(progressLine('load', 65_000, 120_000, { reqPerSec: 812.4, errors: 3, lastSample: 'job_events 1.2 MB' })).toBe(
      'load        01:05 / 02:00  ETA 00:55  812 req/s  3 errors  job_events 1.2 MB',
    );
    expect(progressLine('audit', 3_723_000, 0, {})).toBe('audit       1:02:03');
  });

  it('prints plain lines (not carriage returns) when the stream is not a TTY', async () => {
    const chunks: string[] = [];
    const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }) as unknown as NodeJS.WriteStream;
    const p = new Progress({ totalMs: 1000, stream, plainEveryMs: 20, figures: () => ({ reqPerSec: 5 }) });
    p.phase('load');
    await new Promise((r) => setTimeout(r, 70));
    p.done();
    const text = chunks.join('');
    expect(text).toContain('] load\n');
    expect(text).toMatch(/load\s+00:00 \/ 00:01 {2}ETA 00:01 {2}5 req\/s\n/);
    expect(text).not.toContain('\r');
  });

  it('tails a growing timeseries file: rate of the last complete second, running errors', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tail-')), 'timeseries.ndjson');
    writeFileSync(file, `${JSON.stringify({ kind: 'header' })}\n`);
    const tail = new TimeseriesTail(file);
    expect(tail.figures()).toEqual({ reqPerSec: undefined, errors: 0 });
    const line = (o: object) => `${JSON.stringify(o)}\n`;
    appendFileSync(file, line({ kind: 'counter', metric: 'http_reqs', t: 100, tags: { endpoint: 'a' }, value: 40 }));
    appendFileSync(file, line({ kind: 'counter', metric: 'http_reqs', t: 100, tags: { endpoint: 'b' }, value: 10 }));
    appendFileSync(file, line({ kind: 'rate', metric: 'http_req_failed', t: 100, tags: {}, passes: 2, fails: 48 }));
    appendFileSync(file, line({ kind: 'counter', metric: 'http_reqs', t: 101, tags: {}, value: 7 }) + '{"kind":"coun');
    expect(tail.figures()).toEqual({ reqPerSec: 50, errors: 2 });
  });
});
