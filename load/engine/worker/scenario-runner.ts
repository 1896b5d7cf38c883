/**
 * The running state of one scenario in one worker (ScenarioRuntime): its VU pool, the clock its
 * executor schedules against, stop signals (end of duration, SIGINT, abort) and iteration dispatch.
 */
import type { BaseConfig, ExecutorDefinition, ScenarioRuntime } from '../executors/executor-types.ts';
import type { Share } from '../segment/execution-tuple.ts';
import type { ScriptProgram } from '../runtime/script-program.ts';
import { nowMs } from '../runtime/thread-services.ts';
import type { ThreadContext } from '../runtime/thread-context.ts';
import { VU, type IterationOutcome, type ScenarioBinding } from '../runtime/vu.ts';
import type { GeneratorMonitor } from './generator-monitor.ts';

/** What all scenarios of a worker share. */
export interface WorkerShared {
  program: ScriptProgram;
  ctx: ThreadContext;
  monitor: GeneratorMonitor;
  share: Share;
  /** Next `__VU` id of this worker. */
  nextVuId(): number;
  /** setup() data as JSON (undefined when setup returned nothing). */
  setupJson(): string | undefined;
  warnOnce(key: string, message: string): void;
}

let lastYield = performance.now();
const EARLY_TOLERANCE_MS = 0.5;
const parsedData = new WeakMap<VU, { value: unknown }>();

/** One scenario's runtime in one worker. */
export class ScenarioRunner implements ScenarioRuntime {
  regularEnded = false;
  private stopRequested = false;
  private hardStopped = false;
  private startEpoch = 0;
  private iterationCounter = 0;
  private readonly testIndices: Iterator<number>;
  private progressFn: () => number = () => 0;
  private readonly pool: VU[] = [];
  private readonly active = new Set<VU>();
  private readonly stopWaiters = new Set<() => void>();
  private readonly hardWaiters = new Set<() => void>();
  private readonly binding: ScenarioBinding;

  /** Prepares the scenario; VUs are created by `preallocate`. */
  constructor(
    readonly def: ExecutorDefinition,
    readonly config: BaseConfig,
    readonly share: Share,
    private readonly shared: WorkerShared,
  ) {
    this.binding = {
      name: config.name,
      executor: config.executor,
      startEpochMs: 0,
      tags: config.tags,
      env: config.env,
      progress: () => this.progressFn(),
      nextIteration: () => this.nextIteration(),
    };
    this.testIndices = share.globalIndices();
  }

  /** Initialises the VUs the plan wants before the test starts (exceptions → exit 107). */
  async preallocate(n: number): Promise<void> {
    for (let i = 0; i < n; i++) this.pool.push(await this.createVU());
  }

  private async createVU(): Promise<VU> {
    const vu = new VU(this.shared.ctx, this.shared.nextVuId());
    await vu.init(this.shared.program);
    vu.bind(this.binding);
    this.shared.ctx.counters.vusInitialized++;
    return vu;
  }

  /** Runs the executor from the test start: waits for startTime, then the run loop. */
  async run(testStartEpochMs: number): Promise<void> {
    this.startEpoch = testStartEpochMs + this.config.startTimeMs;
    this.binding.startEpochMs = this.startEpoch;
    if (!(await this.waitUntil(0))) return;
    await this.def.run(this.config, this);
  }

  elapsed(): number {
    return nowMs() - this.startEpoch;
  }

  endRegular(): void {
    this.regularEnded = true;
    this.wake(this.stopWaiters);
  }

  private wake(set: Set<() => void>): void {
    for (const w of [...set]) w();
    set.clear();
  }

  /** SIGINT / abort: no new iterations anywhere; running ones get gracefulStop. */
  requestStop(): void {
    this.stopRequested = true;
    this.wake(this.stopWaiters);
  }

  /** Second SIGINT / test abort: interrupt everything now. */
  hardStop(): void {
    this.requestStop();
    this.hardStopped = true;
    this.wake(this.hardWaiters);
    this.interruptAll();
  }

  waitUntil(elapsedMs: number): Promise<boolean> {
    if (this.stopRequested || this.regularEnded) return Promise.resolve(false);
    const delay = elapsedMs - this.elapsed();
    if (delay <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
      // Node timers run on whole milliseconds and may fire up to 1 ms early. Re-arm while more than
      // half a millisecond is left; closer than that, start now rather than busy-poll (which would
      // burn the core the generator needs): a start is at most 0.5 ms early, never late by design.
      const check = () => {
        if (this.stopRequested || this.regularEnded) return;
        const left = elapsedMs - this.elapsed();
        if (left <= EARLY_TOLERANCE_MS) {
          this.stopWaiters.delete(wake);
          resolve(true);
        } else timer = setTimeout(check, left);
      };
      this.stopWaiters.add(wake);
      timer = setTimeout(check, delay);
    });
  }

  hardDeadline(ms: number): Promise<void> {
    if (this.hardStopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.hardWaiters.delete(wake);
        resolve();
      }, ms);
      this.hardWaiters.add(wake);
    });
  }

  takeVU(): Promise<VU> {
    const vu = this.pool.pop();
    return vu ? Promise.resolve(vu) : this.createVU();
  }

  initVULater(ready: (vu: VU) => void): void {
    setImmediate(() => {
      this.createVU().then(ready, (err: unknown) => this.shared.ctx.log('error', `initializing a VU failed: ${(err as Error).message}`));
    });
  }

  async runIteration(vu: VU): Promise<IterationOutcome> {
    // A script whose iterations never wait on I/O would otherwise starve timers (and the stop signal).
    if (performance.now() - lastYield > 20) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
    if (this.hardStopped) return 'interrupted';
    let data = parsedData.get(vu);
    if (!data) {
      const json = this.shared.setupJson();
      data = { value: json === undefined ? undefined : JSON.parse(json) };
      parsedData.set(vu, data);
    }
    this.active.add(vu);
    try {
      return await vu.runIteration(vu.exports[this.config.exec] as (data: unknown) => unknown, data.value);
    } finally {
      this.active.delete(vu);
    }
  }

  interruptAll(): void {
    for (const vu of [...this.active]) vu.interrupt();
  }

  emitDropped(value: number): void {
    const tags = { ...this.shared.ctx.runTags, ...this.config.tags, scenario: this.config.name };
    this.shared.ctx.emit({ metric: 'dropped_iterations', time: nowMs(), value, tags });
  }

  recordLag(ms: number): void {
    this.shared.monitor.recordLag(ms);
  }

  recordDrop(lateMs: number): void {
    this.shared.monitor.recordDrop(lateMs);
  }

  vuActive(delta: number): void {
    this.shared.ctx.counters.vusActive += delta;
  }

  setProgress(fn: () => number): void {
    this.progressFn = fn;
  }

  // k6's segmented index: this worker's k-th iteration is the k-th index of its stripe, within the
  // instance (equal worker split: k × N + w) and within the whole test (the instance's stripe).
  private nextIteration(): { inInstance: number; inTest: number } {
    const k = this.iterationCounter++;
    const w = this.share.worker;
    const inInstance = w.isFull ? k : k * w.lengths.length + w.index;
    return { inInstance, inTest: this.testIndices.next().value as number };
  }

  /** 0..1 progress of this scenario. */
  progress(): number {
    return this.progressFn();
  }

  warnOnce(key: string, message: string): void {
    this.shared.warnOnce(key, message);
  }
}
