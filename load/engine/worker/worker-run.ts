/**
 * Everything one worker thread does: compile the bundle once, initialise its share of VUs for every
 * scenario, then on `start` run the executors and report snapshots (every second and at the end).
 */
import { dirname } from 'node:path';
import { EXECUTORS } from '../executors/executor-registry.ts';
import { MetricsEngine } from '../metrics/metrics-engine.ts';
import { ExecutionTuple, Share } from '../segment/execution-tuple.ts';
import { Rational } from '../segment/rational.ts';
import { ScriptProgram } from '../runtime/script-program.ts';
import { ThreadContext } from '../runtime/thread-context.ts';
import { GeneratorMonitor } from './generator-monitor.ts';
import { ScenarioRunner } from './scenario-runner.ts';
import type { FromWorker, ToWorker, WorkerInit, WorkerStats } from './worker-protocol.ts';

/** One worker's run; `post` sends messages to the coordinator. */
export class WorkerRun {
  private readonly ctx: ThreadContext;
  private readonly engine: MetricsEngine;
  private readonly monitor: GeneratorMonitor;
  private readonly runners: ScenarioRunner[] = [];
  private setupJson: string | undefined;
  private vuCount = 0;
  private readonly warned = new Set<string>();
  private tick?: NodeJS.Timeout;

  /** Builds the thread context; nothing runs yet. */
  constructor(
    private readonly init: WorkerInit,
    private readonly post: (msg: FromWorker) => void,
  ) {
    const { options } = init;
    this.engine = new MetricsEngine({ thresholds: options.thresholds, summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: options.summaryTimeUnit });
    const instanceCount = init.instanceLengths.length;
    this.ctx = new ThreadContext({
      engine: this.engine,
      options,
      env: init.env,
      scriptDir: dirname(init.scriptPath),
      idInTest: (id) => (id - 1) * instanceCount + init.instanceIndex + 1,
      onAbort: (reason) => this.post({ type: 'abort', reason }),
      onFail: (reason) => this.post({ type: 'fail', reason }),
      onSamples: init.streamSamples ? (samples) => this.post({ type: 'samples', samples }) : undefined,
      logPrefix: init.count > 1 ? `worker=${init.index} ` : '',
    });
    this.monitor = new GeneratorMonitor(init.index);
  }

  /** Compiles the script and initialises the planned VUs; reports `ready` or `initError`. */
  async prepare(): Promise<void> {
    const { init } = this;
    try {
      const program = new ScriptProgram(init.code, init.scriptPath, init.isAsync);
      const instance = new ExecutionTuple(init.instanceLengths.map(([n, d]) => new Rational(n, d)), init.instanceIndex);
      const share = new Share(instance, init.count > 1 ? ExecutionTuple.equal(init.count, init.index) : ExecutionTuple.full());
      const shared = {
        program,
        ctx: this.ctx,
        monitor: this.monitor,
        share,
        // Ids stay unique per instance across workers: worker w of N hands out w+1, w+1+N, …
        nextVuId: () => this.vuCount++ * init.count + init.index + 1,
        setupJson: () => this.setupJson,
        warnOnce: (key: string, message: string) => this.warnOnce(key, message),
      };
      for (const config of init.options.scenarios) {
        const def = EXECUTORS.get(config.executor)!;
        const runner = new ScenarioRunner(def, config, share, shared);
        await runner.preallocate(def.plan(config, share).preAllocatedVUs);
        this.runners.push(runner);
      }
      this.post({ type: 'ready', vusInitialized: this.ctx.counters.vusInitialized });
    } catch (err) {
      const e = err as Error;
      this.post({ type: 'initError', message: e?.stack ?? String(err) });
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.post({ type: 'warn', key, message });
  }

  private stats(): WorkerStats {
    const c = this.ctx.counters;
    return { ...c, generator: this.monitor.stats() };
  }

  /** Handles a coordinator message. */
  handle(msg: ToWorker): void {
    if (msg.type === 'start') void this.run(msg.testStartEpochMs, msg.setupJson);
    else if (msg.type === 'stop') for (const r of this.runners) r.requestStop();
    else if (msg.type === 'hardStop') for (const r of this.runners) r.hardStop();
  }

  private async run(testStartEpochMs: number, setupJson: string | undefined): Promise<void> {
    this.setupJson = setupJson;
    this.ctx.testStartEpochMs = testStartEpochMs;
    this.monitor.start();
    const tick = () => {
      this.ctx.flush();
      this.post({ type: 'tick', snapshot: this.engine.snapshot(), stats: this.stats() });
    };
    // An early tick lets the coordinator's first `vus` sample see the VUs that just started.
    const early = setTimeout(tick, 100);
    this.tick = setInterval(tick, 1000);
    try {
      await Promise.all(this.runners.map((r) => r.run(testStartEpochMs)));
    } catch (err) {
      this.ctx.log('error', `executor failed: ${(err as Error).stack ?? String(err)}`);
    }
    clearTimeout(early);
    clearInterval(this.tick);
    this.monitor.stop();
    await this.ctx.close();
    this.post({ type: 'done', snapshot: this.engine.snapshot(), stats: this.stats() });
  }
}
