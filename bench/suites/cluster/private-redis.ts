// A redis-server of the suite's own, on a free loopback port, keeping nothing on disk: its INFO counters count only what
// the instances under test send (the shared Redis on 6379 also serves other sessions' tests), and it can be stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { freePort, LOOPBACK } from '../../lib/child-server.js';
import { redisReachable } from './redis.js';

/** Counters read from `INFO stats` and `INFO commandstats`. */
export interface RedisCounters {
  commands: number;
  inputBytes: number;
  /** Calls per command name (lower case, as INFO names them: `evalsha`, `publish`, `bzpopmin`, …). */
  byCommand: Record<string, number>;
}

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  counters(): Promise<RedisCounters>;
  /** Keys under `prefix:` right now. */
  keyCount(prefix: string): Promise<number>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

export function parseCounters(stats: string, commandstats: string): RedisCounters {
  const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stats)?.[1] ?? NaN);
  const byCommand: Record<string, number> = {};
  for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) byCommand[match[1] as string] = Number(match[2]);
  return { commands: field('total_commands_processed'), inputBytes: field('total_net_input_bytes'), byCommand };
}

/** What happened between two readings, less what the readings themselves cost (each INFO is one command in). */
export function countersDelta(before: RedisCounters, after: RedisCounters, readings = 1): RedisCounters {
  const byCommand: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after.byCommand)) {
    const n = calls - (before.byCommand[name] ?? 0) - (name === 'info' ? 2 * readings : 0);
    if (n > 0) byCommand[name] = n;
  }
  // A reading is two INFO commands (stats, commandstats) of ~40 bytes each as RESP.
  return { commands: after.commands - before.commands - 2 * readings, inputBytes: after.inputBytes - before.inputBytes - 80 * readings, byCommand };
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  const url = `redis://${LOOPBACK}:${port}`;
  const until = Date.now() + READY_TIMEOUT_MS;
  while (!(await redisReachable(url, 200))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not start (is redis-server on PATH?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  return {
    url,
    port,
    async counters() {
      const [stats, commandstats] = await Promise.all([client.info('stats'), client.info('commandstats')]);
      return parseCounters(stats, commandstats);
    },
    async keyCount(prefix) {
      let cursor = '0';
      let count = 0;
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        count += keys.length;
      } while (cursor !== '0');
      return count;
    },
    async stop() {
      client.disconnect();
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
