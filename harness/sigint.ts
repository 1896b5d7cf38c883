/**
 * Runs `body` with an AbortSignal that the first SIGINT/SIGTERM aborts (graceful stop: the load
 * winds down, what was measured is kept and judged). A second signal exits at once with 130.
 */
export async function withSigint<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      process.stderr.write(`\n${sig}: stopping gracefully (again to stop at once)\n`);
      ctl.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(ctl.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
