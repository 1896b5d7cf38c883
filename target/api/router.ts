import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Permission } from './rbac.ts';

/** What a handler gets for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Resolved tenant: X-Tenant-ID > JWT tenant_id > "default". */
  tenant: string;
  /** Resolved user: X-User-ID > JWT user_id > "anonymous". */
  user: string;
}

/** A route handler; it writes the response itself. */
export type Handler = (ctx: RequestContext) => Promise<void> | void;

/** One route: `perm` null means no auth chain (health, login, metrics). */
export interface Route {
  method: string;
  pattern: string;
  perm: Permission | null;
  handler: Handler;
}

interface Compiled extends Route {
  segments: string[];
}

/** A route found for a request, with its path parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches "METHOD /a/:b/c" patterns; a trailing slash is ignored (Hertz redirects it, clients follow). */
export class Router {
  private readonly routes: Compiled[] = [];

  /** Adds routes in order; the first match wins. */
  add(...routes: Route[]): this {
    for (const r of routes) this.routes.push({ ...r, segments: r.pattern.split('/').filter(Boolean) });
    return this;
  }

  /** Finds the route for a method and path; `methodMismatch` is true when only the method differs. */
  match(method: string, path: string): RouteMatch | { methodMismatch: boolean } {
    const parts = path.split('/').filter(Boolean);
    let methodMismatch = false;
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segments[i]!;
        if (seg.charCodeAt(0) === 58 /* : */) params[seg.slice(1)] = decodeURIComponent(parts[i]!);
        else if (seg !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (r.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route: r, params };
    }
    return { methodMismatch };
  }
}
