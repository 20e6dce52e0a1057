// The scaling suite's tables (printed, and rendered in the README after the figures): the heavy scan split against
// unsplit, the simulated schedule, complex_strategy alone, what splitting costs each chunked strategy, and what every
// measured scan gave its user.
import { formatNumber, type ReportTable } from '../../lib/report.js';
import { median } from '../../lib/stats.js';
import { CRITICAL_PATH_THREADS, type ScanStats, type SplitOverhead } from './analysis.js';
import { OVERHEAD_GOAL, STRATEGY_OVERHEAD_GOAL } from './figures.js';
import type { MeasuredScan, Variant } from './measured-scan.js';
import type { SimulatedScan } from './simulated-schedule.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const ms = (x: number): string => formatNumber(Math.round(x));
const medianOf = <T>(items: readonly T[], pick: (item: T) => number): number => median(items.map(pick));

/** Per thread count and variant: the medians over the rounds. */
export function heavyTable(rows: { threads: number; variant: Variant; stats: ScanStats[] }[], profile: string): ReportTable {
  return {
    title: `Full ${profile} scan, split against unsplit (medians over the rounds)`,
    header: ['threads', 'variant', 'wall ms', 'Σ task ms', 'critical path ms', 'largest task', `Σ ÷ ${CRITICAL_PATH_THREADS} ms`, 'schedule efficiency', 'tasks'],
    rows: rows.map(({ threads, variant, stats }) => [
      String(threads),
      variant,
      ms(medianOf(stats, (s) => s.wallMs)),
      ms(medianOf(stats, (s) => s.sumMs)),
      ms(medianOf(stats, (s) => s.criticalMs)),
      stats[0]?.criticalTask ?? '',
      ms(medianOf(stats, (s) => s.sumMs) / CRITICAL_PATH_THREADS),
      formatNumber(medianOf(stats, (s) => s.scheduleEfficiency)),
      String(medianOf(stats, (s) => s.tasks)),
    ]),
  };
}

export function simulationTable(simulated: readonly SimulatedScan[], sumMs: number, chunked: readonly string[], measuredWallMs: ReadonlyMap<number, number>): ReportTable {
  return {
    title: 'Simulated list schedule of the full scan (longest first, from the one-thread split costs) beside Σ ÷ t',
    header: ['threads', ...chunked.map((id) => `${id} chunks`), 'tasks', 'largest task ms', 'simulated wall ms', 'Σ ÷ t ms', 'simulated ÷ (Σ ÷ t)', 'measured wall ms'],
    rows: simulated.map((s) => {
      const measured = measuredWallMs.get(s.threads);
      return [
        String(s.threads),
        ...chunked.map((id) => String(s.chunks[id] ?? 1)),
        String(s.tasks),
        ms(s.largestTaskMs),
        ms(s.wallMs),
        ms(sumMs / s.threads),
        formatNumber(s.wallMs / (sumMs / s.threads)),
        measured === undefined ? '' : ms(measured),
      ];
    }),
  };
}

export function aloneTable(rows: { threads: number; alone: Record<Variant, MeasuredScan[]> }[], strategy: string): ReportTable {
  const wall = (scans: MeasuredScan[]): number => medianOf(scans, (s) => s.wallMs);
  const one = rows[0];
  return {
    title: `${strategy} alone (medians over the rounds)`,
    header: ['threads', 'split wall ms', 'unsplit wall ms', 'splitting speedup', 'split: speedup over 1 thread', 'chunks'],
    rows: rows.map(({ threads, alone }) => [
      String(threads),
      ms(wall(alone.split)),
      ms(wall(alone.unsplit)),
      formatNumber(wall(alone.unsplit) / wall(alone.split)),
      one ? formatNumber(wall(one.alone.split) / wall(alone.split)) : '',
      String(medianOf(alone.split, (s) => s.chunks[strategy]?.total ?? 1)),
    ]),
  };
}

export function overheadTable(rows: { threads: number; overheads: SplitOverhead[] }[]): ReportTable {
  return {
    title: 'What splitting costs each chunked strategy: Σ of its chunk spans against its unsplit task, and the dispatch gaps its extra tasks add',
    header: [
      'strategy',
      'threads',
      'chunks',
      'Σ chunk spans ms',
      'unsplit task ms',
      `Σ chunks ÷ unsplit − 1 (target ≤ ${100 * STRATEGY_OVERHEAD_GOAL} %)`,
      `(chunks − 1) × dispatch gap ÷ unsplit (target ≤ ${100 * OVERHEAD_GOAL} % at 1 thread)`,
    ],
    rows: rows.flatMap(({ threads, overheads }) =>
      overheads.map((o) => [o.strategy, String(threads), String(o.chunks), ms(o.chunkMs), ms(o.wholeMs), pct(o.share), pct(o.dispatchShare)]),
    ),
  };
}

function chunkCounts(scan: MeasuredScan): string {
  const chunks = Object.values(scan.chunks);
  if (chunks.length === 0) return 'none split';
  return `${chunks.reduce((a, c) => a + c.done, 0)} / ${chunks.reduce((a, c) => a + c.total, 0)}`;
}

/** Every measured scan: its final state and strategies succeeded (a faster figure with fewer results would be a regression). */
export function outcomesTable(runs: { label: string; scans: readonly MeasuredScan[] }[]): ReportTable {
  return {
    title: 'What the user got: every measured scan',
    header: ['run', 'round', 'state', 'succeeded', 'chunks done / total'],
    rows: runs.flatMap(({ label, scans }) =>
      scans.map((s, i) => [
        label,
        String(i + 1),
        s.state,
        `${s.succeeded}/${s.requested}`,
        chunkCounts(s),
      ]),
    ),
  };
}
