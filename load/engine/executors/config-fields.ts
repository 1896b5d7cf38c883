/**
 * Reading scenario fields the way k6's strict JSON unmarshalling does: each field has a type and a
 * default, an unknown field is a problem, and every problem is collected rather than thrown.
 */
import { parseDurationMs } from '../../../harness/args.ts';
import type { BaseConfig } from './executor-types.ts';

/** A stage of ramping-vus / ramping-arrival-rate. */
export interface Stage {
  durationMs: number;
  target: number;
}

const BASE_KEYS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options'];
const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;

/** Field reader bound to one scenario; problems are prefixed with `scenarios.NAME`. */
export class FieldReader {
  /** `allowed` lists the executor's own keys besides the common ones. */
  constructor(
    readonly name: string,
    readonly raw: Record<string, unknown>,
    readonly problems: string[],
    allowed: string[],
  ) {
    for (const key of Object.keys(raw)) {
      if (!BASE_KEYS.includes(key) && !allowed.includes(key)) this.problem(`unknown option "${key}"`);
    }
  }

  /** Records a problem about this scenario. */
  problem(text: string): void {
    this.problems.push(`scenarios.${this.name}: ${text}`);
  }

  /** A duration field (k6 string or bare milliseconds); `undefined` default means required. */
  duration(key: string, def: number | undefined): number {
    const v = this.raw[key];
    if (v === undefined || v === null) {
      if (def === undefined) this.problem(`"${key}" is required`);
      return def ?? 0;
    }
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    if (typeof v === 'string') {
      try {
        return parseDurationMs(v, key);
      } catch {
        /* reported below */
      }
    }
    this.problem(`"${key}" must be a duration like "30s", got ${JSON.stringify(v)}`);
    return def ?? 0;
  }

  /** A whole-number field; `undefined` default means required. */
  int(key: string, def: number | undefined): number {
    const v = this.raw[key];
    if (v === undefined || v === null) {
      if (def === undefined) this.problem(`"${key}" is required`);
      return def ?? 0;
    }
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    this.problem(`"${key}" must be a whole number, got ${JSON.stringify(v)}`);
    return def ?? 0;
  }

  /** Whether the field was given. */
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  /** The stages field: required, each {duration, target}. */
  stages(key = 'stages'): Stage[] {
    const v = this.raw[key];
    if (!Array.isArray(v) || v.length === 0) {
      this.problem(`"${key}" is required and must be a non-empty list of {duration, target}`);
      return [];
    }
    return v.map((s: unknown, i) => {
      const st = (s ?? {}) as Record<string, unknown>;
      const reader = new FieldReader(`${this.name}.${key}[${i}]`, st, this.problems, ['duration', 'target']);
      return { durationMs: reader.duration('duration', undefined), target: reader.int('target', undefined) };
    });
  }

  /** The common options every executor has, with k6's defaults. */
  base(executor: string): BaseConfig {
    if (!SCENARIO_NAME.test(this.name)) this.problem('the name must match ^[0-9a-zA-Z_-]+$');
    const strMap = (key: string): Record<string, string> => {
      const v = this.raw[key];
      if (v === undefined || v === null) return {};
      if (typeof v !== 'object' || Array.isArray(v)) {
        this.problem(`"${key}" must be an object of strings`);
        return {};
      }
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
    };
    const exec = this.raw.exec ?? 'default';
    if (typeof exec !== 'string' || exec === '') this.problem('"exec" must be the name of an exported function');
    return {
      name: this.name,
      executor,
      startTimeMs: this.duration('startTime', 0),
      gracefulStopMs: this.duration('gracefulStop', 30_000),
      exec: String(exec),
      env: strMap('env'),
      tags: strMap('tags'),
    };
  }
}

/** k6's minimum for duration / maxDuration (minDuration = 1s). */
export const MIN_DURATION_MS = 1000;
