// One scenario per executor, short and deterministic enough to count iterations exactly.
import http from 'k6/http';
import { sleep } from 'k6';

export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 3, iterations: 10, maxDuration: '10s' },
    pervu: { executor: 'per-vu-iterations', vus: 2, iterations: 3, maxDuration: '10s' },
    constant: { executor: 'constant-vus', vus: 2, duration: '1s', exec: 'paced' },
    ramping: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 4 }, { duration: '500ms', target: 0 }], gracefulRampDown: '0s', exec: 'paced' },
    car: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 4 },
    rar: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '2s', target: 20 }], preAllocatedVUs: 4 },
  },
};

export default async function () {
  await http.asyncRequest('GET', `${__ENV.BASE}/hit/${exec_name()}`);
}

function exec_name() {
  return __VU > 0 ? 'vu' : 'none';
}

export async function paced() {
  await http.asyncRequest('GET', `${__ENV.BASE}/paced`);
  await sleep(0.1);
}
