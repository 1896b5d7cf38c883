import { appendEvents, readHead, VersionMismatchError, type NewEvent } from '../store/event-store.ts';
import { eventBatches } from '../store/event-batches.ts';
import { lastEventOfJob, requestCancel } from '../store/job-queries.ts';
import { isTerminalStatus, JOB_STATUS } from '../store/status.ts';
import { jobForTenant, type ApiDeps } from './deps.ts';
import { HttpError, readJsonObject, sendJson } from './http-io.ts';
import { eventJson, jobJson } from './job-json.ts';
import type { Route } from './router.ts';
import { pushEventArray } from './stream-events.ts';
import { StreamedResponse } from './stream-response.ts';

/** Appends one API-side (unfenced) event, retrying the compare-and-set a few times under contention. */
async function appendApiEvent(deps: ApiDeps, jobId: string, event: NewEvent): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const head = await readHead(deps.pool, jobId);
    try {
      await appendEvents(deps.pool, { jobId, head, events: [event], padBytes: deps.config.knobs.payloadBytes });
      return;
    } catch (err) {
      if (!(err instanceof VersionMismatchError) || attempt >= 4) throw err;
    }
  }
}

/** The last job_waiting payload of a job, if any, and the job's last event (two indexed lookups, not the whole stream). */
async function lastWaiting(deps: ApiDeps, jobId: string): Promise<{ waiting?: Record<string, unknown>; lastType?: string; lastPayload?: Record<string, unknown> }> {
  const [waitingRow, last] = await Promise.all([lastEventOfJob(deps.pool, jobId, 'job_waiting'), lastEventOfJob(deps.pool, jobId)]);
  return {
    waiting: waitingRow?.payload ? (JSON.parse(waitingRow.payload) as Record<string, unknown>) : undefined,
    lastType: last?.type,
    lastPayload: last?.payload ? (JSON.parse(last.payload) as Record<string, unknown>) : undefined,
  };
}

/** Job routes: read, events, stop, signal, message. */
export function jobRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/jobs/:id',
      perm: 'job:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const body = jobJson(job);
        if (job.status === JOB_STATUS.waiting) {
          const { waiting } = await lastWaiting(deps, job.id);
          body.wait_correlation_key = waiting?.correlation_key ?? '';
          body.wait_node_id = waiting?.node_id ?? '';
        }
        sendJson(ctx.res, 200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/api/jobs/:id/events',
      perm: 'job:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const jobId = JSON.stringify(job.id);
        const out = new StreamedResponse(ctx.res);
        out.push(`{"job_id":${jobId},"events":`);
        await pushEventArray(out, eventBatches(deps.pool, job.id), (e) => eventJson(jobId, e));
        out.end('}');
      },
    },
    {
      method: 'POST',
      pattern: '/api/jobs/:id/stop',
      perm: 'job:stop',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        if (isTerminalStatus(job.status)) throw new HttpError(400, { error: 'job is already in a terminal state' });
        await requestCancel(deps.pool, job.id);
        sendJson(ctx.res, 200, { job_id: job.id, status: 'cancelling', message: 'cancel requested; the worker stops the job within its cancel poll' });
      },
    },
    {
      method: 'POST',
      pattern: '/api/jobs/:id/signal',
      perm: 'job:create',
      handler: async (ctx) => {
        const body = await readJsonObject(ctx.req);
        const job = await jobForTenant(deps, ctx);
        if (job.status !== JOB_STATUS.waiting && job.status !== JOB_STATUS.parked) throw new HttpError(400, { error: 'job is not waiting or parked' });
        const key = typeof body.correlation_key === 'string' ? body.correlation_key : '';
        const { waiting, lastType, lastPayload } = await lastWaiting(deps, job.id);
        const expected = typeof waiting?.correlation_key === 'string' ? waiting.correlation_key : '';
        if (!expected) throw new HttpError(400, { error: 'job has no wait correlation key' });
        if (key !== expected) throw new HttpError(400, { error: 'correlation_key does not match' });
        // Idempotent branch: Aetheris answers with the numeric status here.
        if (lastType === 'wait_completed' && lastPayload?.correlation_key === key) {
          return sendJson(ctx.res, 200, { job_id: job.id, status: job.status, message: 'signal already delivered' });
        }
        await appendApiEvent(deps, job.id, { type: 'wait_completed', payload: { node_id: waiting?.node_id ?? '', payload: body.payload ?? null, correlation_key: key } });
        await deps.pool.query({ name: 'set_pending', text: 'UPDATE jobs SET status = 0, updated_at = now() WHERE id = $1', values: [job.id] });
        sendJson(ctx.res, 200, { job_id: job.id, status: 'pending', message: 'signal delivered' });
      },
    },
    {
      method: 'POST',
      pattern: '/api/jobs/:id/message',
      perm: 'job:create',
      handler: async (ctx) => {
        const body = await readJsonObject(ctx.req);
        const job = await jobForTenant(deps, ctx);
        const messageId = typeof body.message_id === 'string' && body.message_id ? body.message_id : `msg-${Date.now().toString(36)}`;
        await appendApiEvent(deps, job.id, {
          type: 'agent_message',
          payload: { message_id: messageId, channel: body.channel ?? '', correlation_key: body.correlation_key ?? '', payload: body.payload ?? null },
        });
        sendJson(ctx.res, 200, { job_id: job.id, message_id: messageId, status: 'delivered' });
      },
    },
  ];
}
