import { activeWorkerIds, jobStatusCounts, pendingBacklog, stuckJobIds } from '../store/job-queries.ts';
import { STATUS_NAMES } from '../store/status.ts';
import type { ApiDeps } from './deps.ts';
import { HttpError, parseGoDuration, readBody, sendJson } from './http-io.ts';
import { isAuthFailure } from './jwt-auth.ts';
import { mergeExpositions } from './metrics-merge.ts';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.ts';
import { forgetWorkerEndpoint, listWorkerEndpoints } from '../store/worker-endpoints.ts';
import type { RequestContext, Route } from './router.ts';

const DEFAULT_STUCK_MS = 3_600_000;

/** Scrapes every registered worker (500 ms each); a worker that does not answer is dropped from the list. */
async function workerExpositions(deps: ApiDeps): Promise<string[]> {
  const endpoints = await listWorkerEndpoints(deps.pool);
  const texts = await Promise.all(
    endpoints.map(async (e) => {
      try {
        const res = await fetch(`${e.metrics_url}/metrics`, { signal: AbortSignal.timeout(500) });
        if (res.ok) return await res.text();
      } catch {
        /* gone or hung: forget it below */
      }
      await forgetWorkerEndpoint(deps.pool, e.worker_id, e.metrics_url).catch(() => undefined);
      return '';
    }),
  );
  return texts.filter(Boolean);
}

async function sendMetrics(deps: ApiDeps, ctx: RequestContext): Promise<void> {
  // Refreshed at scrape time from the jobs table, like Aetheris's SystemMetrics handler.
  const counts = await jobStatusCounts(deps.pool);
  STATUS_NAMES.forEach((name, i) => deps.metrics.jobState.set([name], counts.get(i) ?? 0));
  // Beyond Aetheris (whose API shows only its own registry): the live workers' metrics are summed in,
  // so one scrape of the API carries every metric of contract §10.1 item 12.
  const text = mergeExpositions([deps.metrics.registry.render(), ...(await workerExpositions(deps))]);
  ctx.res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  ctx.res.end(text);
}

function stuckThresholdMs(ctx: RequestContext): number {
  const raw = ctx.query.get('older_than');
  const ms = raw ? parseGoDuration(raw) : undefined;
  return ms !== undefined && ms > 0 ? ms : DEFAULT_STUCK_MS;
}

async function parseLogin(ctx: RequestContext): Promise<{ username?: unknown; password?: unknown }> {
  const buf = await readBody(ctx.req);
  const type = ctx.req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(buf.toString('utf8'));
    return { username: form.get('username') ?? undefined, password: form.get('password') ?? undefined };
  }
  if (buf.length === 0) return {};
  try {
    const v = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
    return typeof v === 'object' && v ? v : {};
  } catch {
    return {};
  }
}

/** Health, login, metrics, system and observability routes. */
export function systemRoutes(deps: ApiDeps): Route[] {
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/api/health',
      perm: null,
      handler: (ctx) => sendJson(ctx.res, 200, { status: 'ok', timestamp: Math.floor(Date.now() / 1000), service: 'api-service' }),
    },
    { method: 'GET', pattern: '/metrics', perm: null, handler: (ctx) => sendMetrics(deps, ctx) },
    { method: 'GET', pattern: '/api/system/metrics', perm: 'job:view', handler: (ctx) => sendMetrics(deps, ctx) },
    {
      method: 'GET',
      pattern: '/api/system/status',
      perm: 'job:view',
      handler: (ctx) =>
        sendJson(ctx.res, 200, {
          api_service: 'running',
          agent_service: 'running',
          index_service: 'running',
          workflows: [],
          agents: deps.agents.list().map((a) => a.name),
          timestamp: Math.floor(Date.now() / 1000),
        }),
    },
    {
      // Go's nil slice: `workers` is null when no claim is live (contract §10.4 item 4, settled as null).
      method: 'GET',
      pattern: '/api/system/workers',
      perm: 'job:view',
      handler: async (ctx) => {
        const ids = await activeWorkerIds(deps.pool);
        sendJson(ctx.res, 200, { workers: ids.length ? ids : null, total: ids.length });
      },
    },
    {
      method: 'GET',
      pattern: '/api/observability/summary',
      perm: 'job:view',
      handler: async (ctx) => {
        const ms = stuckThresholdMs(ctx);
        const [backlog, stuck] = await Promise.all([pendingBacklog(deps.pool), stuckJobIds(deps.pool, ms)]);
        deps.metrics.queueBacklog.set(['default'], backlog);
        deps.metrics.stuckJobCount.set([], stuck.length);
        sendJson(ctx.res, 200, { queue_backlog: { default: backlog }, stuck_job_ids: stuck.length ? stuck : null, stuck_threshold_seconds: Math.floor(ms / 1000) });
      },
    },
    {
      method: 'GET',
      pattern: '/api/observability/stuck',
      perm: 'job:view',
      handler: async (ctx) => {
        const ms = stuckThresholdMs(ctx);
        const stuck = await stuckJobIds(deps.pool, ms);
        sendJson(ctx.res, 200, { stuck_job_ids: stuck.length ? stuck : null, stuck_threshold_seconds: Math.floor(ms / 1000) });
      },
    },
  ];
  const jwt = deps.jwt;
  if (jwt) {
    // Only routed when JWT is on; with auth off /api/login is a 404, as in Aetheris.
    routes.push({
      method: 'POST',
      pattern: '/api/login',
      perm: null,
      handler: async (ctx) => {
        const { username, password } = await parseLogin(ctx);
        const result = await jwt.login(username, password);
        if (isAuthFailure(result)) throw new HttpError(result.status, { code: result.status, message: result.message });
        sendJson(ctx.res, 200, { code: 200, token: result.token, expire: result.expire });
      },
    });
  }
  return routes;
}
