import { appendFileSync } from 'node:fs';
import type { Verdict } from '../analysis/verdict.ts';

/** Escapes a workflow-command message (GitHub's rules: %, CR, LF). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Under GitHub Actions: appends the Markdown report to $GITHUB_STEP_SUMMARY and prints one
 * `::error` annotation per failed or broken check. Does nothing elsewhere.
 */
export function publishToGithub(verdict: Verdict, markdown: string, env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): void {
  if (env.GITHUB_ACTIONS !== 'true') return;
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  for (const item of verdict.items) {
    if (item.status === 'fail' || item.status === 'harness') out(`::error title=${escapeData(`aetheris-bench ${item.kind}`)}::${escapeData(`${item.subject}: ${item.message}`)}`);
  }
}
