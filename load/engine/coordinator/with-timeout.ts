/**
 * A promise with a deadline, for setupTimeout / teardownTimeout / handleSummaryTimeout.
 */

/** Thrown when a lifecycle function outlives its timeout. */
export class LifecycleTimeout extends Error {
  override name = 'LifecycleTimeout';
}

/** Resolves like `p`, or rejects with LifecycleTimeout after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LifecycleTimeout(`${what}() execution timed out after ${ms / 1000} seconds`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
