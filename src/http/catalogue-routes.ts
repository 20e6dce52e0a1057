// GET /v1/strategies (the catalogue) and GET /v1/machines/scan (the scan statechart, for XState visualizers).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { scanMachine } from '../../machines/scan-machine.js';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from '../web/app-env.js';
import { createRouter } from './router.js';
import { authErrors, bearerSecurity, json } from './schemas/openapi-responses.js';

const StrategyInfoSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), inputs: z.array(z.string()) })
  .openapi('StrategyInfo');

export function catalogueRoutes(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  // Both answers are fixed for the life of the process: build them once.
  const strategies = {
    strategies: deps.engine.catalogue.map(({ id, name, description, inputs }) => ({ id, name, description, inputs: [...inputs] })),
  };
  const machine = scanMachine.toJSON() as unknown as Record<string, unknown>;

  const listStrategies = createRoute({
    method: 'get',
    path: '/v1/strategies',
    summary: 'The strategy catalogue',
    security: bearerSecurity,
    responses: { 200: json(z.object({ strategies: z.array(StrategyInfoSchema) }), 'Every strategy a scan can run'), ...authErrors },
  });
  app.openapi(listStrategies, (c) => c.json(strategies, 200));

  const machineDefinition = createRoute({
    method: 'get',
    path: '/v1/machines/scan',
    summary: "The scan machine's definition (machine.toJSON())",
    security: bearerSecurity,
    responses: { 200: json(z.record(z.string(), z.unknown()), 'XState machine definition'), ...authErrors },
  });
  app.openapi(machineDefinition, (c) => c.json(machine, 200));
  return app;
}
