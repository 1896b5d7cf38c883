import type { StreamEvent } from '../store/event-batches.ts';
import { rfc3339Nano } from '../store/event-hash.ts';
import type { JobRow } from '../store/job-queries.ts';
import { statusName } from '../store/status.ts';
import { typeText } from './job-views.ts';

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

/**
 * One element of GET /events ({id, job_id, type, payload, created_at}) as text: the stored payload
 * JSON is spliced in unparsed. `jobIdJson` is JSON.stringify(job id), encoded once per response.
 */
export function eventJson(jobIdJson: string, e: StreamEvent): string {
  return `{"id":"${e.id}","job_id":${jobIdJson},"type":${typeText(e.type)},"payload":${e.payload ?? 'null'},"created_at":"${e.createdAt}"}`;
}
