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
  const merged = deepMerge(profile.stack.config as Record<string, unknown>, overrides);
  return parseTargetConfig(JSON.stringify(merged), `${profile.file}: $.stack.config`);
}
