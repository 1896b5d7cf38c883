/**
 * End of test output (k6-reference §1.1): handleSummary(data) in a fresh VU, its returned map
 * written to stdout / stderr / files; the default text summary when it is absent, returns nothing
 * or throws; `--summary-export` in addition. handleSummary failures never change the exit code.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { writeLegacyExport } from '../metrics/legacy-export.ts';
import type { SummaryData } from '../metrics/metrics-engine.ts';
import { textSummary } from '../metrics/text-summary.ts';
import type { ScriptProgram } from '../runtime/script-program.ts';
import type { ThreadContext } from '../runtime/thread-context.ts';
import { VU } from '../runtime/vu.ts';
import { withTimeout } from './with-timeout.ts';

/** What the summary step needs. */
export interface SummaryRequest {
  data: SummaryData & { generator?: unknown };
  program: ScriptProgram;
  ctx: ThreadContext;
  timeoutMs: number;
  observations: ReadonlyMap<string, number>;
  summaryExport?: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function writeAtomic(path: string, content: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

function contentOf(v: unknown): string | Uint8Array {
  if (typeof v === 'string') return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return String(v);
}

/** Runs handleSummary (if exported) and writes every destination; falls back to the text summary. */
export async function writeSummary(req: SummaryRequest): Promise<void> {
  const text = () => textSummary(req.data, { observations: req.observations });
  let result: unknown;
  let ran = false;
  try {
    const vu = new VU(req.ctx, 0);
    await vu.init(req.program);
    const fn = vu.exports.handleSummary;
    if (typeof fn === 'function') {
      ran = true;
      result = await withTimeout(Promise.resolve(fn.call(vu.exports, req.data)), req.timeoutMs, 'handleSummary');
    }
  } catch (err) {
    req.ctx.log('error', `handleSummary failed: ${(err as Error)?.message ?? String(err)}; printing the default summary`);
    result = undefined;
  }
  if (!ran || !result || typeof result !== 'object') {
    req.stdout(`\n${text()}\n`);
  } else {
    for (const [dest, value] of Object.entries(result as Record<string, unknown>)) {
      try {
        if (dest === 'stdout') req.stdout(String(contentOf(value)));
        else if (dest === 'stderr') req.stderr(String(contentOf(value)));
        else writeAtomic(dest, contentOf(value));
      } catch (err) {
        req.ctx.log('error', `handleSummary: could not write "${dest}": ${(err as Error).message}`);
      }
    }
  }
  if (req.summaryExport) {
    try {
      writeLegacyExport(req.summaryExport, req.data);
    } catch (err) {
      req.ctx.log('error', `--summary-export ${req.summaryExport}: ${(err as Error).message}`);
    }
  }
}
