import type { Queryable } from '../store/event-store.ts';

/** Options of one GC pass. */
export interface GcOptions {
  ttlDays: number;
  batch: number;
}

/**
 * One run of the worker's tool_invocations GC (jobstore/gc.go): delete rows older than ttlDays in
 * batches, stopping when a batch comes back smaller than the limit. Returns rows deleted.
 */
export async function runToolInvocationGc(db: Queryable, opts: GcOptions): Promise<number> {
  const cutoff = new Date(Date.now() - opts.ttlDays * 86_400_000);
  let total = 0;
  for (;;) {
    const res = await db.query({
      text: `DELETE FROM tool_invocations WHERE (job_id, idempotency_key) IN (
               SELECT job_id, idempotency_key FROM tool_invocations WHERE created_at < $1 ORDER BY created_at LIMIT $2)`,
      values: [cutoff, opts.batch],
    });
    const n = res.rowCount ?? 0;
    total += n;
    if (n < opts.batch) return total;
  }
}
