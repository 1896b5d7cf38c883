import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Verdict } from '../verdict.ts';
import type { ChartData } from './chart-data.ts';
import { PAGE_SCRIPT } from './page-script.ts';

const require = createRequire(import.meta.url);

// uPlot: ~50 KB, no dependencies, canvas time series that stay fast with tens of thousands of
// points; inlined so the report needs no network (see docs/architecture.md "Reports").
function uplotAssets(): { js: string; css: string } {
  const dir = require.resolve('uplot/package.json').replace(/package\.json$/, 'dist/');
  return { js: readFileSync(`${dir}uPlot.iife.min.js`, 'utf8'), css: readFileSync(`${dir}uPlot.min.css`, 'utf8') };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// JSON inside <script type="application/json">: only "</" can end the element early.
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/<\//g, '<\\/');

const STYLE = `
:root { color-scheme: light dark; --bg:#ffffff; --fg:#1d2330; --muted:#5b6577; --grid:#e3e6ec; --card:#f6f7f9;
  --c1:#2563eb; --c2:#dc2626; --c3:#16a34a; --c4:#9333ea; --c5:#ea580c; --fault:rgba(220,38,38,0.12);
  --pass:#15803d; --fail:#b91c1c; --warn:#b45309; }
@media (prefers-color-scheme: dark) { :root { --bg:#0f141b; --fg:#e6e9ef; --muted:#9aa4b5; --grid:#2a313c; --card:#171d26;
  --c1:#60a5fa; --c2:#f87171; --c3:#4ade80; --c4:#c084fc; --c5:#fb923c; --fault:rgba(248,113,113,0.18);
  --pass:#4ade80; --fail:#f87171; --warn:#fbbf24; } }
body { background:var(--bg); color:var(--fg); font:14px/1.45 system-ui, sans-serif; margin:0 auto; max-width:1160px; padding:24px; }
h1 { font-size:20px; margin:0 0 8px; } h2 { font-size:16px; margin:28px 0 8px; border-bottom:1px solid var(--grid); padding-bottom:4px; }
.verdict { font-size:16px; font-weight:600; padding:10px 14px; border-radius:6px; background:var(--card); }
.outcome-pass { border-left:6px solid var(--pass); } .outcome-fail { border-left:6px solid var(--fail); }
.outcome-harness-error, .outcome-inconclusive { border-left:6px solid var(--warn); }
table { border-collapse:collapse; width:100%; font-size:13px; } th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--grid); vertical-align:top; }
td.pass { color:var(--pass); } td.fail, td.harness { color:var(--fail); font-weight:600; } td.inconclusive { color:var(--warn); }
figure.chart { background:var(--card); margin:12px 0; padding:10px; border-radius:6px; } figcaption { font-weight:600; margin-bottom:6px; }
p.source, .notes { color:var(--muted); font-size:12px; margin:6px 0 0; }
.verdict-unbounded { color:var(--fail); } .verdict-bounded { color:var(--pass); } .verdict-inconclusive { color:var(--warn); }
.u-legend { color:var(--fg); }
`;

/** Renders report.html: one self-contained file (uPlot, styles and data inlined; no network). */
export function renderReportHtml(chart: ChartData, verdict: Verdict, title: string): string {
  const { js, css } = uplotAssets();
  const rows = verdict.items.map((i) => `<tr><td>${esc(i.kind)}</td><td>${esc(i.subject)}</td><td class="${esc(i.status)}">${esc(i.status)}</td><td>${esc(i.message)}</td></tr>`).join('\n');
  const faults = chart.faults.length ? `<p class="notes">Shaded bands on every time chart: fault windows (${chart.faults.map((f) => esc(f.label)).join(', ')}).</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="verdict outcome-${esc(verdict.outcome)}">${esc(verdict.line)}</p>
${verdict.notes.map((n) => `<p class="notes">${esc(n)}</p>`).join('\n')}
<h2>Checks</h2>
<table><thead><tr><th>kind</th><th>subject</th><th>status</th><th>detail</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Over time</h2>
${faults}
<div id="time-charts"></div>
<h2>Storage growth</h2>
<div id="growth-charts"></div>
<h2>Distributions</h2>
<div id="distributions"></div>
<script type="application/json" id="chart-data">${scriptJson(chart)}</script>
<script>${js}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
