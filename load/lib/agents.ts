/**
 * Agents per tenant as setup() created them, plus this VU's replacements after the API forgot
 * them (agents live in API memory; a restart loses them, contract §0). The replacement map holds
 * at most one entry per (tenant, slot), so it does not grow with time.
 */
import type { AetherisClient } from './api.ts';
import { agentsRecreated } from './metrics.ts';

/** Tenants and the agents setup() created for each (every agent is used by its tenant only). */
export interface TenantAgents {
  tenant: string;
  agents: string[];
}

/** This VU's view of which agent each tenant submits to. */
export class AgentBook {
  private readonly replaced = new Map<string, string>();

  constructor(private readonly tenants: readonly TenantAgents[], private readonly runId: string) {}

  /** The agent of `tenant` in slot `slot` (slots rotate over the tenant's agents). */
  agent(tenant: string, slot: number): string {
    const t = this.tenants.find((x) => x.tenant === tenant);
    if (!t || t.agents.length === 0) throw new Error(`no agents for tenant ${tenant}`);
    const i = slot % t.agents.length;
    return this.replaced.get(`${tenant}#${i}`) ?? t.agents[i]!;
  }

  /** Creates a new agent for (tenant, slot) after a 404 and counts it; undefined when creation failed. */
  async recreate(client: AetherisClient, tenant: string, slot: number): Promise<string | undefined> {
    const t = this.tenants.find((x) => x.tenant === tenant);
    const i = slot % (t?.agents.length ?? 1);
    const id = await client.createAgent(`ab-${this.runId}-${tenant}-${i}-recovered`);
    if (id) {
      this.replaced.set(`${tenant}#${i}`, id);
      agentsRecreated.add(1);
    }
    return id;
  }
}
