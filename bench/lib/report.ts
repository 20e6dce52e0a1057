// The shape every suite returns, and how it is printed and written to bench/results/<suite>.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CpuAccount } from './cpu-accounting.js';
import { machineLine, type MachineInfo } from './machine.js';
import { provenanceLine, type Provenance } from './provenance.js';
import { summarize, type Summary } from './stats.js';

/** What a figure measures; the table groups by it. */
export type FigureKind = 'measure' | 'ratio' | 'piscina' | 'event-loop' | 'memory';

/**
 * How far a value moved between the rounds of one run (lowest and highest per-round value): a change between two runs
 * is more than noise only when their spreads do not overlap (bench/compare.ts).
 */
export interface Spread {
  low: number;
  high: number;
  rounds: number;
}

export interface Figure extends Summary {
  label: string;
  unit: string;
  kind: FigureKind;
  /** The run-to-run spread of the figure's median, where the suite measured in rounds; absent = none recorded. */
  spread?: Spread;
}

/** A target from the issue, checked against one figure of this run. */
export interface Target {
  label: string;
  comparator: '<=' | '>=';
  threshold: number;
  /** The figure's value the target is about (e.g. its p99 or median). */
  value: number;
  /** False when missed, and also when there was nothing to measure (`noData`): an empty case never passes. */
  met: boolean;
  /** True when the run produced no value to check (no scan of that kind, a ratio over nothing): shown as "no data". */
  noData?: boolean;
  /** The run-to-run spread of `value`, where the suite measured it in rounds. */
  spread?: Spread;
}

/** A table of counts a suite reports as is (e.g. one row per budget), printed and rendered in the README after the figures. */
export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
}

export interface SuiteReport {
  suite: string;
  title: string;
  /** The workload: sizes, counts, durations — enough to reproduce the figures. */
  parameters: Record<string, unknown>;
  figures: Figure[];
  targets: Target[];
  /** Tables beyond the figures (optional; most suites have none). */
  tables?: ReportTable[];
  /** Anything a reader must know to interpret the figures. */
  notes: string[];
}

export interface WrittenReport extends SuiteReport, Provenance {
  machine: MachineInfo;
  /** CPU use over the suite (null where /proc is not available). */
  cpu: CpuAccount | null;
  mode: string;
  command: string;
  durationMs: number;
}

export function figure(label: string, unit: string, samples: readonly number[], kind: FigureKind = 'measure'): Figure {
  return { label, unit, kind, ...summarize(samples) };
}

/** A figure from a summary computed elsewhere (piscina's and Node's HDR histograms). */
export function figureFrom(label: string, unit: string, summary: Summary, kind: FigureKind): Figure {
  return { label, unit, kind, ...summary };
}

/** The spread of per-round values; undefined for fewer than two rounds (one round says nothing about noise). */
export function spreadOf(perRound: readonly number[]): Spread | undefined {
  const values = perRound.filter((x) => Number.isFinite(x));
  if (values.length < 2) return undefined;
  return { low: Math.min(...values), high: Math.max(...values), rounds: values.length };
}

/** A figure whose samples are one value per round (a per-round median or ratio): its min–max is its spread. */
export function perRoundFigure(label: string, unit: string, perRound: readonly number[], kind: FigureKind = 'measure'): Figure {
  const f = figure(label, unit, perRound, kind);
  const spread = spreadOf(perRound);
  return spread ? { ...f, spread } : f;
}

/** A figure over all samples, with the spread of the median across rounds (`perRoundMedians`). */
export function figureWithSpread(label: string, unit: string, samples: readonly number[], perRoundMedians: readonly number[], kind: FigureKind = 'measure'): Figure {
  const f = figure(label, unit, samples, kind);
  const spread = spreadOf(perRoundMedians);
  return spread ? { ...f, spread } : f;
}

/**
 * A target checked against `value`. A value that is not a finite number (nothing was measured: an empty case, a ratio
 * over zero) is "no data": not met, and never shown as a pass.
 */
export function target(label: string, value: number, comparator: '<=' | '>=', threshold: number, spread?: Spread): Target {
  if (!Number.isFinite(value)) return { label, comparator, threshold, value: Number.NaN, met: false, noData: true };
  const met = comparator === '<=' ? value <= threshold : value >= threshold;
  return { label, comparator, threshold, value, met, ...(spread ? { spread } : {}) };
}

/** A target with nothing to check this run. */
export const noDataTarget = (label: string, comparator: '<=' | '>=', threshold: number): Target => target(label, Number.NaN, comparator, threshold);

/** met / MISSED / no data, the one wording of a target's outcome (JSON writes a NaN value as null). */
export function targetOutcome(t: Pick<Target, 'met' | 'noData' | 'value'>): 'met' | 'missed' | 'no data' {
  if (t.noData || t.value === null || !Number.isFinite(t.value)) return 'no data';
  return t.met ? 'met' : 'missed';
}

/** Three significant digits, without exponent notation for the ranges benchmarks produce. */
export function formatNumber(x: number | null): string {
  // A result file stores NaN (nothing measured) as null.
  if (x === null || Number.isNaN(x)) return 'no data';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  if (abs === 0) return '0';
  return x.toPrecision(3);
}

function pad(cells: string[], widths: number[]): string {
  return `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
}

/** Rows under a header, first column left-aligned and the others right-aligned, padded so the terminal shows columns. */
export function alignedTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const lines = [pad(header, widths), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`];
  for (const row of rows) lines.push(pad(header.map((_, i) => row[i] ?? ''), widths));
  return lines;
}

/** A Markdown table (it prints well in a terminal and pastes into the README as is). */
export function markdownTable(report: SuiteReport): string {
  const header = ['figure', 'unit', 'n', 'median', 'p99', 'max'];
  const rows = report.figures.map((f) => [f.label, f.unit, String(f.n), formatNumber(f.median), formatNumber(f.p99), formatNumber(f.max)]);
  const lines = alignedTable(header, rows);
  for (const t of report.targets) {
    const op = t.comparator === '<=' ? '≤' : '≥';
    const outcome = targetOutcome(t);
    const value = outcome === 'no data' ? 'no data' : formatNumber(t.value);
    lines.push('', `Target ${t.label}: ${value} ${op} ${formatNumber(t.threshold)} — ${outcome === 'met' ? 'met' : outcome.toUpperCase()}`);
  }
  return lines.join('\n');
}

/** The suite's extra tables, each under its title in bold; empty when it has none. */
export function extraTables(report: SuiteReport): string {
  return (report.tables ?? []).map((t) => [`**${t.title}**`, '', ...alignedTable(t.header, t.rows)].join('\n')).join('\n\n');
}

export function cpuLine(cpu: CpuAccount | null): string {
  return cpu ? `CPU over the suite: machine ${cpu.machineBusyPct}% busy, this process ${cpu.benchProcessPct}%, steal ${cpu.stealPct}%` : 'CPU use unknown';
}

export function printReport(report: WrittenReport): void {
  const out = [
    `\n### ${report.suite} — ${report.title}`,
    `_${provenanceLine(report)}; ${machineLine(report.machine)}; mode ${report.mode}; ${(report.durationMs / 1000).toFixed(1)} s; ${cpuLine(report.cpu)}_`,
    '',
  ];
  out.push(markdownTable(report));
  if (report.tables?.length) out.push('', extraTables(report), '');
  for (const note of report.notes) out.push(`- ${note}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function writeReport(outDir: string, report: WrittenReport): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `${report.suite}.json`);
  // NaN and Infinity are not JSON: write them as null rather than silently as something else.
  const json = JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
  await writeFile(file, `${json}\n`);
  return file;
}
