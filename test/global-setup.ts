import { execFileSync } from 'node:child_process';
import { EMBEDDED_PG_DIR_PREFIX } from '../target/embedded-postgres.ts';

function leakedPostgres(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('postgres') && line.includes(EMBEDDED_PG_DIR_PREFIX));
}

/** Fails the run if any test left an embedded Postgres server behind, and kills what it finds. */
export default function setup(): () => void {
  return () => {
    const leaks = leakedPostgres();
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
