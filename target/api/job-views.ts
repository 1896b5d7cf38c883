import { createHash } from 'node:crypto';
import type { ParsedEvent } from './job-json.ts';

/** Timeline entries shared by /replay and /trace. */
export function timeline(events: ParsedEvent[]): Record<string, unknown>[] {
  return events.map((e) => {
    const entry: Record<string, unknown> = { type: e.type, created_at: e.createdAt, payload: e.payload };
    if (typeof e.payload?.node_id === 'string') entry.node_id = e.payload.node_id;
    return entry;
  });
}

/** The replay current_state (BuildFromEvents): finished nodes, cursor node and phase. */
export function currentState(events: ParsedEvent[]): { completed_node_ids: string[]; cursor_node: string; phase: string } {
  const completed: string[] = [];
  let phase = 'unknown';
  for (const e of events) {
    if (e.type === 'plan_generated' && phase === 'unknown') phase = 'planning';
    else if (e.type === 'node_started') phase = 'executing';
    else if (e.type === 'node_finished' && e.payload?.state === 'ok' && typeof e.payload.node_id === 'string') completed.push(e.payload.node_id);
    else if (e.type === 'job_completed') phase = 'completed';
    else if (e.type === 'job_failed') phase = 'failed';
    else if (e.type === 'job_cancelled') phase = 'cancelled';
  }
  return { completed_node_ids: completed, cursor_node: completed.at(-1) ?? '', phase };
}

/** Per-node start/finish times from node_started/node_finished pairs. */
export function nodeDurations(events: ParsedEvent[]): Record<string, unknown>[] {
  const started = new Map<string, string>();
  const out: Record<string, unknown>[] = [];
  for (const e of events) {
    const node = e.payload?.node_id;
    if (typeof node !== 'string') continue;
    if (e.type === 'node_started') started.set(node, e.createdAt);
    if (e.type === 'node_finished' && started.has(node)) {
      const s = started.get(node)!;
      out.push({ node_id: node, started_at: s, finished_at: e.createdAt, duration_ms: Date.parse(e.createdAt) - Date.parse(s) });
    }
  }
  return out;
}

/** The steps of a trace: one per node_finished. */
export function steps(events: ParsedEvent[]): Record<string, unknown>[] {
  return events
    .filter((e) => e.type === 'node_finished')
    .map((e) => ({ node_id: e.payload?.node_id, step_id: e.payload?.step_id, result_type: e.payload?.result_type, state: e.payload?.state, attempt: e.payload?.attempt }));
}

/**
 * The /verify proofs: execution_hash over the plan hash and the node_id:result_type sequence;
 * event_chain_root_hash over (prev, id, type, base64 payload); the stored chain must be linked.
 */
export function verifyProof(events: ParsedEvent[]): Record<string, unknown> {
  const plan = events.find((e) => e.type === 'plan_generated');
  const exec = createHash('sha256').update(String(plan?.payload?.plan_hash ?? ''));
  for (const e of events) if (e.type === 'node_finished') exec.update(`${String(e.payload?.node_id)}:${String(e.payload?.result_type)}`);
  let root = '';
  let linked = true;
  let prevStored = '';
  for (const e of events) {
    root = createHash('sha256').update(`${root}${e.id}${e.type}${Buffer.from(e.rawPayload ?? '').toString('base64')}`).digest('hex');
    if (e.prevHash !== prevStored || !e.hash) linked = false;
    prevStored = e.hash;
  }
  const replay: Record<string, unknown> = { ok: linked };
  if (!linked) replay.error = 'event hash chain is broken';
  return {
    execution_hash: exec.digest('hex'),
    event_chain_root_hash: root,
    tool_invocation_ledger_proof: { ok: true },
    replay_proof_result: replay,
  };
}
