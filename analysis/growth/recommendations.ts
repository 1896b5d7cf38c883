import { formatBytes, formatDuration } from './format.ts';
import type { GrowthOptions } from './growth-options.ts';
import type { RelationGrowth } from './index.ts';
import type { RelationSeries } from './samples-format.ts';

/** One piece of advice and the measurements it rests on (issue 5 item 5). */
export interface Recommendation {
  topic: 'retention-window' | 'snapshot-threshold' | 'gc-batch-size' | 'autovacuum';
  text: string;
  /** The measurements the advice is drawn from, each named with its value. */
  basedOn: string[];
}

/** Aetheris's hardcoded snapshot threshold (events per job) and GC batch and period (contract §4, §5.1). */
const SNAPSHOT_THRESHOLD_EVENTS = 1000;
const GC_BATCH = 1000;
const GC_PERIOD_S = 86_400;

function lastFinite(a: Float64Array): number {
  for (let i = a.length - 1; i >= 0; i--) if (Number.isFinite(a[i]!)) return a[i]!;
  return Number.NaN;
}

function ratePerHour(s: RelationSeries, counter: Float64Array): number | null {
  let first = -1;
  for (let i = 0; i < counter.length; i++) if (Number.isFinite(counter[i]!)) { first = i; break; }
  let last = -1;
  for (let i = counter.length - 1; i >= 0; i--) if (Number.isFinite(counter[i]!)) { last = i; break; }
  if (first < 0 || last <= first) return null;
  const dt = s.t[last]! - s.t[first]!;
  return dt > 0 ? ((counter[last]! - counter[first]!) / dt) * 3600 : null;
}

/** Draws recommendations from the measured relations; each names what it rests on. */
export function recommend(series: RelationSeries[], results: RelationGrowth[], opts: GrowthOptions): Recommendation[] {
  const out: Recommendation[] = [];
  const byName = new Map(results.map((r) => [r.relation, r]));
  const seriesByName = new Map(series.map((s) => [s.relation, s]));

  const db = byName.get('@database');
  if (db?.growthPerHour && db.growthPerHour > 0) {
    const rate = db.growthPerHour;
    const basedOn = [`@database steady-state growth ${formatBytes(rate)}/h (Theil–Sen)`, `@database size now ${formatBytes(db.lastBytes)}`];
    if (opts.diskBudgetBytes !== null) {
      const headroom = opts.diskBudgetBytes - db.lastBytes;
      const hours = headroom / rate;
      out.push({
        topic: 'retention-window',
        text: headroom > 0
          ? `To stay within a ${formatBytes(opts.diskBudgetBytes)} disk budget at this load, keep at most ${formatDuration(hours * 3600)} of data: set the retention window at or below that.`
          : `The database (${formatBytes(db.lastBytes)}) already exceeds the ${formatBytes(opts.diskBudgetBytes)} disk budget.`,
        basedOn: [...basedOn, `disk budget ${formatBytes(opts.diskBudgetBytes)}`],
      });
    } else {
      out.push({
        topic: 'retention-window',
        text: `At this load the database grows ${formatBytes(rate * 24)} per day; a retention window of W days needs about ${formatBytes(rate * 24)} × W of disk beyond today's ${formatBytes(db.lastBytes)} (pass a disk budget for a window).`,
        basedOn,
      });
    }
  }

  const anyRow = series.find((s) => Number.isFinite(lastFinite(s.eventsTotal)) && Number.isFinite(lastFinite(s.jobsTotal)));
  if (anyRow) {
    const events = lastFinite(anyRow.eventsTotal);
    const jobs = lastFinite(anyRow.jobsTotal);
    if (jobs > 0) {
      const perJob = events / jobs;
      const snaps = byName.get('job_snapshots');
      const basedOn = [`events per job ${perJob.toFixed(1)} (${events} job_events inserts / ${jobs} jobs inserts)`];
      if (snaps) basedOn.push(`job_snapshots size ${formatBytes(snaps.lastBytes)}, ${snaps.verdict}`);
      out.push({
        topic: 'snapshot-threshold',
        text: perJob < SNAPSHOT_THRESHOLD_EVENTS
          ? `Jobs average ${perJob.toFixed(1)} events, far below the ${SNAPSHOT_THRESHOLD_EVENTS}-event snapshot threshold: no snapshot is taken and replay reads about ${Math.ceil(perJob)} events per job, so the threshold is irrelevant at this load; lower it only for long-running jobs whose replay latency you measured to be too high.`
          : `Jobs average ${perJob.toFixed(0)} events, above the ${SNAPSHOT_THRESHOLD_EVENTS}-event threshold: each snapshot bounds replay to the events since it; a lower threshold shortens replay at the cost of more job_snapshots churn.`,
        basedOn,
      });
    }
  }

  const tool = seriesByName.get('tool_invocations');
  if (tool) {
    const ins = ratePerHour(tool, tool.inserts);
    const del = ratePerHour(tool, tool.deletes);
    if (ins !== null && ins > 0) {
      const perRun = ins * (GC_PERIOD_S / 3600);
      out.push({
        topic: 'gc-batch-size',
        text: `tool_invocations receives ${ins.toFixed(0)} rows/h, so each daily GC run must delete about ${perRun.toFixed(0)} rows: ${Math.ceil(perRun / GC_BATCH)} batches of ${GC_BATCH}; ${del !== null && del >= ins ? 'the measured delete rate keeps up' : `the measured delete rate (${(del ?? 0).toFixed(0)} rows/h) does not keep up yet (TTL 90 days)`}. Raise the batch size if a run's ${Math.ceil(perRun / GC_BATCH)} round trips approach its 30-minute timeout.`,
        basedOn: [`tool_invocations inserts ${ins.toFixed(0)}/h`, `tool_invocations deletes ${(del ?? 0).toFixed(0)}/h`],
      });
    }
  }

  for (const r of results) {
    if (!r.explanation.autovacuumStarved) continue;
    out.push({
      topic: 'autovacuum',
      text: `${r.relation} kept dead tuples above its autovacuum trigger for ${formatDuration(r.explanation.deadAboveTriggerS)}: lower autovacuum_vacuum_scale_factor (or raise autovacuum cost limits) for it.`,
      basedOn: [`${r.relation} dead tuples above trigger for ${formatDuration(r.explanation.deadAboveTriggerS)} (limit ${formatDuration(opts.starvationLimitS)})`],
    });
  }
  return out;
}
