// The scan's outcome as two tables: the top opportunities (ranked best first by the engine) and every strategy's result.
import Table from 'cli-table3';
import type { ScanSnapshot } from '../engine/engine.js';

const num = (value: number | null, digits = 2): string => (value === null ? '–' : value.toFixed(digits));

/** Plain borders and no colours: the output reads the same in a terminal, a log file or a test. */
const STYLE = { head: [], border: [], compact: true };

export function opportunitiesTable(snapshot: ScanSnapshot, top: number): string {
  if (snapshot.opportunities.length === 0) return 'No opportunities found.';
  const table = new Table({
    head: ['#', 'strategy', 'symbols', 'side', 'conf', 'exp %', 'risk %', 'horizon', 'entry', 'stop', 'target'],
    colAligns: ['right', 'left', 'left', 'left', 'right', 'right', 'right', 'left', 'right', 'right', 'right'],
    style: STYLE,
  });
  snapshot.opportunities.slice(0, top).forEach((o, i) => {
    table.push([i + 1, o.strategy, o.symbols.join(' / '), o.side, num(o.confidence, 1), num(o.expectedReturnPct), num(o.riskPct), o.horizon, num(o.entry, 4), num(o.stop, 4), num(o.target, 4)]);
  });
  const more = snapshot.opportunities.length > top ? `\n(${snapshot.opportunities.length - top} more; --top to see them)` : '';
  return `${table.toString()}${more}`;
}

export function strategiesTable(snapshot: ScanSnapshot): string {
  const table = new Table({
    head: ['strategy', 'status', 'duration', 'found', 'note'],
    colAligns: ['left', 'left', 'right', 'right', 'left'],
    style: STYLE,
  });
  for (const s of snapshot.strategies) {
    const note = s.error ? `${s.error.code}: ${s.error.message}` : s.truncated ? 'stopped at its deadline; partial results kept' : '';
    table.push([s.id, s.status, s.durationMs === null ? '–' : `${s.durationMs} ms`, s.opportunities, note.slice(0, 80)]);
  }
  return table.toString();
}

export function summaryLine(snapshot: ScanSnapshot): string {
  const p = snapshot.progress;
  return (
    `Scan ${snapshot.id}: ${snapshot.state} in ${(snapshot.elapsedMs / 1000).toFixed(2)} s ` +
    `(budget ${(snapshot.budgetMs / 1000).toFixed(1)} s) — ${p.succeeded} succeeded, ${p.failed} failed, ${p.timedOut} timed out, ` +
    `${p.cancelled} cancelled, ${p.skipped} skipped; ${snapshot.opportunities.length} opportunities`
  );
}
