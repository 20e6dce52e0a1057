// The charts of the HTML report as plain Chart.js configurations (JSON only: no callbacks), built in Node from a
// result so that the page only has to hand each one to `new Chart` (bench/report/page.ts).
import type { Figure, ReportTable, WrittenReport } from '../lib/report.js';

export interface ChartSpec {
  /** Unique on the page: the canvas id. */
  id: string;
  title: string;
  /** What the reader should look for, one sentence under the title. */
  caption: string;
  type: 'bar' | 'line';
  labels: string[];
  datasets: Array<{ label: string; data: Array<number | null> }>;
  /** Horizontal bars (long figure labels read better on the y axis). */
  horizontal?: boolean;
  /** Logarithmic value axis, for figures that span orders of magnitude. */
  logScale?: boolean;
  xTitle?: string;
  yTitle: string;
}

/** A table cell as a number: "6,935" → 6935, "97.7 %" → 97.7, "–" or text → null. */
export function cellNumber(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const cleaned = cell.replace(/,/g, '').replace(/\s*%$/, '').trim();
  if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(cleaned)) return null;
  return Number(cleaned);
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** Figures that describe the run's conditions rather than the workload (noise floor, pool histograms). */
const CONDITION_KINDS = new Set<Figure['kind']>(['event-loop', 'piscina']);
/** A figure group shows at most this many figures; a suite at most this many figure charts. */
const MAX_BARS = 16;
const MAX_FIGURE_CHARTS = 3;

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** One chart per unit: each figure's median and p99 as bars (a figure with nothing measured has none). */
export function figureCharts(report: WrittenReport): ChartSpec[] {
  const measured = report.figures.filter((f) => !CONDITION_KINDS.has(f.kind) && finite(f.median));
  const figures = measured.length > 0 ? measured : report.figures.filter((f) => finite(f.median));
  const byUnit = new Map<string, Figure[]>();
  for (const f of figures) byUnit.set(f.unit, [...(byUnit.get(f.unit) ?? []), f]);
  const groups = [...byUnit].sort((a, b) => b[1].length - a[1].length).slice(0, MAX_FIGURE_CHARTS);
  return groups.map(([unit, group]) => {
    const shown = group.slice(0, MAX_BARS);
    // A log axis only when every value can sit on it (an overshoot below the deadline is negative) and they span > 100×.
    const values = shown.flatMap((f) => [f.median, f.p99]).filter(finite);
    const logScale = values.length > 1 && values.every((x) => x > 0) && Math.max(...values) / Math.min(...values) > 100;
    const hidden = group.length - shown.length;
    return {
      id: `${report.suite}-figures-${slug(unit) || 'ratio'}`,
      title: `${report.suite}: figures in ${unit}`,
      caption: `Median and p99 (where there are several samples) of each figure${hidden > 0 ? ` (the first ${shown.length}; ${hidden} more in the table)` : ''}${logScale ? '; logarithmic axis' : ''}.`,
      type: 'bar',
      horizontal: true,
      logScale,
      labels: shown.map((f) => f.label),
      datasets: [
        { label: 'median', data: shown.map((f) => (finite(f.median) ? f.median : null)) },
        // One sample has no tail: its p99 would only repeat the median.
        { label: 'p99', data: shown.map((f) => (finite(f.p99) && f.n > 1 ? f.p99 : null)) },
      ],
      yTitle: unit,
    };
  });
}

/** A chart of some numeric columns of a table, one point per row (rows whose first cell is "Σ" are totals: left out). */
export function tableChart(
  report: WrittenReport,
  table: ReportTable,
  columns: readonly string[],
  options: Pick<ChartSpec, 'type' | 'caption' | 'yTitle'> & { xTitle?: string; logScale?: boolean },
): ChartSpec | null {
  const present = columns.filter((c) => table.header.includes(c));
  const rows = table.rows.filter((r) => r[0] !== 'Σ');
  if (present.length === 0 || rows.length === 0) return null;
  return {
    id: `${report.suite}-${slug(table.title)}`,
    title: table.title,
    labels: rows.map((r) => r[0] ?? ''),
    datasets: present.map((c) => ({ label: c, data: rows.map((r) => cellNumber(r[table.header.indexOf(c)])) })),
    ...options,
  };
}

const QUANTILES = ['min', 'median', 'p99', 'max'] as const;

/** The quantiles of some figures of one unit, one line each: a distribution as far as a result records it. */
export function quantileChart(report: WrittenReport, pick: (f: Figure) => boolean, caption: string): ChartSpec | null {
  const figures = report.figures.filter((f) => pick(f) && finite(f.median));
  const unit = figures[0]?.unit;
  if (!unit) return null;
  return {
    id: `${report.suite}-quantiles`,
    title: `${report.suite}: quantiles`,
    caption,
    type: 'line',
    labels: [...QUANTILES],
    datasets: figures.filter((f) => f.unit === unit).map((f) => ({ label: f.label, data: QUANTILES.map((q) => (finite(f[q]) ? f[q] : null)) })),
    xTitle: 'quantile',
    yTitle: unit,
  };
}

const findTable = (report: WrittenReport, prefix: string): ReportTable[] => (report.tables ?? []).filter((t) => t.title.startsWith(prefix));

/** The curves a suite is best read as, where it has them; the figure charts follow for every suite. */
function suiteCharts(report: WrittenReport): Array<ChartSpec | null> {
  switch (report.suite) {
    case 'scheduling':
      return findTable(report, '(a)').map((t) =>
        tableChart(report, t, ['optimum', 'warm engine', 'cold engine', 'FIFO', 'shortest first', 'longest first'], {
          type: 'line',
          caption: 'Strategies that succeeded at each budget: the engine\'s plan against the fixed orders it replaced and the offline optimum (higher is better).',
          xTitle: 'scan budget (ms)',
          yTitle: 'strategies succeeded',
        }),
      );
    case 'scaling':
      return findTable(report, 'Simulated list schedule').map((t) =>
        tableChart(report, t, ['simulated wall ms', 'Σ ÷ t ms', 'measured wall ms'], {
          type: 'line',
          caption: 'The full scan\'s wall time against threads: the list schedule simulated from measured costs, the ideal Σ ÷ t, and the measured wall where there were that many threads.',
          xTitle: 'threads',
          yTitle: 'ms',
          logScale: true,
        }),
      );
    case 'deadline':
      return [quantileChart(report, (f) => f.label.includes('final state − deadline'), 'How far past the deadline each scan\'s final state came: the quantiles of the overshoot, engine against the main-thread baseline.')];
    case 'cluster':
      return findTable(report, 'By topology').flatMap((t) => [
        tableChart(report, t, ['POST p50 ms', 'POST p99 ms'], { type: 'bar', caption: 'POST → 202 latency per topology (instances × threads each).', yTitle: 'ms' }),
        tableChart(report, t, ['default scans/min'], { type: 'bar', caption: 'Default scans per minute per topology.', yTitle: 'scans/min' }),
      ]);
    default:
      return [];
  }
}

/** Every chart of one suite's section: its own curves first, then its figures by unit. */
export function chartsFor(report: WrittenReport): ChartSpec[] {
  const charts = [...suiteCharts(report).filter((c): c is ChartSpec => c !== null), ...figureCharts(report)];
  const seen = new Map<string, number>();
  return charts.map((c) => {
    const n = seen.get(c.id) ?? 0;
    seen.set(c.id, n + 1);
    return n === 0 ? c : { ...c, id: `${c.id}-${n + 1}` };
  });
}
