/**
 * Messages between the coordinator and its worker threads. Everything is plain data
 * (structured clone): metric snapshots merge exactly on the coordinator.
 */
import type { Sample } from '../metrics/contract.ts';
import type { EngineOptions } from '../options/engine-options.ts';
import type { GeneratorStats } from './generator-monitor.ts';

/** workerData of a worker thread. */
export interface WorkerInit {
  index: number;
  count: number;
  /** The instance's execution-segment sequence lengths as [num, den] and its index. */
  instanceLengths: Array<[number, number]>;
  instanceIndex: number;
  scriptPath: string;
  code: string;
  /** The bundle uses top-level await (its init is async). */
  isAsync: boolean;
  options: Omit<EngineOptions, 'warnings'>;
  env: Record<string, string>;
  /** Send raw samples to the coordinator (needed by --out writers). */
  streamSamples: boolean;
}

/** Live counters of one worker. */
export interface WorkerStats {
  vusActive: number;
  vusInitialized: number;
  iterationsCompleted: number;
  iterationsInterrupted: number;
  generator: GeneratorStats;
}

/** Coordinator → worker. */
export type ToWorker =
  | { type: 'start'; testStartEpochMs: number; setupJson: string | undefined }
  | { type: 'stop' }
  | { type: 'hardStop' };

/** Worker → coordinator. */
export type FromWorker =
  | { type: 'ready'; vusInitialized: number }
  | { type: 'initError'; message: string }
  | { type: 'samples'; samples: Sample[] }
  | { type: 'tick'; snapshot: unknown; stats: WorkerStats }
  | { type: 'done'; snapshot: unknown; stats: WorkerStats }
  | { type: 'abort'; reason: string }
  | { type: 'fail'; reason: string }
  | { type: 'warn'; key: string; message: string };
