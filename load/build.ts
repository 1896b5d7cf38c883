/**
 * Bundles each workload (load/scenarios/*.ts) into one ES module for the real k6 binary
 * (k6-reference.md §8.4) and checks every bundle for what k6's runtime (Sobek) cannot run.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Folder holding the scenario entry points. */
export const SCENARIO_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));

/** Modules k6 v2.2 provides (k6-reference.md §8.2); `k6/x/*` extensions and remote URLs are allowed too. */
export const K6_MODULES: readonly string[] = [
  'k6', 'k6/browser', 'k6/crypto', 'k6/crypto/x509', 'k6/data', 'k6/encoding', 'k6/execution', 'k6/html', 'k6/http',
  'k6/net/grpc', 'k6/metrics', 'k6/secrets', 'k6/timers', 'k6/websockets', 'k6/ws',
  'k6/experimental/csv', 'k6/experimental/fs', 'k6/experimental/streams', 'k6/experimental/websockets',
];

/** One problem a static check found in a bundle. */
export interface BundleProblem {
  file: string;
  line: number;
  message: string;
}

/** The scenario names (file names without .ts) found in load/scenarios. */
export function scenarioNames(dir = SCENARIO_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => basename(f, '.ts')).sort();
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function moduleProblem(spec: string): string | undefined {
  if (spec.startsWith('https://') || spec.startsWith('http://') || spec.startsWith('k6/x/')) return undefined;
  if (NODE_BUILTINS.has(spec) || spec.startsWith('node:')) return `imports the Node built-in "${spec}", which k6 does not have`;
  if (!K6_MODULES.includes(spec)) return `imports "${spec}", a module k6 does not have (bundle npm code in; k6 modules: k6, k6/*)`;
  return undefined;
}

/** A token of the small JavaScript lexer below: enough to tell strings, regexes and code apart. */
interface Token {
  kind: 'word' | 'punct' | 'string' | 'regex';
  text: string;
  /** Regex flags (kind regex). */
  flags?: string;
  index: number;
}

// After these words a `/` starts a RegExp literal, not a division.
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

/**
 * Splits JavaScript into words, punctuation, string/template literals and RegExp literals,
 * dropping comments. Regex-vs-division follows the previous significant token, which is exact
 * for esbuild's output. Template literal text is kept as one string token per chunk.
 */
export function lexJs(code: string): Token[] {
  const out: Token[] = [];
  const braces: Array<'code' | 'template'> = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const prev = out[out.length - 1];
    if (!prev) return true;
    if (prev.kind === 'word') return REGEX_AFTER_WORD.has(prev.text);
    if (prev.kind === 'string' || prev.kind === 'regex') return false;
    return !(prev.text === ')' || prev.text === ']' || prev.text === '}');
  };
  const readTemplate = (from: number): number => {
    let j = from;
    let text = '';
    while (j < code.length && code[j] !== '`') {
      if (code[j] === '\\') { text += code.slice(j, j + 2); j += 2; continue; }
      if (code[j] === '$' && code[j + 1] === '{') { out.push({ kind: 'string', text, index: from }); braces.push('template'); return j + 2; }
      text += code[j++];
    }
    out.push({ kind: 'string', text, index: from });
    return j + 1;
  };
  while (i < code.length) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') { const nl = code.indexOf('\n', i); i = nl < 0 ? code.length : nl; continue; }
    if (c === '/' && code[i + 1] === '*') { const end = code.indexOf('*/', i + 2); i = end < 0 ? code.length : end + 2; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      out.push({ kind: 'string', text: code.slice(i + 1, j), index: i });
      i = j + 1;
      continue;
    }
    if (c === '`') { i = readTemplate(i + 1); continue; }
    if (c === '}' && braces[braces.length - 1] === 'template') { braces.pop(); i = readTemplate(i + 1); continue; }
    if (c === '{') braces.push('code');
    if (c === '}') braces.pop();
    if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < code.length && code[j] !== '\n' && (inClass || code[j] !== '/')) {
        if (code[j] === '\\') j++;
        else if (code[j] === '[') inClass = true;
        else if (code[j] === ']') inClass = false;
        j++;
      }
      const flags = /^[a-z]*/.exec(code.slice(j + 1))![0];
      out.push({ kind: 'regex', text: code.slice(i + 1, j), flags, index: i });
      i = j + 1 + flags.length;
      continue;
    }
    const word = /^[\w$]+/.exec(code.slice(i, i + 256));
    if (word) { out.push({ kind: 'word', text: word[0], index: i }); i += word[0].length; continue; }
    out.push({ kind: 'punct', text: c, index: i });
    i++;
  }
  return out;
}

const UNICODE_PROPERTY = /\\[pP]\{/;
const BAD_FLAGS = /[dv]/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Static checks a bundle must pass to run on real k6: no Node built-in, no module k6 lacks,
 * no dynamic import() (k6 installs no dynamic-import hook), no RegExp feature Sobek lacks
 * (`\p{…}` property escapes, `d` and `v` flags) as a literal or as `new RegExp(…)` arguments.
 * The inline source map is a comment and is ignored with the others.
 */
export function checkBundle(code: string, file: string): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const add = (index: number, message: string) => problems.push({ file, line: lineOf(code, index), message });
  const toks = lexJs(code);
  const at = (k: number) => toks[k];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'regex') {
      if (UNICODE_PROPERTY.test(t.text)) add(t.index, 'uses a RegExp Unicode property escape (\\p{…}), which k6 (Sobek) does not support');
      if (BAD_FLAGS.test(t.flags ?? '')) add(t.index, `uses the RegExp flag(s) "${t.flags}" (d/v), which k6 (Sobek) does not support`);
      continue;
    }
    if (t.kind !== 'word' || at(k - 1)?.text === '.') continue;
    if (t.text === 'import' && at(k + 1)?.text === '(') add(t.index, 'uses dynamic import(), which k6 rejects');
    else if (t.text === 'require' && at(k + 1)?.text === '(' && at(k + 2)?.kind === 'string') {
      const msg = moduleProblem(at(k + 2)!.text);
      if (msg) add(t.index, msg);
    } else if ((t.text === 'from' || t.text === 'import') && at(k + 1)?.kind === 'string') {
      const msg = moduleProblem(at(k + 1)!.text);
      if (msg) add(t.index, msg);
    } else if (t.text === 'RegExp' && at(k - 1)?.text === 'new' && at(k + 1)?.text === '(') {
      if (at(k + 2)?.kind === 'string' && UNICODE_PROPERTY.test(at(k + 2)!.text)) add(t.index, 'builds a RegExp with a Unicode property escape (\\p{…}), which k6 (Sobek) does not support');
      if (at(k + 3)?.text === ',' && at(k + 4)?.kind === 'string' && BAD_FLAGS.test(at(k + 4)!.text)) add(t.index, `builds a RegExp with the flag(s) "${at(k + 4)!.text}" (d/v), which k6 (Sobek) does not support`);
    }
  }
  return problems;
}

/** esbuild options for a real-k6 bundle (k6-reference.md §8.4, tested with esbuild 0.28.2). */
export function k6BuildOptions(entry: string): esbuild.BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    supported: { 'async-generator': false, 'for-await': false },
    external: ['k6', 'k6/*', 'https://*', 'http://*'],
    sourcemap: 'inline',
    splitting: false,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/** Result of building one scenario. */
export interface BuiltBundle {
  scenario: string;
  outFile: string;
  bytes: number;
  problems: BundleProblem[];
}

/** Bundles one entry file into `outFile` (written atomically only when the checks pass). */
export async function buildBundle(entry: string, outFile: string): Promise<BuiltBundle> {
  const result = await esbuild.build(k6BuildOptions(entry));
  const code = result.outputFiles![0]!.text;
  const problems = checkBundle(code, outFile);
  if (problems.length === 0) {
    mkdirSync(resolve(outFile, '..'), { recursive: true });
    const tmp = `${outFile}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, outFile);
  }
  return { scenario: basename(entry).replace(/\.[cm]?[jt]s$/, ''), outFile, bytes: Buffer.byteLength(code), problems };
}

/** Builds every scenario in load/scenarios (or the named ones) into `outDir/<scenario>.js`. */
export async function buildAll(outDir: string, names: readonly string[] = scenarioNames()): Promise<BuiltBundle[]> {
  const out: BuiltBundle[] = [];
  for (const name of names) out.push(await buildBundle(join(SCENARIO_DIR, `${name}.ts`), join(outDir, `${name}.js`)));
  return out;
}
