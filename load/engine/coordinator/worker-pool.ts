/**
 * The coordinator's side of the worker threads: starts N workers (each runs its execution-segment
 * share), waits until their VUs are initialised, relays stop signals, keeps each worker's latest
 * metrics snapshot and stats, and forwards streamed samples to the output writers.
 */
import { Worker } from 'node:worker_threads';
import type { Sample } from '../metrics/contract.ts';
import { EngineError, K6_EXIT } from '../runtime/engine-error.ts';
import type { FromWorker, ToWorker, WorkerInit, WorkerStats } from '../worker/worker-protocol.ts';

/** Callbacks the pool raises. */
export interface PoolEvents {
  onSamples(samples: Sample[]): void;
  onAbort(reason: string): void;
  onFail(reason: string): void;
  onWarn(message: string): void;
}

interface WorkerState {
  worker: Worker;
  exited?: boolean;
  snapshot?: unknown;
  stats?: WorkerStats;
  done: boolean;
}

const WORKER_URL = new URL('../worker/worker-entry.mjs', import.meta.url);

/** N worker threads running one test. */
export class WorkerPool {
  private readonly states: WorkerState[] = [];
  private allDone!: Promise<void>;
  private readonly warned = new Set<string>();

  /** Spawns the workers; `initFor(i)` gives each its workerData. */
  constructor(
    count: number,
    initFor: (index: number) => WorkerInit,
    private readonly events: PoolEvents,
  ) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_URL, { workerData: initFor(i), stderr: false, stdout: false });
      this.states.push({ worker, done: false });
    }
  }

  /** Resolves when every worker initialised its VUs; an init exception becomes exit 107. */
  ready(): Promise<void> {
    let remaining = this.states.length;
    return new Promise((resolve, reject) => {
      const dones: Array<Promise<void>> = [];
      for (const st of this.states) {
        let readyDone = false;
        dones.push(
          new Promise<void>((resolveDone) => {
            st.worker.on('message', (msg: FromWorker) => {
              switch (msg.type) {
                case 'ready':
                  readyDone = true;
                  if (--remaining === 0) resolve();
                  break;
                case 'initError':
                  reject(new EngineError(msg.message.replace(/\n\s*/g, ' | '), K6_EXIT.scriptException));
                  break;
                case 'samples':
                  this.events.onSamples(msg.samples);
                  break;
                case 'tick':
                  st.snapshot = msg.snapshot;
                  st.stats = msg.stats;
                  break;
                case 'done':
                  st.snapshot = msg.snapshot;
                  st.stats = msg.stats;
                  st.done = true;
                  resolveDone();
                  break;
                case 'abort':
                  this.events.onAbort(msg.reason);
                  break;
                case 'fail':
                  this.events.onFail(msg.reason);
                  break;
                case 'warn':
                  if (!this.warned.has(msg.key)) {
                    this.warned.add(msg.key);
                    this.events.onWarn(msg.message);
                  }
                  break;
              }
            });
            st.worker.on('error', (err) => {
              if (!readyDone) reject(new EngineError(`worker failed: ${err.message}`, K6_EXIT.scriptException));
              else this.events.onWarn(`worker failed: ${err.message}`);
              st.done = true;
              resolveDone();
            });
            st.worker.on('exit', () => {
              st.exited = true;
              st.done = true;
              resolveDone();
            });
          }),
        );
      }
      this.allDone = Promise.all(dones).then(() => undefined);
    });
  }

  private send(msg: ToWorker): void {
    for (const st of this.states) if (!st.done) st.worker.postMessage(msg);
  }

  /** Starts the test in every worker at the same epoch. */
  start(testStartEpochMs: number, setupJson: string | undefined): void {
    this.send({ type: 'start', testStartEpochMs, setupJson });
  }

  /** Graceful stop (first SIGINT, abortOnFail): executors finish within gracefulStop. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** Immediate stop (second SIGINT, test.abort). */
  hardStop(): void {
    this.send({ type: 'hardStop' });
  }

  /** Terminates every worker now (a worker stuck in a busy loop ignores messages); last snapshots stay. */
  kill(): void {
    for (const st of this.states) if (!st.exited) void st.worker.terminate();
  }

  /** Resolves when every worker reported its final snapshot (or died). */
  finished(): Promise<void> {
    return this.allDone;
  }

  /** The latest snapshot of each worker that sent one. */
  snapshots(): unknown[] {
    return this.states.flatMap((s) => (s.snapshot ? [s.snapshot] : []));
  }

  /** The latest stats of each worker that sent them. */
  stats(): WorkerStats[] {
    return this.states.flatMap((s) => (s.stats ? [s.stats] : []));
  }

  /**
   * Lets every worker exit by itself (so its console output is flushed), terminating one that is
   * still running after `graceMs` (e.g. held by an abandoned iteration's timers).
   */
  async terminate(graceMs = 2000): Promise<void> {
    await Promise.all(
      this.states.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.exited) return resolve();
            const timer = setTimeout(() => void s.worker.terminate().then(() => resolve()), s.done ? graceMs : 0);
            s.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }
}
