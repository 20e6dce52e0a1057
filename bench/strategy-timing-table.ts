// The strategy cost table, rendered from the measured timings (src/scheduling/reference-costs.ts): what
// bench/strategy-timing.ts prints and writes into docs/strategies.md, and what test/docs/strategy-costs.test.ts checks
// the document against. Also renders the timings module itself, so a re-measurement rewrites both from one result.
import { TIMED_PROFILES, type StrategyTiming, type TimedProfile } from '../src/scheduling/reference-costs.js';

export type Timings = Readonly<Record<string, Readonly<Record<TimedProfile, StrategyTiming>>>>;

const ms = (value: number): string => value.toFixed(0);
const gap = (value: number): string => value.toFixed(2);

/** The Markdown table: one row per strategy, then totals (the longest gap is a maximum, not a sum). */
export function renderTimingTable(timings: Timings): string {
  const rows = Object.entries(timings);
  const header = TIMED_PROFILES.map((p) => `${p} CPU ms | ${p} wall ms | ${p} longest check gap ms`).join(' | ');
  const lines = [`| strategy | ${header} |`, `|---|${TIMED_PROFILES.map(() => '---:|---:|---:').join('|')}|`];
  for (const [strategy, byProfile] of rows) {
    const cells = TIMED_PROFILES.map((p) => `${ms(byProfile[p].cpuMs)} | ${ms(byProfile[p].wallMs)} | ${gap(byProfile[p].longestGapMs)}`);
    lines.push(`| ${strategy} | ${cells.join(' | ')} |`);
  }
  const totals = TIMED_PROFILES.map((p) => {
    const all = rows.map(([, byProfile]) => byProfile[p]);
    const sum = (pick: (t: StrategyTiming) => number): number => all.reduce((total, t) => total + pick(t), 0);
    return `**${ms(sum((t) => t.cpuMs))}** | **${ms(sum((t) => t.wallMs))}** | ${gap(Math.max(...all.map((t) => t.longestGapMs)))}`;
  });
  lines.push(`| **total** | ${totals.join(' | ')} |`);
  return lines.join('\n');
}

/** The source of src/scheduling/reference-costs.ts with `timings` in it (its header and types kept from `current`). */
export function renderTimingsModule(current: string, timings: Timings): string {
  const start = current.indexOf('export const REFERENCE_TIMINGS');
  if (start < 0) throw new Error('src/scheduling/reference-costs.ts has no REFERENCE_TIMINGS to replace');
  const entry = (t: StrategyTiming): string => `{ cpuMs: ${ms(t.cpuMs)}, wallMs: ${ms(t.wallMs)}, longestGapMs: ${gap(t.longestGapMs)} }`;
  const rows = Object.entries(timings).map(([strategy, byProfile]) => `  ${strategy}: { ${TIMED_PROFILES.map((p) => `${p}: ${entry(byProfile[p])}`).join(', ')} },`);
  return `${current.slice(0, start)}export const REFERENCE_TIMINGS: Readonly<Record<string, Readonly<Record<TimedProfile, StrategyTiming>>>> = {\n${rows.join('\n')}\n};\n`;
}

/** `doc` with its strategy cost table (the block that starts with the table's header row) replaced by `table`. */
export function replaceTimingTable(doc: string, table: string): string {
  const headerRow = table.slice(0, table.indexOf('\n'));
  const start = doc.indexOf(headerRow);
  if (start < 0) throw new Error('docs/strategies.md has no strategy cost table to replace');
  const end = doc.indexOf('\n\n', start);
  return `${doc.slice(0, start)}${table}${end < 0 ? '\n' : doc.slice(end)}`;
}
