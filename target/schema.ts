import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Aetheris's job store DDL (idempotent), as shipped in target/schema.sql. */
export const SCHEMA_SQL = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/** Applies the Aetheris schema to the database at `url`; safe to run twice. */
export async function applySchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(SCHEMA_SQL);
  } finally {
    await client.end();
  }
}
