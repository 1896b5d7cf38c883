/**
 * k6's legacy `--summary-export` transform (k6 internal/js/summary-wrapper.js oldJSONSummary,
 * k6-reference.md §2): options/state dropped, metrics flattened to their values (rate's `rate` renamed
 * `value`), thresholds inverted (true = FAILED), groups and checks keyed by name, 4-space indent.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { SummaryGroup } from './group-tree.ts';
import type { SummaryData } from './metrics-engine.ts';

/** A group in the legacy export: children keyed by name (duplicates by name collapse, last wins). */
export interface LegacyGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, LegacyGroup>;
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

/** The legacy export object. */
export interface LegacyExport {
  root_group: LegacyGroup;
  metrics: Record<string, Record<string, number | Record<string, boolean>>>;
  setup_data?: unknown;
}

function legacyGroup(g: SummaryGroup): LegacyGroup {
  const groups: LegacyGroup['groups'] = {};
  for (const child of g.groups) groups[child.name] = legacyGroup(child);
  const checks: LegacyGroup['checks'] = {};
  for (const c of g.checks) checks[c.name] = { name: c.name, path: c.path, id: c.id, passes: c.passes, fails: c.fails };
  return { name: g.name, path: g.path, id: g.id, groups, checks };
}

/** Transforms handleSummary data into k6's legacy export object. */
export function toLegacyExport(data: SummaryData): LegacyExport {
  const metrics: LegacyExport['metrics'] = {};
  for (const [name, m] of Object.entries(data.metrics)) {
    const flat: Record<string, number | Record<string, boolean>> = {};
    for (const [k, v] of Object.entries(m.values)) flat[m.type === 'rate' && k === 'rate' ? 'value' : k] = v;
    if (m.thresholds) {
      const failed: Record<string, boolean> = {};
      for (const [expr, t] of Object.entries(m.thresholds)) failed[expr] = !t.ok;
      flat.thresholds = failed;
    }
    metrics[name] = flat;
  }
  const out: LegacyExport = { root_group: legacyGroup(data.root_group), metrics };
  if (data.setup_data !== undefined) out.setup_data = structuredClone(data.setup_data);
  return out;
}

/** The export file's text, pretty-printed with 4 spaces as k6 writes it. */
export function legacyExportText(data: SummaryData): string {
  return JSON.stringify(toLegacyExport(data), null, 4);
}

/** Writes the export atomically (temp file + rename), so a reader never sees half a file. */
export function writeLegacyExport(path: string, data: SummaryData): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, legacyExportText(data));
  renameSync(tmp, path);
}
