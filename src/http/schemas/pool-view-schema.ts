// GET /debug/pool.json for /openapi.json (the route is a plain Hono route; src/debug/pool-view.ts builds the body).
import { z } from '@hono/zod-openapi';
import { DEFAULT_POOL_SINCE_MS, MAX_POOL_SINCE_MS, type PoolView } from '../../debug/pool-view.js';
import type { PoolMarkType } from '../../scheduling/pool-timeline.js';
import { CostsSchema } from './cost-origins-schema.js';

const MARK_TYPES = ['hard_abort', 'preempted', 'worker_created', 'worker_destroyed'] as const;
// The recorder declares the mark types as a union only: fail to compile when the two lists differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const marksMatch: Same<(typeof MARK_TYPES)[number], PoolMarkType> = true;
void marksMatch;

const ms = (description: string) => z.number().openapi({ description });
const scanId = z.string().nullable().openapi({ description: 'null for background work and for scans of other users' });

export const PoolViewQuerySchema = z.object({
  sinceMs: z
    .string()
    .regex(/^\d{1,7}$/)
    .optional()
    .openapi({
      param: { name: 'sinceMs', in: 'query' },
      description: `Only the last sinceMs ms (default ${DEFAULT_POOL_SINCE_MS}).`,
      type: 'integer',
      minimum: 1,
      maximum: MAX_POOL_SINCE_MS,
    }),
});

const PoolSpanSchema = z
  .object({
    threadId: z.number().int().openapi({ description: 'Node threadId; a replaced worker gets a new one (a new lane)' }),
    scanId,
    own: z.boolean().openapi({ description: "The caller's scan" }),
    strategy: z.string(),
    startedAt: ms('wall-clock ms'),
    endedAt: z.number().nullable().openapi({ description: 'null while running' }),
    status: z.string().nullable().openapi({ description: 'The outcome once ended (succeeded, timed_out, failed, …)' }),
    speculative: z.boolean().openapi({ description: 'Started although predicted to miss its deadline' }),
    hardAborted: z.boolean().openapi({ description: 'Its worker was terminated' }),
    chunk: z
      .object({ index: z.number().int().min(0), total: z.number().int().min(1) })
      .optional()
      .openapi({ description: 'Which chunk of a chunked strategy the task ran (index from 0); absent for a strategy run whole' }),
  })
  .openapi('PoolSpan');

const PoolMarkSchema = z
  .object({
    type: z.enum(MARK_TYPES),
    at: ms('wall-clock ms'),
    threadId: z.number().int().nullable(),
    scanId,
    own: z.boolean(),
    strategy: z.string().optional(),
  })
  .openapi('PoolMark');

export const PoolViewSchema = z
  .object({
    threads: z.number().int().openapi({ description: 'Tasks that may run at once' }),
    now: ms('Server wall-clock ms when answered'),
    since: ms('now − sinceMs'),
    spans: z.array(PoolSpanSchema),
    marks: z.array(PoolMarkSchema),
    queue: z
      .array(z.object({ at: z.number(), depth: z.number().int() }))
      .openapi({ description: 'Queue depth (tasks waiting, all scans) at each change; the first entry is the depth at `since` when known' }),
    costs: CostsSchema.nullable().openapi({ description: 'Where each strategy cost comes from; null when not tracked' }),
  })
  .openapi('PoolView');

// The schema documents what the route sends: fail to compile when they drift apart.
const bodyMatches: Same<z.infer<typeof PoolViewSchema>, PoolView> = true;
void bodyMatches;
