// A server that answers every request after exactly DELAY ms (argv[2]), for measuring what a load
// generator adds to a known latency. Node timers fire late by up to a millisecond, so a timer wakes
// the request 2 ms early and a setImmediate loop (which still serves I/O every turn) answers at the
// exact hrtime. GET /__delay_stats returns the median delay the server itself applied, in ms.
// Prints its port, then serves until SIGTERM or 30 minutes pass.
import http from 'node:http';

const delayMs = Number(process.argv[2] ?? 10);
const delayNs = BigInt(Math.round(delayMs * 1e6));
const due = [];
let spinning = false;
const applied = [];

function spin() {
  const now = process.hrtime.bigint();
  for (let i = due.length - 1; i >= 0; i--) {
    const d = due[i];
    if (now >= d.at) {
      due.splice(i, 1);
      d.res.end('');
      if (applied.length < 200_000) applied.push(Number(now - d.at + delayNs) / 1e6);
    }
  }
  if (due.length > 0) setImmediate(spin);
  else spinning = false;
}

const server = http.createServer((req, res) => {
  const at = process.hrtime.bigint() + delayNs;
  req.resume();
  if (req.url === '/__delay_stats') {
    const s = [...applied].sort((a, b) => a - b);
    res.end(JSON.stringify({ count: s.length, medianMs: s.length ? s[s.length >> 1] : null }));
    applied.length = 0;
    return;
  }
  setTimeout(() => {
    due.push({ at, res });
    if (!spinning) {
      spinning = true;
      setImmediate(spin);
    }
  }, Math.max(0, delayMs - 2));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(() => process.exit(0), 30 * 60_000).unref();
