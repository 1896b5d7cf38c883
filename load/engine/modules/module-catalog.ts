/**
 * Which k6 modules and members the engine implements (issue 3 item 2). Used at start to refuse a
 * script that needs anything else, with one line naming the module or function.
 */

/** A supported module: the members it offers and hints for members it refuses. */
export interface ModuleSpec {
  exports: readonly string[];
  hints: Readonly<Record<string, string>>;
}

const syncHttp = (fn: string, method: string): string =>
  `k6/http: http.${fn}() is synchronous and not supported by the engine; use await http.asyncRequest("${method}", url, body, params)`;

/** Supported modules by import path. */
export const SUPPORTED_MODULES: ReadonlyMap<string, ModuleSpec> = new Map<string, ModuleSpec>([
  ['k6', { exports: ['check', 'group', 'fail', 'sleep', 'randomSeed'], hints: {} }],
  [
    'k6/http',
    {
      exports: ['asyncRequest', 'expectedStatuses', 'setResponseCallback'],
      hints: {
        get: syncHttp('get', 'GET'),
        head: syncHttp('head', 'HEAD'),
        post: syncHttp('post', 'POST'),
        put: syncHttp('put', 'PUT'),
        patch: syncHttp('patch', 'PATCH'),
        del: syncHttp('del', 'DELETE'),
        options: syncHttp('options', 'OPTIONS'),
        request: syncHttp('request', 'GET'),
        batch: 'k6/http: http.batch() is not supported by the engine; use Promise.all over http.asyncRequest calls',
      },
    },
  ],
  ['k6/metrics', { exports: ['Counter', 'Gauge', 'Rate', 'Trend'], hints: {} }],
  ['k6/execution', { exports: ['vu', 'scenario', 'instance', 'test'], hints: {} }],
  ['k6/data', { exports: ['SharedArray'], hints: {} }],
  ['k6/timers', { exports: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], hints: {} }],
]);

/** The one-line refusal for a k6 module the engine does not implement. */
export function unsupportedModuleHint(name: string): string {
  if (name.startsWith('k6/x/')) return `module "${name}" is a k6 extension; extensions are not supported by the engine`;
  if (name === 'k6/ws' || name === 'k6/websockets' || name === 'k6/experimental/websockets') {
    return `module "${name}" (WebSockets) is not supported by the engine`;
  }
  if (name === 'k6/browser') return `module "${name}" (browser testing) is not supported by the engine`;
  return `module "${name}" is not supported by the engine (supported: ${[...SUPPORTED_MODULES.keys()].join(', ')})`;
}
