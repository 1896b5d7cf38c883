import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function tsc(project: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [TSC, '-p', project, '--noEmit'], { cwd: ROOT, encoding: 'utf8' }) };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

// tsc on the k6 side takes a few seconds on a busy 2-core machine.
describe('load/ type-checks against @types/k6 alone', { timeout: 120_000 }, () => {
  it('passes tsc -p load/tsconfig.json', () => {
    const r = tsc('load/tsconfig.json');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('has no Node types in scope (a Node import or `process` fails there)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-k6-types-'));
    try {
      writeFileSync(join(dir, 'uses-node.ts'), "import { readFileSync } from 'node:fs';\nexport const x = readFileSync(process.argv[1]!);\n");
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        extends: join(ROOT, 'load/tsconfig.json'),
        // Type roots resolve from the tsconfig's folder; point them back at the project's.
        compilerOptions: { typeRoots: [join(ROOT, 'node_modules/@types')] },
        include: [join(dir, 'uses-node.ts')],
      }));
      const r = tsc(join(dir, 'tsconfig.json'));
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/node:fs/);
      expect(r.out).toMatch(/process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
