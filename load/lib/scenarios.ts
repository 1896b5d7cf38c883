/**
 * Scenario options sized from rates and hold times. An arrival-rate iteration that follows a job
 * keeps its VU busy for the whole follow, so the pool must be rate × hold time, not rate × request time.
 */
import type { ConstantArrivalRateScenario } from 'k6/options';
import { msToK6 } from './duration.ts';

/** A fractional per-second rate as k6's integer `rate` per `timeUnit` (per second, minute or hour). */
export function arrival(ratePerSec: number): { rate: number; timeUnit: string } {
  if (Number.isInteger(ratePerSec)) return { rate: ratePerSec, timeUnit: '1s' };
  const perMin = ratePerSec * 60;
  if (Math.abs(perMin - Math.round(perMin)) < 1e-9 || perMin >= 10) return { rate: Math.max(1, Math.round(perMin)), timeUnit: '1m' };
  return { rate: Math.max(1, Math.round(ratePerSec * 3600)), timeUnit: '1h' };
}

/**
 * A constant-arrival-rate scenario: `typicalHoldMs` sizes preAllocatedVUs, `maxHoldMs` (the most
 * one iteration can take) sizes maxVUs and gracefulStop, so the last iterations still finish.
 */
export function arrivalScenario(exec: string, ratePerSec: number, durationMs: number, typicalHoldMs: number, maxHoldMs: number): ConstantArrivalRateScenario {
  const pre = Math.ceil((ratePerSec * typicalHoldMs) / 1000) + 1;
  const max = Math.max(pre, Math.ceil((ratePerSec * maxHoldMs) / 1000) + 2);
  return {
    executor: 'constant-arrival-rate',
    exec,
    ...arrival(ratePerSec),
    duration: msToK6(durationMs),
    preAllocatedVUs: pre,
    maxVUs: max,
    gracefulStop: msToK6(maxHoldMs + 5000),
  };
}
