import { createHash } from 'node:crypto';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import pg from 'pg';

/** What must match between two runs for their numbers to be comparable. */
export interface Fingerprint {
  cpuModel: string;
  cpuCount: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: { version: string; settings: Record<string, string> } | null;
  runtime: string;
  target: 'embedded' | 'external';
  profile: string;
  /** sha256 of the profile's content: a changed workload is not the same experiment. */
  profileHash: string;
  /** sha256 over every field above (the short form used to compare). */
  hash: string;
}

/** Postgres settings that change performance enough to make two runs incomparable. */
const PG_SETTINGS = ['shared_buffers', 'fsync', 'synchronous_commit', 'full_page_writes', 'max_connections', 'work_mem', 'effective_cache_size'];

/** Reads the server version and the performance-relevant settings (null when unreachable). */
export async function postgresFingerprint(pgUrl: string | undefined): Promise<Fingerprint['postgres']> {
  if (!pgUrl) return null;
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const v = await client.query<{ server_version: string }>('SHOW server_version');
    const s = await client.query<{ name: string; setting: string; unit: string | null }>('SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)', [PG_SETTINGS]);
    const settings: Record<string, string> = {};
    for (const row of s.rows) settings[row.name] = row.unit ? `${row.setting}${row.unit}` : row.setting;
    return { version: v.rows[0]!.server_version, settings };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Builds the comparability fingerprint of this machine, target and workload. */
export function fingerprint(input: Omit<Fingerprint, 'cpuModel' | 'cpuCount' | 'memoryGiB' | 'os' | 'node' | 'hash'>): Fingerprint {
  const cpuList = cpus();
  const base = {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()}-${arch()}`,
    node: process.versions.node.split('.')[0]!,
    ...input,
  };
  const hash = createHash('sha256').update(JSON.stringify(canonical(base))).digest('hex').slice(0, 16);
  return { ...base, hash };
}

/** Lists the fields in which two fingerprints differ (empty when comparable). */
export function fingerprintDiff(a: Fingerprint, b: Fingerprint): string[] {
  const out: string[] = [];
  for (const key of ['cpuModel', 'cpuCount', 'memoryGiB', 'os', 'node', 'runtime', 'target', 'profile', 'profileHash'] as const) {
    if (a[key] !== b[key]) out.push(`${key}: ${String(a[key])} vs ${String(b[key])}`);
  }
  if (JSON.stringify(canonical(a.postgres)) !== JSON.stringify(canonical(b.postgres))) out.push('postgres version or settings');
  return out;
}

/** Kernel release, kept in the manifest for the record but not part of the comparison. */
export const kernelRelease = release;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
