import { createHash, randomUUID } from 'node:crypto';
import { findByIdempotencyKey, getJob, listJobsByAgent } from '../store/job-queries.ts';
import { statusFromName } from '../store/status.ts';
import { submitJob } from '../store/submit-job.ts';
import type { ApiDeps } from './deps.ts';
import { JOB_NOT_FOUND } from './deps.ts';
import { HttpError, readJsonObject, sendJson } from './http-io.ts';
import { jobJson } from './job-json.ts';
import type { RequestContext, Route } from './router.ts';

const AGENT_NOT_FOUND = { error: 'Agent not found' };

/** The rule planner's fixed one-node plan (contract §3.1). */
function rulePlan(goal: string): { taskGraph: unknown; json: string; planHash: string } {
  const taskGraph = { nodes: [{ id: 'n1', type: 'llm', config: { goal } }], edges: null };
  const json = JSON.stringify(taskGraph);
  return { taskGraph, json, planHash: createHash('sha256').update(json).digest('hex') };
}

async function submitMessage(deps: ApiDeps, ctx: RequestContext): Promise<void> {
  const agent = deps.agents.get(ctx.params.id!);
  if (!agent) throw new HttpError(404, AGENT_NOT_FOUND);
  const body = await readJsonObject(ctx.req);
  const message = typeof body.message === 'string' ? body.message : '';
  const rawKey = ctx.req.headers['idempotency-key'];
  const key = (Array.isArray(rawKey) ? rawKey[0] : rawKey)?.trim() || null;
  if (key) {
    const existing = await findByIdempotencyKey(deps.pool, agent.id, key, ctx.tenant);
    if (existing) return sendJson(ctx.res, 202, { status: 'accepted', agent_id: agent.id, job_id: existing });
  }
  agent.messages.push({ role: 'user', content: message, time: new Date().toISOString() });
  const cap = deps.config.agentStateMaxMessages;
  if (cap > 0 && agent.messages.length > cap) agent.messages.splice(0, agent.messages.length - cap);
  const jobId = `job-${randomUUID()}`;
  const plan = rulePlan(message);
  const summary = plan.json.length > 512 ? `${plan.json.slice(0, 512)}...` : plan.json;
  try {
    await submitJob(deps.pool, {
      jobId,
      agentId: agent.id,
      tenant: ctx.tenant,
      goal: message,
      sessionId: agent.sessionId,
      sessionState: { agent_id: agent.id, session_id: agent.sessionId, messages: agent.messages },
      idempotencyKey: key,
      events: [
        { type: 'job_created', payload: { agent_id: agent.id, goal: message } },
        { type: 'plan_generated', payload: { task_graph: plan.taskGraph, goal: message, plan_hash: plan.planHash } },
        { type: 'decision_snapshot', payload: { goal: message, task_graph_summary: summary, plan_hash: plan.planHash } },
      ],
      padBytes: deps.config.knobs.payloadBytes,
      storageLeak: deps.config.knobs.storageLeak,
    });
  } catch (err) {
    // Includes the same Idempotency-Key under another tenant: the unique index rejects the INSERT → 500, as in Aetheris.
    throw new HttpError(500, { error: `创建任务failed: ${(err as Error).message}` });
  }
  deps.metrics.jobsTotal.inc([ctx.tenant, 'pending']);
  sendJson(ctx.res, 202, { status: 'accepted', agent_id: agent.id, job_id: jobId });
}

/** Agent routes: create/list (in memory), submit a message (the job path), list an agent's jobs. */
export function agentRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/agents',
      perm: 'agent:manage',
      handler: async (ctx) => {
        const body = await readJsonObject(ctx.req);
        const agent = deps.agents.create(typeof body.name === 'string' ? body.name : '');
        sendJson(ctx.res, 200, { id: agent.id, name: agent.name });
      },
    },
    {
      method: 'GET',
      pattern: '/api/agents',
      perm: 'job:view',
      handler: (ctx) => {
        const agents = deps.agents.list().map((a) => ({ id: a.id, name: a.name, status: a.status, created_at: a.createdAt.toISOString() }));
        sendJson(ctx.res, 200, { agents, total: agents.length });
      },
    },
    { method: 'POST', pattern: '/api/agents/:id/message', perm: 'job:create', handler: (ctx) => submitMessage(deps, ctx) },
    {
      method: 'GET',
      pattern: '/api/agents/:id/jobs',
      perm: 'job:view',
      handler: async (ctx) => {
        const statusText = ctx.query.get('status');
        const status = statusText ? (statusFromName(statusText) ?? -1) : null;
        const limitRaw = Number.parseInt(ctx.query.get('limit') ?? '', 10);
        const limit = Number.isFinite(limitRaw) ? Math.min(100, Math.max(1, limitRaw)) : 20;
        const rows = await listJobsByAgent(deps.pool, ctx.params.id!, ctx.tenant, status, limit);
        sendJson(ctx.res, 200, { jobs: rows.map(jobJson), total: rows.length });
      },
    },
    {
      method: 'GET',
      pattern: '/api/agents/:id/jobs/:job_id',
      perm: 'job:view',
      handler: async (ctx) => {
        const job = await getJob(deps.pool, ctx.params.job_id!);
        const tenantOk = deps.config.knobs.tenantLeak || (job?.tenant_id ?? 'default') === ctx.tenant;
        if (!job || !tenantOk || job.agent_id !== ctx.params.id) throw new HttpError(404, JOB_NOT_FOUND);
        sendJson(ctx.res, 200, jobJson(job));
      },
    },
  ];
}
