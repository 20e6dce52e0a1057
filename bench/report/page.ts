// The HTML report as one self-contained page: the charting library inlined, the chart data as JSON, a few lines that
// draw each chart. Opens from disk with no network (bench/report.ts writes it).
import { machineLine } from '../lib/machine.js';
import { provenanceLine } from '../lib/provenance.js';
import { cpuLine, formatNumber, targetOutcome, type Target, type WrittenReport } from '../lib/report.js';
import { freshnessLine, type Freshness } from '../lib/staleness.js';
import { chartsFor, type ChartSpec } from './chart-spec.js';

export interface ReportPageInput {
  reports: readonly WrittenReport[];
  freshness: ReadonlyMap<string, Freshness>;
  /** The charting library's browser build (Chart.js UMD), inlined as is. */
  chartLibrary: string;
  generatedAt: string;
  source: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Inside a <script>, only "</" can end it early. */
const scriptSafe = (s: string): string => s.replace(/<\//g, '<\\/');

function targetRow(t: Target): string {
  const outcome = targetOutcome(t);
  const op = t.comparator === '<=' ? '≤' : '≥';
  const spread = t.spread ? `${formatNumber(t.spread.low)} – ${formatNumber(t.spread.high)} over ${t.spread.rounds} rounds` : 'none recorded';
  return `<tr class="target ${outcome.replace(' ', '-')}" data-outcome="${outcome}"><td>${escapeHtml(t.label)}</td><td>${formatNumber(t.value)}</td><td>${op} ${formatNumber(t.threshold)}</td><td class="outcome">${outcome}</td><td>${spread}</td></tr>`;
}

function targetsTable(report: WrittenReport): string {
  if (report.targets.length === 0) return '<p class="no-targets">No target: this suite reports figures only.</p>';
  return `<table class="targets"><thead><tr><th>target</th><th>value</th><th>threshold</th><th>outcome</th><th>run-to-run spread</th></tr></thead><tbody>${report.targets.map(targetRow).join('')}</tbody></table>`;
}

function figuresTable(report: WrittenReport): string {
  const rows = report.figures
    .map((f) => `<tr><td>${escapeHtml(f.label)}</td><td>${escapeHtml(f.unit)}</td><td>${f.n}</td><td>${formatNumber(f.median)}</td><td>${formatNumber(f.p99)}</td><td>${formatNumber(f.max)}</td><td>${f.spread ? `${formatNumber(f.spread.low)} – ${formatNumber(f.spread.high)}` : ''}</td></tr>`)
    .join('');
  return `<details><summary>All ${report.figures.length} figures</summary><table class="figures"><thead><tr><th>figure</th><th>unit</th><th>n</th><th>median</th><th>p99</th><th>max</th><th>median's spread</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function chartBlock(c: ChartSpec): string {
  const height = c.horizontal ? 60 + 34 * c.labels.length : 320;
  return `<figure class="chart"><figcaption><strong>${escapeHtml(c.title)}</strong><br>${escapeHtml(c.caption)}</figcaption><div class="canvas" style="height:${height}px"><canvas id="${c.id}"></canvas></div></figure>`;
}

function suiteSection(report: WrittenReport, charts: ChartSpec[], freshness: Freshness | undefined): string {
  const fresh = freshness ? freshnessLine(freshness) : 'freshness unknown';
  return `<section class="suite" id="suite-${report.suite}" data-suite="${report.suite}" data-freshness="${freshness?.state ?? 'unknown'}">
<h2>${escapeHtml(report.suite)} — ${escapeHtml(report.title)}</h2>
<p class="provenance">${escapeHtml(provenanceLine(report))} · <span class="freshness">${escapeHtml(fresh)}</span><br>${escapeHtml(machineLine(report.machine))} · mode ${escapeHtml(report.mode)} · ${(report.durationMs / 1000).toFixed(1)} s · ${escapeHtml(cpuLine(report.cpu))}</p>
<div class="layout"><div class="charts">${charts.length ? charts.map(chartBlock).join('') : '<p class="no-chart">No data to chart: this run measured nothing plottable for this suite.</p>'}</div><div class="side">${targetsTable(report)}</div></div>
${figuresTable(report)}
${report.notes.length ? `<details><summary>Notes</summary><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>` : ''}
</section>`;
}

/** Hands each spec to Chart.js; marks the body when every chart is drawn (what the browser test waits for). */
const DRAW = `
(function () {
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  var drawn = 0;
  specs.forEach(function (s) {
    var value = { type: s.logScale ? 'logarithmic' : 'linear', title: { display: true, text: s.yTitle } };
    var category = { title: { display: !!s.xTitle, text: s.xTitle || '' }, ticks: { autoSkip: false } };
    var scales = s.horizontal ? { x: value, y: category } : { x: category, y: value };
    new Chart(document.getElementById(s.id), {
      type: s.type,
      data: { labels: s.labels, datasets: s.datasets.map(function (d) { return { label: d.label, data: d.data, spanGaps: true }; }) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: s.horizontal ? 'y' : 'x', scales: scales }
    });
    drawn++;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();`;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1500px}h2{margin-top:40px;border-top:1px solid #ccc;padding-top:16px}
.layout{display:flex;gap:24px;align-items:flex-start}.charts{flex:3;min-width:0}.side{flex:2;min-width:0}
figure.chart{margin:0 0 20px}.canvas{position:relative}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
tr.met .outcome{color:#176617;font-weight:600}tr.missed .outcome{color:#b00020;font-weight:700}tr.no-data .outcome{color:#8a6d00;font-weight:700}
.provenance{color:#555}[data-freshness=stale] .freshness,[data-freshness=unknown] .freshness{color:#b00020;font-weight:600}summary{cursor:pointer;margin:8px 0}`;

export function renderReportPage(input: ReportPageInput): string {
  const sections = input.reports.map((r) => ({ report: r, charts: chartsFor(r) }));
  const specs = sections.flatMap((s) => s.charts);
  const targets = input.reports.flatMap((r) => r.targets);
  const count = (o: string): number => targets.filter((t) => targetOutcome(t) === o).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>opportunity-scanner benchmarks</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head>
<body data-charts="${specs.length}">
<h1>opportunity-scanner benchmarks</h1>
<p>Generated ${escapeHtml(input.generatedAt)} from ${escapeHtml(input.source)} by <code>npm run bench:report</code>. ${input.reports.length} suites, ${specs.length} charts; targets: ${count('met')} met, ${count('missed')} missed, ${count('no data')} with no data. A result is <em>stale</em> when a commit that changed src/, workers/, machines/ or the suite came after the commit it measured.</p>
<nav>${input.reports.map((r) => `<a href="#suite-${r.suite}">${escapeHtml(r.suite)}</a>`).join(' · ')}</nav>
${sections.map((s) => suiteSection(s.report, s.charts, input.freshness.get(s.report.suite))).join('\n')}
<script>${scriptSafe(input.chartLibrary)}</script>
<script type="application/json" id="chart-data">${scriptSafe(JSON.stringify(specs))}</script>
<script>${DRAW}</script>
</body></html>
`;
}
