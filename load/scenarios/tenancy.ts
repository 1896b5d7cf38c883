/**
 * Tenancy workload (issue 4 item 4): ≥ 10 tenants (AB_TENANT_COUNT) submit and read their own
 * jobs while probing other tenants' jobs through get/events/replay/trace/list/stop;
 * tenant_isolation_violations must stay 0. setup() also records the §2.1 finding (the
 * X-Tenant-ID header overrides the token's tenant) as tenant_header_overrides_token.
 */
import type { Options } from 'k6/options';
import { AetherisClient } from '../lib/api.ts';
import { readEnv } from '../lib/env.ts';
import { standardSetup, type SetupData } from '../lib/setup.ts';
import { summaryOutputs } from '../lib/summary.ts';
import { headerOverrideFinding, probeIteration } from '../lib/tenancy.ts';
import { thresholdsFor } from '../lib/thresholds.ts';
import { buildScenarios } from '../lib/workload.ts';

const env = readEnv();

export const options: Options = {
  scenarios: buildScenarios(env, ['probe']),
  thresholds: thresholdsFor(env.profile, ['tenant_isolation_violations', 'http_req_duration{endpoint:post_message}', 'http_req_duration{endpoint:get_job}']),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
};

/** Agents and a corpus job per tenant, then the header-override finding. */
export async function setup(): Promise<SetupData> {
  const data = await standardSetup(env, { corpus: true });
  const client = new AetherisClient(env);
  await client.login();
  await headerOverrideFinding(client, data);
  return data;
}

/** probe scenario. */
export async function probe(data: SetupData): Promise<void> {
  return await probeIteration(env, data);
}

/** Summary data to AB_SUMMARY_FILE, text to stdout. */
export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env);
}
