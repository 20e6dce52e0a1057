// A snapshot in the parts its Redis hash holds (src/cluster/scan-record-fields.ts): a version sends the head and only the
// strategies and opportunity groups that changed since the stored version, and the parts read back are the owner's
// snapshot, opportunities in the same ranked order.
import { describe, expect, it } from 'vitest';
import { mergeRanked, type Opportunity } from '../../machines/opportunity.js';
import { initialContext } from '../../machines/scan-machine.js';
import { changedFields, recordParts, snapshotFromFields } from '../../src/cluster/scan-record-fields.js';
import { toScanSnapshot, type ScanSnapshot } from '../../src/core/scan-snapshot.js';

const CREATED_AT = Date.UTC(2026, 11, 7, 12);
const STRATEGIES = ['alpha', 'beta', 'gamma'];

const found = (strategy: string, symbol: string, confidence: number, expectedReturnPct = 1): Opportunity => ({
  strategy, symbols: [symbol], side: 'long', confidence, expectedReturnPct, riskPct: 0.5, horizon: '4h', entry: 100, stop: 99.5, target: 101, rationale: `${strategy} on ${symbol}`,
});

/** A snapshot as the engine builds it, with `settled` strategies done and their opportunities merged in that order. */
function snapshotAt(version: number, settled: Record<string, Opportunity[]>): ScanSnapshot {
  const input = { scanId: 'scan-f', strategies: STRATEGIES, budgetMs: 10_000, strategyTimeoutMs: 5_000, createdAt: CREATED_AT, params: { symbols: ['AAA', 'BBB'], portfolio: {} } };
  const context = initialContext(input);
  let opportunities: Opportunity[] = [];
  for (const [id, list] of Object.entries(settled)) {
    context.strategies[id] = { ...context.strategies[id]!, status: 'succeeded', startedAt: CREATED_AT + 1, finishedAt: CREATED_AT + 5, opportunities: list.length };
    opportunities = mergeRanked(opportunities, list);
  }
  return toScanSnapshot({ id: 'scan-f', userId: 'u', instance: 'i', state: 'running', context: { ...context, version, opportunities }, finishedAt: null }, CREATED_AT + 10);
}

/** The hash after writing `fields` over `hash` (HSET). */
function apply(hash: Record<string, string>, fields: string[]): Record<string, string> {
  const out = { ...hash };
  for (let i = 0; i < fields.length; i += 2) out[fields[i] as string] = fields[i + 1] as string;
  return out;
}

const names = (fields: string[]): string[] => fields.filter((_, i) => i % 2 === 0);

describe('scan record fields', () => {
  // Ties across strategies (same score) and within one (same symbol, score and confidence) test the rebuilt order.
  const alpha = [found('alpha', 'AAA', 6), found('alpha', 'BBB', 6), found('alpha', 'AAA', 6)];
  const beta = [found('beta', 'AAA', 6), found('beta', 'BBB', 9, 3)];

  it('reads back a whole version as the snapshot it was made from', () => {
    const v3 = snapshotAt(3, { beta, alpha });
    expect(snapshotFromFields(apply({}, changedFields(v3, recordParts(v3))))).toEqual(v3);
  });

  it('sends the head and what changed: settled strategies are not resent, nor opportunities already sent', () => {
    const v2 = snapshotAt(2, { alpha });
    const v3 = snapshotAt(3, { alpha, beta });
    const base = recordParts(v2);
    const delta = changedFields(v3, recordParts(v3), base);
    expect(names(delta)).toEqual(['head', 's:beta', 'o:beta']);
    const stored = apply(apply({}, changedFields(v2, base)), delta);
    expect(snapshotFromFields(stored)).toEqual(v3);
    expect(JSON.stringify(snapshotFromFields(stored))).toBe(JSON.stringify(v3)); // same key order, same ranking
  });

  it('a version whose strategies and opportunities did not change sends its head alone', () => {
    const v2 = snapshotAt(2, { alpha });
    const v3 = { ...v2, version: 3, elapsedMs: v2.elapsedMs + 40 };
    expect(names(changedFields(v3, recordParts(v3), recordParts(v2)))).toEqual(['head']);
  });

  it('holds no snapshot without its head and ids', () => {
    expect(snapshotFromFields({ v: '2', done: '0' })).toBeUndefined();
  });
});
