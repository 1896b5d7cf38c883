// The text helpers of the long-stream routes must give exactly what the parse-and-stringify path
// gave: timestamps as rfc3339Nano(Date), payloads equal to their parsed (wrapped) form.
import { describe, expect, it } from 'vitest';
import { parsePayload, payloadText, timelineEntry, typeText } from '../../target/api/job-views.ts';
import type { StreamEvent } from '../../target/store/event-batches.ts';
import { rfc3339Nano, rfc3339NanoMs } from '../../target/store/event-hash.ts';

describe('rfc3339NanoMs', () => {
  it('matches rfc3339Nano(new Date(ms)) across second boundaries, before 1970 and after 9999', () => {
    for (const base of [0, 1_700_000_000_000, -86_400_123, 253_402_300_799_000]) {
      for (let i = -1500; i < 1500; i += 7) expect(rfc3339NanoMs(base + i)).toBe(rfc3339Nano(new Date(base + i)));
    }
    expect(rfc3339NanoMs(1_700_000_000_120)).toBe('2023-11-14T22:13:20.12Z');
    expect(rfc3339NanoMs(1_700_000_000_000)).toBe('2023-11-14T22:13:20Z');
  });
});

describe('payload text', () => {
  // Forms jsonb::text produces: objects with ", " and ": ", arrays, scalars, JSON null.
  const stored = ['{"a": 1, "b": [1, 2]}', '{}', '[1, 2]', '"text"', '42', 'true', 'null'];

  it('splices objects as stored and wraps other values as {value}, like parsePayload', () => {
    for (const raw of stored) expect(JSON.parse(payloadText(raw))).toEqual(parsePayload(raw));
    expect(payloadText(stored[0]!)).toBe(stored[0]);
    expect(payloadText(null)).toBe('null');
    expect(parsePayload(null)).toBeNull();
  });

  it('builds a timeline entry with node_id only when the payload has a string node_id', () => {
    const e: StreamEvent = { id: '7', version: 3, type: 'node "x"', payload: '{"node_id": "n\\"1"}', createdAt: '2026-01-02T03:04:05.1Z', createdMs: 0, nodeId: 'n"1', prevHash: '', hash: '' };
    expect(JSON.parse(timelineEntry(e))).toEqual({ type: 'node "x"', created_at: '2026-01-02T03:04:05.1Z', payload: { node_id: 'n"1' }, node_id: 'n"1' });
    expect(JSON.parse(timelineEntry({ ...e, payload: '5', nodeId: null }))).toEqual({ type: 'node "x"', created_at: '2026-01-02T03:04:05.1Z', payload: { value: 5 } });
    expect(typeText('a\nb')).toBe(JSON.stringify('a\nb'));
  });
});
