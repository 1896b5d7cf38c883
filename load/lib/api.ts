/**
 * Aetheris HTTP calls (contract §1.4), all through http.asyncRequest, each tagged with the
 * `endpoint` the threshold table keys on and a fixed `name` so URLs with ids do not explode the
 * tag cardinality. The bearer token lives only in this per-VU object: never in setup data
 * (which k6 copies into the summary) and never in a log line.
 */
import http from 'k6/http';
import type { RefinedResponse, ResponseType } from 'k6/http';
import type { WorkloadEnv } from './env.ts';

/** The `endpoint` tag values (threshold keys are `http_req_duration{endpoint:<value>}`). */
export type Endpoint =
  | 'post_message' | 'get_job' | 'get_events' | 'replay' | 'trace' | 'list_jobs' | 'stop' | 'create_agent' | 'login';

type Res = RefinedResponse<ResponseType | undefined>;

// Built once in the init context; a probe that expects 404 must not count as http_req_failed.
const EXPECT_2XX = http.expectedStatuses({ min: 200, max: 299 });
const EXPECT_2XX_OR_DENIED = http.expectedStatuses({ min: 200, max: 299 }, 403, 404);
const EXPECT_2XX_OR_400 = http.expectedStatuses({ min: 200, max: 299 }, 400);

/** Which answers count as expected for http_req_failed. */
export type Expect = 'ok' | 'ok-or-denied' | 'ok-or-400';
const CALLBACKS = { ok: EXPECT_2XX, 'ok-or-denied': EXPECT_2XX_OR_DENIED, 'ok-or-400': EXPECT_2XX_OR_400 };

/** A job as GET /api/jobs/:id returns it (the fields the workloads use). */
export interface JobView {
  id: string;
  status: string;
}

/** Parses a JSON body, or returns undefined for an empty or non-JSON body. */
export function bodyJson(res: Res): unknown {
  if (typeof res.body !== 'string' || res.body === '') return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/** Per-VU API client: base URL, auth (logs in lazily, once again after a 401), request defaults. */
export class AetherisClient {
  private token: string | undefined;
  private loggingIn: Promise<void> | undefined;

  constructor(private readonly env: WorkloadEnv) {
    this.token = env.token;
  }

  /** Whether requests carry a bearer token (false when auth is off on the target). */
  hasToken(): boolean {
    return this.token !== undefined;
  }

  /** POST /api/login unless a token was given; 404 means auth is off (contract §1.2). */
  login(): Promise<void> {
    // Concurrent first requests of one VU share a single login.
    this.loggingIn = this.fetchToken();
    return this.loggingIn;
  }

  private async fetchToken(): Promise<void> {
    if (this.env.token) return;
    const res = await http.asyncRequest('POST', `${this.env.baseUrl}/api/login`, JSON.stringify({ username: this.env.user, password: this.env.password }), {
      headers: { 'Content-Type': 'application/json' },
      tags: { endpoint: 'login', name: '/api/login' },
      timeout: this.env.requestTimeoutMs,
      responseCallback: EXPECT_2XX_OR_DENIED,
    });
    const body = bodyJson(res) as { token?: unknown } | undefined;
    this.token = res.status === 200 && typeof body?.token === 'string' ? body.token : undefined;
  }

  /** One request with the workload's headers and tags; re-logs in once on a 401. */
  async call(method: string, path: string, endpoint: Endpoint, opts: { tenant?: string; body?: unknown; expect?: Expect; name: string; tags?: Record<string, string>; headers?: Record<string, string> }): Promise<Res> {
    await (this.loggingIn ?? this.login());
    const send = () => {
      const headers: Record<string, string> = { ...opts.headers };
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      if (opts.tenant) headers['X-Tenant-ID'] = opts.tenant;
      if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
      return http.asyncRequest(method, `${this.env.baseUrl}${path}`, opts.body === undefined ? null : JSON.stringify(opts.body), {
        headers,
        tags: { ...opts.tags, endpoint, name: opts.name },
        timeout: this.env.requestTimeoutMs,
        responseCallback: CALLBACKS[opts.expect ?? 'ok'],
      });
    };
    let res = await send();
    if (res.status === 401 && !this.env.token) {
      await this.login();
      res = await send();
    }
    return res;
  }

  /** POST /api/agents in the token's own tenant (other tenants' `user` role may not create agents, §2.3). */
  async createAgent(name: string): Promise<string | undefined> {
    const res = await this.call('POST', '/api/agents', 'create_agent', { body: { name }, name: '/api/agents' });
    const body = bodyJson(res) as { id?: unknown } | undefined;
    return res.status === 200 && typeof body?.id === 'string' ? body.id : undefined;
  }

  /** POST /api/agents/:id/message with an Idempotency-Key; returns the status and the job id on 202. */
  async submit(agentId: string, tenant: string, key: string, message: string, tags?: Record<string, string>): Promise<{ status: number; jobId?: string }> {
    const res = await this.call('POST', `/api/agents/${agentId}/message`, 'post_message', {
      tenant, body: { message }, headers: { 'Idempotency-Key': key }, name: '/api/agents/:id/message', tags,
    });
    const body = bodyJson(res) as { job_id?: unknown } | undefined;
    return { status: res.status, jobId: res.status === 202 && typeof body?.job_id === 'string' ? body.job_id : undefined };
  }

  /** GET /api/jobs/:id. */
  async getJob(jobId: string, tenant: string, expect: Expect = 'ok', tags?: Record<string, string>): Promise<{ res: Res; job?: JobView }> {
    const res = await this.call('GET', `/api/jobs/${jobId}`, 'get_job', { tenant, expect, name: '/api/jobs/:id', tags });
    const body = bodyJson(res) as Partial<JobView> | undefined;
    const job = res.status === 200 && typeof body?.id === 'string' && typeof body.status === 'string' ? { id: body.id, status: body.status } : undefined;
    return { res, job };
  }

  /** GET /api/jobs/:id/events (the whole stream; no pagination exists). */
  getEvents(jobId: string, tenant: string, expect: Expect = 'ok', tags?: Record<string, string>): Promise<Res> {
    return this.call('GET', `/api/jobs/${jobId}/events`, 'get_events', { tenant, expect, name: '/api/jobs/:id/events', tags });
  }

  /** GET /api/jobs/:id/replay. */
  replay(jobId: string, tenant: string, expect: Expect = 'ok', tags?: Record<string, string>): Promise<Res> {
    return this.call('GET', `/api/jobs/${jobId}/replay`, 'replay', { tenant, expect, name: '/api/jobs/:id/replay', tags });
  }

  /** GET /api/jobs/:id/trace. */
  trace(jobId: string, tenant: string, expect: Expect = 'ok', tags?: Record<string, string>): Promise<Res> {
    return this.call('GET', `/api/jobs/${jobId}/trace`, 'trace', { tenant, expect, name: '/api/jobs/:id/trace', tags });
  }

  /** GET /api/agents/:id/jobs?limit=N; returns the listed job ids (tenant-filtered by the API). */
  async listJobs(agentId: string, tenant: string, limit: number, tags?: Record<string, string>): Promise<{ res: Res; ids: string[] }> {
    const res = await this.call('GET', `/api/agents/${agentId}/jobs?limit=${limit}`, 'list_jobs', { tenant, name: '/api/agents/:id/jobs', tags });
    const body = bodyJson(res) as { jobs?: Array<{ id?: unknown }> | null } | undefined;
    const ids = res.status === 200 && Array.isArray(body?.jobs) ? body.jobs.map((j) => j.id).filter((id): id is string => typeof id === 'string') : [];
    return { res, ids };
  }

  /** POST /api/jobs/:id/stop (400 = already terminal). */
  stop(jobId: string, tenant: string, expect: Expect = 'ok-or-400', tags?: Record<string, string>): Promise<Res> {
    return this.call('POST', `/api/jobs/${jobId}/stop`, 'stop', { tenant, expect, name: '/api/jobs/:id/stop', tags });
  }
}
