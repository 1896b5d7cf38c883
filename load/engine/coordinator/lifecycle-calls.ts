/**
 * setup() and teardown() as k6 runs them (§8.1): once, in a transient VU 0, inside the group
 * "setup"/"teardown", with a timeout; setup's return value crosses to the VUs as JSON.
 */
import { TestAbortError } from '../modules/k6-core.ts';
import { EngineError, K6_EXIT } from '../runtime/engine-error.ts';
import type { ScriptProgram } from '../runtime/script-program.ts';
import type { ThreadContext } from '../runtime/thread-context.ts';
import { VU } from '../runtime/vu.ts';
import { LifecycleTimeout, withTimeout } from './with-timeout.ts';

async function callOnce(name: 'setup' | 'teardown', program: ScriptProgram, ctx: ThreadContext, args: unknown[], timeoutMs: number): Promise<unknown> {
  const vu = new VU(ctx, 0);
  await vu.init(program);
  const fn = vu.exports[name];
  if (typeof fn !== 'function') return undefined;
  vu.setGroup(`::${name}`);
  const run = async () => {
    const v = await fn.apply(vu.exports, args);
    if (vu.pending.pending > 0) await vu.pending.drained();
    return v;
  };
  try {
    return await withTimeout(run(), timeoutMs, name);
  } catch (err) {
    vu.dead = true;
    vu.pending.clearAll();
    if (err instanceof LifecycleTimeout) throw new EngineError(err.message, name === 'setup' ? K6_EXIT.setupTimeout : K6_EXIT.teardownTimeout);
    if (err instanceof TestAbortError) throw new EngineError(err.message, K6_EXIT.scriptAborted);
    const e = err as Error;
    throw new EngineError(`${name}() threw: ${e?.message ?? String(err)}`, K6_EXIT.scriptException);
  }
}

/** Runs setup() if exported; returns its result as JSON (undefined when none). */
export async function runSetup(program: ScriptProgram, ctx: ThreadContext, timeoutMs: number): Promise<string | undefined> {
  const v = await callOnce('setup', program, ctx, [], timeoutMs);
  return v === undefined ? undefined : JSON.stringify(v);
}

/** Runs teardown(data) if exported, with setup's data parsed from JSON. */
export async function runTeardown(program: ScriptProgram, ctx: ThreadContext, setupJson: string | undefined, timeoutMs: number): Promise<void> {
  await callOnce('teardown', program, ctx, [setupJson === undefined ? undefined : JSON.parse(setupJson)], timeoutMs);
}
