import { execFileSync } from 'node:child_process';
import { EMBEDDED_PG_DIR_PREFIX } from '../target/embedded-postgres.ts';

function leakedPostgres(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('postgres') && line.includes(marker));
}

/**
 * Fails the run if any test left an embedded Postgres server behind, and kills what it finds.
 * Only this run's servers count: their data directories carry this process's AB_PG_OWNER mark.
 */
export default function setup(): () => void {
  process.env.AB_PG_OWNER = `vitest${process.pid}`;
  const marker = `${EMBEDDED_PG_DIR_PREFIX}${process.env.AB_PG_OWNER}-`;
  return () => {
    const leaks = leakedPostgres(marker);
    for (const line of leaks) {
      const pid = Number(line.trim().split(/\s+/)[0]);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    if (leaks.length > 0) throw new Error(`tests leaked ${leaks.length} embedded postgres process(es):\n${leaks.join('\n')}`);
  };
}
