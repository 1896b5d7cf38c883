/**
 * The bundled script compiled ONCE into a function; each VU calls it with its own `require`,
 * `__ENV`, `__VU`, `open`, console and timers, so every VU gets its own module state at the price
 * of re-running the init code (as in k6), not of recompiling.
 */
import vm from 'node:vm';

/** What a VU passes to the script function. */
export interface ScriptScope {
  require: (name: string) => unknown;
  env: Record<string, string>;
  vuId: number;
  open: (path: string, mode?: string) => string | ArrayBuffer;
  console: Console;
  setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => number;
  clearTimeout: (id?: number) => void | Promise<void>;
  setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => number;
  clearInterval: (id?: number) => void;
}

/** Lets the VU move `__ITER` between iterations. */
export interface IterationSetter {
  set?: (iteration: number) => void;
}

type ScriptFunction = (
  require: ScriptScope['require'],
  module: { exports: Record<string, unknown> },
  exports: Record<string, unknown>,
  env: ScriptScope['env'],
  vu: number,
  open: ScriptScope['open'],
  console: Console,
  setTimeout: ScriptScope['setTimeout'],
  clearTimeout: ScriptScope['clearTimeout'],
  setInterval: ScriptScope['setInterval'],
  clearInterval: ScriptScope['clearInterval'],
  iterSetter: IterationSetter,
) => void;

/** A compiled script ready to be instantiated by many VUs. */
export class ScriptProgram {
  private readonly fn: ScriptFunction;

  /**
   * Compiles `code` (the bundle as a CommonJS-style function body); `filename` names it in stack
   * traces; `isAsync` when the body uses top-level await (then init is an async function).
   */
  constructor(code: string, filename: string, isAsync = false) {
    // `__ITER` is a closure variable of the wrapper so the script reads it as a free global.
    const wrapped =
      (isAsync ? '(async function (require,' : '(function (require,') +
      ' module, exports, __ENV, __VU, open, console, setTimeout, clearTimeout, setInterval, clearInterval, __k6IterSetter) {' +
      'let __ITER = 0; __k6IterSetter.set = (i) => { __ITER = i; };\n' +
      code +
      '\n})';
    this.fn = new vm.Script(wrapped, { filename }).runInThisContext() as ScriptFunction;
  }

  /** Runs the init code for one VU and returns its exports plus the `__ITER` setter. */
  async instantiate(scope: ScriptScope): Promise<{ exports: Record<string, unknown>; iter: IterationSetter }> {
    const module = { exports: {} as Record<string, unknown> };
    const iter: IterationSetter = {};
    await this.fn.call(
      module.exports,
      scope.require,
      module,
      module.exports,
      scope.env,
      scope.vuId,
      scope.open,
      scope.console,
      scope.setTimeout,
      scope.clearTimeout,
      scope.setInterval,
      scope.clearInterval,
      iter,
    );
    return { exports: module.exports, iter };
  }
}
