// Engine benchmark: a constant arrival rate of RATE iterations/s for DURATION, one GET and a check
// per iteration, with VUS pre-allocated VUs (also the maximum). Runs unchanged on real k6.
import http from 'k6/http';
import { check } from 'k6';

const vus = Number(__ENV.VUS || 100);
export const options = {
  scenarios: {
    arrivals: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 1000),
      timeUnit: '1s',
      duration: __ENV.DURATION || '10s',
      preAllocatedVUs: vus,
      maxVUs: vus,
      gracefulStop: '2s',
    },
  },
};

export default async function () {
  const res = await http.asyncRequest('GET', __ENV.URL);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
