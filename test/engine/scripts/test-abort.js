// exec.test.abort() in an iteration: exit 108, teardown and summary still run.
import exec from 'k6/execution';
import http from 'k6/http';

export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '30s' } } };

export default async function () {
  await http.asyncRequest('GET', `${__ENV.BASE}/before-abort`);
  exec.test.abort('enough');
}
