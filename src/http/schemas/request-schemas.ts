// Request schemas: the same zod objects validate requests and generate /openapi.json.
import { z } from '@hono/zod-openapi';
import type { ScanLimits } from '../../engine/scan-limits.js';
import { FORBIDDEN_PORTFOLIO_KEYS, MAX_PORTFOLIO_UNITS } from '../../engine/portfolio-input.js';

/** Contract bounds that configuration cannot widen. */
export const CONTRACT = {
  minBudgetMs: 100,
  maxBudgetMs: 60_000,
  minStrategyTimeoutMs: 50,
  maxStrategyTimeoutMs: 60_000,
  maxStrategies: 14,
  maxSymbols: 1000,
  maxWaitMs: 30_000,
} as const;

/** Scan ids are nanoids; anything else cannot name a scan (and is answered 404 like an unknown id). */
export const SCAN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const unique = (items: readonly string[]): boolean => new Set(items).size === items.length;

const symbolName = z.string().min(1).max(64);

/**
 * Refuses `__proto__`, `constructor` and `prototype` keys. Runs on the parsed JSON before the record: JSON.parse keeps an
 * own `__proto__` key, but zod's record never shows it to its key schema and silently drops it from the result.
 */
function refuseForbiddenKeys(value: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_PORTFOLIO_KEYS.includes(key)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(key)} is not allowed as a key`, path: [key], input: value });
    }
  }
  return value;
}

/** `{symbol: units}`: finite units within ±MAX_PORTFOLIO_UNITS, so the strategies' arithmetic stays finite. */
const portfolioSchema = z.preprocess(
  refuseForbiddenKeys,
  z
    .record(symbolName, z.number().min(-MAX_PORTFOLIO_UNITS).max(MAX_PORTFOLIO_UNITS))
    .refine((p) => Object.keys(p).length <= CONTRACT.maxSymbols, { message: `at most ${CONTRACT.maxSymbols} holdings` }),
);

/**
 * An integer query parameter: decimal digits only — '', ' 5', '+5', '1e3', '0x10' and '5.0' are refused rather than
 * coerced — then bounded. `max` must be at most Number.MAX_SAFE_INTEGER.
 */
export function integerQueryParam(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, { message: 'must be a decimal integer (digits only)' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** Body of POST /v1/scans; `maxBudgetMs` comes from configuration (never above the contract's 60000). */
export function scanRequestSchema(limits: Pick<ScanLimits, 'maxBudgetMs'>) {
  return z
    .strictObject({
      strategies: z
        .array(z.string().min(1).max(64))
        .min(1)
        .max(CONTRACT.maxStrategies)
        .refine(unique, { message: 'strategies must not repeat' })
        .optional()
        .openapi({ description: 'Strategy ids from GET /v1/strategies; default: all.', example: ['pairs_trading', 'momentum'] }),
      budgetMs: z
        .number()
        .int()
        .min(CONTRACT.minBudgetMs)
        .max(Math.min(limits.maxBudgetMs, CONTRACT.maxBudgetMs))
        .optional()
        .openapi({ description: 'Whole-scan deadline, ms from registration.', example: 10_000 }),
      strategyTimeoutMs: z
        .number()
        .int()
        .min(CONTRACT.minStrategyTimeoutMs)
        .max(CONTRACT.maxStrategyTimeoutMs)
        .optional()
        .openapi({ description: 'Per-strategy deadline; never later than the scan deadline.', example: 30_000 }),
      symbols: z
        .array(symbolName)
        .min(1)
        .max(CONTRACT.maxSymbols)
        .optional()
        .openapi({ description: 'Symbols of the loaded market; default: the whole universe. Duplicates are ignored.' }),
      portfolio: portfolioSchema.optional().openapi({
        description:
          `Holdings in units per symbol (negative = short), each symbol of the loaded market, |units| ≤ ${MAX_PORTFOLIO_UNITS.toExponential().replace('+', '')}; ` +
          `the keys ${FORBIDDEN_PORTFOLIO_KEYS.join(', ')} are refused. Default: a demo portfolio.`,
        example: { 'BTC-USD': 0.5 },
      }),
      force: z.boolean().optional().openapi({ description: 'Start a new scan even if one of yours is running.' }),
    })
    .openapi('ScanRequest');
}

export type ScanRequestSchema = ReturnType<typeof scanRequestSchema>;
export type ScanRequestBody = z.infer<ScanRequestSchema>;

export const ScanIdParamSchema = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, description: 'Scan id', example: 'V1StGXR8_Z5jdHi6B-myT' }),
});

export const SnapshotQuerySchema = z.object({
  waitMs: integerQueryParam(0, CONTRACT.maxWaitMs)
    .optional()
    .openapi({ description: 'Long-poll: answer when the version changes, or after this many ms.', type: 'integer', minimum: 0, maximum: CONTRACT.maxWaitMs }),
  version: integerQueryParam(0, Number.MAX_SAFE_INTEGER)
    .optional()
    .openapi({ description: 'Long-poll baseline (default: the version in If-None-Match).', type: 'integer', minimum: 0 }),
});

export const ListQuerySchema = z.object({
  limit: integerQueryParam(1, 100).default(20).openapi({ type: 'integer', minimum: 1, maximum: 100, default: 20, example: 20 }),
});
