/**
 * `require("k6/...")` for one VU: builds the VU's own instance of each engine module, exposing
 * only the members the catalog lists (anything else throws the catalog's one-line hint).
 */
import type { VU } from '../runtime/vu.ts';
import { createDataModule } from './data-module.ts';
import { createExecutionModule } from './execution-module.ts';
import { createHttpModule, type HttpOptions } from './http-module.ts';
import { createK6Module } from './k6-core.ts';
import { createMetricsModule } from './metrics-module.ts';
import { SUPPORTED_MODULES, unsupportedModuleHint } from './module-catalog.ts';

let httpOptions: HttpOptions = { userAgent: 'k6/2.2.0 (https://k6.io/)', discardResponseBodies: false, maxRedirects: 10 };

/** Sets the options the http module reads (once per thread, before any VU starts). */
export function configureHttp(opts: Partial<HttpOptions>): void {
  httpOptions = { ...httpOptions, ...opts };
}

function build(name: string, vu: VU): Record<string, unknown> {
  switch (name) {
    case 'k6':
      return createK6Module(vu);
    case 'k6/http':
      return createHttpModule(vu, httpOptions);
    case 'k6/metrics':
      return createMetricsModule(vu);
    case 'k6/execution':
      return createExecutionModule(vu);
    case 'k6/data':
      return createDataModule(vu);
    case 'k6/timers':
      return {
        setTimeout: vu.pending.setTimeout,
        clearTimeout: vu.pending.clearTimeout,
        setInterval: vu.pending.setInterval,
        clearInterval: vu.pending.clearInterval,
      };
    default:
      throw new Error(unsupportedModuleHint(name));
  }
}

/** The module `name` for `vu`, guarded so unsupported members fail with a clear message. */
export function createModule(name: string, vu: VU): unknown {
  const spec = SUPPORTED_MODULES.get(name);
  if (!spec) throw new Error(unsupportedModuleHint(name));
  const mod = build(name, vu);
  return new Proxy(mod, {
    get(target, prop, recv) {
      if (typeof prop === 'string' && !(prop in target) && prop !== 'then' && prop !== '__esModule' && prop !== 'default') {
        throw new Error(spec.hints[prop] ?? `${name}: "${prop}" is not supported by the engine`);
      }
      return Reflect.get(target, prop, recv);
    },
  });
}
