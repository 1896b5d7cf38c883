import type pg from 'pg';
import type { TargetConfig } from '../config.ts';
import { getJob, type JobRow } from '../store/job-queries.ts';
import type { AgentStore } from './agents.ts';
import type { ApiMetrics } from './api-metrics.ts';
import { HttpError } from './http-io.ts';
import type { JwtAuth } from './jwt-auth.ts';
import type { RoleStore } from './rbac.ts';
import type { RequestContext } from './router.ts';

/** Everything the API handlers share. */
export interface ApiDeps {
  pool: pg.Pool;
  config: TargetConfig;
  agents: AgentStore;
  roles: RoleStore;
  jwt: JwtAuth | null;
  metrics: ApiMetrics;
}

/** The 404 body Aetheris sends for an unknown job and for another tenant's job alike. */
export const JOB_NOT_FOUND = { error: '任务not found' };

/**
 * getJobAndCheckTenant: the job, or a 404 when it is unknown or in another tenant (NULL = "default").
 * The `tenantLeak` knob skips the tenant comparison.
 */
export async function jobForTenant(deps: ApiDeps, ctx: RequestContext): Promise<JobRow> {
  const job = await getJob(deps.pool, ctx.params.id!);
  if (!job) throw new HttpError(404, JOB_NOT_FOUND);
  if (!deps.config.knobs.tenantLeak && (job.tenant_id ?? 'default') !== ctx.tenant) throw new HttpError(404, JOB_NOT_FOUND);
  return job;
}
