import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { UsageError } from '../harness/errors.ts';

/**
 * An OpenAI-compatible chat-completions endpoint that answers after a fixed latency, so a real
 * Aetheris (whose rule planner's single `llm` node still calls `<base_url>/chat/completions`,
 * contract §8.3) can be load-tested without a paid model. Listens on 127.0.0.1 only.
 */

/** Options of the stub. */
export interface LlmStubOptions {
  /** Port on 127.0.0.1; a free one when absent or 0. */
  port?: number;
  /** Delay before each answer. */
  latencyMs?: number;
}

/** A running stub. */
export interface LlmStub {
  /** Base URL to give an OpenAI client (`http://127.0.0.1:P/v1`). */
  readonly baseUrl: string;
  readonly port: number;
  /** Completions answered so far. */
  completions(): number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_MODEL = 'aetheris-bench-stub';

interface ChatRequest {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function apiError(res: ServerResponse, status: number, message: string, type = 'invalid_request_error'): void {
  send(res, status, { error: { message, type, param: null, code: null } });
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Rough token count (≈ 4 characters a token) so `usage` has plausible, deterministic numbers.
function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown };
    if (m?.role === 'user' && typeof m.content === 'string') return m.content;
  }
  return '';
}

/** Builds the chat.completion object answered for one request. */
export function completionFor(model: string, messages: unknown[]): Record<string, unknown> {
  const prompt = messages.map((m) => JSON.stringify((m as { content?: unknown })?.content ?? '')).join('\n');
  const asked = lastUserText(messages);
  const content = `stub answer${asked ? ` to: ${asked.slice(0, 80)}` : ''}`;
  const promptTokens = tokens(prompt);
  const completionTokens = tokens(content);
  return {
    id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** Starts the stub; a taken port is a UsageError. */
export async function startLlmStub(opts: LlmStubOptions = {}): Promise<LlmStub> {
  const latencyMs = opts.latencyMs ?? 0;
  let answered = 0;
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => apiError(res, 500, 'stub failed to answer', 'server_error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      send(res, 200, { object: 'list', data: [{ id: DEFAULT_MODEL, object: 'model', created: 0, owned_by: 'aetheris-bench' }] });
      return;
    }
    // Aetheris appends /chat/completions to its base_url; accept it with and without the /v1 prefix.
    if (path !== '/v1/chat/completions' && path !== '/chat/completions') return apiError(res, 404, `no route ${req.method} ${path}`);
    if (req.method !== 'POST') return apiError(res, 405, `${req.method} not allowed on ${path}; use POST`);
    const body = await readBody(req);
    if (body === undefined) return apiError(res, 413, `request body over ${MAX_BODY_BYTES} bytes`);
    let parsed: ChatRequest;
    try {
      parsed = JSON.parse(body) as ChatRequest;
    } catch {
      return apiError(res, 400, 'request body is not valid JSON');
    }
    if (!Array.isArray(parsed?.messages) || parsed.messages.length === 0) return apiError(res, 400, "'messages' must be a non-empty array");
    if (parsed.stream === true) return apiError(res, 400, 'stream=true is not supported by the stub (Aetheris calls it without streaming)');
    const model = typeof parsed.model === 'string' && parsed.model ? parsed.model : DEFAULT_MODEL;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    answered++;
    send(res, 200, completionFor(model, parsed.messages));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new UsageError(`--port ${opts.port}: already in use on 127.0.0.1`) : err),
    );
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    completions: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
