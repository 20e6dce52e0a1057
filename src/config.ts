// Process configuration: read once from the environment, validated with zod, frozen. Every bound the service enforces
// (body size, scans, SSE clients, shutdown grace) is named here so that it is documented and tunable in one place.
import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { z } from 'zod';
import { USER_ID_PATTERN, USER_ID_RULE } from './engine/identity.js';
import type { ScanLimits } from './engine/scan-limits.js';
import { DEFAULT_MAX_RETAINED, DEFAULT_MAX_RETAINED_BYTES, DEFAULT_RESULT_TTL_MS } from './core/scan-service.js';
import { DEFAULT_QUARANTINE_AFTER } from './scheduling/runaway-quarantine.js';
import { DEFAULT_GRACE_MS, DEFAULT_SPARE_THREADS } from './core/strategy-pool.js';

/** Thrown when the environment does not describe a valid configuration; the message lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const ms = (min: number, max: number) => int(min, max);

/** "tokenA:alice,tokenB:bob" → token → user id. Empty or unset → no tokens (dev mode). */
const tokensSchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const tokens = new Map<string, string>();
    for (const pair of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const colon = pair.lastIndexOf(':');
      const token = pair.slice(0, colon).trim();
      const user = pair.slice(colon + 1).trim();
      if (colon <= 0 || !USER_ID_PATTERN.test(user)) {
        // Never echo the token itself into logs.
        ctx.addIssue({ code: 'custom', message: `each entry must be "<token>:<user id of ${USER_ID_RULE}>"` });
        return z.NEVER;
      }
      tokens.set(token, user);
    }
    return tokens;
  });

/** Instance ids and key prefixes: they become Redis key parts and BullMQ lock tokens, so no ':' and no spaces. */
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const NAME_RULE = '1–64 characters of A–Z, a–z, 0–9, ".", "_" or "-"';
/** An instance silent this long is presumed lost and its scans are finalised by the others. */
export const DEFAULT_LOST_INSTANCE_MS = 2_000;
/** Where learned strategy costs are kept across restarts (relative to the working directory; git-ignored). */
export const DEFAULT_STATE_DIR = '.scanner';

const envSchema = z.object({
  PORT: int(0, 65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SCANNER_TOKENS: tokensSchema,
  SCANNER_THREADS: int(1, 256).default(availableParallelism()),
  SCANNER_DATA_DIR: z.string().min(1).optional(),
  SCANNER_RESULT_TTL_MS: ms(1_000, 86_400_000).default(DEFAULT_RESULT_TTL_MS),
  SCANNER_MARKET_PROFILE: z.enum(['tiny', 'default', 'heavy']).default('default'),
  SCANNER_MARKET_SEED: int(0, 2 ** 31 - 1).optional(),
  SCANNER_DEFAULT_BUDGET_MS: ms(100, 60_000).default(10_000),
  SCANNER_MAX_BUDGET_MS: ms(100, 60_000).default(60_000),
  SCANNER_DEFAULT_STRATEGY_TIMEOUT_MS: ms(50, 60_000).default(30_000),
  SCANNER_GRACE_MS: ms(1, 10_000).default(DEFAULT_GRACE_MS),
  SCANNER_WORKER_HEAP_MB: int(32, 16_384).default(1024),
  SCANNER_MAX_RETAINED: int(1, 1_000_000).default(DEFAULT_MAX_RETAINED),
  SCANNER_MAX_RETAINED_BYTES: int(1_048_576, 2 ** 40).default(DEFAULT_MAX_RETAINED_BYTES),
  SCANNER_MAX_RUNNING_SCANS: int(1, 100_000).default(32),
  SCANNER_MAX_QUEUED_SCANS: int(1, 100_000).default(96),
  SCANNER_MAX_SSE_CLIENTS: int(1, 100_000).default(1_000),
  SCANNER_SSE_PING_MS: ms(100, 300_000).default(15_000),
  SCANNER_MAX_BODY_BYTES: int(1_024, 10_485_760).default(65_536),
  SCANNER_REQUEST_TIMEOUT_MS: ms(1_000, 600_000).default(30_000),
  SCANNER_HEADERS_TIMEOUT_MS: ms(1_000, 600_000).default(10_000),
  SCANNER_SHUTDOWN_GRACE_MS: ms(0, 600_000).default(10_000),
  SCANNER_ALERT_THRESHOLD_MS: ms(1, 3_600_000).default(10_000),
  SCANNER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SCANNER_TRACE_CAP: int(0, 1_000_000).default(5_000),
  SCANNER_QUARANTINE_AFTER: int(0, 1_000).default(DEFAULT_QUARANTINE_AFTER),
  SCANNER_CALIBRATION: z.enum(['on', 'off']).default('on'),
  SCANNER_SPARE_THREADS: int(0, 16).default(DEFAULT_SPARE_THREADS),
  SCANNER_STATE_DIR: z.string().min(1).default(DEFAULT_STATE_DIR),
  /** Tests only: a strategy catalogue module URL replacing the real strategies (e.g. the fixture catalogue). */
  SCANNER_CATALOGUE_URL: z.url().optional(),
  SCANNER_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  SCANNER_REDIS_PREFIX: z.string().regex(NAME_PATTERN, NAME_RULE).default('scanner'),
  SCANNER_INSTANCE_ID: z.string().regex(NAME_PATTERN, NAME_RULE).optional(),
  SCANNER_LOST_INSTANCE_MS: ms(300, 60_000).default(DEFAULT_LOST_INSTANCE_MS),
});

type Env = z.infer<typeof envSchema>;

export interface HttpLimits {
  maxBodyBytes: number;
  maxSseClients: number;
  ssePingMs: number;
  /** A request (headers and body) not received in full within this long is answered 408 (node's `requestTimeout`). */
  requestTimeoutMs: number;
  /** …and its headers within this long (node's `headersTimeout`; at most `requestTimeoutMs`). */
  headersTimeoutMs: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** token → user id; empty map = dev mode (X-User-Id). */
  readonly tokens: ReadonlyMap<string, string>;
  readonly threads: number;
  readonly graceMs: number;
  readonly workerHeapMb: number;
  readonly catalogueUrl: string | undefined;
  readonly market: { readonly dataDir: string | undefined; readonly profile: 'tiny' | 'default' | 'heavy'; readonly seed: number | undefined };
  readonly resultTtlMs: number;
  readonly maxRetained: number;
  /** The heap finished scans may hold, by estimated weight (SCANNER_MAX_RETAINED_BYTES). */
  readonly maxRetainedBytes: number;
  readonly scans: Readonly<ScanLimits>;
  readonly http: Readonly<HttpLimits>;
  readonly shutdownGraceMs: number;
  readonly alertThresholdMs: number;
  readonly logLevel: Env['SCANNER_LOG_LEVEL'];
  readonly traceCap: number;
  readonly scheduling: Readonly<SchedulingConfig>;
  /** This process's name in snapshots, logs and metrics (SCANNER_INSTANCE_ID; default host, pid and a short random id). */
  readonly instanceId: string;
  /** Distributed mode (several instances on one Redis); null: the embedded single-process default. */
  readonly distributed: Readonly<DistributedConfig> | null;
}

export interface DistributedConfig {
  redisUrl: string;
  /** Every Redis key and the BullMQ queue live under it. */
  prefix: string;
  /** An instance silent this long is presumed lost; its scans end with INSTANCE_LOST. */
  lostInstanceMs: number;
}

export interface SchedulingConfig {
  /** Consecutive hard kills that quarantine a strategy; 0 = off. */
  quarantineAfter: number;
  /** Measure every strategy once in the background at start-up, so the first scans are planned from real costs. */
  calibration: boolean;
  /** Warm workers beyond `threads`, so a hard abort never costs the next task a thread. */
  spareThreads: number;
  /** Directory the learned strategy costs are saved in (SCANNER_STATE_DIR), resolved against the working directory. */
  stateDir: string;
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`).join('\n');
}

function toConfig(env: Env): Config {
  if (env.SCANNER_DEFAULT_BUDGET_MS > env.SCANNER_MAX_BUDGET_MS) {
    throw new ConfigError('Invalid configuration:\n  SCANNER_DEFAULT_BUDGET_MS: must not exceed SCANNER_MAX_BUDGET_MS');
  }
  if (env.SCANNER_HEADERS_TIMEOUT_MS > env.SCANNER_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration:\n  SCANNER_HEADERS_TIMEOUT_MS: must not exceed SCANNER_REQUEST_TIMEOUT_MS');
  }
  return {
    port: env.PORT,
    host: env.HOST,
    tokens: env.SCANNER_TOKENS,
    threads: env.SCANNER_THREADS,
    graceMs: env.SCANNER_GRACE_MS,
    workerHeapMb: env.SCANNER_WORKER_HEAP_MB,
    catalogueUrl: env.SCANNER_CATALOGUE_URL,
    market: Object.freeze({ dataDir: env.SCANNER_DATA_DIR, profile: env.SCANNER_MARKET_PROFILE, seed: env.SCANNER_MARKET_SEED }),
    resultTtlMs: env.SCANNER_RESULT_TTL_MS,
    maxRetained: env.SCANNER_MAX_RETAINED,
    maxRetainedBytes: env.SCANNER_MAX_RETAINED_BYTES,
    scans: Object.freeze({
      defaultBudgetMs: env.SCANNER_DEFAULT_BUDGET_MS,
      maxBudgetMs: env.SCANNER_MAX_BUDGET_MS,
      defaultStrategyTimeoutMs: env.SCANNER_DEFAULT_STRATEGY_TIMEOUT_MS,
      maxRunningScans: env.SCANNER_MAX_RUNNING_SCANS,
      maxQueuedScans: env.SCANNER_MAX_QUEUED_SCANS,
    }),
    http: Object.freeze({
      maxBodyBytes: env.SCANNER_MAX_BODY_BYTES,
      maxSseClients: env.SCANNER_MAX_SSE_CLIENTS,
      ssePingMs: env.SCANNER_SSE_PING_MS,
      requestTimeoutMs: env.SCANNER_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.SCANNER_HEADERS_TIMEOUT_MS,
    }),
    shutdownGraceMs: env.SCANNER_SHUTDOWN_GRACE_MS,
    alertThresholdMs: env.SCANNER_ALERT_THRESHOLD_MS,
    logLevel: env.SCANNER_LOG_LEVEL,
    traceCap: env.SCANNER_TRACE_CAP,
    scheduling: Object.freeze({
      quarantineAfter: env.SCANNER_QUARANTINE_AFTER,
      calibration: env.SCANNER_CALIBRATION === 'on',
      spareThreads: env.SCANNER_SPARE_THREADS,
      stateDir: path.resolve(env.SCANNER_STATE_DIR),
    }),
    instanceId: env.SCANNER_INSTANCE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${process.pid}-${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}`,
    distributed: env.SCANNER_REDIS_URL
      ? Object.freeze({ redisUrl: env.SCANNER_REDIS_URL, prefix: env.SCANNER_REDIS_PREFIX, lostInstanceMs: env.SCANNER_LOST_INSTANCE_MS })
      : null,
  };
}

/**
 * Parses the environment into a frozen configuration. Empty strings count as unset (a blank `PORT=` falls back to the
 * default rather than to 0). Throws `ConfigError` naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${formatIssues(parsed.error)}`);
  return Object.freeze(toConfig(parsed.data));
}
