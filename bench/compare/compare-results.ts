// Two results folders side by side, per suite: every target and figure of A beside B, B ÷ A, and whether the change is
// beyond the run-to-run spread each run recorded (bench/compare/judge.ts). A target that moved the wrong way beyond its
// spread, or that B could not check at all while A could, is a regression.
import { provenanceLine } from '../lib/provenance.js';
import { alignedTable, formatNumber, targetOutcome, type Figure, type Target, type WrittenReport } from '../lib/report.js';
import { judge, movedWorse, type Judgement } from './judge.js';

export interface Regression {
  suite: string;
  target: string;
  a: number;
  b: number | null;
  why: string;
}

export interface Comparison {
  text: string;
  regressions: Regression[];
}

const byLabel = <T extends { label: string }>(list: readonly T[]): Map<string, T> => new Map(list.map((x) => [x.label, x]));
const ratioText = (j: Judgement): string => (j.ratio === null ? '–' : `${formatNumber(j.ratio)}×`);
const spreadText = (s: Target['spread']): string => (s ? `${formatNumber(s.low)}–${formatNumber(s.high)}` : '–');

function targetRows(suite: string, a: readonly Target[], b: readonly Target[], regressions: Regression[]): string[][] {
  const bByLabel = byLabel(b);
  const rows: string[][] = [];
  for (const ta of a) {
    const tb = bByLabel.get(ta.label);
    if (!tb) {
      rows.push([ta.label, formatNumber(ta.value), 'only in A', '', '', '']);
      continue;
    }
    const j = judge({ value: ta.value, spread: ta.spread }, { value: tb.value, spread: tb.spread });
    const op = ta.comparator === '<=' ? '≤' : '≥';
    const outcome = `${targetOutcome(ta)} → ${targetOutcome(tb)}`;
    let verdict: string = j.verdict;
    if (j.verdict === 'no data' && targetOutcome(ta) !== 'no data' && targetOutcome(tb) === 'no data') {
      verdict = 'REGRESSION: no data in B';
      regressions.push({ suite, target: ta.label, a: ta.value, b: null, why: 'B measured nothing to check it against' });
    } else if (j.verdict === 'beyond spread' && movedWorse(ta.comparator, ta.value, tb.value)) {
      verdict = 'REGRESSION: worse beyond spread';
      regressions.push({ suite, target: ta.label, a: ta.value, b: tb.value, why: `worse beyond spread (A ${spreadText(ta.spread)}, B ${spreadText(tb.spread)})` });
    } else if (j.verdict === 'beyond spread') verdict = 'better beyond spread';
    else if (targetOutcome(ta) === 'met' && targetOutcome(tb) === 'missed') verdict = `${j.verdict}: now missed, not judged a regression`;
    rows.push([`${ta.label} (${op} ${formatNumber(ta.threshold)})`, `${formatNumber(ta.value)} [${spreadText(ta.spread)}]`, `${formatNumber(tb.value)} [${spreadText(tb.spread)}]`, ratioText(j), outcome, verdict]);
  }
  for (const tb of b) if (!a.some((ta) => ta.label === tb.label)) rows.push([tb.label, 'only in B', formatNumber(tb.value), '', '', '']);
  return rows;
}

function figureRows(a: readonly Figure[], b: readonly Figure[]): string[][] {
  const bByLabel = byLabel(b);
  const rows: string[][] = [];
  for (const fa of a) {
    const fb = bByLabel.get(fa.label);
    if (!fb) {
      rows.push([fa.label, fa.unit, formatNumber(fa.median), 'only in A', '', '']);
      continue;
    }
    const j = judge({ value: fa.median, spread: fa.spread }, { value: fb.median, spread: fb.spread });
    rows.push([fa.label, fa.unit, `${formatNumber(fa.median)} [${spreadText(fa.spread)}]`, `${formatNumber(fb.median)} [${spreadText(fb.spread)}]`, ratioText(j), j.verdict]);
  }
  for (const fb of b) if (!a.some((fa) => fa.label === fb.label)) rows.push([fb.label, fb.unit, 'only in B', formatNumber(fb.median), '', '']);
  return rows;
}

function suiteText(a: WrittenReport, b: WrittenReport, regressions: Regression[]): string {
  const lines = [`## ${a.suite} — ${a.title}`, '', `A: ${provenanceLine(a)}, mode ${a.mode}, ${a.machine.cpuModel}, ${a.machine.date}, load ${a.machine.loadAverage.join(' ')}`];
  lines.push(`B: ${provenanceLine(b)}, mode ${b.mode}, ${b.machine.cpuModel}, ${b.machine.date}, load ${b.machine.loadAverage.join(' ')}`);
  if (a.mode !== b.mode) lines.push(`WARNING: modes differ (${a.mode} vs ${b.mode}): the workloads are not the same size.`);
  if (a.machine.cpuModel !== b.machine.cpuModel || a.machine.cores !== b.machine.cores) lines.push('WARNING: different machines: only a change far beyond spread means anything.');
  if (a.targets.length || b.targets.length) {
    lines.push('', ...alignedTable(['target', 'A [spread]', 'B [spread]', 'B/A', 'outcome', 'change'], targetRows(a.suite, a.targets, b.targets, regressions)));
  }
  lines.push('', ...alignedTable(['figure (median)', 'unit', 'A [spread]', 'B [spread]', 'B/A', 'change'], figureRows(a.figures, b.figures)));
  return lines.join('\n');
}

export function compareResults(a: readonly WrittenReport[], b: readonly WrittenReport[]): Comparison {
  const regressions: Regression[] = [];
  const bBySuite = new Map(b.map((r) => [r.suite, r]));
  const sections: string[] = [];
  for (const ra of a) {
    const rb = bBySuite.get(ra.suite);
    sections.push(rb ? suiteText(ra, rb, regressions) : `## ${ra.suite}: only in A`);
  }
  for (const rb of b) if (!a.some((ra) => ra.suite === rb.suite)) sections.push(`## ${rb.suite}: only in B`);
  const summary = regressions.length
    ? [`${regressions.length} target(s) got worse beyond their spread:`, ...regressions.map((r) => `- ${r.suite}: ${r.target}: ${formatNumber(r.a)} → ${r.b === null ? 'no data' : formatNumber(r.b)} (${r.why})`)]
    : ['No target got worse beyond its spread.'];
  const legend = 'Values are medians (targets: the value checked); [low–high] is the spread the run recorded across its rounds, – where it recorded none. "beyond spread" = the two ranges do not overlap; "no spread" = neither run recorded one: no claim either way.';
  return { text: [legend, '', ...sections.flatMap((s) => [s, '']), ...summary].join('\n'), regressions };
}
