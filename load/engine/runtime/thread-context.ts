/**
 * ThreadServices for one thread: samples are buffered and handed to the thread's MetricsEngine
 * (and, when outputs need raw samples, to a listener) in batches, so the hot path only pushes.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricDef, Sample } from '../metrics/contract.ts';
import type { MetricsEngine } from '../metrics/metrics-engine.ts';
import { HttpAgent } from '../modules/http-agent.ts';
import { configureHttp } from '../modules/module-factory.ts';
import type { EngineOptions } from '../options/engine-options.ts';
import type { InstanceCounters, ThreadServices } from './thread-services.ts';

/** How a thread is set up. */
export interface ThreadContextInit {
  engine: MetricsEngine;
  options: Pick<EngineOptions, 'tags' | 'raw' | 'userAgent' | 'discardResponseBodies' | 'noConnectionReuse' | 'maxRedirects'>;
  env: Record<string, string>;
  scriptDir: string;
  /** Maps a VU id to exec.vu.idInTest. */
  idInTest?: (idInInstance: number) => number;
  onAbort(reason: string): void;
  onFail(reason: string): void;
  /** Receives every flushed batch (for --out writers). */
  onSamples?: (samples: Sample[]) => void;
  /** Prefix of log lines (worker number). */
  logPrefix?: string;
}

const FLUSH_AT = 2048;

/** One thread's services. */
export class ThreadContext implements ThreadServices {
  readonly runTags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly options: unknown;
  testStartEpochMs = performance.timeOrigin + performance.now();
  readonly http: HttpAgent;
  readonly sharedArrays = new Map<string, string[]>();
  readonly counters: InstanceCounters = { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 };
  private buffer: Sample[] = [];
  private readonly files = new Map<string, string | Buffer>();
  private readonly timer: NodeJS.Timeout;

  /** Creates the thread's HTTP pool and starts the 100 ms sample flush. */
  constructor(private readonly init: ThreadContextInit) {
    this.runTags = init.options.tags;
    this.env = init.env;
    this.options = init.options.raw;
    configureHttp({ userAgent: init.options.userAgent, discardResponseBodies: init.options.discardResponseBodies, maxRedirects: init.options.maxRedirects });
    this.http = new HttpAgent(init.options.noConnectionReuse);
    this.timer = setInterval(() => this.flush(), 100);
    this.timer.unref();
  }

  /** Queues a sample. */
  emit(sample: Sample): void {
    this.buffer.push(sample);
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /** Records a sample: straight into the engine when no output wants raw samples, else queued. */
  record(metric: string, value: number, tags: Record<string, string>, time: number): void {
    if (this.init.onSamples === undefined) this.init.engine.addOne(metric, value, tags, time);
    else this.emit({ metric, time, value, tags });
  }

  /** Hands queued samples to the engine and the listener. */
  flush(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.init.engine.add(batch);
    this.init.onSamples?.(batch);
  }

  /** Registers a custom metric with the thread's engine. */
  defineMetric(def: MetricDef): MetricDef {
    return this.init.engine.define(def);
  }

  /** One log line on stderr. */
  log(level: 'info' | 'warn' | 'error' | 'debug', message: string): void {
    const tag = { info: 'INFO', warn: 'WARN', error: 'ERRO', debug: 'DEBU' }[level];
    const secs = Math.max(0, Math.floor((performance.timeOrigin + performance.now() - this.testStartEpochMs) / 1000));
    process.stderr.write(`${tag}[${String(secs).padStart(4, '0')}] ${this.init.logPrefix ?? ''}${message}\n`);
  }

  abortTest(reason: string): void {
    this.init.onAbort(reason);
  }

  failTest(reason: string): void {
    this.init.onFail(reason);
  }

  /** open(): reads relative to the script's folder (k6's legacy rule), cached per thread. */
  openFile(path: string, binary: boolean): string | ArrayBuffer {
    const p = path.startsWith('file://') ? fileURLToPath(path) : isAbsolute(path) ? path : resolve(this.init.scriptDir, path);
    let data = this.files.get(p);
    if (data === undefined) {
      data = readFileSync(p);
      this.files.set(p, data);
    }
    const buf = data as Buffer;
    return binary ? (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer) : buf.toString('utf8');
  }

  idInTest(idInInstance: number): number {
    return this.init.idInTest ? this.init.idInTest(idInInstance) : idInInstance;
  }

  /** Flushes and releases the HTTP pool. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await this.http.close();
  }
}
