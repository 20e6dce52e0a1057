// The Redis connections of one instance. Every command fails fast while Redis is unreachable (no offline queue, one
// retry), so no request ever hangs on it; reconnection is retried every half second, so service resumes within about a
// second of Redis coming back, without a restart. BullMQ opens its own connections from `bullmqConnection`.
import { Redis, type RedisOptions } from 'ioredis';
import { closeWithin, CLOSE_BOUND_MS } from './bounded-close.js';

/** Reconnect attempts are this far apart, forever. */
export const RECONNECT_MS = 500;
/** A command in flight when the connection drops is retried once. */
const RETRIES_PER_REQUEST = 1;
const CONNECT_TIMEOUT_MS = 2_000;

/** Where BullMQ connects, in the plain options both its Queue and its Worker accept. */
export interface BullConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  connectTimeout: number;
  retryStrategy: () => number;
}

export interface RedisConnections {
  /** Commands and scripts. */
  readonly commands: Redis;
  /** Subscriptions only (a subscribed connection can run nothing else). */
  readonly subscriber: Redis;
  /** Options for BullMQ's own connections (its workers need maxRetriesPerRequest: null). */
  readonly bullmqConnection: BullConnection;
  /** True while the command connection is ready. */
  readonly available: boolean;
  /** Calls `listener` each time the command connection becomes ready again after a loss. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

export function openRedis(url: string, onError: (err: unknown) => void): RedisConnections {
  const base: RedisOptions = {
    lazyConnect: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => RECONNECT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: RETRIES_PER_REQUEST,
  };
  const commands = new Redis(url, { ...base, connectionName: 'scanner-commands' });
  // The subscriber must queue its SUBSCRIBE commands while reconnecting, so its subscriptions survive an outage.
  const subscriber = new Redis(url, { ...base, enableOfflineQueue: true, connectionName: 'scanner-subscriber' });
  const reconnectListeners: Array<() => void> = [];
  let lost = false;
  // Without an 'error' listener ioredis logs every failed reconnect attempt to stderr; the owner logs once per outage.
  commands.on('error', (err) => {
    if (!lost) onError(err);
    lost = true;
  });
  subscriber.on('error', () => undefined);
  commands.on('ready', () => {
    if (!lost) return;
    lost = false;
    for (const listener of reconnectListeners) listener();
  });
  commands.on('close', () => (lost = true));
  const parsed = new URL(url);
  const bullmqConnection: BullConnection = {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    retryStrategy: () => RECONNECT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
  return {
    commands,
    subscriber,
    bullmqConnection,
    get available() {
      return commands.status === 'ready';
    },
    onReconnect: (listener) => void reconnectListeners.push(listener),
    async close() {
      // QUIT waits for the server's answer; a server that cannot be reached never gives one (the subscriber, which keeps
      // an offline queue, would wait for the reconnection): then the sockets are simply dropped.
      if (commands.status === 'ready') await closeWithin(Promise.allSettled([commands.quit(), subscriber.quit()]), CLOSE_BOUND_MS);
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
