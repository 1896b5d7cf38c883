import type { Verdict, VerdictItem } from './verdict.ts';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function testcase(item: VerdictItem): string {
  const head = `    <testcase classname="aetheris-bench.${item.kind}" name="${esc(item.subject)}">`;
  if (item.status === 'fail') return `${head}\n      <failure message="${esc(item.message)}"/>\n    </testcase>`;
  if (item.status === 'harness') return `${head}\n      <error message="${esc(item.message)}"/>\n    </testcase>`;
  if (item.status === 'inconclusive' || item.status === 'info') return `${head}\n      <skipped message="${esc(item.message)}"/>\n    </testcase>`;
  return `${head}\n      <system-out>${esc(item.message)}</system-out>\n    </testcase>`;
}

/** JUnit XML of a verdict: one testcase per judged item, so CI systems show each check. */
export function verdictJunit(verdict: Verdict, suiteName: string): string {
  const n = (s: VerdictItem['status']) => verdict.items.filter((i) => i.status === s).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aetheris-bench" tests="${verdict.items.length}" failures="${n('fail')}" errors="${n('harness')}">`,
    `  <testsuite name="${esc(suiteName)}" tests="${verdict.items.length}" failures="${n('fail')}" errors="${n('harness')}" skipped="${n('inconclusive') + n('info')}">`,
    ...verdict.items.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
