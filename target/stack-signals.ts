/**
 * Stops every live stack of this process when it exits or is told to (SIGINT, SIGTERM).
 * Node's default reaction to those signals is to die without running 'exit' handlers, which
 * would orphan the API, the workers and Postgres; so while a stack is live we handle them,
 * stop the stacks in order, and then re-raise the signal if nobody else listens for it.
 */

interface LiveStack {
  /** Synchronous SIGKILL of everything (the only thing an 'exit' handler may do). */
  killNow(): void;
  /** Orderly stop. */
  stop(): Promise<void>;
}

const live = new Set<LiveStack>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let installed = false;

function onExit(): void {
  for (const s of live) s.killNow();
}

function onSignal(signal: NodeJS.Signals): void {
  const stacks = [...live];
  uninstall();
  // A second signal while stopping: give up on order and kill.
  const hard = (): void => {
    for (const s of stacks) s.killNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  for (const sig of SIGNALS) process.once(sig, hard);
  void Promise.allSettled(stacks.map((s) => s.stop())).then(() => {
    for (const sig of SIGNALS) process.removeListener(sig, hard);
    // Someone else (e.g. `stack up` in the foreground) handles the signal: leave the exit to them.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const sig of SIGNALS) process.on(sig, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', onExit);
  for (const sig of SIGNALS) process.removeListener(sig, onSignal);
}

/** Registers a stack to be stopped on exit/SIGINT/SIGTERM; returns the function that unregisters it. */
export function trackLiveStack(stack: LiveStack): () => void {
  live.add(stack);
  install();
  return () => {
    live.delete(stack);
    if (live.size === 0) uninstall();
  };
}
