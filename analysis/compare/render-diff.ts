/**
 * The reviewer's view of a comparison (`aetheris-bench diff`): the verdict line first, then one row
 * per gated metric (baseline, current, change, interval, margin, verdict), then what could not be
 * compared and why. Markdown for a PR comment, JSON for tools.
 */
import type { Comparison } from './compare-results.ts';

const ICON: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', inconclusive: '⚠️ inconclusive', incomparable: '⛔ incomparable' };

function pct(x: number): string {
  const v = (x * 100).toFixed(1);
  return `${x >= 0 ? '+' : ''}${v} %`;
}

function num(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** How the intervals were formed, in one sentence (only the methods this comparison used). */
export function methodNote(c: Pick<Comparison, 'metrics' | 'windowSec' | 'resamples'>): string {
  const parts: string[] = [];
  if (c.metrics.some((m) => m.method === 'pooled-block-bootstrap')) {
    const blocks = [...new Set(c.metrics.flatMap((m) => (m.blockSec ? [m.blockSec.baseline, m.blockSec.current] : [])))].sort((a, b) => a - b);
    parts.push(`latency statistics are those of the pooled whole-run histogram, their intervals from a circular block bootstrap over seconds (${c.resamples} resamples, blocks of ${blocks.join('/')} s chosen from the autocorrelation)`);
  }
  if (c.metrics.some((m) => m.method === 'window-mean-t')) parts.push(`rates and counts are compared as means of ${c.windowSec} s windows with a t interval`);
  return parts.length ? `${parts.join('; ')} — never over raw requests, which are not independent.`.replace(/^./, (x) => x.toUpperCase()) : '';
}

/** Renders a comparison as Markdown. */
export function renderDiffMarkdown(c: Comparison, extra: { currentThresholdsOk?: boolean | null } = {}): string {
  const lines = [`**${ICON[c.verdict]!.toUpperCase()}** — ${c.reason}`, ''];
  lines.push(`Baseline \`${c.baselineRun}\` → result \`${c.currentRun}\`; ${Math.round(c.confidence * 100)} % intervals. ${methodNote(c)}`);
  if (extra.currentThresholdsOk === false) lines.push('', 'The result failed some of its own thresholds: a gate fails it whatever the baseline says.');
  lines.push('');
  if (c.metrics.length > 0) {
    lines.push('| metric | stat | baseline | current | change | interval | margin | smallest detectable | verdict |', '|---|---|---:|---:|---:|---|---:|---:|---|');
    for (const m of c.metrics) {
      lines.push(`| \`${m.key}\` | ${m.stat} | ${num(m.baseline)} | ${num(m.current)} | ${pct(m.change)} | [${pct(m.lower)}, ${pct(m.upper)}] | ${m.better === 'lower' ? '+' : '−'}${(m.margin * 100).toFixed(0)} % | ${(m.minimumDetectableEffect * 100).toFixed(1)} % | ${ICON[m.verdict]} |`);
    }
    lines.push('');
  }
  if (c.notCompared.length > 0 || c.fingerprint.differences.length > 0) {
    lines.push('Not compared:');
    for (const d of c.fingerprint.differences) lines.push(`- fingerprint: ${d}`);
    for (const n of c.notCompared) lines.push(`- \`${n.key}\` ${n.stat}: ${n.reason}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Renders a comparison as JSON (the verdict first). */
export function renderDiffJson(c: Comparison, extra: { currentThresholdsOk?: boolean | null } = {}): string {
  const { verdict, reason, ...rest } = c;
  return `${JSON.stringify({ verdict, reason, currentThresholdsOk: extra.currentThresholdsOk ?? null, ...rest }, null, 2)}\n`;
}
