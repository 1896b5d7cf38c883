/**
 * Bundles a k6 script (.js/.ts) once with esbuild into one CommonJS function body whose `k6*`
 * imports stay `require("k6/...")` calls, answered per VU by the engine's own modules. An import of
 * a module the engine does not implement stops the run at start with one line naming it.
 */
import { build, type Plugin } from 'esbuild';
import { resolve } from 'node:path';
import { EngineError, K6_EXIT } from './engine-error.ts';
import { SUPPORTED_MODULES, unsupportedModuleHint } from '../modules/module-catalog.ts';
import { esmToBody } from './esm-to-body.ts';

/** The bundled script as a function body. */
export interface BundledScript {
  path: string;
  code: string;
  /** True when the script uses top-level await (the body must run as an async function). */
  isAsync: boolean;
}

function k6ModulesPlugin(): Plugin {
  return {
    name: 'k6-modules',
    setup(b) {
      b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
        if (SUPPORTED_MODULES.has(args.path)) return { path: args.path, external: true };
        return { errors: [{ text: unsupportedModuleHint(args.path) }] };
      });
      b.onResolve({ filter: /^https?:\/\// }, (args) => ({
        errors: [{ text: `remote module "${args.path}" is not supported by the engine (vendor it into the repository)` }],
      }));
    },
  };
}

/**
 * Bundles `scriptPath`; a bundling error becomes EngineError 107 with esbuild's first message.
 * CommonJS output first; a script with top-level await is bundled as ESM and converted.
 */
export async function bundleScript(scriptPath: string): Promise<BundledScript> {
  try {
    return { path: resolve(scriptPath), code: await esbuildOnce(scriptPath, 'cjs'), isAsync: false };
  } catch (err) {
    if (!(err instanceof EngineError) || !/Top-level await/.test(err.message)) throw err;
  }
  const { body, problems } = esmToBody(await esbuildOnce(scriptPath, 'esm'));
  if (problems.length > 0) throw new EngineError(problems.join('\n'), K6_EXIT.scriptException);
  return { path: resolve(scriptPath), code: body, isAsync: true };
}

async function esbuildOnce(scriptPath: string, format: 'cjs' | 'esm'): Promise<string> {
  const path = resolve(scriptPath);
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      write: false,
      format,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      // k6-reference §8.4: es2022 keeps async functions native; async iteration is lowered as for Sobek.
      target: 'es2022',
      supported: { 'async-generator': false, 'for-await': false },
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [k6ModulesPlugin()],
    });
    return result.outputFiles[0]!.text;
  } catch (err) {
    const first = (err as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } }> }).errors?.[0];
    if (first) {
      const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : `${scriptPath}: `;
      throw new EngineError(`${where}${first.text}`, K6_EXIT.scriptException);
    }
    throw new EngineError(`${scriptPath}: ${(err as Error).message}`, K6_EXIT.scriptException);
  }
}

// CommonJS bundles bind `var import_http = __toESM(require("k6/http"))`; converted ESM bundles `const http = require("k6/http")`.
const IMPORT_BINDING = /(?:var|const) ([\w$]+) = (?:__toESM\()?require\("(k6(?:\/[^"]*)?)"\)/g;

/**
 * Finds every member of a k6 module the bundle uses (esbuild writes `import_http.get(...)` or
 * `import_http.default.get(...)`) and returns one line per member the engine does not implement.
 */
export function findUnsupportedApis(code: string): string[] {
  const problems = new Set<string>();
  for (const m of code.matchAll(IMPORT_BINDING)) {
    const [, binding, moduleName] = m as unknown as [string, string, string];
    const mod = SUPPORTED_MODULES.get(moduleName);
    if (!mod) continue;
    const use = new RegExp(`(?<![\\w$.])${binding.replace(/\$/g, '\\$')}(?:\\.default)?\\.([A-Za-z_$][\\w$]*)`, 'g');
    for (const u of code.matchAll(use)) {
      const member = u[1]!;
      if (member === 'default' || mod.exports.includes(member)) continue;
      problems.add(mod.hints[member] ?? `${moduleName}: "${member}" is not supported by the engine`);
    }
  }
  return [...problems];
}
