import type { Verdict } from './verdict.ts';
import { formatBytes } from './format.ts';

/** What a relation may do during a run (issue 5 item 4). A profile or `--contracts FILE` supplies them. */
export type GrowthContract =
  | { relation: string; kind: 'bounded'; maxBytes?: number; note?: string }
  | { relation: string; kind: 'linear-in-events'; maxBytesPerEvent: number; note?: string }
  | { relation: string; kind: 'linear-in-jobs'; maxBytesPerJob: number; note?: string }
  | { relation: string; kind: 'unbounded-allowed'; note?: string };

/** Outcome of one contract. */
export interface ContractResult {
  relation: string;
  kind: GrowthContract['kind'];
  /** ok, breach (fails the gate), or unknown (not measured or inconclusive). */
  status: 'ok' | 'breach' | 'unknown';
  reason: string;
}

/** What the contract check needs to know about one measured relation. */
export interface ContractInput {
  verdict: Verdict;
  lastBytes: number;
  bytesPerEvent: number | null;
  bytesPerJob: number | null;
}

/**
 * Aetheris tables that contract §5.3 says grow without bound today: nothing deletes their rows
 * (only old `job_snapshots` versions and 90-day-old `tool_invocations` are ever deleted).
 */
export const CONTRACT_UNBOUNDED_TODAY = [
  'jobs', 'job_events', 'job_claims', 'checkpoints', 'effects', 'agent_states', 'agent_instances', 'agent_messages',
] as const;

/**
 * Default contracts for Aetheris's tables. `job_events` and `jobs` may grow, but only in
 * proportion to work (bytes per event / per job, table + indexes + TOAST); the tables that hold
 * per-job or per-agent state must stay bounded. On Aetheris 2.x as shipped, `job_claims` and
 * `agent_states` breach theirs (§5.3): that is the finding the contract exists to surface.
 */
export const DEFAULT_AETHERIS_CONTRACTS: GrowthContract[] = [
  { relation: 'job_events', kind: 'linear-in-events', maxBytesPerEvent: 2048, note: 'an event row with its JSON payload and three indexes stays well under 2 KiB' },
  { relation: 'jobs', kind: 'linear-in-jobs', maxBytesPerJob: 4096 },
  { relation: 'job_snapshots', kind: 'bounded', note: 'one latest snapshot per job with ≥1000 events (§4)' },
  { relation: 'job_claims', kind: 'bounded', note: 'claims of finished jobs are never deleted (§5.3)' },
  { relation: 'agent_states', kind: 'bounded' },
  { relation: 'tool_invocations', kind: 'bounded', note: 'GC deletes rows older than 90 days (§5.1)' },
];

/** Checks one contract against the measurements (null when the relation was not sampled). */
export function evaluateContract(c: GrowthContract, m: ContractInput | null): ContractResult {
  const base = { relation: c.relation, kind: c.kind };
  if (!m) return { ...base, status: 'unknown', reason: `${c.relation} was not sampled.` };
  switch (c.kind) {
    case 'unbounded-allowed':
      return { ...base, status: 'ok', reason: `${c.relation} may grow without bound.` };
    case 'bounded':
      if (m.verdict === 'unbounded') return { ...base, status: 'breach', reason: `${c.relation} must stay bounded but was judged unbounded.` };
      if (c.maxBytes !== undefined && m.lastBytes > c.maxBytes) {
        return { ...base, status: 'breach', reason: `${c.relation} reached ${formatBytes(m.lastBytes)}, over its ${formatBytes(c.maxBytes)} limit.` };
      }
      if (m.verdict === 'inconclusive') return { ...base, status: 'unknown', reason: `${c.relation}'s growth was inconclusive.` };
      return { ...base, status: 'ok', reason: `${c.relation} stayed bounded.` };
    case 'linear-in-events':
      return perUnit(base, c.relation, m, m.bytesPerEvent, c.maxBytesPerEvent, 'event');
    case 'linear-in-jobs':
      return perUnit(base, c.relation, m, m.bytesPerJob, c.maxBytesPerJob, 'job');
  }
}

function perUnit(base: Pick<ContractResult, 'relation' | 'kind'>, relation: string, m: ContractInput, measured: number | null, max: number, unit: string): ContractResult {
  if (measured === null) {
    if (m.verdict === 'unbounded') return { ...base, status: 'breach', reason: `${relation} grows but no ${unit}s were counted, so the growth is not explained by work.` };
    return { ...base, status: 'unknown', reason: `no ${unit} counter varied during the run, so bytes per ${unit} could not be measured.` };
  }
  if (measured > max) return { ...base, status: 'breach', reason: `${relation} grows ${formatBytes(measured)} per ${unit}, over the ${formatBytes(max)} allowed.` };
  return { ...base, status: 'ok', reason: `${relation} grows ${formatBytes(measured)} per ${unit} (≤ ${formatBytes(max)}).` };
}

/** Validates contracts read from a file; returns every problem at once (empty = valid). */
export function validateContracts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : (value as { contracts?: unknown } | null)?.contracts;
  if (!Array.isArray(list)) return ['expected an array of contracts or {"contracts": [...]}'];
  const problems: string[] = [];
  list.forEach((c: Record<string, unknown>, i) => {
    const at = `contracts[${i}]`;
    if (typeof c !== 'object' || c === null) return problems.push(`${at}: not an object`);
    if (typeof c.relation !== 'string' || c.relation === '') problems.push(`${at}.relation: expected a relation name`);
    const need: Record<string, string | null> = { bounded: null, 'linear-in-events': 'maxBytesPerEvent', 'linear-in-jobs': 'maxBytesPerJob', 'unbounded-allowed': null };
    if (typeof c.kind !== 'string' || !(c.kind in need)) {
      problems.push(`${at}.kind: expected one of ${Object.keys(need).join(', ')}`);
    } else {
      const field = need[c.kind];
      if (field && !(typeof c[field] === 'number' && (c[field] as number) > 0)) problems.push(`${at}.${field}: expected a positive number`);
      if (c.kind === 'bounded' && c.maxBytes !== undefined && !(typeof c.maxBytes === 'number' && c.maxBytes > 0)) problems.push(`${at}.maxBytes: expected a positive number`);
    }
    return undefined;
  });
  return problems;
}

/** Contracts from a file replace the defaults for the same relation and add the others. */
export function mergeContracts(defaults: GrowthContract[], overrides: GrowthContract[]): GrowthContract[] {
  const byRelation = new Map(defaults.map((c) => [c.relation, c]));
  for (const c of overrides) byRelation.set(c.relation, c);
  return [...byRelation.values()];
}
