/**
 * One virtual user: its own instance of the script (module state, `__VU`, `__ITER`, `__ENV`,
 * timers), the scenario it is bound to, and the iteration runner that reproduces k6's rules:
 * an iteration ends when its event loop is empty, thrown errors are logged and still counted,
 * interrupted iterations emit nothing.
 */
import { createModule } from '../modules/module-factory.ts';
import { TestAbortError } from '../modules/k6-core.ts';
import { AbortScope } from './abort-scope.ts';
import type { IterationSetter, ScriptProgram } from './script-program.ts';
import { nowMs, type ThreadServices } from './thread-services.ts';
import { PendingWork } from './vu-timers.ts';

/** The scenario a VU runs, as k6/execution describes it. */
export interface ScenarioBinding {
  name: string;
  executor: string;
  startEpochMs: number;
  tags: Record<string, string>;
  env: Record<string, string>;
  /** 0..1 progress of the scenario. */
  progress(): number;
  /** Numbers of the next iteration of this scenario: in this instance and in the whole test (k6 segmented index). */
  nextIteration(): { inInstance: number; inTest: number };
}

/** How an iteration ended. */
export type IterationOutcome = 'completed' | 'interrupted';

const MAX_ERROR_LOGS = 200;
let errorLogs = 0;

/** A VU of one thread. */
export class VU {
  readonly pending = new PendingWork();
  exports: Record<string, unknown> = {};
  scenario?: ScenarioBinding;
  inInit = true;
  /** True once interrupted: its abandoned iteration may still run, so nothing it emits counts. */
  dead = false;
  groupPath = '';
  iterationInInstance = -1;
  iterationInScenario = -1;
  scenarioIteration = { inInstance: -1, inTest: -1 };
  bytesSent = 0;
  bytesReceived = 0;
  /** Aborted when the running iteration is interrupted (cancels its requests). */
  signal = new AbortScope();
  readonly env: Record<string, string>;
  readonly metricTags: Record<string, string>;
  private tagCache: Record<string, string> | undefined;
  private iter: IterationSetter = {};
  private interruptNow: (() => void) | undefined;
  private readonly modules = new Map<string, unknown>();

  /** `idInInstance` is `__VU` (0 for the init/setup/teardown VUs). */
  constructor(
    readonly services: ThreadServices,
    readonly idInInstance: number,
  ) {
    this.env = { ...services.env };
    const invalidate = () => {
      this.tagCache = undefined;
    };
    this.metricTags = new Proxy({} as Record<string, string>, {
      set(t, k, v) {
        t[k as string] = String(v);
        invalidate();
        return true;
      },
      deleteProperty(t, k) {
        delete t[k as string];
        invalidate();
        return true;
      },
    });
    this.pending.onCallbackError = (err) => this.logIterationError(err);
  }

  /** `exec.vu.idInTest`. */
  get idInTest(): number {
    return this.services.idInTest(this.idInInstance);
  }

  /** Runs the script's init code for this VU (exceptions propagate: the caller maps them to exit 107). */
  async init(program: ScriptProgram): Promise<void> {
    const { exports, iter } = await program.instantiate({
      require: (name) => this.require(name),
      env: this.env,
      vuId: this.idInInstance,
      open: (path, mode) => {
        if (!this.inInit) throw new Error('open() can only be called in the init context');
        return this.services.openFile(path, mode === 'b');
      },
      console,
      setTimeout: this.pending.setTimeout,
      clearTimeout: this.pending.clearTimeout,
      setInterval: this.pending.setInterval,
      clearInterval: this.pending.clearInterval,
    });
    this.exports = exports;
    this.iter = iter;
    this.inInit = false;
    // Timers started by init code are not part of any iteration.
    this.pending.clearAll();
  }

  private require(name: string): unknown {
    let mod = this.modules.get(name);
    if (mod === undefined) {
      mod = createModule(name, this);
      this.modules.set(name, mod);
    }
    return mod;
  }

  /** Binds the VU to the scenario it will run; scenario env joins __ENV in place. */
  bind(scenario: ScenarioBinding): void {
    this.scenario = scenario;
    Object.assign(this.env, scenario.env);
    this.tagCache = undefined;
  }

  /** Tags for samples emitted now: run tags, scenario tags, `vu.metrics.tags`, `scenario` and `group`. */
  tags(): Record<string, string> {
    if (this.tagCache) return this.tagCache;
    const t: Record<string, string> = { ...this.services.runTags, ...(this.scenario?.tags ?? {}), ...this.metricTags };
    if (this.scenario) t.scenario = this.scenario.name;
    t.group = this.groupPath;
    this.tagCache = t;
    return t;
  }

  /** Moves the VU into or out of a group (k6 group tag "::a::b"). */
  setGroup(path: string): void {
    this.groupPath = path;
    this.tagCache = undefined;
  }

  /** Emits one sample unless the VU was interrupted. */
  emit(metric: string, value: number, tags: Record<string, string>, time = nowMs()): void {
    if (this.dead) return;
    this.services.record(metric, value, tags, time);
  }

  /** Logs an exception thrown by the script the way k6 does (one error line per iteration). */
  logIterationError(err: unknown): void {
    if (this.dead || err instanceof TestAbortError) return;
    if (errorLogs >= MAX_ERROR_LOGS) return;
    errorLogs++;
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const where = this.scenario ? ` executor=${this.scenario.executor} scenario=${this.scenario.name}` : '';
    this.services.log('error', `${text.replace(/\n\s*/g, ' | ')}${where}`);
    if (errorLogs === MAX_ERROR_LOGS) this.services.log('warn', `further script errors in this worker are not logged (limit ${MAX_ERROR_LOGS})`);
  }

  /** Runs the exported function `fnName` once with `data`; resolves when its event loop is empty. */
  async runIteration(fn: (data: unknown) => unknown, data: unknown): Promise<IterationOutcome> {
    this.iterationInInstance++;
    this.iterationInScenario++;
    if (this.scenario) this.scenarioIteration = this.scenario.nextIteration();
    this.iter.set?.(this.iterationInScenario);
    const scope = new AbortScope();
    this.signal = scope;
    if (this.groupPath !== '') this.setGroup('');
    this.bytesSent = 0;
    this.bytesReceived = 0;
    const start = nowMs();
    // One promise settled by whichever comes first (the body or an interrupt): no race, no extra layer.
    const outcome = await new Promise<IterationOutcome>((resolve) => {
      this.interruptNow = () => {
        scope.abort(new Error('iteration interrupted'));
        resolve('interrupted');
      };
      this.runBody(fn, data).then(resolve);
    });
    this.interruptNow = undefined;
    if (outcome === 'completed' && !this.dead) {
      const end = nowMs();
      const tags = this.tags();
      const base = tags.group === '' ? tags : { ...tags, group: '' };
      this.emit('data_sent', this.bytesSent, base, end);
      this.emit('data_received', this.bytesReceived, base, end);
      this.emit('iteration_duration', end - start, base, end);
      this.emit('iterations', 1, base, end);
      this.services.counters.iterationsCompleted++;
    } else {
      this.services.counters.iterationsInterrupted++;
    }
    return outcome;
  }

  private async runBody(fn: (data: unknown) => unknown, data: unknown): Promise<IterationOutcome> {
    try {
      await fn(data);
    } catch (err) {
      if (err instanceof TestAbortError) return 'interrupted';
      this.logIterationError(err);
    }
    if (this.pending.pending > 0) await this.pending.drained();
    return 'completed';
  }

  /** Interrupts the running iteration (hard stop): requests aborted, timers dropped, samples ignored from now on. */
  interrupt(): void {
    if (!this.interruptNow) return;
    this.dead = true;
    this.pending.clearAll();
    this.interruptNow();
  }

  /** True while an iteration runs. */
  get busy(): boolean {
    return this.interruptNow !== undefined;
  }
}
