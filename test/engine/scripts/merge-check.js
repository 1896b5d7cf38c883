// Deterministic totals for comparing --workers 1 and --workers 2.
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';

const items = new Counter('items_total');
const size = new Trend('item_size');

export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 4, iterations: 40 },
    pervu: { executor: 'per-vu-iterations', vus: 3, iterations: 5 },
    car: { executor: 'constant-arrival-rate', rate: 30, duration: '1s', preAllocatedVUs: 6 },
  },
};

export default async function () {
  const r = await http.asyncRequest('GET', `${__ENV.BASE}/m`);
  check(r, { ok: (x) => x.status === 200 });
  items.add(2);
  size.add(__ITER % 5);
}
