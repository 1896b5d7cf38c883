import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AETHERIS_CONTRACTS, mergeContracts, validateContracts, type GrowthContract } from '../analysis/growth/index.ts';
import { seedJobs, replayJobsEnv, type SeededJob } from '../lifecycle/seed.ts';
import { auditJobs, type LossAudit } from '../lifecycle/loss-audit.ts';
import { startSampler } from '../lifecycle/sampler.ts';
import { startStack, type Stack } from '../target/stack.ts';
import { writeJsonAtomic } from './atomic-write.ts';
import { HarnessError, UsageError } from './errors.ts';
import { buildBundle } from '../load/build.ts';
import { parseDurationMs } from './args.ts';
import { faultHarnessProblems, runFaultSchedule, type FaultRecord } from './faults.ts';
import { fingerprint, kernelRelease, postgresFingerprint, type Fingerprint } from './fingerprint.ts';
import { resolveRuntime, runLoad, type Runtime } from './load-runner.ts';
import { loginToken } from './api-login.ts';
import { startObservabilityScraper } from './observability-scraper.ts';
import { workloadEnv, type Profile } from './profile.ts';
import { Progress, TimeseriesTail } from './progress.ts';
import { redactUrl } from './redact.ts';
import { createRunDir, gitSha, RUN_FILES } from './run-dir.ts';
import { targetConfigForProfile } from './stack-config.ts';
import { assertTargetHealthy } from './target-url.ts';

/** Everything `run` (and gate, drill, calibrate) needs to carry out one profile. */
export interface RunOptions {
  profile: Profile;
  /** Folder that receives runs/<id> (default "runs"). */
  outRoot: string;
  /** A real Aetheris API (validated by parseTargetUrl); the embedded stack when absent. */
  target?: string;
  /** The target's Postgres (for sampling, seeding and the audit). */
  pg?: string;
  runtime: string;
  duration?: string;
  rate?: number;
  token?: string;
  user?: string;
  password?: string;
  /** `--fault-cmd` map for a real deployment. */
  faultCommands?: Record<string, string>;
  /** TargetConfig overrides for the embedded stack (calibrate: added latency on one route). */
  configOverrides?: Record<string, unknown>;
  quiet?: boolean;
  /** Stops the run early (SIGINT): the load stops gracefully and everything measured is kept. */
  signal?: AbortSignal;
}

/** What a run produced on disk, and the facts the caller judges. */
export interface RunOutcome {
  runId: string;
  dir: string;
  runtime: Runtime;
  /** Exit code of the load generator (k6 codes). */
  loadExitCode: number;
  audit: LossAudit | null;
  faults: FaultRecord[];
  /** Infrastructure problems (exit 3 material): a failed fault command, a lost sampler, a crashed generator. */
  harnessProblems: string[];
}

const SCENARIO_DIR = fileURLToPath(new URL('../load/scenarios/', import.meta.url));

// Real k6 gets a bundle built from the current sources into the run directory (it is evidence
// too), never a stale dist/k6 left from an earlier build.
async function k6Bundle(script: string, dir: string): Promise<string> {
  const built = await buildBundle(join(SCENARIO_DIR, `${script}.ts`), join(dir, `k6-${script}.js`));
  if (built.problems.length) throw new HarnessError(`k6 bundle of ${script} failed its checks: ${built.problems.map((p) => p.message).join('; ')}`);
  return built.outFile;
}

function profileHash(profile: Profile): string {
  return createHash('sha256').update(readFileSync(profile.file)).digest('hex').slice(0, 16);
}

function acceptedJobs(summaryFile: string): number {
  if (!existsSync(summaryFile)) return 0;
  const data = JSON.parse(readFileSync(summaryFile, 'utf8')) as { metrics?: Record<string, { values?: { count?: number } }> };
  return data.metrics?.jobs_accepted?.values?.count ?? 0;
}

/** Total planned load time of a profile (for the progress line's ETA). */
export function plannedLoadMs(profile: Profile, duration?: string): number {
  return parseDurationMs(duration ?? profile.env.AB_DURATION ?? '60s', `${profile.file}: $.env.AB_DURATION`);
}

/**
 * Carries out one profile end to end: stack (embedded unless a target is given), seeding,
 * sampler, observability scraper, load, fault schedule, loss audit. Every stage streams its
 * output into the run directory as it goes, so a run killed at any moment can be analysed.
 */
export async function executeRun(opts: RunOptions): Promise<RunOutcome> {
  const { profile } = opts;
  const { runtime, version } = resolveRuntime(opts.runtime);
  const loadMs = plannedLoadMs(profile, opts.duration);
  const contractProblems = validateContracts(profile.growthContracts);
  if (contractProblems.length) throw new UsageError(`${profile.file}: $.growthContracts: ${contractProblems.join('; ')}`);
  const growthContracts = mergeContracts(DEFAULT_AETHERIS_CONTRACTS, profile.growthContracts as unknown as GrowthContract[]);
  const graceMs = parseDurationMs(profile.grace, `${profile.file}: $.grace`);
  // An unreachable target fails before anything is created or started.
  if (opts.target) await assertTargetHealthy(opts.target);
  const { dir, runId } = createRunDir(opts.outRoot, profile.name);
  const file = (name: string) => join(dir, name);
  const progress = new Progress({ totalMs: loadMs + graceMs, quiet: opts.quiet, figures: () => tail.figures() });
  const tail = new TimeseriesTail(file(RUN_FILES.timeseries));
  const harnessProblems: string[] = [];
  let stack: Stack | undefined;
  const stoppers: Array<() => Promise<void>> = [];

  try {
    progress.phase('stack');
    if (!opts.target) {
      stack = await startStack({ workers: profile.stack.workers, pgUrl: opts.pg, config: targetConfigForProfile(profile, opts.configOverrides) });
    }
    const apiUrl = opts.target ?? stack!.apiUrl;
    const pgUrl = opts.pg ?? stack?.pgUrl;

    const fp: Fingerprint = fingerprint({
      postgres: await postgresFingerprint(pgUrl),
      runtime,
      target: opts.target ? 'external' : 'embedded',
      profile: profile.name,
      profileHash: profileHash(profile),
    });
    const manifest = {
      runId,
      profile: profile.name,
      profileFile: profile.file,
      target: { kind: opts.target ? 'external' : 'embedded', api: apiUrl, pg: pgUrl ? redactUrl(pgUrl) : null, workers: opts.target ? null : profile.stack.workers },
      runtime: { name: runtime, version },
      gitSha: gitSha(),
      startedAt: new Date().toISOString(),
      overrides: { duration: opts.duration ?? null, rate: opts.rate ?? null, knobs: opts.configOverrides ?? {} },
      kernel: kernelRelease(),
      growthContracts,
      fingerprint: fp,
    };
    writeJsonAtomic(file(RUN_FILES.manifest), manifest);

    let seeded: SeededJob[] = [];
    if (profile.seed.length > 0) {
      progress.phase('seed');
      if (!pgUrl) throw new UsageError(`profile ${profile.name} seeds jobs: give --pg together with --target`);
      for (const s of profile.seed) {
        const res = await seedJobs({ pgUrl, jobs: s.jobs, events: s.events, snapshot: s.snapshot, tenant: s.tenant, payloadBytes: s.payloadBytes });
        seeded = seeded.concat(res.jobs);
      }
    }

    if (pgUrl) {
      const sampler = await startSampler({ pgUrl, intervalMs: parseDurationMs(profile.sampler.interval, `${profile.file}: $.sampler.interval`), outFile: file(RUN_FILES.samples) });
      stoppers.push(() => sampler.stop());
    }
    // Without a given token, log in as the workload does (an auth-off target answers 404: no token needed).
    const scraperToken = opts.token ?? (await loginToken(apiUrl, opts.user ?? 'admin', opts.password ?? 'admin'));
    const scraper = startObservabilityScraper({ apiUrl, token: scraperToken, intervalMs: 2000, outFile: file(RUN_FILES.observability) });
    stoppers.push(() => scraper.stop());

    progress.phase('load');
    const env = workloadEnv(profile, {
      baseUrl: apiUrl,
      runId,
      summaryFile: file(RUN_FILES.summary),
      replayJobs: seeded.length ? replayJobsEnv(seeded) : undefined,
      duration: opts.duration,
      rate: opts.rate,
      token: opts.token,
      user: opts.user,
      password: opts.password,
    });
    const script = runtime === 'k6' ? await k6Bundle(profile.script, dir) : join(SCENARIO_DIR, `${profile.script}.ts`);
    const loadStartedAt = Date.now();
    const faultAbort = new AbortController();
    const faultsDone = runFaultSchedule({
      faults: profile.faults,
      startedAt: loadStartedAt,
      stack,
      commands: opts.faultCommands,
      outFile: file(RUN_FILES.faults),
      signal: faultAbort.signal,
      log: (line) => progress.log(line),
    });
    const loadExitCode = await runLoad({
      runtime,
      script,
      env,
      timeseriesFile: file(RUN_FILES.timeseries),
      ndjsonFile: runtime === 'k6' ? file(RUN_FILES.metrics) : undefined,
      logFile: file(RUN_FILES.loadLog),
      signal: opts.signal,
    });
    faultAbort.abort();
    const faults = await faultsDone;
    harnessProblems.push(...faultHarnessProblems(faults));
    if (![0, 99].includes(loadExitCode)) harnessProblems.push(`the load generator exited with code ${loadExitCode} (see ${file(RUN_FILES.loadLog)})`);

    let audit: LossAudit | null = null;
    if (pgUrl) {
      progress.phase('audit');
      audit = await auditJobs({ pgUrl, runId, acceptedCount: acceptedJobs(file(RUN_FILES.summary)), graceMs, pollMs: 1000, signal: opts.signal });
      writeJsonAtomic(file(RUN_FILES.audit), audit);
    }
    return { runId, dir, runtime, loadExitCode, audit, faults, harnessProblems };
  } finally {
    progress.phase('stopping');
    for (const stop of stoppers.reverse()) await stop().catch((err: Error) => harnessProblems.push(`stopping: ${err.message}`));
    await stack?.stop();
    progress.done();
  }
}
