/**
 * k6's exit codes (errext/exitcodes/codes.go, k6-reference.md §5.4) and the error that carries one
 * out of the engine, so `exec` ends with the same code k6 would.
 */

/** The k6 exit codes the engine uses. */
export const K6_EXIT = {
  ok: 0,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  invalidConfig: 104,
  externalAbort: 105,
  scriptException: 107,
  scriptAborted: 108,
  testFailed: 110,
} as const;

/** An error that ends the run with a specific k6 exit code and a one-line message. */
export class EngineError extends Error {
  override name = 'EngineError';
  /** `exitCode` is one of K6_EXIT. */
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The first line of an error's message (or its string form), for one-line reports. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
