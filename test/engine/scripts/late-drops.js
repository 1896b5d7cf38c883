// Arrival-rate drops with two causes. STALL=1: the first iteration blocks the event loop for
// 400 ms, so the scheduler reaches ~80 slots late and finds both VUs busy — the generator's fault.
// Otherwise every iteration sleeps 300 ms with 2 VUs at 50/s — the VUs are too few, the scheduler is on time.
import { sleep } from 'k6';
import exec from 'k6/execution';

export const options = {
  scenarios: {
    open: { executor: 'constant-arrival-rate', rate: __ENV.STALL ? 200 : 50, timeUnit: '1s', duration: '2s', preAllocatedVUs: 2, maxVUs: 2, gracefulStop: '1s' },
  },
};

export default async function () {
  if (__ENV.STALL && exec.scenario.iterationInTest === 0) {
    const until = Date.now() + 400;
    while (Date.now() < until) { /* block the event loop */ }
  }
  await sleep(__ENV.STALL ? 0.05 : 0.3);
}

export function handleSummary(data) {
  return { [__ENV.OUT]: JSON.stringify({ generator: data.generator, dropped: data.metrics.dropped_iterations ? data.metrics.dropped_iterations.values.count : 0 }) };
}
