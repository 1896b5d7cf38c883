/**
 * The bytes of an HTTP/1.1 request head. A load test sends the same method, URL and headers over
 * and over, so a head built from a reused header object is kept and written again as is.
 */

/** Header names the client writes itself from the request (a script's value would contradict the body or the pool). */
const OWN_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

/** Methods whose request carries a Content-Length even without a body (as Go's client sends them). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BREAKS_LINE = /[\r\n\0]/;

const PLAIN = 0;
const OWN = 1;
const HOST = 2;
const NOT_A_TOKEN = -1;
/** What each header name seen is to the head: scripts send the same few names on every request, so each is checked once. */
const NAME_KINDS = new Map<string, number>();

function nameKind(name: string): number {
  let kind = NAME_KINDS.get(name);
  if (kind === undefined) {
    const lower = name.toLowerCase();
    kind = !TOKEN.test(name) ? NOT_A_TOKEN : OWN_HEADERS.has(lower) ? OWN : lower === 'host' ? HOST : PLAIN;
    if (NAME_KINDS.size >= 1024) NAME_KINDS.clear(); // names made per request (rare) must not grow it without bound
    NAME_KINDS.set(name, kind);
  }
  return kind;
}

/** The bytes of requestHeadText: UTF-8, as Go's client (and so k6) writes header values. */
export function buildRequestHead(method: string, host: string, path: string, headers: Record<string, string>, bodyLength: number | undefined, close: boolean): Buffer {
  return Buffer.from(requestHeadText(method, host, path, headers, bodyLength, close), 'utf8');
}

/** The head of one request as text; throws on a header that would break the request framing. */
export function requestHeadText(method: string, host: string, path: string, headers: Record<string, string>, bodyLength: number | undefined, close: boolean): string {
  let hostLine = `Host: ${host}\r\n`;
  let hostSeen = false;
  let rest = '';
  for (const name in headers) {
    const value = String(headers[name]);
    const kind = nameKind(name);
    if (kind === NOT_A_TOKEN || BREAKS_LINE.test(value)) {
      throw new Error(`invalid request header ${JSON.stringify(name)}: names are tokens, and neither may contain CR, LF or NUL`);
    }
    if (kind === OWN) continue;
    if (kind === HOST) {
      // The script's Host replaces the URL's (the first one given wins); it leads the header block, as every client writes it.
      if (!hostSeen) hostLine = `Host: ${value}\r\n`;
      hostSeen = true;
      continue;
    }
    rest += `${name}: ${value}\r\n`;
  }
  if (bodyLength !== undefined) rest += `Content-Length: ${bodyLength}\r\n`;
  else if (BODY_METHODS.has(method)) rest += 'Content-Length: 0\r\n';
  if (close) rest += 'Connection: close\r\n';
  return `${method} ${path} HTTP/1.1\r\n${hostLine}${rest}\r\n`;
}

/**
 * Heads of body-less requests built from header objects the caller reuses (the http module's
 * default headers): header object → host → path → method → bytes. Nested maps, because the
 * strings are already interned by the caller and a concatenated key would cost more than the lookups.
 */
export class RequestHeadCache {
  private byHeaders = new WeakMap<object, Map<string, Map<string, Map<string, Buffer>>>>();
  private size = 0;

  /** `close`: every head asks the server to close the connection (noConnectionReuse). */
  constructor(private readonly close: boolean) {}

  /** The cached head, or a new one remembered for next time. */
  get(method: string, host: string, path: string, headers: Record<string, string>): Buffer {
    if (this.size >= 4096) {
      // Scripts that put an id in every URL would grow this without bound: start over past a limit.
      this.byHeaders = new WeakMap();
      this.size = 0;
    }
    let byHost = this.byHeaders.get(headers);
    if (byHost === undefined) this.byHeaders.set(headers, (byHost = new Map()));
    let byPath = byHost.get(host);
    if (byPath === undefined) byHost.set(host, (byPath = new Map()));
    let byMethod = byPath.get(path);
    if (byMethod === undefined) byPath.set(path, (byMethod = new Map()));
    let head = byMethod.get(method);
    if (head === undefined) {
      byMethod.set(method, (head = buildRequestHead(method, host, path, headers, undefined, this.close)));
      this.size++;
    }
    return head;
  }
}
