// Response schemas of the scan routes (the contract's snapshot). They document the API in /openapi.json; the snapshot
// itself is produced by the engine (src/core/scan-snapshot.ts) and typed there.
import { z } from '@hono/zod-openapi';
import { FINAL_SCAN_STATES, PLAN_POLICIES, SCAN_STATES, STRATEGY_STATUSES } from '../../../machines/scan-types.js';

const isoTime = z.string().openapi({ format: 'date-time', example: '2025-01-01T12:00:00.000Z' });

export const ScanStateSchema = z
  .enum(SCAN_STATES)
  .openapi('ScanState', { description: `Final states: ${FINAL_SCAN_STATES.join(', ')}.` });

export const StrategyStatusSchema = z
  .enum(STRATEGY_STATUSES)
  .openapi('StrategyStatus');

export const OpportunitySchema = z
  .object({
    strategy: z.string(),
    symbols: z.array(z.string()),
    side: z.enum(['long', 'short', 'neutral']),
    confidence: z.number().openapi({ description: '0 … 10' }),
    expectedReturnPct: z.number(),
    riskPct: z.number(),
    horizon: z.string().openapi({ example: '4h' }),
    entry: z.number().nullable(),
    stop: z.number().nullable(),
    target: z.number().nullable(),
    rationale: z.string(),
  })
  .openapi('Opportunity');

export const ProgressSchema = z
  .object({
    total: z.number().int(),
    queued: z.number().int(),
    running: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    timedOut: z.number().int(),
    cancelled: z.number().int(),
    skipped: z.number().int(),
  })
  .openapi('Progress');

export const StrategySnapshotSchema = z
  .object({
    id: z.string(),
    status: StrategyStatusSchema,
    startedAt: isoTime.nullable(),
    durationMs: z.number().int().nullable(),
    deadlineAt: isoTime.nullable(),
    opportunities: z.number().int(),
    truncated: z.boolean(),
    error: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .openapi({ description: 'Why it did not succeed; WOULD_MISS_DEADLINE: skipped because it was predicted not to finish in time.' }),
    expectedMs: z.number().int().nullable().openapi({ description: 'Expected run time when the scan was planned (learned on this market); null when never seen.' }),
    quarantined: z.boolean().openapi({ description: 'Planned last: it was hard-killed at its deadline in several consecutive runs.' }),
    chunks: z
      .object({ total: z.number().int(), done: z.number().int() })
      .nullable()
      .openapi({ description: 'A strategy run as chunks on several worker threads: how many chunks, and how many have finished; null when it runs as one task.' }),
    coverage: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .openapi({ description: 'Once settled: the fraction of its chunks its opportunities come from (below 1 when its deadline cut a split strategy short, with truncated true; a strategy run whole is one chunk: 1 if it succeeded, 0 otherwise); null until it settles.' }),
  })
  .openapi('StrategySnapshot');

export const PlanSchema = z
  .object({
    policy: z.enum(PLAN_POLICIES).openapi({ description: 'longest_first (everything fits: shortest makespan) or most_finished (not everything fits: the most strategies that can finish).' }),
    predictedFinishAt: isoTime.nullable().openapi({ description: 'When the strategies predicted to fit should be done; null when none is.' }),
  })
  .openapi('ScanPlan', { description: 'How the engine planned the scan when it was created.' });

export const ScanSnapshotSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    state: ScanStateSchema,
    done: z.boolean(),
    version: z.number().int().openapi({ description: 'Increments on every change; ETag is "<id>-<version>".' }),
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    budgetMs: z.number().int(),
    deadlineAt: isoTime,
    elapsedMs: z.number().int(),
    progress: ProgressSchema,
    strategies: z.array(StrategySnapshotSchema),
    opportunities: z.array(OpportunitySchema).openapi({ description: 'Ranked best first across strategies.' }),
    plan: PlanSchema.nullable(),
  })
  .openapi('ScanSnapshot');

export const ScanSummarySchema = z
  .object({
    id: z.string(),
    state: ScanStateSchema,
    createdAt: isoTime,
    finishedAt: isoTime.nullable(),
    progress: ProgressSchema,
  })
  .openapi('ScanSummary');

export const ScanListSchema = z.object({ scans: z.array(ScanSummarySchema) }).openapi('ScanList');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://opportunity-scanner.dev/problems/scan-not-found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'SCAN_NOT_FOUND' }),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    validStrategies: z.array(z.string()).optional(),
    unknownSymbols: z.array(z.string()).optional(),
    predictedWaitMs: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'OVERLOADED: predicted ms until a worker is free for the scan; SCAN_CAPACITY: until a scan slot frees (Retry-After rounds it up).' }),
    running: z.number().int().optional().openapi({ description: 'SCAN_CAPACITY: scans executing.' }),
    queued: z.number().int().optional().openapi({ description: 'SCAN_CAPACITY: scans waiting for their first worker.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json).' });
