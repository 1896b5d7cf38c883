import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TARGET_CONFIG, type TargetConfig } from '../config.ts';
import { createPool } from '../store/pool.ts';
import { AgentStore } from './agents.ts';
import { createApiMetrics } from './api-metrics.ts';
import type { ApiDeps } from './deps.ts';
import { HttpError, sendJson } from './http-io.ts';
import { isAuthFailure, JwtAuth } from './jwt-auth.ts';
import { RoleStore } from './rbac.ts';
import { agentRoutes } from './routes-agents.ts';
import { jobRoutes } from './routes-jobs.ts';
import { systemRoutes } from './routes-system.ts';
import { traceRoutes } from './routes-trace.ts';
import { Router, type RequestContext, type Route } from './router.ts';

/** Options of an in-process API server. */
export interface ApiServerOptions {
  dsn: string;
  /** 0 (default) picks a free port. */
  port?: number;
  config?: TargetConfig;
}

/** A running API server. */
export interface ApiServer {
  url: string;
  port: number;
  /** Shared state, for tests that need to look inside (agents, roles, metrics). */
  deps: ApiDeps;
  close(): Promise<void>;
}

const WWW_AUTH = { 'WWW-Authenticate': 'JWT realm=rag-api' };
const CORS_PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Origin, Content-Type, Authorization, X-Tenant-ID, X-User-ID, Idempotency-Key',
};

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the request handler: route → latency knob → auth chain (JWT, tenant/user, RBAC) → handler. */
export function createRequestHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: Route[] = [...systemRoutes(deps), ...agentRoutes(deps), ...jobRoutes(deps), ...traceRoutes(deps)];
  const router = new Router().add(...routes);
  const latency = deps.config.knobs.routeLatencyMs;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, CORS_PREFLIGHT);
      res.end();
      return;
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const found = router.match(method, path);
    if (!('route' in found)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found');
      return;
    }
    const { route, params } = found;
    const extra = latency[`${method} ${route.pattern}`];
    if (extra) await sleep(extra);
    const ctx: RequestContext = { req, res, params, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)), tenant: 'default', user: 'anonymous' };
    if (route.perm) {
      let tenantClaim = '';
      let userClaim = '';
      if (deps.jwt) {
        const v = await deps.jwt.verify(header(req, 'authorization'));
        if (isAuthFailure(v)) return sendJson(res, v.status, { code: v.status, message: v.message }, WWW_AUTH);
        tenantClaim = v.tenant_id;
        userClaim = v.user_id;
      }
      ctx.tenant = header(req, 'x-tenant-id') || tenantClaim || 'default';
      ctx.user = header(req, 'x-user-id') || userClaim || 'anonymous';
      if (!deps.roles.allows(ctx.tenant, ctx.user, route.perm)) return sendJson(res, 403, { error: 'permission denied' });
    }
    await route.handler(ctx);
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        const headers = err.status === 401 ? WWW_AUTH : {};
        sendJson(res, err.status, err.body, headers);
      } else {
        sendJson(res, 500, { error: (err as Error).message ?? String(err) });
      }
    });
  };
}

/** Starts the reference API on 127.0.0.1 (node:http, one pg Pool, prepared statements). */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const config = opts.config ?? structuredClone(DEFAULT_TARGET_CONFIG);
  const pool = createPool(opts.dsn, config.poolSize, 'aetheris-api');
  const authOn = config.auth.enabled && config.auth.jwtKey !== '';
  const deps: ApiDeps = {
    pool,
    config,
    agents: new AgentStore(),
    roles: new RoleStore(authOn),
    jwt: authOn ? new JwtAuth(config.auth.jwtKey, config.auth.jwtTimeoutMs) : null,
    metrics: createApiMetrics(),
  };
  const server = createServer({ keepAliveTimeout: 65_000 }, createRequestHandler(deps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await pool.end();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}
