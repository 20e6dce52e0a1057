// What one scan sends into Redis, measured from outside: one instance on a private Redis (src of truth: its INFO
// counters), default scans one after the other, nobody watching (no /inspect, the long-poll on the owner itself).
// Per scan: the commands and input bytes between just before its POST and a short settle after its final version was
// read, less the instance's background (heartbeat, lost-scan sweeper, BullMQ's stalled-job check and job wait), taken as
// the rate measured over an idle window before the batch × the scan's duration. Raw figures are kept beside.
import type { MarketProfile } from '../../../src/market/profiles.js';
import { BenchCluster, type Instance } from './instances.js';
import { countersDelta, startPrivateRedis, type PrivateRedis, type RedisCounters } from './private-redis.js';
import type { ScanClient } from './scan-client.js';

export interface ScanRedisCost {
  /** Commands into Redis for the scan, background removed. */
  commands: number;
  /** Bytes into Redis for the scan, background removed. */
  inputBytes: number;
  /** The same before removing the background. */
  rawCommands: number;
  rawInputBytes: number;
  /** Bytes of the final snapshot as JSON: the unit of the "× final snapshot" target. */
  finalBytes: number;
  /** Bytes of the scan's trace as GET /trace answers it (read after the window: its reads are not counted). */
  traceBytes: number;
  versions: number;
  wallMs: number;
  byCommand: Record<string, number>;
}

export interface RedisCostBatch {
  scans: ScanRedisCost[];
  /** Background rate while idle: commands and bytes per second. */
  idle: { commandsPerS: number; bytesPerS: number; byCommand: Record<string, number>; windowMs: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** After the final version is read: the owner's last writes (the final version, the trace, the job's completion) land. */
export const SETTLE_MS = 300;

async function window(redis: PrivateRedis, work: () => Promise<void>): Promise<{ delta: RedisCounters; ms: number }> {
  const before = await redis.counters();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  return { delta: countersDelta(before, await redis.counters()), ms };
}

export async function redisCostBatch(client: ScanClient, instance: Instance, redis: PrivateRedis, options: { scans: number; idleMs: number; body: unknown; userPrefix: string }): Promise<RedisCostBatch> {
  const idleWindow = await window(redis, () => sleep(options.idleMs));
  const perMs = { commands: idleWindow.delta.commands / idleWindow.ms, bytes: idleWindow.delta.inputBytes / idleWindow.ms };
  const scans: ScanRedisCost[] = [];
  for (let i = 0; i < options.scans; i++) {
    let finalBytes = 0;
    let versions = 0;
    let id = '';
    const user = `${options.userPrefix}-${i}`;
    const { delta, ms } = await window(redis, async () => {
      const posted = await client.post(instance.url, user, options.body);
      const { snapshot } = await client.final(instance.url, user, posted.body.id);
      finalBytes = Buffer.byteLength(JSON.stringify(snapshot));
      versions = snapshot.version;
      id = snapshot.id;
      await sleep(SETTLE_MS);
    });
    const trace = await client.request<unknown>(`${instance.url}/v1/scans/${id}/trace`, { user });
    scans.push({
      commands: delta.commands - perMs.commands * ms,
      inputBytes: delta.inputBytes - perMs.bytes * ms,
      rawCommands: delta.commands,
      rawInputBytes: delta.inputBytes,
      finalBytes,
      traceBytes: trace.status === 200 ? Buffer.byteLength(JSON.stringify(trace.body)) : 0,
      versions,
      wallMs: ms,
      byCommand: delta.byCommand,
    });
  }
  return {
    scans,
    idle: { commandsPerS: perMs.commands * 1000, bytesPerS: perMs.bytes * 1000, byCommand: idleWindow.delta.byCommand, windowMs: idleWindow.ms },
  };
}

export interface RedisCostRun extends RedisCostBatch {
  profile: string;
  threads: number;
}

/**
 * One instance of real strategies on a redis-server of its own (its INFO counters then count this instance alone), a
 * batch of default scans; everything it started is stopped, whatever happens.
 */
export async function redisCostRun(client: ScanClient, options: { profile: MarketProfile; threads: number; scans: number; idleMs: number; prefix: string; userPrefix: string }): Promise<RedisCostRun> {
  const redis = await startPrivateRedis();
  const cluster = new BenchCluster({ label: 'redis-cost', catalogue: 'real', profile: options.profile, threadsEach: options.threads, redis: { url: redis.url, prefix: options.prefix } });
  try {
    const [instance] = await cluster.start(1);
    if (!instance) throw new Error('no instance to measure');
    const batch = await redisCostBatch(client, instance, redis, { scans: options.scans, idleMs: options.idleMs, body: {}, userPrefix: options.userPrefix });
    return { ...batch, profile: options.profile, threads: options.threads };
  } finally {
    await cluster.stop().catch(() => 0);
    await redis.stop();
  }
}
