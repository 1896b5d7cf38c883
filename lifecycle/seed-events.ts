/**
 * The rows a seeded job consists of: the event stream of a simple Aetheris job (contract §3.3)
 * stretched to M events by repeating the seven step events once per plan node, with the hash chain
 * of §3.5, as COPY text lines. Payload strings are assembled from templates, not JSON.stringify,
 * because a 1 M-event seed builds a million of them; every interpolated value is safe JSON text.
 */
import { createHash } from 'node:crypto';

/** The seven events one LLM node writes, in order (§3.3 v4–v10). */
export const STEP_TYPES = ['node_started', 'command_emitted', 'command_committed', 'node_finished', 'step_committed', 'state_checkpointed', 'reasoning_snapshot'] as const;

/** Event type at version v (1-based) of an M-event job. */
export function eventType(v: number, m: number): string {
  if (v === 1) return 'job_created';
  if (v === m) return 'job_completed';
  if (v === 2) return 'plan_generated';
  if (v === 3) return 'decision_snapshot';
  return STEP_TYPES[(v - 4) % STEP_TYPES.length]!;
}

/** Plan nodes an M-event job needs: one per (possibly partial) block of seven step events. */
export function nodeCount(m: number): number {
  return Math.max(1, Math.ceil(Math.max(0, m - 4) / STEP_TYPES.length));
}

/** Go's time.RFC3339Nano for a UTC instant in microseconds since the epoch (trailing zeros trimmed). */
export function rfc3339Nano(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const frac = String(micros - Math.floor(micros / 1_000_000) * 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

/** Contract §3.5: lowercase hex sha256 of job_id|type|payload|created_at (RFC3339Nano)|prev_hash. */
export function eventHash(jobId: string, type: string, payload: string, createdAt: string, prevHash: string): string {
  return createHash('sha256').update(`${jobId}|${type}|${payload}|${createdAt}|${prevHash}`).digest('hex');
}

/** Escapes a value for COPY … FROM STDIN text format. */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

const WORDS = 'the job store replays each committed step from its event stream so a worker can resume where another stopped '.split(' ').filter(Boolean);

/** Deterministic prose of exactly `bytes` characters (no quotes or backslashes: safe inside JSON). */
export function filler(bytes: number): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += (s ? ' ' : '') + WORDS[i % WORDS.length];
  return s.slice(0, bytes);
}

/** Per-job constants the payload templates use. */
export interface JobShape {
  jobId: string;
  agentId: string;
  goal: string;
  /** Events in the job. */
  m: number;
  /** LLM text of each step (payload-bytes characters). */
  text: string;
  planHash: string;
  plan: string;
}

/** The task graph JSON (rule planner shape: one llm node per step, chained) and its sha256. */
export function planOf(goal: string, m: number): { plan: string; planHash: string } {
  const k = nodeCount(m);
  const nodes: string[] = [];
  const edges: string[] = [];
  for (let i = 1; i <= k; i++) {
    nodes.push(`{"id":"n${i}","type":"llm","config":{"goal":"${goal} step ${i}"}}`);
    if (i > 1) edges.push(`{"from":"n${i - 1}","to":"n${i}"}`);
  }
  const plan = `{"nodes":[${nodes.join(',')}],"edges":${edges.length ? `[${edges.join(',')}]` : 'null'}}`;
  return { plan, planHash: createHash('sha256').update(plan).digest('hex') };
}

function stepId(jobId: string, node: number): string {
  // 16-hex deterministic step id, as Aetheris derives it from job and node.
  return createHash('sha256').update(`${jobId}:n${node}`).digest('hex').slice(0, 16);
}

/** Payload JSON of event v of the job (contract §3.3 keys). */
export function payloadOf(s: JobShape, v: number, createdAt: string): string {
  const type = eventType(v, s.m);
  if (type === 'job_created') return `{"agent_id":"${s.agentId}","goal":"${s.goal}"}`;
  if (type === 'job_completed') return `{"goal":"${s.goal}"}`;
  if (type === 'plan_generated') return `{"task_graph":${s.plan},"goal":"${s.goal}","plan_hash":"${s.planHash}"}`;
  if (type === 'decision_snapshot') {
    const summary = s.plan.slice(0, 512).replace(/"/g, "'");
    return `{"goal":"${s.goal}","task_graph_summary":"${summary}...","plan_hash":"${s.planHash}"}`;
  }
  const idx = Math.floor((v - 4) / STEP_TYPES.length);
  const node = `n${idx + 1}`;
  const sid = type === 'node_started' || type === 'command_emitted' || type === 'state_checkpointed' ? '' : stepId(s.jobId, idx + 1);
  switch (type) {
    case 'node_started':
      return `{"node_id":"${node}","trace_span_id":"span-${node}","parent_span_id":"plan","step_index":${idx},"attempt":1}`;
    case 'command_emitted':
      return `{"node_id":"${node}","command_id":"${node}","kind":"llm","input":{"prompt":"${s.goal} step ${idx + 1}"},"step_index":${idx}}`;
    case 'command_committed':
      return `{"node_id":"${node}","command_id":"${node}","step_id":"${sid}","step_index":${idx},"result":{"result":"${s.text}","llm_model":"stub-1","llm_provider":"stub","llm_temperature":0.2}}`;
    case 'node_finished':
      return `{"node_id":"${node}","step_id":"${sid}","result_type":"pure","state":"ok","payload_results":{"${node}":"${s.text.slice(0, 64)}"},"duration_ms":120,"attempt":1,"step_index":${idx},"trace_span_id":"span-${node}","parent_span_id":"plan"}`;
    case 'step_committed':
      return `{"node_id":"${node}","step_id":"${sid}","command_id":"${node}"}`;
    case 'state_checkpointed':
      return `{"node_id":"${node}","step_index":${idx},"state_before":{"step":${idx}},"state_after":{"step":${idx + 1},"last":"${node}"},"changed_keys":["step","last"]}`;
    default:
      return `{"node_id":"${node}","step_id":"${sid}","node_type":"llm","goal":"${s.goal}","duration_ms":120,"timestamp":"${createdAt}","state_before":{"step":${idx}},"state_after":{"step":${idx + 1}},"llm_request":{"prompt":"${s.goal} step ${idx + 1}"},"llm_response":"${s.text}","evidence":[],"input_keys":["goal"],"output_keys":["${node}"]}`;
  }
}

/** A SnapshotPayload (contract §4) of a finished job, as JSON. */
export function snapshotOf(s: JobShape): string {
  const k = nodeCount(s.m);
  const ids: string[] = [];
  const results: string[] = [];
  for (let i = 1; i <= k; i++) {
    ids.push(`"n${i}"`);
    results.push(`"n${i}":"${s.text.slice(0, 64)}"`);
  }
  return `{"task_graph_state":${s.plan},"cursor_node":"n${k}","payload_results":{${results.join(',')}},"completed_node_ids":[${ids.join(',')}],"payload_results_by_node":{${results.join(',')}},"completed_command_ids":[${ids.join(',')}],"command_results":{${results.join(',')}},"completed_tool_invocations":{},"pending_tool_invocations":[],"state_changes_by_step":{},"approved_correlation_keys":[],"working_memory_snapshot":null,"phase":2,"recorded_time":{},"recorded_random":{},"recorded_uuid":{},"recorded_http":{}}`;
}
