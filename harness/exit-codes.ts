/** Exit codes of every aetheris-bench command (design.md "Exit codes say who failed"). */
export const EXIT = {
  /** Everything passed. */
  ok: 0,
  /** The target regressed or a threshold failed. */
  targetFailed: 1,
  /** Bad usage or bad input (a malformed profile, expression, file, URL). */
  usage: 2,
  /** The harness or its infrastructure failed (target unreachable, sampler lost, generator saturated). */
  harness: 3,
  /** Too noisy to decide. */
  inconclusive: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
