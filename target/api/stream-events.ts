import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StreamEvent } from '../store/event-batches.ts';
import type { StreamedResponse } from './stream-response.ts';

/**
 * Pushes `[item(e), ...]` for a batched event stream, handing every event to `each` on the way and
 * flushing after each batch (the batches themselves wait for an event-loop turn between them).
 */
export async function pushEventArray(
  out: StreamedResponse,
  batches: AsyncIterable<StreamEvent[]>,
  item: (e: StreamEvent) => string,
  each?: (e: StreamEvent) => void,
): Promise<void> {
  out.push('[');
  let first = true;
  for await (const batch of batches) {
    let text = '';
    for (const e of batch) {
      each?.(e);
      text += first ? item(e) : `,${item(e)}`;
      first = false;
    }
    out.push(text);
    await out.flush();
  }
  out.push(']');
}

/** Elements serialised between flushes when a derived array (durations, steps) is long. */
const ELEMENTS_PER_FLUSH = 2000;

/** Pushes a JSON array of plain values, flushing as it goes so a long one is not serialised in one go. */
export async function pushArray(out: StreamedResponse, items: readonly unknown[]): Promise<void> {
  out.push('[');
  for (let i = 0; i < items.length; i += ELEMENTS_PER_FLUSH) {
    const part = JSON.stringify(items.slice(i, i + ELEMENTS_PER_FLUSH));
    out.push(i === 0 ? part.slice(1, -1) : `,${part.slice(1, -1)}`);
    await out.flush();
    if (i + ELEMENTS_PER_FLUSH < items.length) await nextTurn();
  }
  out.push(']');
}
