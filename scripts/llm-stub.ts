import { parseDurationMs, parseFlags, parsePositiveInt } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { startLlmStub } from '../target/llm-stub.ts';
import type { Command } from './cli.ts';

const usage = `Usage: aetheris-bench llm-stub [--port P] [--latency D]

An OpenAI-compatible POST /v1/chat/completions (also /chat/completions) on 127.0.0.1 that answers
{id, object:"chat.completion", created, model, choices:[{index:0, message:{role:"assistant",
content}, finish_reason:"stop"}], usage} after a fixed latency, so a real Aetheris can be
load-tested without a paid model: point MODEL_LLM_PROVIDERS_OPENAI_BASE_URL (or OPENAI_BASE_URL)
at the printed base URL. GET /v1/models lists the one stub model. Streaming is not supported.

Prints one JSON line {"baseUrl":"http://127.0.0.1:P/v1","port":P,"latencyMs":N} and stays in the
foreground until SIGINT or SIGTERM.

  --port P      port on 127.0.0.1 (default: a free port); a port in use is an error (exit 2)
  --latency D   delay before each answer, e.g. 50ms, 1s (default 0ms)`;

/** `aetheris-bench llm-stub`. */
export const command: Command = {
  summary: 'OpenAI-compatible chat-completions stub with a fixed latency, for loading a real Aetheris',
  usage,
  async run(argv) {
    const { values } = parseFlags('llm-stub', argv, { port: { type: 'string' }, latency: { type: 'string' } });
    const port = values.port === undefined ? 0 : parsePositiveInt(values.port, '--port');
    if (port > 65535) throw new UsageError(`--port: ${port} is not a TCP port (1-65535)`);
    const latencyMs = values.latency === undefined ? 0 : parseDurationMs(values.latency, '--latency');
    const stub = await startLlmStub({ port, latencyMs });
    const signalled = new Promise<void>((done) => {
      process.on('SIGINT', () => done());
      process.on('SIGTERM', () => done());
    });
    console.log(JSON.stringify({ baseUrl: stub.baseUrl, port: stub.port, latencyMs }));
    await signalled;
    await stub.close();
    return EXIT.ok;
  },
};
