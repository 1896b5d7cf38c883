import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadThresholdTable, renderThresholdTableMarkdown } from '../analysis/threshold-table.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** README.md, whose threshold table is generated from baselines/thresholds.json. */
export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- thresholds:start (generated from baselines/thresholds.json by `npm run docs:thresholds`) -->';
const END = '<!-- thresholds:end -->';

/** The threshold table block as README.md has it now (null when the markers are missing). */
export function readmeThresholdBlock(readme = readFileSync(README_PATH, 'utf8')): string | null {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  return a < 0 || b < a ? null : readme.slice(a + START.length, b).trim();
}

/** The block as the threshold table says it should be. */
export function expectedThresholdBlock(): string {
  return renderThresholdTableMarkdown(loadThresholdTable()).trim();
}

// `npm run docs:thresholds`: rewrite the block between the markers.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync(README_PATH, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${README_PATH}: threshold markers missing`);
  writeFileAtomic(README_PATH, `${readme.slice(0, a + START.length)}\n${expectedThresholdBlock()}\n${readme.slice(b)}`);
  console.log(`${README_PATH}: threshold table regenerated`);
}
