import { eventBatches } from '../store/event-batches.ts';
import { getJob } from '../store/job-queries.ts';
import { jobForTenant, JOB_NOT_FOUND, type ApiDeps } from './deps.ts';
import { HttpError, sendJson } from './http-io.ts';
import { parsePayload, ReplayFold, timelineEntry, TraceFold, VerifyFold } from './job-views.ts';
import { jobJson } from './job-json.ts';
import type { Route } from './router.ts';
import { pushArray, pushEventArray } from './stream-events.ts';
import { StreamedResponse } from './stream-response.ts';
import { buildZip } from './zip.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * Trace routes: replay, trace, verify (rebuilt from the full stream; snapshots unused) and export.
 * Long streams are read in batches and the JSON is streamed as it is built (see event-batches.ts).
 */
export function traceRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/jobs/:id/replay',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        // An empty ?step_node_id= asks for no step, as before.
        const fold = new ReplayFold(ctx.query.get('step_node_id') || null);
        const out = new StreamedResponse(ctx.res);
        out.push(`{"job_id":${JSON.stringify(job.id)},"goal":${JSON.stringify(job.goal)},"read_only":true,"timeline":`);
        await pushEventArray(out, eventBatches(deps.pool, job.id), timelineEntry, (e) => fold.add(e));
        out.push(`,"current_state":${JSON.stringify(fold.currentState())}`);
        const step = fold.stepReplay();
        if (step) out.push(`,"step_replay":${JSON.stringify(step)}`);
        out.end('}');
      },
    },
    {
      method: 'GET',
      pattern: '/api/jobs/:id/trace',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const fold = new TraceFold();
        const out = new StreamedResponse(ctx.res);
        const jobId = JSON.stringify(job.id);
        out.push(`{"job_id":${jobId},"timeline":`);
        await pushEventArray(out, eventBatches(deps.pool, job.id), timelineEntry, (e) => fold.add(e));
        const durations = fold.durations;
        out.push(',"node_durations":');
        await pushArray(out, durations);
        out.push(`,"execution_tree":{"id":${jobId},"type":"job","children":`);
        await pushArray(out, durations.map((d) => ({ id: d.node_id, type: 'node' })));
        out.push('},"timeline_segments":');
        await pushArray(out, durations.map((d) => ({ node_id: d.node_id, start: d.started_at, end: d.finished_at })));
        out.push(',"steps":');
        await pushArray(out, fold.steps);
        const decision = fold.decisionSnapshot();
        if (decision) out.push(`,"decision_snapshot":${JSON.stringify(decision.payload)}`);
        out.end('}');
      },
    },
    {
      // The triage page of docs/observability.md: a plain HTML timeline.
      method: 'GET',
      pattern: '/api/jobs/:id/trace/page',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const out = new StreamedResponse(ctx.res, 'text/html; charset=utf-8');
        out.push(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(job.id)}</title></head><body><h1>${escapeHtml(job.id)}</h1><table><tr><th>v</th><th>type</th><th>created_at</th></tr>`);
        for await (const batch of eventBatches(deps.pool, job.id)) {
          out.push(batch.map((e) => `<tr><td>${e.version}</td><td>${escapeHtml(e.type)}</td><td>${e.createdAt}</td></tr>`).join(''));
          await out.flush();
        }
        out.end('</table></body></html>');
      },
    },
    {
      method: 'GET',
      pattern: '/api/jobs/:id/verify',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const fold = new VerifyFold();
        for await (const batch of eventBatches(deps.pool, job.id, { hashes: true })) for (const e of batch) fold.add(e);
        sendJson(ctx.res, 200, fold.result());
      },
    },
    {
      // No tenant check, like Aetheris's forensics export (contract §1.4).
      method: 'POST',
      pattern: '/api/jobs/:id/export',
      perm: 'job:export',
      handler: async (ctx) => {
        const job = await getJob(deps.pool, ctx.params.id!);
        if (!job) throw new HttpError(404, JOB_NOT_FOUND);
        const fold = new VerifyFold();
        const lines: string[] = [];
        for await (const batch of eventBatches(deps.pool, job.id, { hashes: true })) {
          for (const e of batch) {
            fold.add(e);
            lines.push(JSON.stringify({ id: e.id, version: e.version, type: e.type, payload: parsePayload(e.payload), created_at: e.createdAt, prev_hash: e.prevHash, hash: e.hash }));
          }
        }
        const zip = buildZip({
          'job.json': JSON.stringify(jobJson(job), null, 2),
          'events.jsonl': lines.join('\n'),
          'proof.json': JSON.stringify(fold.result(), null, 2),
        });
        ctx.res.writeHead(200, {
          'Content-Type': 'application/zip',
          'Content-Disposition': `attachment; filename="${job.id}.zip"`,
          'Content-Length': zip.length,
          'Access-Control-Allow-Origin': '*',
        });
        ctx.res.end(zip);
      },
    },
  ];
}
