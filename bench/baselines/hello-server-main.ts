// Process entry of the reference for the throughput suite: a bare Hono hello-world route on @hono/node-server, started the
// same way as the service (its own process, loopback). Env: HOST, PORT, BENCH_MIDDLEWARES (pass-through middlewares in
// front of the route, default 0: what the layers of a middleware chain cost by themselves).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
const layers = Number(process.env.BENCH_MIDDLEWARES ?? 0);
for (let i = 0; i < layers; i++) app.use('*', async (_c, next) => await next());
app.get('/', (c) => c.text('Hello, world!'));
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3200) });
process.on('SIGTERM', () => process.exit(0));
