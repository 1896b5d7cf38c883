import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAll, buildBundle, checkBundle, scenarioNames } from '../../load/build.ts';

const out = mkdtempSync(join(tmpdir(), 'ab-bundles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('k6 bundles', () => {
  it('builds one bundle per scenario that passes the static checks', async () => {
    expect(scenarioNames()).toEqual(['release', 'replay', 'soak', 'tenancy']);
    const built = await buildAll(out);
    for (const b of built) {
      expect(b.problems, b.scenario).toEqual([]);
      const code = readFileSync(b.outFile, 'utf8');
      // ESM with k6 modules left external, the threshold table inlined, and an inline source map.
      expect(code).toMatch(/^import .* from "k6\/metrics";$/m);
      expect(code).toContain('"http_req_duration{endpoint:post_message}"');
      expect(code).toContain('p(95)<=500');
      expect(code).toContain('//# sourceMappingURL=data:application/json;base64,');
      expect(code).not.toMatch(/\brequire\(/);
      // Async functions stay native (es2022), so k6's check()/group() async detection keeps working.
      expect(code).not.toContain('__async');
    }
  });

  it('fails a bundle that imports a Node built-in, or a module k6 lacks', () => {
    expect(checkBundle('import { readFileSync } from "node:fs";\n', 'x.js')[0]?.message).toMatch(/Node built-in "node:fs"/);
    expect(checkBundle('const f = require("fs");', 'x.js')[0]?.message).toMatch(/Node built-in "fs"/);
    expect(checkBundle('import r from "k6/experimental/redis";', 'x.js')[0]?.message).toMatch(/module k6 does not have/);
    expect(checkBundle('import u from "lodash";', 'x.js')[0]?.message).toMatch(/"lodash", a module k6 does not have/);
    expect(checkBundle('const m = await import("./more.js");', 'x.js')[0]?.message).toMatch(/dynamic import/);
  });

  it('fails RegExp features Sobek lacks, as literals or as new RegExp()', () => {
    expect(checkBundle('const r = /\\p{L}+/u;', 'x.js')[0]?.message).toMatch(/Unicode property escape/);
    expect(checkBundle('const r = new RegExp("\\\\p{Lu}", "u");', 'x.js')[0]?.message).toMatch(/Unicode property escape/);
    expect(checkBundle('const r = /a(?<x>b)/d;', 'x.js')[0]?.message).toMatch(/flag\(s\) "d"/);
    expect(checkBundle('const r = new RegExp("[a]", "v");', 'x.js')[0]?.message).toMatch(/flag\(s\) "v"/);
    expect(checkBundle('const r = /a/v;\nconst s = /b/d;', 'x.js').map((p) => p.line)).toEqual([1, 2]);
  });

  it('does not mistake strings, comments, templates or division for problems', () => {
    const clean = [
      'import http from "k6/http";',
      'import redis from "k6/x/redis";',
      'import { textSummary } from "https://jslib.k6.io/k6-summary/0.1.0/index.js";',
      'const a = b / c / d;',
      'const path = "/api/jobs/:id/events"; const t = `x/${a}/v`;',
      '// import("z") and /\\p{L}/ inside a comment',
      'const r = /^[a-z]+\\/v$/gi; x.import(1); Array.from("node:fs");',
    ].join('\n');
    expect(checkBundle(clean, 'x.js')).toEqual([]);
  });

  it('does not write a bundle that fails the checks', async () => {
    const src = mkdtempSync(join(tmpdir(), 'ab-bad-entry-'));
    try {
      const entry = join(src, 'bad.ts');
      writeFileSync(entry, 'export default function () { return /\\p{L}+/u.test("é"); }\n');
      const outFile = join(out, 'bad.js');
      const built = await buildBundle(entry, outFile);
      expect(built.problems.map((p) => p.message).join('\n')).toMatch(/Unicode property escape/);
      expect(existsSync(outFile)).toBe(false);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
