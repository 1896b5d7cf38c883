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

/** CPU and requests over the steady window's clean stretches. */
export interface SteadyWindow {
  /** Seconds of the steady window kept (its stretches where the generator kept its core busy). */
  seconds: number;
  /** Seconds of the steady window left out (the generator used less than MIN_UTIL of its core). */
  droppedSeconds: number;
  cpuS: number;
  requests: number;
  /** NaN when nothing was kept. */
  usPerRequest: number;
}

/** Length of the stretches the steady window is judged in, seconds. */
const STRETCH_S = 2;
/**
 * A saturating generator uses its whole core (0.98 measured here); below this share it was waiting
 * on the server, which was sharing its core with other work on this machine: each wake-up then
 * carries fewer responses and a request costs the generator up to twice as much CPU. Such stretches
 * measure the neighbours, not the generator, and are left out.
 */
export const MIN_UTIL = 0.95;

/**
 * The steady window of a run's samples: from `warmupS` after the first reading that saw requests
 * to `tailS` before the last reading that saw new ones, judged in stretches of about STRETCH_S;
 * stretches where the generator used less than MIN_UTIL of a core are left out.
 * Throws when the window is under a second.
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
  const out = { seconds: 0, droppedSeconds: 0, cpuS: 0, requests: 0 };
  for (let a = from; a < to; ) {
    let b = a + 1;
    while (b < to && samples[b]!.t - samples[a]!.t < STRETCH_S * 1000) b++;
    const seconds = (samples[b]!.t - samples[a]!.t) / 1000;
    const cpuS = samples[b]!.cpuS - samples[a]!.cpuS;
    if (cpuS / seconds >= MIN_UTIL) {
      out.seconds += seconds;
      out.cpuS += cpuS;
      out.requests += samples[b]!.requests - samples[a]!.requests;
    } else out.droppedSeconds += seconds;
    a = b;
  }
  return { ...out, usPerRequest: out.requests > 0 ? (out.cpuS / out.requests) * 1e6 : Number.NaN };
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
  // A failed reading is kept for stop() to throw: left rejected until the next tick, it would end the process.
  let failure: unknown;
  const read = async (): Promise<void> => {
    const cpuS = treeCpuSeconds(root);
    const counted = await nginxRequests(statusUrl);
    polls++; // nginx counts each status request too
    samples.push({ t: performance.now() - t0, cpuS, requests: counted - polls });
  };
  const timer = setInterval(() => {
    if (root && failure === undefined) busy = busy.then(read).catch((err: unknown) => void (failure ??= err));
  }, intervalMs);
  return {
    onSpawn(pid) {
      root = pid;
      t0 = performance.now();
    },
    async stop() {
      clearInterval(timer);
      await busy;
      if (failure !== undefined) throw failure;
      return samples;
    },
  };
}
