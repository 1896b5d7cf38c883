// The header of docs/benchmarks.md: what machine the numbers come from.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { postgresBinaries } from '../target/postgres-binaries.ts';

/** The machine facts quoted above every benchmark table. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  os: string;
  node: string;
  postgres: string;
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m ? m[1]! : platform();
  } catch {
    return platform();
  }
}

/** Reads the machine's CPU, memory, kernel, Node and embedded Postgres versions. */
export async function machineInfo(): Promise<MachineInfo> {
  let postgres = 'unknown';
  try {
    const bin = await postgresBinaries();
    const r = spawnSync(bin.postgres, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    postgres = r.stdout.trim() || postgres;
  } catch {
    /* stays unknown */
  }
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${platform()} ${release()}`,
    os: osName(),
    node: process.version,
    postgres,
  };
}
