import { getJob, listEvents } from '../store/job-queries.ts';
import { jobForTenant, JOB_NOT_FOUND, type ApiDeps } from './deps.ts';
import { HttpError, sendJson } from './http-io.ts';
import { jobJson, parseEvents } from './job-json.ts';
import { currentState, nodeDurations, steps, timeline, verifyProof } from './job-views.ts';
import type { Route } from './router.ts';
import { buildZip } from './zip.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Trace routes: replay, trace, verify (rebuilt from the full stream; snapshots unused) and export. */
export function traceRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/jobs/:id/replay',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const events = parseEvents(await listEvents(deps.pool, job.id));
        const body: Record<string, unknown> = { job_id: job.id, goal: job.goal, read_only: true, timeline: timeline(events), current_state: currentState(events) };
        const stepNode = ctx.query.get('step_node_id');
        if (stepNode) {
          const checkpoint = events.find((e) => e.type === 'state_checkpointed' && e.payload?.node_id === stepNode);
          const committed = events.find((e) => e.type === 'command_committed' && e.payload?.node_id === stepNode);
          body.step_replay = { step_node_id: stepNode, state_at_step: checkpoint?.payload?.state_after ?? null, step_result: committed?.payload?.result ?? null };
        }
        sendJson(ctx.res, 200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/api/jobs/:id/trace',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const events = parseEvents(await listEvents(deps.pool, job.id));
        const durations = nodeDurations(events);
        const body: Record<string, unknown> = {
          job_id: job.id,
          timeline: timeline(events),
          node_durations: durations,
          execution_tree: { id: job.id, type: 'job', children: durations.map((d) => ({ id: d.node_id, type: 'node' })) },
          timeline_segments: durations.map((d) => ({ node_id: d.node_id, start: d.started_at, end: d.finished_at })),
          steps: steps(events),
        };
        const decision = events.find((e) => e.type === 'decision_snapshot');
        if (decision) body.decision_snapshot = decision.payload;
        sendJson(ctx.res, 200, body);
      },
    },
    {
      // The triage page of docs/observability.md: a plain HTML timeline.
      method: 'GET',
      pattern: '/api/jobs/:id/trace/page',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        const rows = parseEvents(await listEvents(deps.pool, job.id))
          .map((e) => `<tr><td>${e.version}</td><td>${escapeHtml(e.type)}</td><td>${e.createdAt}</td></tr>`)
          .join('');
        const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(job.id)}</title></head><body><h1>${escapeHtml(job.id)}</h1><table><tr><th>v</th><th>type</th><th>created_at</th></tr>${rows}</table></body></html>`;
        ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
        ctx.res.end(html);
      },
    },
    {
      method: 'GET',
      pattern: '/api/jobs/:id/verify',
      perm: 'trace:view',
      handler: async (ctx) => {
        const job = await jobForTenant(deps, ctx);
        sendJson(ctx.res, 200, verifyProof(parseEvents(await listEvents(deps.pool, job.id))));
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
        const rows = await listEvents(deps.pool, job.id);
        const events = parseEvents(rows);
        const zip = buildZip({
          'job.json': JSON.stringify(jobJson(job), null, 2),
          'events.jsonl': events.map((e) => JSON.stringify({ id: e.id, version: e.version, type: e.type, payload: e.payload, created_at: e.createdAt, prev_hash: e.prevHash, hash: e.hash })).join('\n'),
          'proof.json': JSON.stringify(verifyProof(events), null, 2),
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
