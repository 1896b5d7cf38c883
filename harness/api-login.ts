/**
 * The harness's own login to the target (contract §1.2), for the requests it makes beside the
 * load (the observability scraper). The token stays in memory; it is never logged or written.
 */

/** POST /api/login; the token, or undefined when auth is off (404) or the login was refused. */
export async function loginToken(apiUrl: string, username: string, password: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${apiUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(5000),
    });
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as { token?: unknown };
    return typeof body.token === 'string' ? body.token : undefined;
  } catch {
    // The scraper then records its own 401s or connection errors per scrape; the load decides the run.
    return undefined;
  }
}
