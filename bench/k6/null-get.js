// Engine benchmark: GET one URL as fast as VUS virtual users can, with a check, as a k6 script
// (runs unchanged on real k6). ITERATIONS set: a single shared-iterations run (start-up cost only).
import http from 'k6/http';
import { check } from 'k6';

const vus = Number(__ENV.VUS || 50);
export const options = __ENV.ITERATIONS
  ? { scenarios: { once: { executor: 'shared-iterations', vus: 1, iterations: Number(__ENV.ITERATIONS) } } }
  : { scenarios: { get: { executor: 'constant-vus', vus, duration: __ENV.DURATION || '10s', gracefulStop: '2s' } } };

export default async function () {
  const res = await http.asyncRequest('GET', __ENV.URL);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
