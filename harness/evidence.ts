import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadThresholdTable, renderThresholdTableMarkdown } from '../analysis/threshold-table.ts';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { UsageError } from './errors.ts';
import { gitSha, RUN_FILES } from './run-dir.ts';

/** Files of a run directory that go into the bundle (logs stay out: they are not evidence and may hold anything). */
const BUNDLED = [RUN_FILES.reportMd, RUN_FILES.reportHtml, RUN_FILES.result, RUN_FILES.verdict, RUN_FILES.junit, RUN_FILES.manifest, RUN_FILES.audit, RUN_FILES.faults, 'drill.md', 'drill.json'];

interface RunFacts {
  runId: string;
  profile: string;
  outcome: string;
  line: string;
  files: string[];
  attempts: Array<{ runId: string; exitCode: number; line: string }>;
  hasReplay: boolean;
  hasTenancy: boolean;
  hasGrowth: boolean;
  isDrill: boolean;
  fingerprint: unknown;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function factsOf(dir: string, copied: string[]): RunFacts {
  const result = readJson<{ runId: string; manifest?: { profile?: string }; metrics?: Record<string, unknown>; growth?: { relations?: unknown[] }; fingerprint?: unknown }>(join(dir, RUN_FILES.result));
  const verdict = readJson<{ outcome?: string; line?: string; attempts?: RunFacts['attempts'] }>(join(dir, RUN_FILES.verdict));
  const metrics = Object.keys(result?.metrics ?? {});
  const profile = result?.manifest?.profile ?? 'unknown';
  return {
    runId: result?.runId ?? basename(dir),
    profile,
    outcome: verdict?.outcome ?? 'not judged',
    line: verdict?.line ?? 'no verdict.json (run `aetheris-bench gate --result` on it)',
    files: copied,
    attempts: verdict?.attempts ?? [],
    hasReplay: metrics.some((m) => m.startsWith('replay_duration')),
    hasTenancy: metrics.includes('tenant_isolation_violations'),
    hasGrowth: (result?.growth?.relations?.length ?? 0) > 0,
    isDrill: existsSync(join(dir, 'drill.md')),
    fingerprint: result?.fingerprint ?? null,
  };
}

function links(f: RunFacts, only?: string[]): string {
  return f.files.filter((name) => !only || only.includes(name)).map((name) => `[${name}](${f.runId}/${name})`).join(' · ');
}

function indexMarkdown(runs: RunFacts[], createdAt: string): string {
  const section = (title: string, pick: (f: RunFacts) => boolean, files: string[], empty: string) => {
    const rows = runs.filter(pick);
    return [`## ${title}`, '', ...(rows.length ? rows.map((f) => `- \`${f.runId}\` (${f.profile}): ${links(f, files)}`) : [empty]), ''];
  };
  return [
    '# Release-candidate evidence bundle',
    '',
    `Created ${createdAt} from ${runs.length} run(s) with aetheris-bench at git ${gitSha().slice(0, 12)}.`,
    '',
    '| run | profile | outcome | verdict |',
    '|---|---|---|---|',
    ...runs.map((f) => `| [${f.runId}](${f.runId}/${RUN_FILES.reportMd}) | ${f.profile} | ${f.outcome} | ${f.line.replace(/\|/g, '\\|')} |`),
    '',
    '- [Threshold table](thresholds.md) — the single table every verdict used',
    '- [Environment](environment.json) — machine and fingerprints of every run',
    '',
    ...section('Performance', (f) => !f.isDrill, [RUN_FILES.reportMd, RUN_FILES.reportHtml, RUN_FILES.junit], 'No performance run in this bundle.'),
    ...section('Replay', (f) => f.hasReplay, [RUN_FILES.reportMd], 'No run measured replay.'),
    ...section('Tenancy', (f) => f.hasTenancy, [RUN_FILES.reportMd], 'No run probed tenant isolation.'),
    ...section('Lifecycle (storage growth)', (f) => f.hasGrowth, [RUN_FILES.reportMd, RUN_FILES.reportHtml], 'No run sampled Postgres.'),
    ...section('Failure drills', (f) => f.isDrill, ['drill.md', 'drill.json', RUN_FILES.faults, RUN_FILES.audit], 'No drill in this bundle.'),
    '## Attempts',
    '',
    ...runs.flatMap((f) => (f.attempts.length ? [`- \`${f.runId}\`: ${f.attempts.map((a) => `\`${a.runId}\` exit ${a.exitCode}`).join(', ')}`] : [`- \`${f.runId}\`: one attempt`])),
    '',
  ].join('\n');
}

/**
 * Assembles the evidence bundle of a release candidate in `outDir`: every run's reports, result,
 * verdict (with all its attempts), audit and drill report, the threshold table, the environment,
 * and an index.md linking them. Built in a temporary folder and renamed into place, so a failed
 * build never leaves half a bundle.
 */
export function buildEvidence(outDir: string, runDirs: string[]): { index: string; runs: number } {
  if (runDirs.length === 0) throw new UsageError('evidence: give at least one RUN_DIR');
  const target = resolve(outDir);
  if (existsSync(target)) throw new UsageError(`evidence: ${outDir} exists; choose a new folder (nothing is overwritten)`);
  for (const d of runDirs) if (!existsSync(join(d, RUN_FILES.result)) && !existsSync(join(d, RUN_FILES.manifest))) throw new UsageError(`evidence: ${d} is not a run directory (no result.json or manifest.json)`);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const runs: RunFacts[] = [];
    for (const d of runDirs) {
      const dir = resolve(d);
      const id = readJson<{ runId?: string }>(join(dir, RUN_FILES.result))?.runId ?? basename(dir);
      mkdirSync(join(tmp, id), { recursive: true });
      const copied = BUNDLED.filter((name) => existsSync(join(dir, name)));
      for (const name of copied) copyFileSync(join(dir, name), join(tmp, id, name));
      runs.push(factsOf(dir, copied));
    }
    const createdAt = new Date().toISOString();
    writeFileAtomic(join(tmp, 'thresholds.md'), `# Threshold table\n\nFrom baselines/thresholds.json at git ${gitSha().slice(0, 12)}.\n\n${renderThresholdTableMarkdown(loadThresholdTable())}\n`);
    writeJsonAtomic(join(tmp, 'environment.json'), {
      createdAt,
      gitSha: gitSha(),
      machine: { cpuModel: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()}-${arch()}`, kernel: release(), node: process.versions.node },
      runs: runs.map((r) => ({ runId: r.runId, profile: r.profile, fingerprint: r.fingerprint })),
    });
    writeFileAtomic(join(tmp, 'index.md'), indexMarkdown(runs, createdAt));
    renameSync(tmp, target);
    return { index: join(target, 'index.md'), runs: runs.length };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
