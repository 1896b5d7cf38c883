import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from '../../harness/redact.ts';

describe('redactUrl', () => {
  it('replaces the password and keeps everything else', () => {
    expect(redactUrl('postgres://postgres:5f1a9c@127.0.0.1:5432/aetheris')).toBe('postgres://postgres:***@127.0.0.1:5432/aetheris');
    expect(redactUrl('postgresql://bench:p%40ss@db:6543/x?sslmode=disable')).toBe('postgresql://bench:***@db:6543/x?sslmode=disable');
  });

  it('leaves a URL without a password alone and hides secret query parameters', () => {
    expect(redactUrl('postgres://bench@127.0.0.1/aetheris')).toBe('postgres://bench@127.0.0.1/aetheris');
    expect(redactUrl('postgres://bench@h/db?password=abc&application_name=x')).toBe('postgres://bench@h/db?password=***&application_name=x');
  });

  it('falls back to text redaction for something that is not a URL', () => {
    expect(redactUrl('host=h password=abc')).toBe('host=h password=***');
  });
});

describe('redactText', () => {
  it('removes URL passwords, key=value passwords, bearer tokens, JWTs and JSON secrets from free text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6ImFkbWluIn0.c2lnbmF0dXJlLXNpZw';
    const text = [
      'connect to postgres://postgres:topsecret1@127.0.0.1:5/aetheris failed',
      'dsn host=db user=u password=topsecret2 dbname=a',
      `Authorization: Bearer ${jwt}`,
      `token ${jwt}`,
      '{"jwtKey":"topsecret3","leaseMs":2000}',
      'GET /cb?token=topsecret4&x=1',
    ].join('\n');
    const out = redactText(text);
    for (const secret of ['topsecret1', 'topsecret2', 'topsecret3', 'topsecret4', jwt]) expect(out).not.toContain(secret);
    expect(out).toContain('postgres://postgres:***@127.0.0.1:5/aetheris failed');
    expect(out).toContain('"leaseMs":2000');
    expect(out).toContain('user=u');
  });

  it('leaves text without secrets unchanged', () => {
    const text = 'worker w1 claimed job-1 at http://127.0.0.1:8080/api/jobs/job-1 (lease 30s)';
    expect(redactText(text)).toBe(text);
  });
});
