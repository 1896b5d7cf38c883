// CPU share of named process trees over a window, from /proc: which process limits a benchmark.
import { machineCpu, treeCpuSeconds } from './proc-stats.ts';

/** CPU used per named tree over a window, as a share of one core (1.0 = one core fully busy). */
export interface CpuShares {
  seconds: number;
  /** name → cores used on average over the window. */
  cores: Record<string, number>;
  /** Whole machine cores busy in processes over the window (ours and others'), softirq excluded. */
  machineBusy: number;
  /** Cores spent in softirq (mostly loopback network processing, charged to no process). */
  softirq: number;
}

/** Starts measuring the trees rooted at the given pids; `stop()` returns their average core use. */
export function startCpuWindow(trees: Record<string, number[]>): { stop(): CpuShares } {
  const read = () => Object.fromEntries(Object.entries(trees).map(([name, pids]) => [name, pids.reduce((a, p) => a + treeCpuSeconds(p), 0)]));
  const before = read();
  const m0 = machineCpu();
  const t0 = performance.now();
  return {
    stop() {
      const after = read();
      const m1 = machineCpu();
      const seconds = (performance.now() - t0) / 1000;
      const cores: Record<string, number> = {};
      for (const name of Object.keys(trees)) cores[name] = (after[name]! - before[name]!) / seconds;
      return { seconds, cores, machineBusy: (m1.busyS - m0.busyS) / seconds, softirq: (m1.softirqS - m0.softirqS) / seconds };
    },
  };
}

/** Adds a process measured another way (GNU time, process.cpuUsage): `cpuS` seconds over the window. */
export function withExtra(s: CpuShares, name: string, cpuS: number): CpuShares {
  return { ...s, cores: { ...s.cores, [name]: cpuS / s.seconds } };
}

/** Cores busy in processes not named in `s` (other work on this shared machine); never below 0. */
export function otherCores(s: CpuShares): number {
  return Math.max(0, s.machineBusy - Object.values(s.cores).reduce((a, b) => a + b, 0));
}

/** "api 0.95, workers 0.40, other processes 0.50, kernel softirq 0.2 (machine 1.9 of 2 cores busy)": busy CPU not charged to a named tree is other processes. */
export function describeShares(s: CpuShares, totalCores: number): string {
  const all = { ...s.cores, 'other processes': otherCores(s), 'kernel softirq (network)': s.softirq };
  const parts = Object.entries(all)
    .sort((a, b) => b[1] - a[1])
    .map(([name, c]) => `${name} ${c.toFixed(2)}`);
  return `${parts.join(', ')} (machine ${(s.machineBusy + s.softirq).toFixed(2)} of ${totalCores} cores busy)`;
}
