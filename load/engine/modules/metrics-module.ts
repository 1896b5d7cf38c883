/**
 * k6/metrics: Counter, Gauge, Rate, Trend. Created in the init context (registered with the
 * thread's metric registry), added to during iterations with the VU's tags plus the call's tags.
 */
import type { MetricType } from '../metrics/contract.ts';
import type { VU } from '../runtime/vu.ts';

/** Creates the k6/metrics module instance of one VU. */
export function createMetricsModule(vu: VU) {
  function make(type: MetricType) {
    return class CustomMetric {
      readonly name: string;
      readonly type = type;
      readonly isTime: boolean;
      /** `new Counter(name, isTime?)` — only in the init context. */
      constructor(name: string, isTime = false) {
        if (!vu.inInit) throw new Error('metrics must be declared in the init context');
        vu.services.defineMetric({ name, type, contains: isTime && type === 'trend' ? 'time' : 'default' });
        this.name = name;
        this.isTime = isTime;
      }
      /** Adds one value with optional extra tags; booleans count as 1/0. */
      add(value: number | boolean, tags?: Record<string, string>): boolean {
        if (vu.inInit) throw new Error('adding to metrics in the init context is not supported');
        const v = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
        if (Number.isNaN(v)) throw new Error(`metric "${this.name}": "${String(value)}" is not a number`);
        const base = vu.tags();
        const t = tags ? { ...base, ...Object.fromEntries(Object.entries(tags).map(([k, x]) => [k, String(x)])) } : base;
        vu.emit(this.name, type === 'rate' ? (v !== 0 ? 1 : 0) : v, t);
        return true;
      }
    };
  }
  return { Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') };
}
