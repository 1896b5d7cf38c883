/**
 * The run's Idempotency-Key scheme, which is how the loss audit finds every job this run got
 * accepted without the load having to write ids anywhere:
 *
 *   ab-<runid>-<vu>-<iter>        a job submitted by VU <vu> (exec.vu.idInTest, unique across
 *                                 distributed runners) in its <iter>-th iteration
 *                                 (exec.vu.iterationInInstance, counts across scenarios)
 *   ab-<runid>-<vu>-<iter>-<n>    the n-th (n ≥ 1) extra job of that iteration
 *   ab-<runid>-setup-<n>          jobs submitted by setup()
 *
 * Every job of run R therefore has `starts_with(jobs.idempotency_key, 'ab-' || R || '-')`
 * (use starts_with, not LIKE: run ids may hold `_`). A retried POST with the same key returns the
 * same job (contract §1.4), so a key never stands for two jobs of one agent.
 */
import exec from 'k6/execution';

/** The key prefix shared by every job of `runId`. */
export function idempotencyPrefix(runId: string): string {
  return `ab-${runId}-`;
}

/** Key for the `extra`-th additional job of the current iteration (0 = the first job). */
export function iterationKey(runId: string, extra = 0): string {
  const base = `${idempotencyPrefix(runId)}${exec.vu.idInTest}-${exec.vu.iterationInInstance}`;
  return extra > 0 ? `${base}-${extra}` : base;
}

/** Key for the n-th job submitted by setup(). */
export function setupKey(runId: string, n: number): string {
  return `${idempotencyPrefix(runId)}setup-${n}`;
}
