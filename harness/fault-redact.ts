import { redactText } from './redact.ts';

/**
 * Masks secrets in a user's fault command or its output before it reaches faults.ndjson or a log.
 * On top of harness/redact.ts (URLs, key=value, Bearer, JWT) it catches what shell commands carry:
 * prefixed variable names (`PGPASSWORD=…`, `DB_TOKEN=…`, `MY_API_KEY: …`) and `--password X` flags.
 * Over-masking is fine; leaking is not.
 */
const PREFIXED_NAME = /\b([A-Za-z0-9_.-]*(?:passw(?:or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*["']?\s*[=:]\s*["']?)(?!\*\*\*)[^\s"'&,;]+/gi;
const SECRET_FLAG = /(--(?:password|passwd|token|secret|api-key)[=\s]+)(?!\*\*\*)\S+/gi;

/** Returns `text` with anything that looks like a password or token replaced by `***`. */
export function redactSecrets(text: string): string {
  return redactText(text).replace(PREFIXED_NAME, '$1***').replace(SECRET_FLAG, '$1***');
}
