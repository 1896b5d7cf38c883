// Worker threads start here: register tsx in this thread (as bin/aetheris-bench.mjs does for the
// main thread), then load the TypeScript worker. Loaders given through execArgv do not reach
// worker threads on Node 20, so the registration has to happen inside the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
