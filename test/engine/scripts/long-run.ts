// A long constant-vus run for the SIGINT test (TypeScript on purpose: .ts scripts are bundled too).
import http from 'k6/http';
import { sleep } from 'k6';

export const options = { scenarios: { long: { executor: 'constant-vus', vus: 2, duration: '60s', gracefulStop: '5s' } } };

export default async function (): Promise<void> {
  await http.asyncRequest('GET', `${__ENV.BASE}/long`);
  await sleep(0.05);
}
