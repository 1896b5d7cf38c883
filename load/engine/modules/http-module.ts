/**
 * k6/http for the engine: `asyncRequest` for every method (sync calls are refused at start),
 * redirects, `expectedStatuses` / `setResponseCallback`, and the http_req_* samples with k6's tags.
 */
import type { VU } from '../runtime/vu.ts';
import { nowMs, TIME_ORIGIN } from '../runtime/thread-services.ts';
import { classifyError, K6Response, type RequestInfo } from './http-response.ts';

/** What `http.expectedStatuses(...)` returns: a response callback k6 evaluates natively. */
export interface ExpectedStatuses {
  readonly __k6ExpectedStatuses: Array<{ min: number; max: number }>;
}

type ResponseCallback = ExpectedStatuses | null;

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
  redirects?: number;
  responseCallback?: ResponseCallback;
}

/** Options the http module reads from the consolidated options. */
export interface HttpOptions {
  userAgent: string;
  discardResponseBodies: boolean;
  maxRedirects: number;
}

const DEFAULT_CALLBACK: ExpectedStatuses = { __k6ExpectedStatuses: [{ min: 200, max: 399 }] };

function expectedStatuses(...args: Array<number | { min: number; max: number }>): ExpectedStatuses {
  const ranges = args.map((a, i) => {
    if (typeof a === 'number' && Number.isInteger(a)) return { min: a, max: a };
    if (a && typeof a === 'object' && Number.isInteger(a.min) && Number.isInteger(a.max)) return { min: a.min, max: a.max };
    throw new Error(`http.expectedStatuses: argument ${i} must be an integer status or {min, max}`);
  });
  return { __k6ExpectedStatuses: ranges };
}

function isExpected(cb: ExpectedStatuses, status: number): boolean {
  for (const r of cb.__k6ExpectedStatuses) if (status >= r.min && status <= r.max) return true;
  return false;
}

function timeoutMs(t: string | number | undefined): number {
  if (t === undefined) return 60_000;
  if (typeof t === 'number') return t;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(t.trim());
  if (!m) throw new Error(`http: invalid timeout "${t}"`);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 'ms'] ?? 1);
}

function bodyOf(body: unknown): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'object') {
    // k6 form-encodes a plain object body.
    return new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
  }
  return String(body);
}

/** A parsed request URL and the parts every request reads. */
interface Target {
  url: URL;
  href: string;
  origin: string;
  path: string;
  host: string;
  /** Tag sets of requests to this URL without params.tags: method → (status, expected) → tags. */
  tagSets: Map<string, Map<number, Record<string, string>>>;
  /** The VU tag generation `tagSets` was built for. */
  tagGen: number;
}

function targetOf(url: URL): Target {
  return { url, href: url.href, origin: url.origin, path: url.pathname + url.search, host: url.host, tagSets: new Map(), tagGen: -1 };
}

const statusTexts = new Map<number, [reason: string, full: string]>();
/** "200 OK": one string per (status, reason) instead of a new one per response. */
function statusText(status: number, reason: string): string {
  const c = statusTexts.get(status);
  if (c !== undefined && c[0] === reason) return c[1];
  const full = `${status} ${reason}`;
  statusTexts.set(status, [reason, full]);
  return full;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

const DEFAULT_HEADERS = new WeakMap<HttpOptions, Record<string, string>>();

/**
 * The header object of requests without params.headers, one per thread's options (every VU of a
 * thread gets the same options object). The client only reads it, and caches the request heads
 * built from it keyed by this object: one per VU would make that cache grow with VUs, and with a
 * few thousand VUs it would start over before any head was used twice.
 */
export function defaultHeadersFor(opts: HttpOptions): Record<string, string> {
  let headers = DEFAULT_HEADERS.get(opts);
  if (headers === undefined) DEFAULT_HEADERS.set(opts, (headers = { 'User-Agent': opts.userAgent }));
  return headers;
}

/** Creates the k6/http module instance of one VU. */
export function createHttpModule(vu: VU, opts: HttpOptions) {
  let callback: ResponseCallback = DEFAULT_CALLBACK;
  // Per-VU caches: the same URL and tag set repeat on almost every request of a load test, so a
  // URL's parts (URL getters build new strings on every read) are taken once.
  const urls = new Map<string, Target>();
  let tagBase: Record<string, string> | undefined;
  let tagGen = 0;
  const defaultHeaders = defaultHeadersFor(opts);

  function parseUrl(u: string): Target {
    let x = urls.get(u);
    if (x === undefined) {
      x = targetOf(new URL(u));
      if (urls.size >= 256) urls.clear();
      urls.set(u, x);
    }
    return x;
  }

  function buildTags(method: string, href: string, name: string, status: number, expected: string | undefined, extra?: Record<string, string>): Record<string, string> {
    const tags: Record<string, string> = { ...vu.tags(), method, name, proto: 'HTTP/1.1', status: String(status), url: href, ...(extra ?? {}) };
    if (expected !== undefined) tags.expected_response = expected;
    return tags;
  }

  // Samples never mutate their tags, so identical tag sets are shared between requests; the lookup
  // builds no key string (name is the URL whenever params.tags is absent).
  function cachedTags(method: string, target: Target, status: number, expected: string | undefined): Record<string, string> {
    const base = vu.tags();
    if (base !== tagBase) {
      tagBase = base;
      tagGen++;
    }
    if (target.tagGen !== tagGen) {
      target.tagSets.clear();
      target.tagGen = tagGen;
    }
    let byStatus = target.tagSets.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      target.tagSets.set(method, byStatus);
    }
    const key = status * 3 + (expected === undefined ? 0 : expected === 'true' ? 1 : 2);
    let tags = byStatus.get(key);
    if (tags === undefined) {
      tags = buildTags(method, target.href, target.href, status, expected);
      if (byStatus.size >= 1024) byStatus.clear();
      byStatus.set(key, tags);
    }
    return tags;
  }

  async function oneHop(method: string, url: Target, body: string | Buffer | undefined, params: Params, headers: Record<string, string>): Promise<K6Response> {
    const keep = (params.responseType ?? (opts.discardResponseBodies ? 'none' : 'text')) !== 'none';
    const res = new K6Response(url.href, method, headers, body);
    const cb = params.responseCallback !== undefined ? params.responseCallback : callback;
    let failed = false;
    let endedAt = 0;
    try {
      const raw = await vu.services.http.send({
        origin: url.origin,
        path: url.path,
        method,
        headers,
        sharedHeaders: headers === defaultHeaders,
        body,
        timeoutMs: timeoutMs(params.timeout),
        keepBody: keep,
        signal: vu.signal,
      });
      res.status = raw.status;
      res.status_text = statusText(raw.status, raw.statusText);
      endedAt = raw.endedAt;
      res.headers = raw.headers;
      res.timings = raw.timings;
      if (raw.body) res.body = params.responseType === 'binary' ? (raw.body.buffer.slice(raw.body.byteOffset, raw.body.byteOffset + raw.body.length) as ArrayBuffer) : raw.body.length === 0 ? '' : raw.body.toString('utf8');
      vu.bytesSent += raw.bytesSent;
      vu.bytesReceived += raw.bytesReceived;
    } catch (err) {
      if (vu.dead || vu.signal.aborted) throw err;
      const c = classifyError(err, url.host);
      res.error = c.message;
      res.error_code = c.code;
      res.timings = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
      failed = true;
    }
    const name = params.tags?.name ?? url.href;
    const expected = cb ? String(!failed && isExpected(cb, res.status)) : undefined;
    const tags = failed || params.tags ? buildTags(method, url.href, name, res.status, expected, params.tags) : cachedTags(method, url, res.status, expected);
    if (failed) {
      tags.error = res.error;
      tags.error_code = String(res.error_code);
    }
    // k6 stamps HTTP samples with the request's end time (httpext Trail.EndTime).
    const time = endedAt === 0 ? nowMs() : TIME_ORIGIN + endedAt;
    const t = res.timings;
    vu.emit('http_reqs', 1, tags, time);
    vu.emit('http_req_duration', t.duration, tags, time);
    vu.emit('http_req_blocked', t.blocked, tags, time);
    vu.emit('http_req_connecting', t.connecting, tags, time);
    vu.emit('http_req_tls_handshaking', t.tls_handshaking, tags, time);
    vu.emit('http_req_sending', t.sending, tags, time);
    vu.emit('http_req_waiting', t.waiting, tags, time);
    vu.emit('http_req_receiving', t.receiving, tags, time);
    if (expected !== undefined) vu.emit('http_req_failed', expected === 'true' ? 0 : 1, tags, time);
    return res;
  }

  async function request(method: string, url: string | URL, body?: unknown, params: Params = {}): Promise<K6Response> {
    if (vu.inInit) throw new Error('making requests in the init context is not supported');
    let target = parseUrl(typeof url === 'string' ? url : String(url));
    let m = String(method).toUpperCase();
    let b = bodyOf(body);
    const headers: Record<string, string> = params.headers === undefined && (b === undefined || typeof body !== 'object') ? defaultHeaders : { 'User-Agent': opts.userAgent, ...(params.headers ?? {}) };
    if (b !== undefined && typeof body === 'object' && !(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body) && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    let left = params.redirects ?? opts.maxRedirects;
    for (;;) {
      const res = await oneHop(m, target, b, params, headers);
      const location = res.headers.Location;
      if (!REDIRECT.has(res.status) || location === undefined || left <= 0) return res;
      left--;
      target = targetOf(new URL(location, target.url));
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && m === 'POST')) {
        m = m === 'HEAD' ? 'HEAD' : 'GET';
        b = undefined;
      }
    }
  }

  return {
    /** k6 http.asyncRequest(method, url, body?, params?). */
    asyncRequest: (method: string, url: string | URL, body?: unknown, params?: Params) => vu.pending.track(request(method, url, body, params)),
    expectedStatuses,
    /** k6 http.setResponseCallback(cb); null disables http_req_failed and expected_response. */
    setResponseCallback: (cb: ResponseCallback) => {
      if (cb !== null && !(cb && typeof cb === 'object' && '__k6ExpectedStatuses' in cb)) {
        throw new Error('http.setResponseCallback: pass http.expectedStatuses(...) or null');
      }
      callback = cb;
    },
  };
}
