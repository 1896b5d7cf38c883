/**
 * Entry point of a worker thread: wires WorkerRun to the parent port. Loaded by worker-entry.mjs
 * once tsx is registered in the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WorkerRun } from './worker-run.ts';
import type { ToWorker, WorkerInit } from './worker-protocol.ts';

const port = parentPort!;
const run = new WorkerRun(workerData as WorkerInit, (msg) => {
  port.postMessage(msg);
  // After the final report nothing else is expected: closing the port lets the thread exit on its own.
  if (msg.type === 'done') port.close();
});
port.on('message', (msg: ToWorker) => run.handle(msg));
// A script's stray rejected promise must not kill the worker (k6 logs it and goes on).
process.on('unhandledRejection', (reason) => {
  const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  process.stderr.write(`ERRO Uncaught (in promise) ${text.split('\n')[0]}\n`);
});
void run.prepare();
