/**
 * The replay, trace and verify views, each computed in one pass over a streamed event list
 * (BuildFromEvents order). Only the payloads a view needs are parsed (node_finished, the plan,
 * the first decision snapshot, the requested step); everything else stays JSON text.
 */
import { createHash, hash as sha256 } from 'node:crypto';
import type { StreamEvent } from '../store/event-batches.ts';

/** A payload as the views see it: objects as stored, other JSON values as {value}, SQL NULL as null. */
export function parsePayload(raw: string | null): Record<string, unknown> | null {
  if (raw === null) return null;
  const v = JSON.parse(raw) as unknown;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/** The JSON text of parsePayload(raw), without parsing: the stored text is spliced in as it is. */
export function payloadText(raw: string | null): string {
  if (raw === null) return 'null';
  // jsonb output has no leading whitespace, so an object always starts with "{".
  return raw.charCodeAt(0) === 123 ? raw : `{"value":${raw}}`;
}

const typeJson = new Map<string, string>();

/** JSON string of an event type; the handful of distinct types are encoded once. */
export function typeText(type: string): string {
  let t = typeJson.get(type);
  if (t === undefined) {
    t = JSON.stringify(type);
    if (typeJson.size < 1000) typeJson.set(type, t);
  }
  return t;
}

/** One timeline entry of /replay and /trace: {type, created_at, payload, node_id?}. */
export function timelineEntry(e: StreamEvent): string {
  const node = e.nodeId === null ? '' : `,"node_id":${JSON.stringify(e.nodeId)}`;
  return `{"type":${typeText(e.type)},"created_at":"${e.createdAt}","payload":${payloadText(e.payload)}${node}}`;
}

/** The replay current_state (BuildFromEvents: finished nodes, cursor node, phase) and the optional step replay. */
export class ReplayFold {
  private readonly completed: string[] = [];
  private phase = 'unknown';
  private checkpoint: { payload: Record<string, unknown> | null } | undefined;
  private committed: { payload: Record<string, unknown> | null } | undefined;

  /** `stepNode`: the ?step_node_id of the request, or null. */
  constructor(private readonly stepNode: string | null) {}

  /** Takes the next event in version order. */
  add(e: StreamEvent): void {
    if (e.type === 'plan_generated' && this.phase === 'unknown') this.phase = 'planning';
    else if (e.type === 'node_started') this.phase = 'executing';
    else if (e.type === 'node_finished' && e.nodeId !== null && parsePayload(e.payload)?.state === 'ok') this.completed.push(e.nodeId);
    else if (e.type === 'job_completed') this.phase = 'completed';
    else if (e.type === 'job_failed') this.phase = 'failed';
    else if (e.type === 'job_cancelled') this.phase = 'cancelled';
    if (this.stepNode !== null && e.nodeId === this.stepNode) {
      if (e.type === 'state_checkpointed' && !this.checkpoint) this.checkpoint = { payload: parsePayload(e.payload) };
      if (e.type === 'command_committed' && !this.committed) this.committed = { payload: parsePayload(e.payload) };
    }
  }

  /** current_state. */
  currentState(): { completed_node_ids: string[]; cursor_node: string; phase: string } {
    return { completed_node_ids: this.completed, cursor_node: this.completed.at(-1) ?? '', phase: this.phase };
  }

  /** step_replay, when a step was asked for. */
  stepReplay(): Record<string, unknown> | undefined {
    if (this.stepNode === null) return undefined;
    return { step_node_id: this.stepNode, state_at_step: this.checkpoint?.payload?.state_after ?? null, step_result: this.committed?.payload?.result ?? null };
  }
}

/** Per-node durations (node_started/node_finished pairs), steps (one per node_finished) and the first decision snapshot. */
export class TraceFold {
  readonly durations: { node_id: string; started_at: string; finished_at: string; duration_ms: number }[] = [];
  readonly steps: Record<string, unknown>[] = [];
  private readonly started = new Map<string, { at: string; ms: number }>();
  private decision: { payload: Record<string, unknown> | null } | undefined;

  /** Takes the next event in version order. */
  add(e: StreamEvent): void {
    if (e.type === 'node_started' && e.nodeId !== null) this.started.set(e.nodeId, { at: e.createdAt, ms: e.createdMs });
    else if (e.type === 'node_finished') {
      const s = e.nodeId === null ? undefined : this.started.get(e.nodeId);
      if (s) this.durations.push({ node_id: e.nodeId!, started_at: s.at, finished_at: e.createdAt, duration_ms: e.createdMs - s.ms });
      const p = parsePayload(e.payload);
      this.steps.push({ node_id: p?.node_id, step_id: p?.step_id, result_type: p?.result_type, state: p?.state, attempt: p?.attempt });
    } else if (e.type === 'decision_snapshot' && !this.decision) this.decision = { payload: parsePayload(e.payload) };
  }

  /** The parsed payload of the first decision_snapshot event, if there was one. */
  decisionSnapshot(): { payload: Record<string, unknown> | null } | undefined {
    return this.decision;
  }
}

/**
 * The /verify proofs: execution_hash over the plan hash and the node_id:result_type sequence;
 * event_chain_root_hash over (prev, id, type, base64 payload); the stored chain must be linked.
 */
export class VerifyFold {
  private planHash: string | undefined;
  private readonly finished: string[] = [];
  private root = '';
  private linked = true;
  private prevStored = '';

  /** Takes the next event in version order (read with hashes). */
  add(e: StreamEvent): void {
    if (e.type === 'plan_generated' && this.planHash === undefined) this.planHash = String(parsePayload(e.payload)?.plan_hash ?? '');
    else if (e.type === 'node_finished') {
      const p = parsePayload(e.payload);
      this.finished.push(`${String(p?.node_id)}:${String(p?.result_type)}`);
    }
    const b64 = e.payload === null ? '' : Buffer.from(e.payload).toString('base64');
    this.root = sha256('sha256', `${this.root}${e.id}${e.type}${b64}`, 'hex');
    if (e.prevHash !== this.prevStored || !e.hash) this.linked = false;
    this.prevStored = e.hash;
  }

  /** The proof object of GET /verify and the export's proof.json. */
  result(): Record<string, unknown> {
    const exec = createHash('sha256').update(this.planHash ?? '');
    for (const f of this.finished) exec.update(f);
    const replay: Record<string, unknown> = { ok: this.linked };
    if (!this.linked) replay.error = 'event hash chain is broken';
    return {
      execution_hash: exec.digest('hex'),
      event_chain_root_hash: this.root,
      tool_invocation_ledger_proof: { ok: true },
      replay_proof_result: replay,
    };
  }
}
