/**
 * k6's Response object for the engine (status, body, json(), headers, timings, error, error_code,
 * request) and k6's numeric error codes for network failures (lib/netext/httpext/error_codes.go).
 */
import type { PhaseTimings } from './http-agent.ts';

/** The request as k6 reports it on `response.request`. */
export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: string;
}

/** Fields of K6Response that k6's Response does not have. */
const INTERNAL_FIELDS = new Set(['parsed', 'hasParsed', 'requestInfo', 'reqMethod', 'reqHeaders', 'reqBody']);

/** k6 Response. */
export class K6Response {
  status = 0;
  status_text = '';
  proto = 'HTTP/1.1';
  headers: Record<string, string> = {};
  body: string | ArrayBuffer | null = null;
  // Set by the request (measured phases, or zeros after a network error): no default object to throw away.
  timings!: PhaseTimings;
  error = '';
  error_code = 0;
  cookies: Record<string, unknown[]> = {};
  remote_ip = '';
  remote_port = 0;
  tls_version = '';
  tls_cipher_suite = '';
  ocsp = {};
  private parsed: unknown;
  private hasParsed = false;
  private requestInfo: RequestInfo | undefined;

  /** `url` is the final URL (after redirects); the request's method, headers and body as sent. */
  constructor(
    public url: string,
    private readonly reqMethod: string,
    private readonly reqHeaders: Record<string, string>,
    private readonly reqBody: string | Buffer | undefined,
  ) {}

  /** `response.request`, built on first read: almost no script looks at it, so the hot path skips it. */
  get request(): RequestInfo {
    this.requestInfo ??= {
      method: this.reqMethod,
      url: this.url,
      headers: Object.fromEntries(Object.entries(this.reqHeaders).map(([k, v]) => [k, [v]])),
      body: this.reqBody === undefined ? '' : this.reqBody.toString(),
    };
    return this.requestInfo;
  }

  /** JSON.stringify(res) shows `request` like a plain field, as before it became lazy. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this)) if (!INTERNAL_FIELDS.has(k)) out[k] = (this as unknown as Record<string, unknown>)[k];
    out.request = this.request;
    return out;
  }

  /** Parses the body as JSON; `selector` picks a dotted path ("a.b.0") like k6's gjson subset. */
  json(selector?: string): unknown {
    if (!this.hasParsed) {
      if (this.body === null) throw new Error('the body is null so we can\'t transform it to JSON - this likely was because of a request error getting the response');
      const text = typeof this.body === 'string' ? this.body : Buffer.from(this.body).toString('utf8');
      this.parsed = JSON.parse(text);
      this.hasParsed = true;
    }
    if (!selector) return this.parsed;
    let cur: unknown = this.parsed;
    for (const part of selector.split('.')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  }
}

/** k6's error code and message for a failed request. */
export function classifyError(err: unknown, host: string): { code: number; message: string } {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  switch (code) {
    case 'K6_REQUEST_TIMEOUT':
      return { code: 1050, message: 'request timeout' };
    case 'ECONNREFUSED':
      return { code: 1212, message: `dial tcp ${host}: connect: connection refused` };
    case 'ECONNRESET':
      return { code: 1220, message: `read tcp ${host}: read: connection reset by peer` };
    case 'EPIPE':
      return { code: 1201, message: `write tcp ${host}: write: broken pipe` };
    case 'ETIMEDOUT':
      return { code: 1211, message: `dial tcp ${host}: i/o timeout` };
    case 'ENOTFOUND':
      return { code: 1101, message: `lookup ${host}: no such host` };
    case 'EAI_AGAIN':
      return { code: 1100, message: `lookup ${host}: temporary failure in name resolution` };
    default:
      return { code: 1000, message: e.message ?? String(err) };
  }
}
