// Reads CPU time and memory of processes from /proc, so a benchmark can say which process limits it
// without trusting the process itself to report.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clockTicks: number | undefined;

/** Kernel clock ticks per second (USER_HZ), the unit of utime/stime in /proc/PID/stat. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface StatLine {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime of the process (all its threads), seconds. */
  cpuS: number;
}

function readStat(pid: number): StatLine | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm may hold spaces and parentheses: the fields after it start at the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  const tick = ticksPerSecond();
  return { pid, ppid: Number(f[1]), comm, cpuS: (Number(f[11]) + Number(f[12])) / tick };
}

function allStats(): StatLine[] {
  const out: StatLine[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** `root` and all its live descendants, from one read of /proc (root first). */
function treeStats(root: number): StatLine[] {
  const byPid = new Map<number, StatLine>();
  const children = new Map<number, number[]>();
  for (const s of allStats()) {
    byPid.set(s.pid, s);
    const siblings = children.get(s.ppid);
    if (siblings) siblings.push(s.pid);
    else children.set(s.ppid, [s.pid]);
  }
  const out: StatLine[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const s = byPid.get(stack.pop()!);
    if (!s) continue;
    out.push(s);
    stack.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

/** Pids of `root` and all its live descendants (root first). */
export function processTree(root: number): number[] {
  return treeStats(root).map((s) => s.pid);
}

/** CPU seconds (user + system) used so far by `root` and its live descendants. */
export function treeCpuSeconds(root: number): number {
  return treeStats(root).reduce((total, s) => total + s.cpuS, 0);
}

/** Current resident set size of one process in KiB (0 when it is gone). */
export function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Whole-machine CPU seconds from /proc/stat: `busyS` is time charged to processes or hard
 * interrupts (user+nice+system+irq+steal), `softirqS` the kernel's deferred work (loopback TCP is
 * mostly processed there and charged to no process), `idleS` idle+iowait.
 */
export function machineCpu(): { busyS: number; softirqS: number; idleS: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line;
  const tick = ticksPerSecond();
  return { busyS: (user + nice + system + irq + steal) / tick, softirqS: softirq / tick, idleS: (idle + iowait) / tick };
}
