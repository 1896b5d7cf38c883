import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from './cli.ts';
import { readResult } from '../analysis/result/result-file.ts';
import type { RunResult } from '../analysis/result/types.ts';
import { loadThresholdTable, profileThresholds } from '../analysis/threshold-table.ts';
import { parseFlags, parsePositiveInt } from '../harness/args.ts';
import { writeFileAtomic } from '../harness/atomic-write.ts';
import { ENDPOINT_ROUTES, renderCalibrationMarkdown, summariseCalibration } from '../harness/calibration.ts';
import { HarnessError, UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { judgeRunDir } from '../harness/judge.ts';
import { RUN_FILES } from '../harness/run-dir.ts';
import { RUN_FLAG_HELP, RUN_FLAG_OPTIONS, runOptionsFromFlags } from '../harness/run-flags.ts';
import { executeRun, type RunOptions } from '../harness/run-pipeline.ts';
import { withSigint } from '../harness/sigint.ts';

const DEFAULT_DOC = fileURLToPath(new URL('../docs/calibration.md', import.meta.url));

const usage = `Usage: aetheris-bench calibrate --profile NAME --runs N [--endpoint E] [--doc FILE] [run options]

Measures how trustworthy the baseline comparison is on this machine. On the embedded stack it runs
the profile N times unchanged (A/A) and N times with the reference target's added-latency knob set
to +20 % of the A runs' median P95 on one gated endpoint. Reports the false-alarm rate over all A/A
pairs, the detection rate over all A/B pairs, and the noise of every gated metric with the margin
that would respect it. Writes the results, with this command, to docs/calibration.md.

Options:
  --runs N               runs per arm (≥ 2; each run takes the profile's duration plus setup)
  --endpoint E           gated endpoint to slow down: ${Object.keys(ENDPOINT_ROUTES).join(', ')} (default get_job)
  --doc FILE             where to write the Markdown (default docs/calibration.md)
${RUN_FLAG_HELP}

Exit: 0 written, 2 bad usage (e.g. --target: calibration needs the embedded stack's knob), 3 a run failed.`;

async function runOnce(opts: RunOptions, signal: AbortSignal, overrides?: Record<string, unknown>): Promise<RunResult> {
  const outcome = await executeRun({ ...opts, signal, configOverrides: overrides });
  if (outcome.harnessProblems.length) throw new HarnessError(`run ${outcome.runId}: ${outcome.harnessProblems.join('; ')}`);
  await judgeRunDir({ dir: outcome.dir, harnessProblems: [] });
  return readResult(join(outcome.dir, RUN_FILES.result));
}

/** \`aetheris-bench calibrate\`. */
export const command: Command = {
  summary: 'measure false-alarm and detection rates of the comparison on this machine (A/A and +20 %)',
  usage,
  async run(argv) {
    const { values } = parseFlags('calibrate', argv, { ...RUN_FLAG_OPTIONS, runs: { type: 'string' }, endpoint: { type: 'string', default: 'get_job' }, doc: { type: 'string' } });
    if (values.target) throw new UsageError('calibrate: --target is not supported: the +20 % arm needs the embedded reference target\'s latency knob');
    const runs = parsePositiveInt(values.runs ?? '', 'calibrate: --runs');
    if (runs < 2) throw new UsageError('calibrate: --runs must be at least 2 (A/A pairs need two runs)');
    const endpoint = values.endpoint!;
    const route = ENDPOINT_ROUTES[endpoint];
    if (!route) throw new UsageError(`calibrate: --endpoint "${endpoint}" must be one of ${Object.keys(ENDPOINT_ROUTES).join(', ')}`);
    const opts = runOptionsFromFlags('calibrate', values);
    const key = `http_req_duration{endpoint:${endpoint}}`;
    const specs = profileThresholds(loadThresholdTable(), opts.profile.name).compare;
    if (!specs.some((s) => s.key === key)) throw new UsageError(`calibrate: ${key} has no compare entry in baselines/thresholds.json`);

    return withSigint(async (signal) => {
      const a: RunResult[] = [];
      for (let i = 0; i < runs && !signal.aborted; i++) {
        console.log(`A run ${i + 1}/${runs}`);
        a.push(await runOnce(opts, signal));
      }
      const stat = specs.find((s) => s.key === key)!.stat;
      const p95s = a.map((r) => r.metrics[key]?.values[stat] ?? NaN).filter(Number.isFinite).sort((x, y) => x - y);
      const addedMs = Math.max(1, 0.2 * (p95s[p95s.length >> 1] ?? 0));
      const b: RunResult[] = [];
      for (let i = 0; i < runs && !signal.aborted; i++) {
        console.log(`B run ${i + 1}/${runs} (+${addedMs.toFixed(1)} ms on ${route})`);
        b.push(await runOnce(opts, signal, { knobs: { routeLatencyMs: { [route]: addedMs } } }));
      }
      const summary = summariseCalibration(a, b, specs, key, addedMs);
      const doc = values.doc ?? DEFAULT_DOC;
      writeFileAtomic(doc, renderCalibrationMarkdown(summary, {
        command: `aetheris-bench calibrate ${argv.join(' ')}`,
        machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
        date: new Date().toISOString(),
        aRuns: a.map((r) => r.runId),
        bRuns: b.map((r) => r.runId),
      }));
      console.log(`false alarms ${summary.aa.pairsWithAFail}/${summary.aa.pairs}, detected ${summary.shifted.detected}/${summary.shifted.pairs}; written to ${doc}`);
      return EXIT.ok;
    });
  },
};
