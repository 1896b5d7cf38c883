// Top-level await (valid on k6 ≥ v0.55): the engine bundles it as ESM and runs init as an async function.
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { check } from 'k6';

const config = await Promise.resolve({ vus: 2, iterations: 4 });
const calls = new Counter('calls_total');

export const options = { vus: config.vus, iterations: config.iterations };

export default async function () {
  const r = await http.asyncRequest('GET', `${__ENV.BASE}/tla`);
  check(r, { ok: (x) => x.status === 200 });
  calls.add(1);
}
