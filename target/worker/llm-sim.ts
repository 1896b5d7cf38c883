import type { LlmConfig } from '../config.ts';

/** The simulated LLM call failed (drawn from failureRate). */
export class LlmFailure extends Error {
  override name = 'LlmFailure';
}

/** The call was aborted because the job was cancelled or the worker is stopping. */
export class LlmAborted extends Error {
  override name = 'LlmAborted';
}

/**
 * Simulates the rule plan's `llm` node: waits latencyMs + U[0, jitterMs), then fails with
 * probability failureRate or answers with text derived from the prompt.
 */
export async function simulateLlm(cfg: LlmConfig, prompt: string, signal: AbortSignal): Promise<string> {
  const delay = cfg.latencyMs + (cfg.jitterMs > 0 ? Math.random() * cfg.jitterMs : 0);
  if (delay > 0) {
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new LlmAborted('aborted'));
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, delay);
      const onAbort = () => {
        clearTimeout(t);
        reject(new LlmAborted('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  } else if (signal.aborted) {
    throw new LlmAborted('aborted');
  }
  if (cfg.failureRate > 0 && Math.random() < cfg.failureRate) throw new LlmFailure('simulated LLM failure');
  return `Reference target answer to: ${prompt.slice(0, 200)}`;
}
