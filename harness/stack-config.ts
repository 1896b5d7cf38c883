import { randomBytes } from 'node:crypto';
import { parseTargetConfig, type TargetConfig } from '../target/config.ts';
import type { Profile } from './profile.ts';

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v) ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/**
 * The reference target's TargetConfig for a profile: the profile's `stack.config` with run-time
 * overrides on top (calibrate's added latency, say), validated by the target's own parser so a
 * bad value is reported with the profile file.
 */
export function targetConfigForProfile(profile: Profile, overrides: Record<string, unknown> = {}): TargetConfig {
  const merged = withRunJwtKey(deepMerge(profile.stack.config as Record<string, unknown>, overrides), () => randomBytes(32).toString('base64url'));
  return parseTargetConfig(JSON.stringify(merged), `${profile.file}: $.stack.config`);
}

/**
 * A stack config with `auth.enabled` and no `auth.jwtKey` gets `key()` as its key. The key is a
 * secret shared only by one run's embedded API processes (it travels in their environment), so a
 * profile turns JWT on without carrying a secret, and the key dies with the run; scripts log in
 * through POST /api/login as a client of a real Aetheris would.
 */
export function withRunJwtKey(config: Record<string, unknown>, key: () => string): Record<string, unknown> {
  const auth = config.auth as Record<string, unknown> | undefined;
  if (auth === undefined || auth.enabled !== true || (typeof auth.jwtKey === 'string' && auth.jwtKey !== '')) return config;
  return { ...config, auth: { ...auth, jwtKey: key() } };
}
