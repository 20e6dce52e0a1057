// The strategy cost table in docs/strategies.md is the measured reference the first cost guess plans from
// (src/scheduling/reference-costs.ts), rendered, never a second copy that can drift from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTimingsModule, renderTimingTable, replaceTimingTable } from '../../bench/strategy-timing-table.js';
import { REFERENCE_COSTS } from '../../src/scheduling/cost-guess.js';
import { REFERENCE_TIMINGS } from '../../src/scheduling/reference-costs.js';
import { strategyCatalogue } from '../../workers/strategy-catalogue.js';

const doc = readFileSync(new URL('../../docs/strategies.md', import.meta.url), 'utf8');
const moduleSource = readFileSync(new URL('../../src/scheduling/reference-costs.ts', import.meta.url), 'utf8');

describe('the strategy cost reference', () => {
  it('covers every strategy of the catalogue, in catalogue order', () => {
    expect(Object.keys(REFERENCE_TIMINGS)).toEqual(strategyCatalogue.map((s) => s.id));
  });

  it('is what docs/strategies.md shows, as bench/strategy-timing.ts --write renders it', () => {
    const table = renderTimingTable(REFERENCE_TIMINGS);
    expect(table.split('\n')).toHaveLength(strategyCatalogue.length + 3);
    expect(doc).toContain(table);
    expect(replaceTimingTable(doc, table)).toBe(doc);
  });

  it('is what the first guess plans from', () => {
    expect(REFERENCE_COSTS.pairs_trading).toEqual({ defaultMs: REFERENCE_TIMINGS.pairs_trading?.default.cpuMs, heavyMs: REFERENCE_TIMINGS.pairs_trading?.heavy.cpuMs });
  });

  it('is rewritten by a re-measurement without losing its header or changing what it did not measure', () => {
    expect(renderTimingsModule(moduleSource, REFERENCE_TIMINGS)).toBe(moduleSource);
    const remeasured = { ...REFERENCE_TIMINGS, hedge_position: { default: { cpuMs: 3, wallMs: 4, longestGapMs: 0.5 }, heavy: { cpuMs: 18, wallMs: 18, longestGapMs: 1 } } };
    const rewritten = replaceTimingTable(doc, renderTimingTable(remeasured));
    expect(rewritten).toContain('| hedge_position | 3 | 4 | 0.50 | 18 | 18 | 1.00 |');
    expect(rewritten.length - doc.length).toBe(renderTimingTable(remeasured).length - renderTimingTable(REFERENCE_TIMINGS).length);
  });
});
