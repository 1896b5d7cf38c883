import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '../../target/llm-stub.ts';
import { CLI, runCli } from './helpers.ts';

let stub: LlmStub;
const LATENCY_MS = 80;

beforeAll(async () => {
  stub = await startLlmStub({ latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await stub?.close();
});

async function chat(body: unknown, path = '/chat/completions'): Promise<Response> {
  return fetch(`${stub.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('llm-stub', () => {
  it('answers the OpenAI chat.completion shape after the latency', async () => {
    const t0 = performance.now();
    const res = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'plan' }, { role: 'user', content: 'say hi' }] });
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as Record<string, any>;
    expect(Object.keys(body).sort()).toEqual(['choices', 'created', 'id', 'model', 'object', 'usage']);
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.object).toBe('chat.completion');
    expect(Number.isInteger(body.created)).toBe(true);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.choices).toEqual([{ index: 0, message: { role: 'assistant', content: expect.stringContaining('say hi') }, finish_reason: 'stop' }]);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    // A lower bound only (timers never fire early; 2 ms for clock granularity): the stub waited.
    expect(elapsed).toBeGreaterThanOrEqual(LATENCY_MS - 2);
    expect(stub.completions()).toBeGreaterThanOrEqual(1);
  });

  it('serves /v1/chat/completions and /chat/completions, only on 127.0.0.1', async () => {
    const root = stub.baseUrl.replace(/\/v1$/, '');
    const res = await fetch(`${root}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { model: string }).model).toBe('aetheris-bench-stub');
    expect(stub.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    // The kernel's table of listening sockets (state 0A) says which address holds the port: 127.0.0.1 only.
    const hex = stub.port.toString(16).toUpperCase().padStart(4, '0');
    const listeners = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f[3] === '0A' && f[1]?.endsWith(`:${hex}`));
    expect(listeners.map((f) => f[1])).toEqual([`0100007F:${hex}`]);
  });

  it('rejects bad requests with OpenAI-style errors', async () => {
    const notJson = await chat('{nope');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    expect((await chat({ messages: [] })).status).toBe(400);
    expect((await chat({ messages: [{ role: 'user', content: 'x' }], stream: true })).status).toBe(400);
    expect((await fetch(`${stub.baseUrl}/chat/completions`)).status).toBe(405);
    expect((await fetch(`${stub.baseUrl}/embeddings`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('a port in use is a usage error', async () => {
    await expect(startLlmStub({ port: stub.port })).rejects.toThrow(/already in use/);
  });
});

describe('aetheris-bench llm-stub (real CLI)', () => {
  it('prints its base URL, answers, and exits 0 on SIGINT; a port in use exits 2', async () => {
    const child = spawn(process.execPath, [CLI, 'llm-stub', '--latency', '5ms'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('\n') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    const { baseUrl, port, latencyMs } = JSON.parse(stdout) as { baseUrl: string; port: number; latencyMs: number };
    expect(latencyMs).toBe(5);
    const res = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) });
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toContain('hi');

    const busy = await runCli(['llm-stub', '--port', String(port)], { cwd: process.cwd() });
    expect(busy.code).toBe(2);
    expect(busy.stderr.trim()).toBe(`aetheris-bench: --port ${port}: already in use on 127.0.0.1`);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});
