// Process entry of the reference for the throughput suite: a bare Hono hello-world route on @hono/node-server, started the
// same way as the service (its own process, loopback). Env: HOST, PORT.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('Hello, world!'));
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3200) });
process.on('SIGTERM', () => process.exit(0));
