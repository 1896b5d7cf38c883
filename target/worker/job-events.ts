import { createHash, randomUUID } from 'node:crypto';
import type { NewEvent } from '../store/event-store.ts';

/** Deterministic 16-hex step id of a node at a step index. */
export function stepId(jobId: string, nodeId: string, stepIndex: number): string {
  return createHash('sha256').update(`${jobId}:${nodeId}:${stepIndex}`).digest('hex').slice(0, 16);
}

/** Context of one attempt at the single `llm` node n1. */
export interface NodeRun {
  jobId: string;
  goal: string;
  attempt: number;
  spanId: string;
}

/** Starts a node run with a fresh span id. */
export function newNodeRun(jobId: string, goal: string, attempt: number): NodeRun {
  return { jobId, goal, attempt, spanId: `span-${randomUUID()}` };
}

/** v4–v5: node_started, command_emitted. */
export function startEvents(run: NodeRun): NewEvent[] {
  return [
    { type: 'node_started', payload: { node_id: 'n1', trace_span_id: run.spanId, parent_span_id: 'plan', step_index: 0, attempt: run.attempt } },
    { type: 'command_emitted', payload: { node_id: 'n1', command_id: 'n1', kind: 'llm', input: { prompt: run.goal }, step_index: 0 } },
  ];
}

/** v6–v10 and job_completed for a successful node. */
export function successEvents(run: NodeRun, reply: string, durationMs: number): NewEvent[] {
  const sid = stepId(run.jobId, 'n1', 0);
  const after = { n1: reply };
  return [
    {
      type: 'command_committed',
      payload: { node_id: 'n1', command_id: 'n1', step_id: sid, step_index: 0, result: { result: reply, llm_model: 'reference-stub', llm_provider: 'aetheris-bench', llm_temperature: 0 } },
    },
    {
      type: 'node_finished',
      payload: {
        node_id: 'n1', step_id: sid, result_type: 'pure', state: 'ok', payload_results: after, duration_ms: durationMs,
        attempt: run.attempt, step_index: 0, trace_span_id: run.spanId, parent_span_id: 'plan',
      },
    },
    { type: 'step_committed', payload: { node_id: 'n1', step_id: sid, command_id: 'n1' } },
    { type: 'state_checkpointed', payload: { node_id: 'n1', step_index: 0, state_before: {}, state_after: after, changed_keys: ['n1'] } },
    {
      type: 'reasoning_snapshot',
      payload: {
        node_id: 'n1', step_id: sid, node_type: 'llm', goal: run.goal, duration_ms: durationMs, timestamp: new Date().toISOString(),
        state_before: {}, state_after: after, llm_request: { prompt: run.goal }, llm_response: reply, evidence: [], input_keys: [], output_keys: ['n1'],
      },
    },
    { type: 'job_completed', payload: { goal: run.goal } },
  ];
}

/** node_finished (failure) and step_committed for a failed attempt. */
export function failureEvents(run: NodeRun, error: string, durationMs: number): NewEvent[] {
  const sid = stepId(run.jobId, 'n1', 0);
  return [
    {
      type: 'node_finished',
      payload: {
        node_id: 'n1', step_id: sid, result_type: 'retryable_failure', state: 'failed', error, duration_ms: durationMs,
        attempt: run.attempt, step_index: 0, trace_span_id: run.spanId, parent_span_id: 'plan',
      },
    },
    { type: 'step_committed', payload: { node_id: 'n1', step_id: sid, command_id: 'n1' } },
  ];
}
