// Where strategy costs come from (src/scheduling/warm-start.ts's CostReport), as /healthz and /debug/pool.json show it.
import { z } from '@hono/zod-openapi';
import { COST_SOURCES } from '../../scheduling/cost-model.js';

const CostSourceSchema = z.enum(COST_SOURCES);
export const CostCountsSchema = z.object(Object.fromEntries(COST_SOURCES.map((s) => [s, z.number().int()])) as Record<(typeof COST_SOURCES)[number], z.ZodNumber>);

export const CostsSchema = z
  .object({
    key: z.string().nullable().openapi({ description: 'Short id of what the costs are valid for (market, pool size, strategy code).' }),
    stateFile: z.string().nullable().openapi({ description: 'Where learned costs are saved (SCANNER_STATE_DIR); null when not saved.' }),
    counts: CostCountsSchema.openapi({ description: 'Strategies by where their cost comes from.' }),
    strategies: z.array(
      z.object({
        strategy: z.string(),
        source: CostSourceSchema.openapi({
          description: 'calibrated: measured at start-up here; measured: by scans here; saved: loaded from SCANNER_STATE_DIR; cluster: read from the other instances; guessed: known nowhere, planned from a reference cost.',
        }),
        expectedMs: z.number().nullable().openapi({ description: 'The full-market cost plans use; null while guessed.' }),
      }),
    ),
  })
  .openapi('CostOrigins');

