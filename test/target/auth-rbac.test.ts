import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { call, testConfig } from './target-harness.ts';

const KEY = 'test-jwt-key';
let db: EmbeddedPostgres;
let api: ApiServer; // auth on
let open: ApiServer; // auth off (Aetheris default)

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  api = await startApiServer({ dsn: db.url, config: testConfig({ auth: { enabled: true, jwtKey: KEY } }) });
  open = await startApiServer({ dsn: db.url, config: testConfig() });
});

afterAll(async () => {
  await api?.close();
  await open?.close();
  await db?.stop();
});

async function login(user: string, password: string) {
  return call(api.url, 'POST', '/api/login', { body: { username: user, password } });
}

async function bearer(user: string): Promise<Record<string, string>> {
  const r = await login(user, user);
  return { Authorization: `Bearer ${r.body.token}` };
}

describe('reference API: health, login, JWT, RBAC', () => {
  it('answers health without auth or database, with the Aetheris shape', async () => {
    const r = await call(api.url, 'GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', timestamp: expect.any(Number), service: 'api-service' });
    expect(Math.abs(r.body.timestamp - Date.now() / 1000)).toBeLessThan(60);
  });

  it('logs in admin with an HS256 token carrying Aetheris claims and no role', async () => {
    const r = await login('admin', 'admin');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ code: 200, token: expect.any(String), expire: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    const [header, payload] = r.body.token.split('.').slice(0, 2).map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ id: 'admin', tenant_id: 'default', user_id: 'admin', exp: expect.any(Number), orig_iat: expect.any(Number) });
    expect(payload).not.toHaveProperty('role');
    const form = await fetch(`${api.url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=test&password=test' });
    expect(form.status).toBe(200);
  });

  it('rejects bad credentials and bad tokens with 401 {code,message} and WWW-Authenticate', async () => {
    const bad = await login('admin', 'nope');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ code: 401, message: 'incorrect Username or Password' });
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'auth header is empty'],
      [{ Authorization: 'Basic abc' }, 'auth header is invalid'],
      [{ Authorization: 'Bearer not.a.token' }, ''],
    ];
    for (const [headers, message] of cases) {
      const r = await call(api.url, 'GET', '/api/agents', { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('JWT realm=rag-api');
      expect(r.body.code).toBe(401);
      if (message) expect(r.body.message).toBe(message);
    }
    const key = new TextEncoder().encode(KEY);
    const expired = await new SignJWT({ id: 'admin', tenant_id: 'default', user_id: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    expect((await call(api.url, 'GET', '/api/agents', { headers: { Authorization: `Bearer ${expired}` } })).status).toBe(401);
    const noExp = await new SignJWT({ id: 'admin', tenant_id: 'default', user_id: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const r = await call(api.url, 'GET', '/api/agents', { headers: { Authorization: `Bearer ${noExp}` } });
    expect(r.status).toBe(400);
    expect(r.headers.get('www-authenticate')).toBe('JWT realm=rag-api');
    const forged = await new SignJWT({ id: 'admin', tenant_id: 'default', user_id: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('other'));
    expect((await call(api.url, 'GET', '/api/agents', { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(401);
  });

  it('lets admin create an agent (200) and forbids the test user (403)', async () => {
    const admin = await call(api.url, 'POST', '/api/agents', { body: { name: 'a1' }, headers: await bearer('admin') });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({ id: expect.stringMatching(/^agent-[0-9a-f-]{36}$/), name: 'a1' });
    const test = await call(api.url, 'POST', '/api/agents', { body: { name: 'a2' }, headers: await bearer('test') });
    expect(test.status).toBe(403);
    expect(test.body).toEqual({ error: 'permission denied' });
    // The test user is role `user`: it may submit and read.
    const sub = await call(api.url, 'POST', `/api/agents/${admin.body.id}/message`, { body: { message: 'm' }, headers: await bearer('test') });
    expect(sub.status).toBe(202);
    expect((await call(api.url, 'GET', `/api/jobs/${sub.body.job_id}`, { headers: await bearer('test') })).status).toBe(200);
  });

  it('lets X-Tenant-ID / X-User-ID beat the token, and checks RBAC before the tenant (403 before 404)', async () => {
    const adminAuth = await bearer('admin');
    const agent = await call(api.url, 'POST', '/api/agents', { body: {}, headers: adminAuth });
    const sub = await call(api.url, 'POST', `/api/agents/${agent.body.id}/message`, { body: { message: 'm' }, headers: adminAuth });
    const jobId = sub.body.job_id;
    // admin acting in tenant-b is role `user` there: no agent:manage, no job:stop.
    const asB = { ...adminAuth, 'X-Tenant-ID': 'tenant-b' };
    expect((await call(api.url, 'POST', '/api/agents', { body: {}, headers: asB })).status).toBe(403);
    expect((await call(api.url, 'POST', `/api/jobs/${jobId}/stop`, { headers: asB })).status).toBe(403);
    expect((await call(api.url, 'GET', `/api/jobs/${jobId}`, { headers: asB })).status).toBe(404);
    // X-User-ID overrides the token's user: test's token acting as admin in default gets admin's role.
    expect((await call(api.url, 'POST', '/api/agents', { body: {}, headers: { ...(await bearer('test')), 'X-User-ID': 'admin' } })).status).toBe(200);
    // An operator in another tenant passes RBAC and then gets the tenant 404.
    api.deps.roles.assign('tenant-b', 'ops', 'operator');
    expect((await call(api.url, 'POST', `/api/jobs/${jobId}/stop`, { headers: { ...adminAuth, 'X-Tenant-ID': 'tenant-b', 'X-User-ID': 'ops' } })).status).toBe(404);
    // Export has no tenant check in Aetheris: admin in default can export; the job is found by id alone.
    expect((await call(api.url, 'POST', `/api/jobs/${jobId}/export`, { headers: adminAuth })).status).toBe(200);
  });

  it('with auth off: no /api/login (404), anonymous is admin, malformed JSON is 400', async () => {
    expect((await call(open.url, 'POST', '/api/login', { body: { username: 'admin', password: 'admin' } })).status).toBe(404);
    const agent = await call(open.url, 'POST', '/api/agents/', { body: { name: '' } });
    expect(agent.status).toBe(200);
    expect(agent.body.name).toBe(agent.body.id);
    expect((await call(open.url, 'POST', `/api/agents/${agent.body.id}/message`, { body: '{bad' })).status).toBe(400);
    const unknown = await call(open.url, 'POST', '/api/agents/agent-missing/message', { body: { message: 'x' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'Agent not found' });
    const list = await call(open.url, 'GET', '/api/agents');
    expect(list.body.total).toBe(list.body.agents.length);
    expect((await call(open.url, 'OPTIONS', '/api/anything')).status).toBe(204);
    // Agents live in the memory of the API process that created them.
    expect((await call(api.url, 'GET', `/api/agents/${agent.body.id}/jobs/x`, { headers: await bearer('admin') })).status).toBe(404);
  });
});
