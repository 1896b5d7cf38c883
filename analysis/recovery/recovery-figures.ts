import { preFaultLevel } from './pre-fault-level.ts';
import { recoveryTime } from './recovery-time.ts';
import { bucketOverlaps, densify, type SecondSample } from './second-sample.ts';
import { windowStats, type WindowStats } from './window-comparison.ts';

/** A fault as the recovery figures need it (a faults.ndjson line has these fields). */
export interface FaultWindowInput {
  index: number;
  action: string;
  /** Unix ms; null when the fault was never injected (skipped/aborted) — it then gets no figures. */
  window: { start: number; end: number } | null;
}

/** Settings of the recovery figures. */
export interface RecoveryOptions {
  /** Seconds before the fault whose median is the pre-fault level (default 10). */
  baselineSeconds?: number;
  /** Fraction of the pre-fault level that counts as recovered (default 0.9). */
  recoveredFraction?: number;
  /** Seconds whose mean must reach it, the first of them reaching it too (default 3; see recovery-time.ts). */
  sustainSeconds?: number;
}

/** Recovery of one fault. */
export interface FaultRecovery {
  index: number;
  action: string;
  window: { start: number; end: number };
  /** Median throughput/s before the fault; null = no baseline (nothing ran before it). */
  preFaultLevel: number | null;
  /** recoveredFraction × preFaultLevel. */
  targetLevel: number | null;
  /** ms from the fault's end until throughput was back; null = not back (or no baseline). */
  recoveryMs: number | null;
  recoveredAt: number | null;
  /** `recovered`, `not-recovered` (not back before the series ended), `no-baseline`. */
  status: 'recovered' | 'not-recovered' | 'no-baseline';
  observedUntil: number;
  /** Seconds overlapping the fault's window. */
  inside: WindowStats;
}

/** Figures of a whole drill. */
export interface RecoveryFigures {
  settings: Required<RecoveryOptions>;
  faults: FaultRecovery[];
  /** Seconds outside every fault window: the reference the `inside` figures compare with. */
  outside: WindowStats;
}

/**
 * Recovery figures of a drill (issue 7 item 3), pure: for each injected fault, the time from its
 * end until throughput is back to ≥ `recoveredFraction` of the pre-fault level (median of the
 * `baselineSeconds` before it), and error rate / P95 inside its window against outside all windows.
 */
export function recoveryFigures(samples: readonly SecondSample[], faults: readonly FaultWindowInput[], options: RecoveryOptions = {}): RecoveryFigures {
  const settings = { baselineSeconds: options.baselineSeconds ?? 10, recoveredFraction: options.recoveredFraction ?? 0.9, sustainSeconds: options.sustainSeconds ?? 3 };
  const dense = densify(samples);
  const injected = faults.filter((f): f is FaultWindowInput & { window: { start: number; end: number } } => f.window !== null);
  const figures = injected.map((f): FaultRecovery => {
    const level = preFaultLevel(dense, f.window.start, settings.baselineSeconds);
    const inside = windowStats(dense.filter((s) => bucketOverlaps(s.t, f.window.start, f.window.end)));
    const observedUntil = dense.length > 0 ? (dense[dense.length - 1]!.t + 1) * 1000 : f.window.end;
    if (level === null || level <= 0) {
      return { index: f.index, action: f.action, window: f.window, preFaultLevel: level, targetLevel: null, recoveryMs: null, recoveredAt: null, status: 'no-baseline', observedUntil, inside };
    }
    const target = level * settings.recoveredFraction;
    const r = recoveryTime(dense, f.window.end, target, settings.sustainSeconds);
    return {
      index: f.index,
      action: f.action,
      window: f.window,
      preFaultLevel: level,
      targetLevel: target,
      recoveryMs: r.recoveryMs,
      recoveredAt: r.recoveredAt,
      status: r.recoveryMs === null ? 'not-recovered' : 'recovered',
      observedUntil: r.observedUntil,
      inside,
    };
  });
  const outside = windowStats(dense.filter((s) => !injected.some((f) => bucketOverlaps(s.t, f.window.start, f.window.end))));
  return { settings, faults: figures, outside };
}
