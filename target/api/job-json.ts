import { rfc3339Nano } from '../store/event-hash.ts';
import type { EventRow, JobRow } from '../store/job-queries.ts';
import { statusName } from '../store/status.ts';

/** The job object of GET /api/jobs/:id and job lists (no tenant_id, string status). */
export function jobJson(job: JobRow): Record<string, unknown> {
  return {
    id: job.id,
    agent_id: job.agent_id,
    goal: job.goal,
    status: statusName(job.status),
    cursor: job.cursor,
    retry_count: job.retry_count,
    created_at: rfc3339Nano(job.created_at),
    updated_at: rfc3339Nano(job.updated_at),
  };
}

/** The events response, built as text so stored payload JSON is spliced in without a parse. */
export function eventsResponseText(jobId: string, rows: EventRow[]): string {
  const jid = JSON.stringify(jobId);
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    parts[i] = `{"id":"${r.id}","job_id":${jid},"type":${JSON.stringify(r.type)},"payload":${r.payload ?? 'null'},"created_at":"${rfc3339Nano(r.created_at)}"}`;
  }
  return `{"job_id":${jid},"events":[${parts.join(',')}]}`;
}

/** An event with its payload parsed, for the replay/trace/verify views. */
export interface ParsedEvent {
  id: string;
  version: number;
  type: string;
  payload: Record<string, unknown> | null;
  rawPayload: string | null;
  createdAt: string;
  prevHash: string;
  hash: string;
}

/** Parses the payloads of stored events. */
export function parseEvents(rows: EventRow[]): ParsedEvent[] {
  return rows.map((r) => {
    let payload: Record<string, unknown> | null = null;
    if (r.payload !== null) {
      const v = JSON.parse(r.payload) as unknown;
      payload = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
    }
    return { id: r.id, version: r.version, type: r.type, payload, rawPayload: r.payload, createdAt: rfc3339Nano(r.created_at), prevHash: r.prev_hash, hash: r.hash };
  });
}
