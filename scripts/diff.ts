import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { readBaselineOrResult } from '../analysis/compare/baseline-file.ts';
import { compareResults } from '../analysis/compare/compare-results.ts';
import { renderDiffJson, renderDiffMarkdown } from '../analysis/compare/render-diff.ts';
import { COMPARE_FLAG_HELP, COMPARE_FLAG_OPTIONS, compareOptions, compareSpecsFor, comparisonProfile } from '../analysis/compare/cli-options.ts';

const usage = `Usage: aetheris-bench diff BASELINE RESULT [--format md|json] [options]

Compares RESULT (a result.json) with BASELINE (a baselines/<profile>.json or another result.json)
for every gated metric of the threshold table (entries with "compare"): relative change of the
statistic with a confidence interval (latency statistics: the pooled whole-run histogram, interval
from a seeded circular block bootstrap over seconds; rates and counts: means of per-window values
with a t interval), the table's margin, and a verdict:
pass (interval inside the margin), fail (interval beyond it), inconclusive (neither). Prints the
verdict line first, then one row per metric, then what could not be compared and why.

Options:
  --format md|json       output format (default md)
  --profile NAME         profile whose gated metrics are used (default: the result's manifest profile)
${COMPARE_FLAG_HELP}

Exit: 0 pass, 1 fail (regression beyond a margin), 2 bad usage or input, 4 inconclusive or incomparable.`;

/** \`aetheris-bench diff\`. */
export const command: Command = {
  summary: 'compare a result with a baseline: change, interval, margin and verdict per gated metric',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags('diff', argv, { ...COMPARE_FLAG_OPTIONS, format: { type: 'string' }, profile: { type: 'string' } }, { positionals: true });
    if (positionals.length !== 2) throw new UsageError('diff: give BASELINE and RESULT');
    const format = values.format ?? 'md';
    if (format !== 'md' && format !== 'json') throw new UsageError(`diff: --format "${format}" must be md or json`);
    const opts = compareOptions('diff', values);
    const baseline = readBaselineOrResult(positionals[0]!);
    const current = readBaselineOrResult(positionals[1]!);
    const profile = comparisonProfile(values.profile, current.result, baseline.result) ?? baseline.baseline?.profile;
    const specs = compareSpecsFor(values.thresholds, profile);
    const comparison = compareResults(baseline.result, current.result, specs.compare, opts);
    const extra = { currentThresholdsOk: current.result.thresholdsOk };
    process.stdout.write(format === 'md' ? renderDiffMarkdown(comparison, extra) : renderDiffJson(comparison, extra));
    return comparison.verdict === 'pass' ? EXIT.ok : comparison.verdict === 'fail' ? EXIT.targetFailed : EXIT.inconclusive;
  },
};
