/** One stored event as the snapshot builder reads it. */
export interface SnapshotEvent {
  type: string;
  payload: Record<string, unknown> | null;
}

/**
 * Rebuilds the replay context from a full event stream and returns it in the shape of Aetheris's
 * SnapshotPayload (contract §4), phase as an int: 0 planning, 1 executing, 2 completed, 3 failed, 4 cancelled.
 */
export function buildSnapshotPayload(events: SnapshotEvent[]): Record<string, unknown> {
  const completedNodes: string[] = [];
  const resultsByNode: Record<string, unknown> = {};
  const completedCommands: string[] = [];
  const commandResults: Record<string, unknown> = {};
  const completedTools: Record<string, unknown> = {};
  const pendingTools = new Set<string>();
  const stateChanges: Record<string, unknown> = {};
  const approvedKeys: string[] = [];
  let taskGraph: unknown = null;
  let phase = 0;
  let cursor = '';
  for (const e of events) {
    const p = e.payload ?? {};
    const node = typeof p.node_id === 'string' ? p.node_id : '';
    switch (e.type) {
      case 'plan_generated':
        taskGraph = p.task_graph ?? null;
        break;
      case 'node_started':
        phase = 1;
        break;
      case 'node_finished':
        if (p.state === 'ok' && node) {
          completedNodes.push(node);
          resultsByNode[node] = p.payload_results ?? null;
          cursor = node;
        }
        break;
      case 'command_committed':
        if (typeof p.command_id === 'string') {
          completedCommands.push(p.command_id);
          commandResults[p.command_id] = p.result ?? null;
        }
        break;
      case 'tool_invocation_started':
        if (typeof p.idempotency_key === 'string') pendingTools.add(p.idempotency_key);
        break;
      case 'tool_invocation_finished':
        if (typeof p.idempotency_key === 'string') {
          pendingTools.delete(p.idempotency_key);
          completedTools[p.idempotency_key] = p.result ?? null;
        }
        break;
      case 'state_checkpointed':
        if (typeof p.step_index === 'number') stateChanges[String(p.step_index)] = p.changed_keys ?? [];
        break;
      case 'wait_completed':
        if (typeof p.correlation_key === 'string') approvedKeys.push(p.correlation_key);
        break;
      case 'job_completed':
        phase = 2;
        break;
      case 'job_failed':
        phase = 3;
        break;
      case 'job_cancelled':
        phase = 4;
        break;
    }
  }
  return {
    task_graph_state: taskGraph,
    cursor_node: cursor,
    payload_results: cursor ? (resultsByNode[cursor] ?? null) : null,
    completed_node_ids: completedNodes,
    payload_results_by_node: resultsByNode,
    completed_command_ids: completedCommands,
    command_results: commandResults,
    completed_tool_invocations: completedTools,
    pending_tool_invocations: [...pendingTools],
    state_changes_by_step: stateChanges,
    approved_correlation_keys: approvedKeys,
    working_memory_snapshot: null,
    phase,
    recorded_time: {},
    recorded_random: {},
    recorded_uuid: {},
    recorded_http: {},
  };
}
