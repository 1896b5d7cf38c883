/**
 * k6's built-in metrics (k6 metrics/builtin.go, k6-reference.md §4) and the registry that holds
 * them beside the script's custom metrics, with k6's name rule and type-clash check.
 */
import type { MetricContains, MetricDef, MetricType } from './contract.ts';

const def = (name: string, type: MetricType, contains: MetricContains = 'default'): MetricDef => ({ name, type, contains });

/** Every metric k6 registers itself, with k6's name, type and contains. */
export const BUILTIN_METRICS: readonly MetricDef[] = Object.freeze([
  def('vus', 'gauge'),
  def('vus_max', 'gauge'),
  def('iterations', 'counter'),
  def('iteration_duration', 'trend', 'time'),
  def('dropped_iterations', 'counter'),
  def('checks', 'rate'),
  def('group_duration', 'trend', 'time'),
  def('http_reqs', 'counter'),
  def('http_req_failed', 'rate'),
  def('http_req_duration', 'trend', 'time'),
  def('http_req_blocked', 'trend', 'time'),
  def('http_req_connecting', 'trend', 'time'),
  def('http_req_tls_handshaking', 'trend', 'time'),
  def('http_req_sending', 'trend', 'time'),
  def('http_req_waiting', 'trend', 'time'),
  def('http_req_receiving', 'trend', 'time'),
  def('data_sent', 'counter', 'data'),
  def('data_received', 'counter', 'data'),
  def('ws_sessions', 'counter'),
  def('ws_msgs_sent', 'counter'),
  def('ws_msgs_received', 'counter'),
  def('ws_ping', 'trend', 'time'),
  def('ws_session_duration', 'trend', 'time'),
  def('ws_connecting', 'trend', 'time'),
  def('grpc_req_duration', 'trend', 'time'),
  def('grpc_streams', 'counter'),
  def('grpc_streams_msgs_sent', 'counter'),
  def('grpc_streams_msgs_received', 'counter'),
]);

/** k6's rule for custom metric names (metrics/registry.go). */
export const METRIC_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{1,128}$/;

const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'rate', 'trend']);
const CONTAINS: ReadonlySet<string> = new Set(['default', 'time', 'data']);

/** Name → definition, seeded with the built-ins; custom metrics join through `define`. */
export class MetricRegistry {
  private readonly defs = new Map<string, MetricDef>();

  /** A registry holding the built-in metrics. */
  constructor() {
    for (const d of BUILTIN_METRICS) this.defs.set(d.name, d);
  }

  /**
   * Registers a metric as `new Counter|Gauge|Rate|Trend(name, isTime)` does: an invalid name or a
   * redefinition with another type/contains throws; redefining identically returns the existing one.
   */
  define(d: MetricDef): MetricDef {
    if (typeof d.name !== 'string' || !METRIC_NAME_RE.test(d.name)) {
      throw new Error(`invalid metric name "${String(d.name)}": it must match ${METRIC_NAME_RE.source} (letters, digits and _, 2 to 129 characters, not starting with a digit)`);
    }
    if (!TYPES.has(d.type)) throw new Error(`metric "${d.name}": unknown type "${String(d.type)}"`);
    if (!CONTAINS.has(d.contains)) throw new Error(`metric "${d.name}": unknown value type "${String(d.contains)}"`);
    const existing = this.defs.get(d.name);
    if (existing) {
      if (existing.type !== d.type || existing.contains !== d.contains) {
        throw new Error(
          `metric "${d.name}" already exists as ${existing.type} (${existing.contains}); it cannot be redefined as ${d.type} (${d.contains})`,
        );
      }
      return existing;
    }
    const frozen = Object.freeze({ name: d.name, type: d.type, contains: d.contains });
    this.defs.set(d.name, frozen);
    return frozen;
  }

  /** The definition of a metric, or undefined. */
  get(name: string): MetricDef | undefined {
    return this.defs.get(name);
  }

  /** Every registered definition, built-ins first, then custom metrics in definition order. */
  all(): MetricDef[] {
    return [...this.defs.values()];
  }
}
