// Small helpers of the readiness tests: a log sink and the app on a real socket.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { createApp } from '../../../src/http/create-app.js';
import { LogSink } from './harness.js';

export { LogSink };

export function listenApp(app: ReturnType<typeof createApp>): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as Server).closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
