import { parseDurationMs } from './args.ts';
import { UsageError } from './errors.ts';
import { parseFaultCommands } from './fault-spec.ts';
import { loadProfile } from './profile.ts';
import type { RunOptions } from './run-pipeline.ts';
import { parseTargetUrl } from './target-url.ts';

/** The flags of `run`, shared by gate, drill and calibrate (node:util parseArgs options). */
export const RUN_FLAG_OPTIONS = {
  profile: { type: 'string' },
  target: { type: 'string' },
  pg: { type: 'string' },
  runtime: { type: 'string', default: 'auto' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  out: { type: 'string', default: 'runs' },
  user: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' },
  'fault-cmd': { type: 'string', multiple: true },
  'allow-remote-target': { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

/** Help text for the shared run flags. */
export const RUN_FLAG_HELP = `  --profile NAME         profile from profiles/ (or a path to a profile JSON file)
  --target URL           a real Aetheris API (loopback only unless --allow-remote-target); the embedded
                         stack (embedded Postgres + reference target) when absent
  --pg URL               the target's Postgres, for sampling, seeding and the loss audit
  --runtime R            auto (k6 when installed, else the built-in engine) | k6 | engine (default auto)
  --duration D           load duration override (k6 duration: 30s, 2m, 1h)
  --rate R               submitted jobs per second override
  --out DIR              parent folder of the run directory (default runs)
  --user U --password P  credentials for POST /api/login (or AETHERIS_PASSWORD in the environment)
  --token T              bearer token (or AETHERIS_TOKEN); never written to any output
  --fault-cmd NAME=CMD   for a real deployment: the shell command of a fault (kill-worker, restart-api,
                         db-outage) or of its recovery (recover-NAME); repeatable
  --allow-remote-target  allow a non-loopback --target
  --quiet                no progress line`;

type Values = { [K in keyof typeof RUN_FLAG_OPTIONS]?: K extends 'fault-cmd' ? string[] : K extends 'allow-remote-target' | 'quiet' ? boolean : string };

/** Turns parsed run flags into RunOptions (profile loaded and validated). */
export function runOptionsFromFlags(command: string, values: Values, env: NodeJS.ProcessEnv = process.env): RunOptions {
  if (!values.profile) throw new UsageError(`${command}: --profile NAME is required`);
  if (values.pg && !/^postgres(ql)?:\/\//.test(values.pg)) throw new UsageError(`${command}: --pg must be a postgres:// URL`);
  if (values.duration) parseDurationMs(values.duration, `${command}: --duration`);
  let rate: number | undefined;
  if (values.rate !== undefined) {
    rate = Number(values.rate);
    if (!Number.isFinite(rate) || rate <= 0) throw new UsageError(`${command}: --rate "${values.rate}" must be a number > 0 (jobs per second)`);
  }
  return {
    profile: loadProfile(values.profile),
    outRoot: values.out ?? 'runs',
    target: values.target ? parseTargetUrl(values.target, values['allow-remote-target'] === true) : undefined,
    pg: values.pg,
    runtime: values.runtime ?? 'auto',
    duration: values.duration,
    rate,
    user: values.user,
    password: values.password ?? env.AETHERIS_PASSWORD,
    token: values.token ?? env.AETHERIS_TOKEN,
    faultCommands: values['fault-cmd'] ? parseFaultCommands(values['fault-cmd']) : undefined,
    quiet: values.quiet === true,
  };
}
