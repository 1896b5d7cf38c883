import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseFlags, parsePositiveInt } from '../harness/args.ts';
import { HarnessError, UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { parseTargetConfig } from '../target/config.ts';
import { startStack, type StackOptions } from '../target/stack.ts';
import { assertNoState, defaultStateFile, logDirFor, readState, stackDown, stackStatus, writeState } from '../target/stack-state.ts';
import type { Command } from './cli.ts';

const usage = `Usage:
  aetheris-bench stack up [--workers N] [--api-port P] [--pg URL] [--config FILE] [--detach] [--state FILE]
  aetheris-bench stack status [--state FILE]
  aetheris-bench stack down [--state FILE]

Runs the reference stack: Postgres (embedded unless --pg), the Aetheris stand-in API and N worker
processes, all on 127.0.0.1.

stack up      Prints one JSON line {"api":"http://127.0.0.1:…","pg":"postgres://…"} (the pg URL holds
              the password: it is for you, it is never logged). Without --detach it stays in the
              foreground until SIGINT/SIGTERM, then stops everything and removes the data directory.
  --workers N     worker processes (default 2)
  --api-port P    API port on 127.0.0.1 (default: a free port); a port in use is an error (exit 2)
  --pg URL        use this Postgres instead of an embedded one; must be reachable (else exit 2);
                  the Aetheris schema is applied to it (idempotent, IF NOT EXISTS)
  --config FILE   TargetConfig JSON (target/config.ts) for the API and the workers; absent keys take
                  Aetheris defaults; a malformed file is an error naming the file and key (exit 2)
  --detach        start, record pids and folders in the state file, and return; the processes keep
                  running until \`stack down\`
  --state FILE    state file of a detached stack (default .stack/stack.json in the current directory);
                  its logs go to FILE's name + "-logs" (.stack/stack-logs)

stack status  Prints one JSON line: which recorded pids are alive and whether /api/health answers.
              Exit 0 when all are alive and healthy, 1 otherwise.
stack down    Stops every recorded process (SIGTERM; SIGKILL after a grace period: 10 s for the API,
              worker.shutdownGraceMs + 5 s for workers, default 35 s, to finish in-flight jobs; Postgres
              gets a fast shutdown), removes the embedded data directory, the logs and the state file.

Exit codes: 0 ok, 1 (status) something is down, 2 bad usage or input (nothing started), 3 start failed.`;

function stateFileOf(flag: string | undefined): string {
  return resolve(flag ?? defaultStateFile());
}

function readConfig(file: string): StackOptions['config'] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--config ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseTargetConfig(text, file);
}

function parsePort(text: string): number {
  const port = parsePositiveInt(text, '--api-port');
  if (port > 65535) throw new UsageError(`--api-port: ${port} is not a TCP port (1-65535)`);
  return port;
}

async function up(argv: string[]): Promise<number> {
  const { values } = parseFlags('stack up', argv, {
    workers: { type: 'string' },
    'api-port': { type: 'string' },
    pg: { type: 'string' },
    config: { type: 'string' },
    detach: { type: 'boolean' },
    state: { type: 'string' },
  });
  const opts: StackOptions = {
    workers: values.workers === undefined ? 2 : parsePositiveInt(values.workers, '--workers'),
    apiPort: values['api-port'] === undefined ? undefined : parsePort(values['api-port']),
    pgUrl: values.pg,
    config: values.config === undefined ? undefined : readConfig(values.config),
    detached: values.detach ?? false,
  };
  if (values.state !== undefined && !opts.detached) throw new UsageError('stack up: --state only applies with --detach');

  if (opts.detached) {
    const stateFile = stateFileOf(values.state);
    assertNoState(stateFile);
    const logDir = logDirFor(stateFile);
    if (existsSync(logDir)) throw new UsageError(`${logDir}: left over from an earlier stack (remove it, or pass another --state FILE)`);
    const createdDir = mkdirSync(dirname(stateFile), { recursive: true });
    let stack;
    try {
      stack = await startStack({ ...opts, stackDir: logDir });
    } catch (err) {
      if (createdDir) rmSync(createdDir, { recursive: true, force: true });
      throw err;
    }
    try {
      writeState(stateFile, stack.record());
    } catch (err) {
      // Unrecorded, `stack down` could never find these processes: stop them rather than leak them.
      await stack.stop();
      throw new HarnessError(`${stateFile}: cannot write the state file (${(err as Error).message}); the stack was stopped`);
    }
    console.log(JSON.stringify({ api: stack.apiUrl, pg: stack.pgUrl }));
    return EXIT.ok;
  }

  const stack = await startStack({
    ...opts,
    onUnexpectedExit: (name, tail) => console.error(`stack up: ${name} exited unexpectedly; log tail:\n${tail}`),
  });
  // Registered for good (never removed): while it listens, the stack's own signal handler leaves the exit to us.
  const signalled = new Promise<void>((done) => {
    process.on('SIGINT', () => done());
    process.on('SIGTERM', () => done());
  });
  console.log(JSON.stringify({ api: stack.apiUrl, pg: stack.pgUrl }));
  console.error(`stack up: running (logs in ${stack.stackDir}); SIGINT (Ctrl-C) stops it`);
  await signalled;
  await stack.stop();
  return EXIT.ok;
}

async function status(argv: string[]): Promise<number> {
  const { values } = parseFlags('stack status', argv, { state: { type: 'string' } });
  const st = await stackStatus(readState(stateFileOf(values.state)));
  console.log(JSON.stringify(st));
  return st.healthy ? EXIT.ok : EXIT.targetFailed;
}

async function down(argv: string[]): Promise<number> {
  const { values } = parseFlags('stack down', argv, { state: { type: 'string' } });
  const file = stateFileOf(values.state);
  const report = await stackDown(file, readState(file));
  console.log(JSON.stringify(report));
  return EXIT.ok;
}

/** `aetheris-bench stack up|status|down`. */
export const command: Command = {
  summary: 'run the reference stack (embedded Postgres + API + workers): up, status, down',
  usage,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action === 'up') return up(rest);
    if (action === 'status') return status(rest);
    if (action === 'down') return down(rest);
    throw new UsageError(`stack: expected up, status or down${action ? `, got "${action}"` : ''} (see aetheris-bench stack --help)`);
  },
};
