/**
 * Redaction of secrets before anything reaches a log, an error message or a report.
 * Connection URLs carry passwords (`postgres://user:pw@host/db`), DSNs in key=value form carry
 * `password=…`, and HTTP traces carry bearer tokens and `?token=` query parameters.
 */

/** What a removed secret is replaced with. */
export const REDACTED = '***';

// scheme://user:password@ — a password in a URL cannot hold a raw '/', '@' or space (they must be
// percent-encoded), so stopping there keeps the match inside one URL.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s/@]*)@/gi;
const KEY_VALUE = /\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token|jwt[_-]?key|jwtKey)("?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"']+)/gi;
const QUERY_PARAM = /([?&](?:password|token|access_token|api_key|apikey|key|secret|sslpassword)=)[^&#\s]*/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g;
// What shell commands carry (a drill's --fault-cmd and its output): prefixed variable names
// (`PGPASSWORD=…`, `DB_TOKEN=…`, `MY_API_KEY: …`) and `--password X` flags. Over-masking is fine.
const PREFIXED_NAME = /\b([A-Za-z0-9_.-]*(?:passw(?:or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*["']?\s*[=:]\s*["']?)(?!\*\*\*)[^\s"'&,;]+/gi;
const SECRET_FLAG = /(--(?:password|passwd|token|secret|api-key)[=\s]+)(?!\*\*\*)\S+/gi;

/** Returns `url` with its password (and any secret query parameter) replaced by `***`; the user name stays. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = REDACTED;
    for (const key of [...u.searchParams.keys()]) {
      if (/^(password|token|access_token|api_key|apikey|key|secret|sslpassword)$/i.test(key)) u.searchParams.set(key, REDACTED);
    }
    // URL re-encodes '*' in the password as-is; decode the %2A that some runtimes produce for readability.
    return u.toString().replace(/%2A%2A%2A/gi, REDACTED);
  } catch {
    return redactText(url);
  }
}

/** Removes every password, token and key this module recognises from free text (log lines, error messages). */
export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
    .replace(QUERY_PARAM, (_m, prefix: string) => `${prefix}${REDACTED}`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(KEY_VALUE, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`)
    .replace(PREFIXED_NAME, `$1${REDACTED}`)
    .replace(SECRET_FLAG, `$1${REDACTED}`);
}
