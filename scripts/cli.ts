import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../harness/exit-codes.ts';
import { HarnessError, UsageError } from '../harness/errors.ts';

/** What each subcommand module (scripts/<name>.ts) exports as `command`. */
export interface Command {
  /** One line for the command list in --help. */
  summary: string;
  /** Full usage text printed by `aetheris-bench <name> --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** Every subcommand, in the order --help lists them. A name whose file does not exist yet is left out of help. */
const COMMANDS = [
  'gate', 'run', 'drill', 'exec', 'build', 'seed', 'stack', 'llm-stub', 'sample', 'growth',
  'ingest', 'analyze', 'diff', 'baseline', 'calibrate', 'evidence', 'bench-all',
] as const;

function moduleUrl(name: string): URL {
  return new URL(`./${name}.ts`, import.meta.url);
}

function available(): string[] {
  return COMMANDS.filter((name) => existsSync(fileURLToPath(moduleUrl(name))));
}

async function load(name: string): Promise<Command> {
  const mod = (await import(moduleUrl(name).href)) as { command: Command };
  return mod.command;
}

async function help(): Promise<string> {
  const lines = ['Usage: aetheris-bench <command> [options]', '', 'Commands:'];
  for (const name of available()) lines.push(`  ${name.padEnd(12)} ${(await load(name)).summary}`);
  lines.push('', 'Run `aetheris-bench <command> --help` for the options of one command.');
  return lines.join('\n');
}

/** Entry point: dispatches to a subcommand and turns its errors into exit codes and one-line messages. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (!available().includes(name)) {
    console.error(`aetheris-bench: unknown command "${name}" (see aetheris-bench --help)`);
    return EXIT.usage;
  }
  const command = await load(name);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`aetheris-bench: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof HarnessError) {
      console.error(`aetheris-bench: ${err.message}`);
      return EXIT.harness;
    }
    console.error(`aetheris-bench: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.harness;
  }
}
