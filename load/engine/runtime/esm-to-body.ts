/**
 * Turns esbuild's ESM bundle (needed when a script uses top-level await, which esbuild cannot emit
 * as CommonJS) into the same function-body shape as the CommonJS bundle: the `k6*` import lines
 * become `require` calls and the final export clause fills `module.exports`.
 */
import { SUPPORTED_MODULES } from '../modules/module-catalog.ts';

const IMPORT_LINE = /^import\s+(?:([\s\S]+?)\s+from\s+)?"([^"]+)";$/gm;
const EXPORT_CLAUSE = /^export\s*\{([\s\S]*?)\};?\s*$/m;

function namedBindings(list: string, mod: string, problems: string[]): string {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const [imported, local] = s.split(/\s+as\s+/) as [string, string | undefined];
      const spec = SUPPORTED_MODULES.get(mod);
      if (spec && !spec.exports.includes(imported)) problems.push(spec.hints[imported] ?? `${mod}: "${imported}" is not supported by the engine`);
      return local ? `${imported}: ${local}` : imported;
    })
    .join(', ');
}

/** The converted body, or the problems that stop it (unsupported named imports, other ESM forms). */
export function esmToBody(code: string): { body: string; problems: string[] } {
  const problems: string[] = [];
  let n = 0;
  let body = code.replace(IMPORT_LINE, (_all, clause: string | undefined, mod: string) => {
    if (!clause) return `require(${JSON.stringify(mod)});`;
    const req = `require(${JSON.stringify(mod)})`;
    const named = /\{([\s\S]*)\}/.exec(clause);
    const head = clause.replace(/\{[\s\S]*\}/, '').replace(/,\s*$/, '').trim();
    const out: string[] = [];
    let source = req;
    for (const part of head.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const ns = /^\*\s+as\s+([\w$]+)$/.exec(part);
      const local = ns ? ns[1]! : part;
      out.push(`const ${local} = ${req};`);
      source = local;
    }
    if (named) {
      if (source === req) source = `__k6mod${n++}`, out.push(`const ${source} = ${req};`);
      out.push(`const { ${namedBindings(named[1]!, mod, problems)} } = ${source};`);
    }
    return out.join(' ');
  });
  body = body.replace(EXPORT_CLAUSE, (_all, list: string) => {
    const entries = list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => {
        const [local, exported] = s.split(/\s+as\s+/) as [string, string | undefined];
        return `${JSON.stringify(exported ?? local)}: ${local}`;
      });
    return `Object.assign(module.exports, { ${entries.join(', ')} });`;
  });
  if (/^(import|export)\s/m.test(body)) problems.push('the bundle holds an import/export form the engine cannot run (e.g. export * from a k6 module)');
  return { body, problems };
}
