// The two ways an engine keeps its scans, for specs that must hold in both: in memory (the embedded default) and in Redis
// (distributed mode, one instance here). Redis comes from SCANNER_TEST_REDIS_URL (default redis://127.0.0.1:6379); every
// engine gets a key prefix of its own, deleted when it closes. Without a reachable Redis the Redis mode is skipped with a
// warning — unless CI is set: then it runs, and fails.
import { randomBytes } from 'node:crypto';
import { benchRedisUrl, deletePrefix, redisReachable } from '../../bench/suites/cluster/redis.js';
import type { EngineHooks } from '../../src/engine/build-engine.js';
import type { Engine } from '../../src/engine/engine.js';
import { buildFixtureEngine, createFixtureEngine } from '../fixtures/fixture-engine.js';

export interface EngineMode {
  name: 'memory' | 'redis';
  /** False when the mode cannot run here (no Redis, CI unset): its specs are skipped. */
  runnable: boolean;
  /** An engine over the fixture strategies; `env` is read like the process environment. */
  build(env?: Record<string, string>, hooks?: EngineHooks): Promise<Engine>;
  /** Removes what the engines built so far left behind (their Redis keys); call after closing them. */
  cleanup(): Promise<void>;
}

export const TEST_REDIS_URL = benchRedisUrl();
const redisUp = await redisReachable(TEST_REDIS_URL);
if (!redisUp) {
  const what = process.env.CI ? 'CI is set: the Redis-mode specs run and will fail' : 'skipping the Redis-mode specs';
  console.warn(`[engine modes] no Redis answers at ${TEST_REDIS_URL} (set SCANNER_TEST_REDIS_URL): ${what}.`);
}

export const memoryMode: EngineMode = {
  name: 'memory',
  runnable: true,
  build: async (env = {}, hooks = {}) => createFixtureEngine(env, hooks).engine,
  cleanup: async () => undefined,
};

const prefixes: string[] = [];

export const redisMode: EngineMode = {
  name: 'redis',
  runnable: redisUp || process.env.CI !== undefined,
  async build(env = {}, hooks = {}) {
    const prefix = env.SCANNER_REDIS_PREFIX ?? `engine-spec-${randomBytes(5).toString('hex')}`;
    const redisEnv = { SCANNER_REDIS_URL: TEST_REDIS_URL, SCANNER_REDIS_PREFIX: prefix, SCANNER_INSTANCE_ID: `${prefix}-1` };
    prefixes.push(prefix);
    return (await buildFixtureEngine({ ...redisEnv, ...env }, hooks)).engine;
  },
  async cleanup() {
    await Promise.all(prefixes.splice(0).map((prefix) => deletePrefix(TEST_REDIS_URL, prefix)));
  },
};

export const ENGINE_MODES: readonly EngineMode[] = [memoryMode, redisMode];
