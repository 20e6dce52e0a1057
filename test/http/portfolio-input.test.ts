// A request's portfolio: symbols of the loaded market only, finite units within ±MAX_PORTFOLIO_UNITS, no keys that
// name Object.prototype — and at that bound the strategies that read the portfolio still answer with finite numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/engine-error.js';
import { MAX_PORTFOLIO_UNITS } from '../../src/engine/portfolio-input.js';
import { resolveScanRequest } from '../../src/engine/scan-request.js';
import { toServiceError } from '../../src/web/problem.js';
import { defaultPortfolio } from '../../src/market/default-portfolio.js';
import { generateSyntheticMarket } from '../../src/market/synthetic-market.js';
import { hedgePosition } from '../../workers/strategies/hedge-position.js';
import { marketMaking } from '../../workers/strategies/market-making.js';
import { portfolioOptimization } from '../../workers/strategies/portfolio-optimization.js';
import { riskManagement } from '../../workers/strategies/risk-management.js';
import { asUser, createHarness, jsonInit, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const postRaw = (user: string, body: string): Promise<Response> =>
  Promise.resolve(h.app.request('/v1/scans', asUser(user, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })));

describe('a portfolio checked against the loaded market', () => {
  const ctx = { strategyIds: ['fast'], symbols: ['AAA', 'BBB', 'CCC'], defaultPortfolio: {}, limits: { defaultBudgetMs: 1_000, defaultStrategyTimeoutMs: 1_000 } };

  it('accepts holdings of market symbols, and an empty portfolio', () => {
    expect(resolveScanRequest({ portfolio: { AAA: 1, BBB: -2 } }, 'u', ctx).params.portfolio).toEqual({ AAA: 1, BBB: -2 });
    expect(() => resolveScanRequest({ portfolio: {} }, 'u', ctx)).not.toThrow();
  });

  it('refuses other symbols with UNKNOWN_SYMBOL naming them, answered 400 like unknown `symbols`', () => {
    let thrown: unknown;
    try {
      resolveScanRequest({ portfolio: { AAA: 1, 'NOPE-USD': 2, 'ZZZ-USD': 3 } }, 'u', ctx);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect(thrown).toMatchObject({ code: 'UNKNOWN_SYMBOL', extra: { unknownSymbols: ['NOPE-USD', 'ZZZ-USD'] } });
    expect(toServiceError(thrown)).toMatchObject({ status: 400, code: 'UNKNOWN_SYMBOL' });
  });
});

describe('POST /v1/scans portfolio', () => {
  it('accepts units at ±MAX_PORTFOLIO_UNITS', async () => {
    const res = await h.app.request('/v1/scans', asUser('bound', jsonInit('POST', { strategies: ['fast'], portfolio: { AAA: MAX_PORTFOLIO_UNITS, BBB: -MAX_PORTFOLIO_UNITS } })));
    expect(res.status).toBe(202);
  });

  it('refuses units past the bound, naming the holding', async () => {
    const res = await postRaw('past', `{"portfolio": {"AAA": 1, "BBB": ${MAX_PORTFOLIO_UNITS * 10}}}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'portfolio.BBB' }] });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key (kept by JSON.parse, dropped by zod if not checked first)', async (key) => {
    const res = await postRaw(`key${key.length}`, `{"portfolio": {"${key}": {"polluted": true}, "AAA": 1}}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([{ path: `portfolio.${key}`, message: expect.stringContaining('not allowed') }]) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the strategies that read the portfolio, at ±MAX_PORTFOLIO_UNITS', () => {
  const { market } = generateSyntheticMarket('default', 1);
  const demo = defaultPortfolio(market);
  const largest = Math.max(...Object.values(demo));
  const scaled = (sign: number) => Object.fromEntries(Object.entries(demo).map(([s, u]) => [s, (sign * MAX_PORTFOLIO_UNITS * u) / largest]));
  const portfolios = [scaled(1), scaled(-1), Object.fromEntries(market.symbols.slice(0, 4).map((s, i) => [s, i === 0 ? MAX_PORTFOLIO_UNITS : -MAX_PORTFOLIO_UNITS]))];

  it.each([riskManagement, hedgePosition, portfolioOptimization, marketMaking])('$id: every number finite, no Infinity or NaN in the rationale', (strategy) => {
    let found = 0;
    for (const portfolio of portfolios) {
      for (const o of strategy.run(market, { symbols: market.symbols, portfolio }, () => false)) {
        found += 1;
        for (const value of Object.values(o)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
        expect(o.rationale).not.toMatch(/Infinity|NaN/);
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});
