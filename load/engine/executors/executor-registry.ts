/**
 * The six executors by k6 type name, and the parse-and-validate step that turns options.scenarios
 * into configs while listing every problem (k6 exits 104 when there is any).
 */
import { constantArrivalRate } from './constant-arrival-rate.ts';
import { constantVus } from './constant-vus.ts';
import type { BaseConfig, ExecutorDefinition } from './executor-types.ts';
import { perVuIterations } from './per-vu-iterations.ts';
import { rampingArrivalRate } from './ramping-arrival-rate.ts';
import { rampingVus } from './ramping-vus.ts';
import { sharedIterations } from './shared-iterations.ts';

/** Executor definitions by type. */
export const EXECUTORS: ReadonlyMap<string, ExecutorDefinition> = new Map<string, ExecutorDefinition>(
  [sharedIterations, perVuIterations, constantVus, rampingVus, constantArrivalRate, rampingArrivalRate].map((e) => [e.type, e as unknown as ExecutorDefinition]),
);

/** Parses and validates every scenario; returns configs and all problems found. */
export function parseScenarios(raw: Record<string, unknown>): { configs: BaseConfig[]; problems: string[] } {
  const problems: string[] = [];
  const configs: BaseConfig[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`scenarios.${name}: must be an object`);
      continue;
    }
    const obj = value as Record<string, unknown>;
    const type = obj.executor;
    const def = typeof type === 'string' ? EXECUTORS.get(type) : undefined;
    if (!def) {
      const hint = type === 'externally-controlled' ? ' (removed in k6 v2)' : '';
      problems.push(`scenarios.${name}: executor ${JSON.stringify(type)} is not one of ${[...EXECUTORS.keys()].join(', ')}${hint}`);
      continue;
    }
    const config = def.parse(name, obj, problems);
    for (const p of def.validate(config)) problems.push(`scenarios.${name}: ${p}`);
    configs.push(config);
  }
  if (Object.keys(raw).length === 0) problems.push('scenarios: at least one scenario is needed');
  return { configs, problems };
}
