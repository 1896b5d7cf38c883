/**
 * Bad usage or bad input. The CLI prints `message` as one line and exits 2,
 * so the message must name the file and the place (or the flag) at fault.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The harness or its infrastructure failed (exit 3): say what and why in one line. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}
