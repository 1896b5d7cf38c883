import { randomUUID } from 'node:crypto';

/** One message of an agent's session (kept whole in memory and upserted into agent_states). */
export interface SessionMessage {
  role: 'user';
  content: string;
  time: string;
}

/** An in-memory agent (internal/agent/runtime/agent.go); lost when the API restarts. */
export interface Agent {
  id: string;
  name: string;
  status: 'idle' | 'running' | 'waiting_tool' | 'suspended' | 'failed';
  createdAt: Date;
  sessionId: string;
  messages: SessionMessage[];
}

/** The API process's agent map; not tenant-scoped, like Aetheris's runtime manager. */
export class AgentStore {
  private readonly agents = new Map<string, Agent>();

  /** Creates an agent and its session; an empty name becomes the id. */
  create(name: string): Agent {
    const id = `agent-${randomUUID()}`;
    const agent: Agent = { id, name: name || id, status: 'idle', createdAt: new Date(), sessionId: `session-${randomUUID()}`, messages: [] };
    this.agents.set(id, agent);
    return agent;
  }

  /** The agent with this id, if this process created it. */
  get(id: string): Agent | undefined {
    return this.agents.get(id);
  }

  /** Every agent, oldest first. */
  list(): Agent[] {
    return [...this.agents.values()];
  }
}
