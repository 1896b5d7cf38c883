/**
 * Consolidates the script's `options` with the CLI flags (k6 precedence: a shortcut given at a
 * higher level replaces all lower-level execution settings), maps shortcuts to a `default`
 * scenario (k6 execution_config_shortcuts.go) and lists every problem at once (exit 104).
 */
import { parseDurationMs } from '../../../harness/args.ts';
import type { MetricsEngineOptions } from '../metrics/contract.ts';
import { EngineError, K6_EXIT } from '../runtime/engine-error.ts';
import type { BaseConfig } from '../executors/executor-types.ts';
import { parseScenarios } from '../executors/executor-registry.ts';

/** Options the CLI can set. */
export interface CliOptions {
  vus?: number;
  duration?: string;
  iterations?: number;
  summaryTrendStats?: string[];
}

/** Everything the engine reads from the consolidated options. */
export interface EngineOptions {
  scenarios: BaseConfig[];
  thresholds: MetricsEngineOptions['thresholds'];
  summaryTrendStats?: string[];
  summaryTimeUnit: string;
  setupTimeoutMs: number;
  teardownTimeoutMs: number;
  handleSummaryTimeoutMs: number;
  tags: Record<string, string>;
  userAgent: string;
  discardResponseBodies: boolean;
  noConnectionReuse: boolean;
  maxRedirects: number;
  /** The consolidated options object (what exec.test.options returns). */
  raw: Record<string, unknown>;
  warnings: string[];
}

const SUPPORTED = new Set([
  'scenarios', 'vus', 'duration', 'iterations', 'stages', 'thresholds', 'summaryTrendStats', 'summaryTimeUnit',
  'setupTimeout', 'teardownTimeout', 'handleSummaryTimeout', 'tags', 'userAgent', 'discardResponseBodies',
  'noConnectionReuse', 'maxRedirects', 'noColor',
]);

function durationOf(v: unknown, key: string, def: number, problems: string[]): number {
  if (v === undefined || v === null) return def;
  if (typeof v === 'number' && v >= 0) return v;
  try {
    return parseDurationMs(String(v), key);
  } catch {
    problems.push(`${key}: ${JSON.stringify(v)} is not a duration`);
    return def;
  }
}

function shortcutScenario(o: Record<string, unknown>, problems: string[], warnings: string[]): Record<string, unknown> {
  const has = (k: string) => o[k] !== undefined && o[k] !== null;
  if (has('scenarios')) {
    if (has('iterations') || has('duration') || has('stages')) {
      problems.push('using multiple execution config shortcuts (iterations, duration, stages) together with scenarios is not allowed');
    }
    if (has('vus')) {
      warnings.push('the vus option replaces the configured scenarios with a shared-iterations scenario (as k6 does)');
      return { default: { executor: 'shared-iterations', vus: o.vus, iterations: o.vus } };
    }
    return o.scenarios as Record<string, unknown>;
  }
  if (has('stages') && (has('iterations') || has('duration'))) {
    problems.push('using multiple execution config shortcuts (stages with iterations or duration) simultaneously is not allowed');
  }
  if (has('iterations')) {
    const sc: Record<string, unknown> = { executor: 'shared-iterations', iterations: o.iterations };
    if (has('vus')) sc.vus = o.vus;
    if (has('duration')) sc.maxDuration = o.duration;
    return { default: sc };
  }
  if (has('duration')) return { default: { executor: 'constant-vus', vus: has('vus') ? o.vus : 1, duration: o.duration } };
  if (has('stages')) return { default: { executor: 'ramping-vus', startVUs: has('vus') ? o.vus : 1, stages: o.stages } };
  if (has('vus')) return { default: { executor: 'shared-iterations', vus: o.vus, iterations: o.vus } };
  return { default: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } };
}

/** Consolidates and validates; throws EngineError 104 listing every problem. */
export function consolidateOptions(scriptOptions: unknown, cli: CliOptions): EngineOptions {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (scriptOptions !== undefined && (typeof scriptOptions !== 'object' || scriptOptions === null || Array.isArray(scriptOptions))) {
    throw new EngineError('options: the exported "options" must be an object', K6_EXIT.invalidConfig);
  }
  const o: Record<string, unknown> = { ...((scriptOptions as Record<string, unknown>) ?? {}) };
  for (const key of Object.keys(o)) if (!SUPPORTED.has(key)) problems.push(`options.${key}: option "${key}" is not supported by the engine`);
  if (cli.duration !== undefined || cli.iterations !== undefined) {
    for (const k of ['duration', 'iterations', 'stages', 'scenarios']) delete o[k];
  }
  if (cli.duration !== undefined) o.duration = cli.duration;
  if (cli.iterations !== undefined) o.iterations = cli.iterations;
  if (cli.vus !== undefined) o.vus = cli.vus;
  if (cli.summaryTrendStats !== undefined) o.summaryTrendStats = cli.summaryTrendStats;

  const { configs, problems: scenarioProblems } = parseScenarios(shortcutScenario(o, problems, warnings));
  problems.push(...scenarioProblems);
  const strMap = (v: unknown, key: string): Record<string, string> => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      problems.push(`options.${key} must be an object of strings`);
      return {};
    }
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
  };
  const thresholds = o.thresholds ?? {};
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) problems.push('options.thresholds must be an object');
  const trendStats = o.summaryTrendStats;
  if (trendStats !== undefined && (!Array.isArray(trendStats) || trendStats.some((s) => typeof s !== 'string'))) {
    problems.push('options.summaryTrendStats must be a list of strings');
  }
  const result: EngineOptions = {
    scenarios: configs,
    thresholds: thresholds as EngineOptions['thresholds'],
    summaryTrendStats: trendStats as string[] | undefined,
    summaryTimeUnit: typeof o.summaryTimeUnit === 'string' ? o.summaryTimeUnit : '',
    setupTimeoutMs: durationOf(o.setupTimeout, 'options.setupTimeout', 60_000, problems),
    teardownTimeoutMs: durationOf(o.teardownTimeout, 'options.teardownTimeout', 60_000, problems),
    handleSummaryTimeoutMs: durationOf(o.handleSummaryTimeout, 'options.handleSummaryTimeout', 120_000, problems),
    tags: strMap(o.tags, 'tags'),
    userAgent: typeof o.userAgent === 'string' ? o.userAgent : 'k6/2.2.0 (https://k6.io/)',
    discardResponseBodies: o.discardResponseBodies === true,
    noConnectionReuse: o.noConnectionReuse === true,
    maxRedirects: typeof o.maxRedirects === 'number' ? o.maxRedirects : 10,
    raw: o,
    warnings,
  };
  if (problems.length > 0) throw new EngineError(problems.join('\n'), K6_EXIT.invalidConfig);
  return result;
}

/** Problems with `exec` names that the script does not export as functions. */
export function checkExecFunctions(options: EngineOptions, exports: Record<string, unknown>): string[] {
  return options.scenarios
    .filter((s) => typeof exports[s.exec] !== 'function')
    .map((s) => `scenarios.${s.name}: exec function "${s.exec}" is not exported by the script${s.exec === 'default' ? ' (export default function)' : ''}`);
}
