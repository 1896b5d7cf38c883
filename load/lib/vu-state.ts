/**
 * Per-VU objects built on the first iteration from setup data. Each VU has its own module graph
 * (k6 semantics), so this module-level slot is private to one VU and holds a fixed-size state.
 */
import { AgentBook } from './agents.ts';
import { AetherisClient } from './api.ts';
import type { WorkloadEnv } from './env.ts';
import type { SetupData } from './setup.ts';

/** What one VU keeps between iterations: a client (token) and its agent book (bounded). */
export interface VuState {
  client: AetherisClient;
  book: AgentBook;
}

let state: VuState | undefined;

/** This VU's state, created on first use. */
export function vuState(env: WorkloadEnv, data: SetupData): VuState {
  state ??= { client: new AetherisClient(env), book: new AgentBook(data.stop ? [...data.tenants, data.stop] : data.tenants, data.runId) };
  return state;
}
