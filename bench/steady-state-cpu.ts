// CPU per request of a load generator in its steady state: the generator's CPU time (from /proc)
// and the requests the null server answered (nginx's own counter), read together several times a
// second, over a window that leaves out start-up, JIT warm-up and the drain at the end. Fixed costs
// (bundling, threads, each V8 isolate compiling the hot path) are not per-request costs, and a
// whole-run total divides them by however many requests the run happened to make.
import { treeCpuSeconds } from './proc-stats.ts';
import { nginxRequests } from './null-servers.ts';

/** One reading: ms since sampling began, generator CPU seconds, requests answered to others (status polls taken out). */
export interface SteadySample {
  t: number;
  cpuS: number;
  requests: number;
}

/** CPU and requests over the steady window. */
export interface SteadyWindow {
  seconds: number;
  cpuS: number;
  requests: number;
  usPerRequest: number;
}

/**
 * The steady window of a run's samples: from `warmupS` after the first reading that saw requests
 * to `tailS` before the last reading that saw new ones. Throws when that leaves under a second.
 */
export function steadyWindow(samples: readonly SteadySample[], warmupS: number, tailS: number): SteadyWindow {
  const first = samples.findIndex((s, i) => i > 0 && s.requests > samples[0]!.requests);
  let last = samples.length - 1;
  while (last > 0 && samples[last]!.requests === samples[last - 1]!.requests) last--;
  if (first < 0) throw new Error('the null server answered no requests while the generator ran');
  const from = samples.findIndex((s) => s.t >= samples[first]!.t + warmupS * 1000);
  let to = last;
  while (to > 0 && samples[to]!.t > samples[last]!.t - tailS * 1000) to--;
  if (from < 0 || to <= from || samples[to]!.t - samples[from]!.t < 1000) {
    throw new Error(`run too short for a steady window (${warmupS} s warm-up, ${tailS} s tail; requests seen for ${((samples[last]!.t - samples[first]!.t) / 1000).toFixed(1)} s)`);
  }
  const a = samples[from]!;
  const b = samples[to]!;
  const requests = b.requests - a.requests;
  const cpuS = b.cpuS - a.cpuS;
  return { seconds: (b.t - a.t) / 1000, cpuS, requests, usPerRequest: (cpuS / requests) * 1e6 };
}

/**
 * Reads the CPU of the process tree runChild starts (pass `onSpawn`) and nginx's request counter
 * every `intervalMs`; `stop()` once the run has finished gives the readings.
 */
export function sampleSteadyState(statusUrl: string, intervalMs = 200): { onSpawn(pid: number): void; stop(): Promise<SteadySample[]> } {
  const samples: SteadySample[] = [];
  let root = 0;
  let t0 = 0;
  let polls = 0;
  let busy: Promise<void> = Promise.resolve();
  const read = async (): Promise<void> => {
    const cpuS = treeCpuSeconds(root);
    const counted = await nginxRequests(statusUrl);
    polls++; // nginx counts each status request too
    samples.push({ t: performance.now() - t0, cpuS, requests: counted - polls });
  };
  const timer = setInterval(() => {
    if (root) busy = busy.then(read);
  }, intervalMs);
  return {
    onSpawn(pid) {
      root = pid;
      t0 = performance.now();
    },
    async stop() {
      clearInterval(timer);
      await busy;
      return samples;
    },
  };
}
