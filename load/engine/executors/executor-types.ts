/**
 * What every executor file provides (config type with defaults, validate() listing every problem,
 * a plan of the VUs it needs, and its run loop) and the runtime services its run loop uses.
 * Modelled on k6's lib/executor: config and running state are separate.
 */
import type { Share } from '../segment/execution-tuple.ts';
import type { IterationOutcome, VU } from '../runtime/vu.ts';

/** Options every scenario has (k6 base_config.go). */
export interface BaseConfig {
  name: string;
  executor: string;
  startTimeMs: number;
  gracefulStopMs: number;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
}

/** The VUs one worker needs for a scenario: initialised before the test starts, and the ceiling. */
export interface ExecutionPlan {
  preAllocatedVUs: number;
  maxVUs: number;
  /** Longest the scenario can run, graceful stop included (for progress and sanity). */
  maxDurationMs: number;
}

/** Services a run loop uses; implemented per scenario by the worker. */
export interface ScenarioRuntime {
  readonly share: Share;
  /** ms since this scenario started. */
  elapsed(): number;
  /** True once no new iteration may start (duration over, or the test is stopping). */
  readonly regularEnded: boolean;
  /** Marks the regular part over (no new iterations). */
  endRegular(): void;
  /** Resolves at `elapsedMs`; resolves early (to false) when the test is told to stop. */
  waitUntil(elapsedMs: number): Promise<boolean>;
  /** Resolves `ms` after now, or at once on a hard stop. */
  hardDeadline(ms: number): Promise<void>;
  /** A pre-initialised VU if one is left, else a newly initialised one. */
  takeVU(): Promise<VU>;
  /** Initialises a VU later (off the scheduling path) and hands it to `ready`. */
  initVULater(ready: (vu: VU) => void): void;
  /** Runs one iteration of the scenario's exec function on `vu`. */
  runIteration(vu: VU): Promise<IterationOutcome>;
  /** Interrupts every iteration still running in this scenario. */
  interruptAll(): void;
  /** Emits dropped_iterations (value may be > 1); extra tags for per-vu-iterations. */
  emitDropped(value: number): void;
  /** Records how late an arrival-rate iteration started (ms). */
  recordLag(ms: number): void;
  /** Records an arrival-rate iteration dropped for want of a free VU, and how late its slot was handled (ms). */
  recordDrop(lateMs: number): void;
  /** VU active-count bookkeeping for the `vus` gauge. */
  vuActive(delta: number): void;
  /** Lets the executor report 0..1 progress (exec.scenario.progress, progress line). */
  setProgress(fn: () => number): void;
  /** Warns once (e.g. "Insufficient VUs"). */
  warnOnce(key: string, message: string): void;
}

/** One executor type. */
export interface ExecutorDefinition<C extends BaseConfig = BaseConfig> {
  type: string;
  /** Reads the raw scenario object with k6's defaults; unknown keys and bad types are problems. */
  parse(name: string, raw: Record<string, unknown>, problems: string[]): C;
  /** Every problem with a parsed config, as k6's Validate() lists them. */
  validate(config: C): string[];
  /** The VUs and time this worker's share needs. */
  plan(config: C, share: Share): ExecutionPlan;
  /** Runs this worker's share of the scenario to the end (graceful stop included). */
  run(config: C, rt: ScenarioRuntime): Promise<void>;
}
