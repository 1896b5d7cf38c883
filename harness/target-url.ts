import { HarnessError, UsageError } from './errors.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Validates a `--target` URL: http(s) only, and a loopback host unless the user says
 * `--allow-remote-target` (load tests must never reach a machine by accident).
 */
export function parseTargetUrl(text: string, allowRemote: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--target: "${text}" is not a URL (example: http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--target: "${text}" must be http:// or https://`);
  if (!allowRemote && !LOOPBACK.has(url.hostname) && !url.hostname.startsWith('127.')) {
    throw new UsageError(`--target: ${url.hostname} is not a loopback address; pass --allow-remote-target to load a remote Aetheris on purpose`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Fails fast (exit 3) when the target does not answer GET /api/health with 200 within a few seconds. */
export async function assertTargetHealthy(baseUrl: string, timeoutMs = 5000): Promise<void> {
  try {
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) throw new Error(`GET /api/health answered ${res.status}`);
    await res.arrayBuffer();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new HarnessError(`target ${baseUrl} is unreachable: ${cause}`);
  }
}
