/**
 * Start of a run, before any VU: bundle the script, refuse unsupported APIs, run the init code
 * once (VU 0) to read `options` and the exported functions, and consolidate the options with the
 * CLI flags. Every failure here carries k6's exit code (107 script, 104 config).
 */
import { dirname } from 'node:path';
import { MetricsEngine } from '../metrics/metrics-engine.ts';
import { BUILTIN_METRICS } from '../metrics/builtin-metrics.ts';
import type { MetricDef } from '../metrics/contract.ts';
import { checkExecFunctions, consolidateOptions, type CliOptions, type EngineOptions } from '../options/engine-options.ts';
import { bundleScript, findUnsupportedApis } from '../runtime/bundle.ts';
import { EngineError, K6_EXIT } from '../runtime/engine-error.ts';
import { ScriptProgram } from '../runtime/script-program.ts';
import { ThreadContext } from '../runtime/thread-context.ts';
import { VU } from '../runtime/vu.ts';

/** A script ready to run. */
export interface PreparedScript {
  path: string;
  code: string;
  isAsync: boolean;
  program: ScriptProgram;
  exports: Record<string, unknown>;
  options: EngineOptions;
  /** Custom metrics the init code defines. */
  customMetrics: MetricDef[];
}

/** Bundles, checks and initialises `scriptPath` once. */
export async function prepareScript(scriptPath: string, cli: CliOptions, env: Record<string, string>): Promise<PreparedScript> {
  const bundle = await bundleScript(scriptPath);
  const unsupported = findUnsupportedApis(bundle.code);
  if (unsupported.length > 0) throw new EngineError(unsupported.join('\n'), K6_EXIT.scriptException);
  let program: ScriptProgram;
  try {
    program = new ScriptProgram(bundle.code, bundle.path, bundle.isAsync);
  } catch (err) {
    throw new EngineError(`${scriptPath}: ${(err as Error).message}`, K6_EXIT.scriptException);
  }
  const probeEngine = new MetricsEngine({ thresholds: {} });
  const ctx = new ThreadContext({
    engine: probeEngine,
    options: { tags: {}, raw: {}, userAgent: '', discardResponseBodies: false, noConnectionReuse: false, maxRedirects: 10 },
    env,
    scriptDir: dirname(bundle.path),
    onAbort: () => {},
    onFail: () => {},
  });
  const vu = new VU(ctx, 0);
  try {
    await vu.init(program);
  } catch (err) {
    await ctx.close();
    const e = err as Error;
    const at = e?.stack?.split('\n').find((l) => l.includes(bundle.path))?.trim();
    throw new EngineError(`script exception in the init context: ${e?.message ?? String(err)}${at ? ` (${at})` : ''}`, K6_EXIT.scriptException);
  }
  await ctx.close();
  const options = consolidateOptions(vu.exports.options, cli);
  const execProblems = checkExecFunctions(options, vu.exports);
  if (execProblems.length > 0) throw new EngineError(execProblems.join('\n'), K6_EXIT.invalidConfig);
  const builtin = new Set(BUILTIN_METRICS.map((m) => m.name));
  const customMetrics = probeEngine.definitions().filter((d) => !builtin.has(d.name));
  return { path: bundle.path, code: bundle.code, isAsync: bundle.isAsync, program, exports: vu.exports, options, customMetrics };
}
