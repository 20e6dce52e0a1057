// Small results folders for the report and compare commands: two suites written the way bench/run.ts writes them, with
// the real helpers, so the commands read exactly what a run produces.
import { figure, perRoundFigure, spreadOf, target, writeReport, type ReportTable, type Target, type WrittenReport } from '../../../bench/lib/report.js';
import { median } from '../../../bench/lib/stats.js';

export interface FixtureRun {
  /** The dispatch suite's per-round a/b ratios (its target: median ≤ 2). */
  aOverB: number[];
  /** Whether the scheduling suite had any budget to measure (an empty run is "no data"). */
  budgets: boolean;
}

const machine = { cpuModel: 'Fixture CPU', cores: 2, logicalCpus: 2, totalMemoryGiB: 4, platform: 'Linux test', arch: 'x64', nodeVersion: process.version, v8Version: '0', date: '2026-12-01T00:00:00.000Z', loadAverage: [0.1, 0.1, 0.1] };

function written(suite: string, title: string, figures: WrittenReport['figures'], targets: Target[], tables: ReportTable[] = []): WrittenReport {
  return { suite, title, parameters: {}, figures, targets, tables, notes: [], machine, cpu: null, mode: 'quick', command: 'fixture', durationMs: 1_000, commit: 'f'.repeat(40), dirty: false };
}

export function fixtureReports(run: FixtureRun): WrittenReport[] {
  const dispatch = written(
    'dispatch',
    'fixture dispatch',
    [perRoundFigure('a/b (per-round medians)', '×', run.aOverB, 'ratio'), figure('(b) raw piscina.run', 'µs/task', [70, 80, 90])],
    [target('a/b ≤ 2 (median of per-round ratios)', median(run.aOverB), '<=', 2, spreadOf(run.aOverB))],
  );
  const rows = run.budgets ? [['100', '5', '4', '1'], ['200', '7', '6', '2']] : [];
  const ratios = rows.map((r) => Number(r[2]) / Number(r[1]));
  const scheduling = written(
    'scheduling',
    'fixture scheduling',
    [figure('(a) warm engine ÷ optimum, per budget', '×', ratios, 'ratio')],
    [target('(a) warm engine ≥ 0.5 × optimum at every budget (lowest ratio)', ratios.length ? Math.min(...ratios) : Number.NaN, '>=', 0.5)],
    [{ title: '(a) heavy market (fixture): succeeded strategies', header: ['budget ms', 'optimum', 'warm engine', 'FIFO'], rows }],
  );
  return [dispatch, scheduling];
}

/** Writes the run's results as <dir>/<suite>.json, through the writer bench/run.ts uses. */
export async function writeFixtureResults(dir: string, run: FixtureRun): Promise<void> {
  for (const report of fixtureReports(run)) await writeReport(dir, report);
}
