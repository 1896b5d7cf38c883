import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { gitSha } from '../harness/run-dir.ts';
import { writeFileAtomic } from '../harness/atomic-write.ts';
import { BASELINE_SCHEMA, readBaselineOrResult, type BaselineFile } from '../analysis/compare/baseline-file.ts';
import { compareResults } from '../analysis/compare/compare-results.ts';
import { COMPARE_FLAG_HELP, COMPARE_FLAG_OPTIONS, compareOptions, compareSpecsFor } from '../analysis/compare/cli-options.ts';

const usage = `Usage: aetheris-bench baseline promote RESULT --profile NAME [--force] [options]

Makes RESULT (a result.json) the stored baseline of profile NAME: an atomic write of
baselines/NAME.json holding the result and its provenance (run id, git sha, date, fingerprint).
Refuses, without --force, a result that failed its own thresholds or a drill, a result of another
profile or without a comparability fingerprint (e.g. ingested k6 output), and — when a baseline exists already — a result that compared fail, inconclusive or
incomparable with it. Nothing is written when it refuses.

Options:
  --profile NAME         profile the baseline is for (required; lower-case letters, digits, "-")
  --force                promote anyway (recorded in the provenance)
  --baselines DIR        directory of the baselines (default baselines/ of this repository)
${COMPARE_FLAG_HELP}

Exit: 0 promoted, 1 refused (failed result or regression), 2 bad usage or input, 4 refused
(inconclusive or incomparable).`;

const DEFAULT_DIR = new URL('../baselines/', import.meta.url);

/** \`aetheris-bench baseline promote\`. */
export const command: Command = {
  summary: 'store a result as the baseline of a profile (with provenance), refusing bad results',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'promote') throw new UsageError(`baseline: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`} (only "promote")`);
    const { values, positionals } = parseFlags(
      'baseline promote',
      rest,
      { ...COMPARE_FLAG_OPTIONS, profile: { type: 'string' }, force: { type: 'boolean' }, baselines: { type: 'string' } },
      { positionals: true },
    );
    if (positionals.length !== 1) throw new UsageError('baseline promote: give exactly one RESULT file');
    const profile = values.profile;
    if (!profile) throw new UsageError('baseline promote: --profile NAME is required');
    if (!/^[a-z][a-z0-9-]*$/.test(profile)) throw new UsageError(`baseline promote: --profile "${profile}" must be lower-case letters, digits and "-"`);
    const opts = compareOptions('baseline promote', values);
    const force = values.force === true;
    const { result } = readBaselineOrResult(positionals[0]!);
    const specs = compareSpecsFor(values.thresholds, profile);
    const dir = values.baselines ? resolve(values.baselines) : decodeURIComponent(DEFAULT_DIR.pathname);
    const target = join(dir, `${profile}.json`);

    const refusals: Array<{ why: string; code: number }> = [];
    const resultProfile = typeof result.manifest?.profile === 'string' ? result.manifest.profile : null;
    if (resultProfile !== null && resultProfile !== profile) refusals.push({ why: `the result is of profile "${resultProfile}", not "${profile}" (incomparable)`, code: EXIT.inconclusive });
    if (!result.fingerprint) refusals.push({ why: 'the result has no comparability fingerprint, so no later run could ever be compared with it (incomparable)', code: EXIT.inconclusive });
    if (result.thresholdsOk === false) refusals.push({ why: `the result failed its own thresholds (${result.thresholds.filter((t) => !t.ok).map((t) => `${t.key}: ${t.source}`).join(', ')})`, code: EXIT.targetFailed });
    const failedDrills = result.drills.filter((d) => d.status !== 'pass');
    if (failedDrills.length > 0) refusals.push({ why: `drill(s) did not pass: ${failedDrills.map((d) => d.name).join(', ')}`, code: EXIT.targetFailed });
    let previousComparison: BaselineFile['provenance']['previousComparison'] = null;
    if (existsSync(target)) {
      const previous = readBaselineOrResult(target);
      const c = compareResults(previous.result, result, specs.compare, opts);
      previousComparison = { baselineRun: c.baselineRun, verdict: c.verdict, reason: c.reason };
      if (c.verdict !== 'pass') refusals.push({ why: `against the current baseline ${c.baselineRun}: ${c.verdict} — ${c.reason}`, code: c.verdict === 'fail' ? EXIT.targetFailed : EXIT.inconclusive });
    }
    if (refusals.length > 0 && !force) {
      console.error(`aetheris-bench: baseline promote: refused (${target} unchanged; --force to override): ${refusals.map((r) => r.why).join('; ')}`);
      return refusals.some((r) => r.code === EXIT.targetFailed) ? EXIT.targetFailed : EXIT.inconclusive;
    }
    const manifestSha = typeof result.manifest?.gitSha === 'string' ? result.manifest.gitSha : null;
    const doc: BaselineFile = {
      schema: BASELINE_SCHEMA,
      profile,
      provenance: {
        runId: result.runId,
        gitSha: manifestSha ?? gitSha(),
        promotedAt: new Date().toISOString(),
        fingerprint: result.fingerprint,
        previousComparison,
        forced: refusals.length > 0,
      },
      result,
    };
    // Compact: a baseline carries a full result (a histogram per second and tag set).
    writeFileAtomic(target, `${JSON.stringify(doc)}\n`);
    console.log(`promoted run ${result.runId} to ${target}${refusals.length > 0 ? ` (forced over: ${refusals.map((r) => r.why).join('; ')})` : ''}`);
    return EXIT.ok;
  },
};
