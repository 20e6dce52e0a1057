// The shape every suite returns, and how it is printed and written to bench/results/<suite>.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CpuAccount } from './cpu-accounting.js';
import { machineLine, type MachineInfo } from './machine.js';
import { summarize, type Summary } from './stats.js';

/** What a figure measures; the table groups by it. */
export type FigureKind = 'measure' | 'ratio' | 'piscina' | 'event-loop' | 'memory';

export interface Figure extends Summary {
  label: string;
  unit: string;
  kind: FigureKind;
}

/** A target from the issue, checked against one figure of this run. */
export interface Target {
  label: string;
  comparator: '<=' | '>=';
  threshold: number;
  /** The figure's value the target is about (e.g. its p99 or median). */
  value: number;
  met: boolean;
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

export interface WrittenReport extends SuiteReport {
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

export function target(label: string, value: number, comparator: '<=' | '>=', threshold: number): Target {
  const met = comparator === '<=' ? value <= threshold : value >= threshold;
  return { label, comparator, threshold, value, met: Number.isFinite(value) && met };
}

/** Three significant digits, without exponent notation for the ranges benchmarks produce. */
export function formatNumber(x: number): string {
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
function alignedTable(header: string[], rows: string[][]): string[] {
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
    lines.push('', `Target ${t.label}: ${formatNumber(t.value)} ${op} ${formatNumber(t.threshold)} — ${t.met ? 'met' : 'MISSED'}`);
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
    `_${machineLine(report.machine)}; mode ${report.mode}; ${(report.durationMs / 1000).toFixed(1)} s; ${cpuLine(report.cpu)}_`,
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
