/**
 * The engine watching itself (issue 3 item 6): how late arrival-rate iterations started versus
 * their due time (HDR histogram), the event loop's delay (perf_hooks monitorEventLoopDelay) and
 * how busy the thread was (event loop utilisation) — one set per worker.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { createTrendHistogram, histogramPercentile, toHdrValue, type HdrHistogram } from '../../../analysis/hdr-codec.ts';

/** One worker's self-measurements, in ms (utilisation 0..1). */
export interface GeneratorStats {
  worker: number;
  schedule_lag_ms: { count: number; p50: number; p99: number; max: number };
  /**
   * Arrival-rate iterations dropped for want of a free VU: all of them, and those whose slot the
   * scheduler reached more than LATE_DROP_MS late, i.e. dropped because this thread stalled rather
   * than because the target kept every VU busy.
   */
  dropped_iterations: { total: number; late: number };
  event_loop_delay_ms: { p50: number; p99: number; max: number; mean: number };
  event_loop_utilization: number;
  /** How long the measurements ran (ms). */
  measured_ms: number;
}

/**
 * A slot handled this late means the event loop was blocked (a timer due now fires within a
 * millisecond or two on an idle loop): a VU shortage found then is the generator's doing, since
 * the responses that would have freed VUs sat unread in the meantime.
 */
export const LATE_DROP_MS = 10;

/** Collects the measurements of one worker thread. */
export class GeneratorMonitor {
  private readonly lag: HdrHistogram = createTrendHistogram();
  private lagMax = 0;
  private drops = 0;
  private lateDrops = 0;
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private eluStart: EventLoopUtilization | undefined;
  private startedAt = 0;

  /** `worker` is the worker number reported with the stats. */
  constructor(private readonly worker: number) {}

  /** Starts measuring (at test start, so VU initialisation does not count). */
  start(): void {
    this.loop.enable();
    this.eluStart = performance.eventLoopUtilization();
    this.startedAt = performance.now();
  }

  /** Records how late one iteration started (ms). */
  recordLag(ms: number): void {
    this.lag.recordValue(toHdrValue(ms));
    if (ms > this.lagMax) this.lagMax = ms;
  }

  /** Records one dropped arrival-rate iteration and how late its slot was handled (ms). */
  recordDrop(lateMs: number): void {
    this.drops++;
    if (lateMs > LATE_DROP_MS) this.lateDrops++;
  }

  /** The measurements so far. */
  stats(): GeneratorStats {
    const ns = (v: number) => (Number.isFinite(v) ? v / 1e6 : 0);
    const elu = this.eluStart ? performance.eventLoopUtilization(this.eluStart).utilization : 0;
    return {
      worker: this.worker,
      schedule_lag_ms: {
        count: this.lag.totalCount,
        p50: histogramPercentile(this.lag, 50, 0, this.lagMax),
        p99: histogramPercentile(this.lag, 99, 0, this.lagMax),
        max: this.lagMax,
      },
      dropped_iterations: { total: this.drops, late: this.lateDrops },
      event_loop_delay_ms: {
        p50: this.loop.count > 0 ? ns(this.loop.percentile(50)) : 0,
        p99: this.loop.count > 0 ? ns(this.loop.percentile(99)) : 0,
        max: this.loop.count > 0 ? ns(this.loop.max) : 0,
        mean: this.loop.count > 0 ? ns(this.loop.mean) : 0,
      },
      event_loop_utilization: elu,
      measured_ms: this.eluStart ? performance.now() - this.startedAt : 0,
    };
  }

  /** Stops the event-loop monitor. */
  stop(): void {
    this.loop.disable();
  }
}
