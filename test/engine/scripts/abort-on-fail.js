// A threshold that fails at once with abortOnFail: the run must stop early with exit 99.
import http from 'k6/http';

export const options = {
  scenarios: { long: { executor: 'constant-vus', vus: 2, duration: '30s' } },
  thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }] },
};

export default async function () {
  await http.asyncRequest('GET', `${__ENV.BASE}/status/500`);
}
