/**
 * The open-model core shared by both arrival-rate executors (k6-reference §6.3–6.4): start each
 * due iteration on a free VU; with none free, count one dropped iteration and initialise another
 * VU in the background while below maxVUs. Records how late each start was (scheduling lag).
 */
import type { VU } from '../runtime/vu.ts';
import type { ScenarioRuntime } from './executor-types.ts';
import { finishGracefully, InFlight } from './graceful-stop.ts';

/** Runs the arrival schedule given by `dueTimes` (elapsed ms, increasing) until `endMs`. */
export async function runArrivalSchedule(
  rt: ScenarioRuntime,
  opts: { preAllocatedVUs: number; maxVUs: number; endMs: number; gracefulStopMs: number; scenario: string; inclusiveEnd?: boolean },
  dueTimes: Iterator<number>,
): Promise<void> {
  const free: VU[] = [];
  for (let i = 0; i < opts.preAllocatedVUs; i++) free.push(await rt.takeVU());
  let initialised = opts.preAllocatedVUs;
  let initialising = 0;
  const inflight = new InFlight();
  const start = (vu: VU, due: number) => {
    rt.recordLag(Math.max(0, rt.elapsed() - due));
    rt.vuActive(1);
    const p = rt.runIteration(vu).then((outcome) => {
      rt.vuActive(-1);
      if (outcome === 'completed') free.push(vu);
    });
    inflight.add(p);
  };
  const schedule = (async () => {
    let sinceYield = 0;
    for (let next = dueTimes.next(); !next.done; next = dueTimes.next()) {
      const due = next.value;
      // constant-arrival-rate stops before `duration`; ramping-arrival-rate runs every iteration its
      // rate integral reaches, the last one possibly exactly at the end (0→10/s over 60 s gives 300).
      if (opts.inclusiveEnd ? due > opts.endMs + 1e-6 : due >= opts.endMs) break;
      if (due > rt.elapsed()) {
        sinceYield = 0;
        if (!(await rt.waitUntil(due))) break;
      } else if (++sinceYield >= 64) {
        // Behind schedule: start the backlog in batches but let I/O run between them.
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
      }
      if (rt.regularEnded) break;
      const vu = free.pop();
      if (vu) {
        start(vu, due);
        continue;
      }
      rt.emitDropped(1);
      rt.recordDrop(Math.max(0, rt.elapsed() - due));
      if (initialised + initialising < opts.maxVUs) {
        initialising++;
        rt.initVULater((v) => {
          initialising--;
          initialised++;
          free.push(v);
        });
      } else {
        rt.warnOnce('insufficient-vus', `Insufficient VUs, reached ${opts.maxVUs} active VUs and cannot initialize more (scenario ${opts.scenario})`);
      }
    }
    await rt.waitUntil(opts.endMs);
  })();
  const all = (async () => {
    await schedule;
    await inflight.drained();
  })();
  // The schedule itself marks the regular end (not a separate timer), so an iteration due exactly at
  // the end of an inclusive schedule is never cut off by timer ordering on a busy event loop.
  await finishGracefully(rt, all, schedule, opts.gracefulStopMs);
}
