/**
 * One `exec` run, k6's lifecycle (§8.1) across worker threads: prepare the script, initialise VUs
 * in every worker, setup(), run the executors, evaluate thresholds every 2 s (abortOnFail), stop on
 * SIGINT (graceful, then immediate), teardown(), final evaluation, summary, outputs, exit code.
 */
import { MetricsEngine } from '../metrics/metrics-engine.ts';
import type { MetricsEngineOptions, Sample } from '../metrics/contract.ts';
import { EXECUTORS } from '../executors/executor-registry.ts';
import { EngineError, K6_EXIT } from '../runtime/engine-error.ts';
import { nowMs } from '../runtime/thread-services.ts';
import { ThreadContext } from '../runtime/thread-context.ts';
import { Share, type ExecutionTuple } from '../segment/execution-tuple.ts';
import { dirname } from 'node:path';
import type { CliOptions } from '../options/engine-options.ts';
import { generatorReport, saturationWarning } from './generator-report.ts';
import { runSetup, runTeardown } from './lifecycle-calls.ts';
import { openOutputs, type OutputSpec } from './outputs.ts';
import { prepareScript } from './prepare-script.ts';
import { ProgressDisplay } from './progress.ts';
import { writeSummary } from './summary-writer.ts';
import { WorkerPool } from './worker-pool.ts';

/** What `exec` asks for. */
export interface RunRequest {
  scriptPath: string;
  cli: CliOptions;
  env: Record<string, string>;
  outputs: OutputSpec[];
  summaryExport?: string;
  workers: number;
  instance: ExecutionTuple;
  quiet: boolean;
  noColor: boolean;
}

/** Why the run stopped early. */
type StopCause = { code: number; message: string } | undefined;

/** Runs the test and resolves to k6's exit code. */
export async function runTest(req: RunRequest): Promise<number> {
  const script = await prepareScript(req.scriptPath, req.cli, req.env);
  const { options } = script;
  for (const w of options.warnings) process.stderr.write(`WARN ${w}\n`);
  const engineOptions: MetricsEngineOptions = {
    thresholds: options.thresholds,
    summaryTrendStats: options.summaryTrendStats,
    summaryTimeUnit: options.summaryTimeUnit,
    noColor: req.noColor,
  };
  const local = new MetricsEngine(engineOptions);
  for (const d of script.customMetrics) local.define(d);
  const problems = local.validate();
  if (problems.length > 0) throw new EngineError(problems.join('\n'), K6_EXIT.invalidConfig);

  const testStart = nowMs();
  const outputs = openOutputs(req.outputs, local, testStart, Object.keys(options.thresholds));
  let stopCause: StopCause;
  let failedByScript: string | undefined;
  let pool: WorkerPool | undefined;
  const stopNow = (code: number, message: string, hard: boolean) => {
    if (stopCause) return;
    stopCause = { code, message };
    process.stderr.write(`${message}\n`);
    if (hard) pool?.hardStop();
    else pool?.stop();
  };
  const ctx = new ThreadContext({
    engine: local,
    options,
    env: req.env,
    scriptDir: dirname(script.path),
    onAbort: (reason) => stopNow(K6_EXIT.scriptAborted, reason, true),
    onFail: (reason) => {
      failedByScript = reason;
    },
    onSamples: outputs.length > 0 ? (s: Sample[]) => outputs.write(s) : undefined,
  });

  const instanceLengths = req.instance.lengths.map((l) => [l.num, l.den] as [number, number]);
  const { warnings: _w, ...workerOptions } = options;
  pool = new WorkerPool(
    req.workers,
    (index) => ({
      index,
      count: req.workers,
      instanceLengths,
      instanceIndex: req.instance.index,
      scriptPath: script.path,
      code: script.code,
      isAsync: script.isAsync,
      options: workerOptions,
      env: req.env,
      streamSamples: outputs.length > 0,
    }),
    {
      onSamples: (s) => outputs.write(s),
      onAbort: (reason) => stopNow(K6_EXIT.scriptAborted, reason, true),
      onFail: (reason) => {
        failedByScript = reason;
      },
      onWarn: (message) => process.stderr.write(`WARN ${message}\n`),
    },
  );
  const merged = () => {
    const m = new MetricsEngine(engineOptions);
    m.merge(local.snapshot());
    for (const s of pool!.snapshots()) m.merge(s);
    return m;
  };

  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      stopNow(K6_EXIT.externalAbort, 'Stopping the test gracefully (gracefulStop honoured); press Ctrl+C again to stop at once', false);
    } else {
      process.stderr.write('Stopping the test at once\n');
      pool?.hardStop();
      // A worker stuck in synchronous script code never reads the message: kill it after a moment.
      setTimeout(() => pool?.kill(), 2000).unref();
    }
  };
  // setup/teardown/handleSummary run here: a stray rejected promise of theirs is logged, as k6 does.
  const onRejection = (reason: unknown) => ctx.log('error', `Uncaught (in promise) ${reason instanceof Error ? reason.message : String(reason)}`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', onRejection);
  let setupJson: string | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const progress = new ProgressDisplay(process.stderr, Boolean(process.stderr.isTTY), req.quiet);
  try {
    await pool.ready();
    ctx.flush();
    if (!stopCause) setupJson = await runSetup(script.program, ctx, options.setupTimeoutMs);
    const runStart = nowMs();
    ctx.testStartEpochMs = testStart;
    pool.start(runStart, setupJson);
    if (stopCause) pool.hardStop();
    const whole = Share.whole();
    const totalMs = Math.max(
      0,
      ...options.scenarios.map((s) => s.startTimeMs + EXECUTORS.get(s.executor)!.plan(s, whole).maxDurationMs - s.gracefulStopMs),
    );
    let lastP95: number | undefined;
    let rps = 0;
    let requests = 0;
    let failedRequests = 0;
    let ticks = 0;
    const tick = () => {
      ticks++;
      const stats = pool!.stats();
      const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((a, s) => a + f(s), 0);
      const t = nowMs();
      ctx.emit({ metric: 'vus', time: t, value: sum((s) => s.vusActive), tags: { ...options.tags } });
      ctx.emit({ metric: 'vus_max', time: t, value: sum((s) => s.vusInitialized), tags: { ...options.tags } });
      if (ticks % 2 === 1) {
        const m = merged();
        const elapsedMs = nowMs() - runStart;
        // k6 evaluates every 2 s from the start; the early first tick only feeds the progress line.
        for (const r of ticks >= 3 ? m.evaluate({ final: false, elapsedMs }) : []) {
          if (!r.ok && r.abortOnFail && elapsedMs >= r.delayAbortEvalMs) {
            stopNow(K6_EXIT.thresholdsFailed, `thresholds on metrics '${r.key}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`, true);
          }
        }
        const data = m.summaryData({ testRunDurationMs: elapsedMs, isStdOutTTY: false, isStdErrTTY: false });
        const dur = data.metrics.http_req_duration?.values;
        lastP95 = dur?.['p(95)'] ?? dur?.med;
        requests = data.metrics.http_reqs?.values.count ?? 0;
        rps = elapsedMs > 0 ? (requests / elapsedMs) * 1000 : 0;
        failedRequests = data.metrics.http_req_failed?.values.passes ?? 0;
      }
      progress.update({
        elapsedMs: t - runStart,
        totalMs,
        vus: sum((s) => s.vusActive),
        vusMax: sum((s) => s.vusInitialized),
        iterations: sum((s) => s.iterationsCompleted),
        interrupted: sum((s) => s.iterationsInterrupted),
        requestsPerSecond: rps,
        p95Ms: lastP95,
        failedRequests,
      });
    };
    // The first tick comes early so short runs still record the VUs that started (workers tick at 100 ms).
    let first: NodeJS.Timeout | undefined = setTimeout(() => {
      first = undefined;
      tick();
      ticker = setInterval(tick, 1000);
    }, 300);
    await pool.finished();
    clearTimeout(first);
    clearInterval(ticker);
    progress.finish();
    const stats = pool.stats();
    const t = nowMs();
    ctx.emit({ metric: 'vus', time: t, value: 0, tags: { ...options.tags } });
    ctx.emit({ metric: 'vus_max', time: t, value: stats.reduce((a, s) => a + s.vusInitialized, 0), tags: { ...options.tags } });
    let teardownError: EngineError | undefined;
    try {
      await runTeardown(script.program, ctx, setupJson, options.teardownTimeoutMs);
    } catch (err) {
      teardownError = err as EngineError;
      process.stderr.write(`ERRO ${teardownError.message}\n`);
    }
    ctx.flush();
    const final = merged();
    const testRunDurationMs = nowMs() - testStart;
    const results = final.evaluate({ final: true, elapsedMs: nowMs() - runStart });
    const report = generatorReport(stats.map((s) => s.generator));
    const data = {
      ...final.summaryData({
        testRunDurationMs,
        setupData: setupJson === undefined ? undefined : JSON.parse(setupJson),
        isStdOutTTY: Boolean(process.stdout.isTTY),
        isStdErrTTY: Boolean(process.stderr.isTTY),
      }),
      generator: report,
    };
    await writeSummary({
      data,
      program: script.program,
      ctx,
      timeoutMs: options.handleSummaryTimeoutMs,
      observations: final.thresholdObservations(),
      summaryExport: req.summaryExport,
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
    });
    const warning = saturationWarning(report);
    if (warning) process.stderr.write(`${warning}\n`);
    const thresholdsFailed = results.some((r) => !r.ok);
    if (thresholdsFailed) process.stderr.write('ERRO thresholds on metrics have been crossed\n');
    const cause = stopCause as StopCause;
    if (cause) return cause.code;
    if (teardownError) return teardownError.exitCode;
    if (thresholdsFailed) return K6_EXIT.thresholdsFailed;
    if (failedByScript !== undefined) return K6_EXIT.testFailed;
    return K6_EXIT.ok;
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('unhandledRejection', onRejection);
    await pool.terminate();
    await ctx.close();
    await outputs.close();
  }
}
