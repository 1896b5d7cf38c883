// Every benchmark, in the order bench-all runs them and the document lists them.
import type { Benchmark } from './bench-types.ts';
import { engineRssBench } from './engine-rss.ts';
import { engineThroughputBench } from './engine-throughput.ts';
import { engineTimingBench } from './engine-timing.ts';
import { engineWorkerCpuBench } from './engine-worker-cpu.ts';
import { growthFitBench } from './growth-fit.ts';
import { ingestBench } from './ingest.ts';
import { referenceTargetBench } from './reference-target.ts';
import { replayBench } from './replay.ts';
import { samplerBench } from './sampler.ts';
import { seedingBench } from './seeding.ts';

/** All benchmarks, in run order. */
export const BENCHMARKS: readonly Benchmark[] = [referenceTargetBench, engineThroughputBench, engineWorkerCpuBench, engineTimingBench, engineRssBench, seedingBench, replayBench, samplerBench, growthFitBench, ingestBench];
