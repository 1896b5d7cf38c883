// setup() outlives setupTimeout: k6 exits 100.
import { sleep } from 'k6';

export const options = { setupTimeout: '500ms' };

export async function setup() {
  await sleep(5);
}

export default function () {}
