// Thresholds that fail only at the end (exit 99); an iteration that throws is logged and still counted.
import { check } from 'k6';

export const options = {
  scenarios: { once: { executor: 'per-vu-iterations', vus: 1, iterations: 3 } },
  thresholds: { checks: ['rate>0.99'], iterations: ['count==3'] },
};

export default function () {
  check(__ITER, { 'first iteration': (i) => i === 0 });
  if (__ITER === 1) throw new Error('boom in iteration 1');
}
