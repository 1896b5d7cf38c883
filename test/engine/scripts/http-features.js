// Exercises k6/http on the engine: every check must pass.
import http from 'k6/http';
import { check, group } from 'k6';

export const options = { iterations: 1, vus: 1 };

export default async function () {
  const base = __ENV.BASE;
  const ok = await http.asyncRequest('POST', `${base}/echo`, JSON.stringify({ a: 1 }), { headers: { 'Content-Type': 'application/json' }, tags: { name: 'echo' } });
  check(ok, {
    'status 200': (r) => r.status === 200,
    'json()': (r) => r.json().path === '/echo',
    'json(selector)': (r) => r.json('path') === '/echo',
    'headers canonical': (r) => r.headers['Content-Type'] === 'application/json',
    'timings add up': (r) => Math.abs(r.timings.duration - (r.timings.sending + r.timings.waiting + r.timings.receiving)) < 1e-6,
    'request recorded': (r) => r.request.method === 'POST' && r.request.body === '{"a":1}',
  });
  const redirected = await http.asyncRequest('GET', `${base}/redirect`);
  check(redirected, { 'redirect followed': (r) => r.status === 200 && r.url.endsWith('/landed') });
  const notFollowed = await http.asyncRequest('GET', `${base}/redirect`, null, { redirects: 0 });
  check(notFollowed, { 'redirects: 0 stops': (r) => r.status === 302 });
  const timedOut = await http.asyncRequest('GET', `${base}/slow/2000`, null, { timeout: '100ms' });
  check(timedOut, { 'timeout is 1050': (r) => r.error_code === 1050 && r.status === 0 && r.error === 'request timeout' });
  const refused = await http.asyncRequest('GET', 'http://127.0.0.1:1/');
  check(refused, { 'refused is 1212': (r) => r.error_code === 1212 && r.error.includes('connection refused') });
  const none = await http.asyncRequest('GET', `${base}/x`, null, { responseType: 'none' });
  check(none, { 'responseType none': (r) => r.body === null });
  const bin = await http.asyncRequest('GET', `${base}/x`, null, { responseType: 'binary' });
  check(bin, { 'responseType binary': (r) => r.body instanceof ArrayBuffer && r.body.byteLength > 0 });
  await group('expected', async () => {
    await http.asyncRequest('GET', `${base}/status/404`, null, { responseCallback: http.expectedStatuses(404), tags: { name: 'expected404' } });
  });
  await http.asyncRequest('GET', `${base}/status/503`, null, { tags: { name: 'unexpected503' } });
}
