/**
 * Calls `close` once on the first SIGTERM or SIGINT, then exits 0 (1 if closing failed): the API
 * and the workers shut down the way Aetheris's binaries do, and a second signal changes nothing.
 */
export function shutdownOnSignal(close: () => Promise<unknown>): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
