/**
 * What every VU of one thread shares: the sample sink, metric registry, logging, the HTTP pool,
 * SharedArray store, files opened in init, and the test-wide controls (abort, fail).
 */
import type { MetricDef, Sample } from '../metrics/contract.ts';
import type { HttpAgent } from '../modules/http-agent.ts';

/** Counters k6/execution's `instance` reads. */
export interface InstanceCounters {
  iterationsCompleted: number;
  iterationsInterrupted: number;
  vusActive: number;
  vusInitialized: number;
}

/** Services of one thread (a worker, or the coordinator for setup/teardown/handleSummary). */
export interface ThreadServices {
  /** Queues one sample; samples from setup/teardown/iterations all go through here. */
  emit(sample: Sample): void;
  /** `emit` by fields, for the per-request path: no Sample object unless an output needs raw samples. */
  record(metric: string, value: number, tags: Record<string, string>, time: number): void;
  /** Registers a custom metric (idempotent for an identical definition). */
  defineMetric(def: MetricDef): MetricDef;
  /** Prints one log line to stderr in k6's logfmt-ish style. */
  log(level: 'info' | 'warn' | 'error' | 'debug', message: string): void;
  /** k6/execution test.abort(): stops the whole test, exit 108. */
  abortTest(reason: string): void;
  /** k6/execution test.fail(): the run goes on but ends with exit 110. */
  failTest(reason: string): void;
  /** Run tags (options.tags): on every sample. */
  runTags: Readonly<Record<string, string>>;
  /** __ENV before scenario env is added. */
  env: Readonly<Record<string, string>>;
  /** The consolidated options object (k6/execution test.options). */
  options: unknown;
  /** Unix ms when the test started (after setup). */
  testStartEpochMs: number;
  http: HttpAgent;
  /** SharedArray name → JSON-encoded elements, one store per thread. */
  sharedArrays: Map<string, string[]>;
  /** Resolves open() paths, caches contents, refuses paths the first init did not open. */
  openFile(path: string, binary: boolean): string | ArrayBuffer;
  counters: InstanceCounters;
  /** Stable identity of this instance for exec.vu.idInTest: VU id offset and stride. */
  idInTest(idInInstance: number): number;
}

// timeOrigin is fixed per thread; reading it through the getter on every sample costs more than the clock.
/** performance.timeOrigin of this thread, as Unix ms. */
export const TIME_ORIGIN = performance.timeOrigin;

/** Unix time in float milliseconds (k6 Sample time). */
export function nowMs(): number {
  return TIME_ORIGIN + performance.now();
}
