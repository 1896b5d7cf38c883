/** k6's built-in metrics with their type and unit kind (k6-reference §4), for inputs that do not say (CSV). */
import type { MetricContains, MetricType } from '../result/types.ts';

/** Built-in metric name → [type, contains]. */
export const BUILTIN_METRICS: Readonly<Record<string, readonly [MetricType, MetricContains]>> = {
  vus: ['gauge', 'default'],
  vus_max: ['gauge', 'default'],
  iterations: ['counter', 'default'],
  iteration_duration: ['trend', 'time'],
  dropped_iterations: ['counter', 'default'],
  checks: ['rate', 'default'],
  group_duration: ['trend', 'time'],
  http_reqs: ['counter', 'default'],
  http_req_failed: ['rate', 'default'],
  http_req_duration: ['trend', 'time'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'],
  data_sent: ['counter', 'data'],
  data_received: ['counter', 'data'],
  ws_sessions: ['counter', 'default'],
  ws_msgs_sent: ['counter', 'default'],
  ws_msgs_received: ['counter', 'default'],
  ws_ping: ['trend', 'time'],
  ws_session_duration: ['trend', 'time'],
  ws_connecting: ['trend', 'time'],
  grpc_req_duration: ['trend', 'time'],
  grpc_streams: ['counter', 'default'],
  grpc_streams_msgs_sent: ['counter', 'default'],
  grpc_streams_msgs_received: ['counter', 'default'],
};

/** The type of a built-in metric, undefined for a custom one. */
export function builtinType(name: string): MetricType | undefined {
  return BUILTIN_METRICS[name]?.[0];
}
