// setup() data crosses to every VU and teardown() as JSON; handleSummary's map is written out.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';

export const options = { vus: 2, iterations: 4 };

export async function setup() {
  await http.asyncRequest('GET', `${__ENV.BASE}/setup`);
  return { token: 'abc', n: 42 };
}

export default async function (data) {
  data.n++; // per-VU copy: mutations never leak to other VUs
  check(data, { 'setup data arrived': (d) => d.token === 'abc' });
  await http.asyncRequest('GET', `${__ENV.BASE}/iter/vu${exec.vu.idInInstance}/n${data.n}`);
}

export async function teardown(data) {
  await http.asyncRequest('GET', `${__ENV.BASE}/teardown/${data.token}/${data.n}`);
}

export function handleSummary(data) {
  return {
    [`${__ENV.OUT_DIR}/summary.json`]: JSON.stringify(data),
    stdout: 'custom summary on stdout\n',
  };
}
