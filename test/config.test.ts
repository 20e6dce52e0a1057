// Configuration: defaults from the contract, every variable parsed and bounded, and a clear error naming each bad one.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', resultTtlMs: 300_000, alertThresholdMs: 10_000, catalogueUrl: undefined });
    expect(config.tokens.size).toBe(0);
    expect(config.threads).toBeGreaterThanOrEqual(1);
    expect(config.market).toEqual({ dataDir: undefined, profile: 'default', seed: undefined });
    expect(config.scans).toMatchObject({ defaultBudgetMs: 10_000, maxBudgetMs: 60_000, defaultStrategyTimeoutMs: 30_000 });
    expect(config.http).toMatchObject({ maxBodyBytes: 65_536, ssePingMs: 15_000 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.scans)).toBe(true);
  });

  it('parses every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      SCANNER_TOKENS: ' tokenA:alice , tokenB:bob.smith ',
      SCANNER_THREADS: '3',
      SCANNER_DATA_DIR: '/data/ohlcv',
      SCANNER_RESULT_TTL_MS: '60000',
      SCANNER_MARKET_PROFILE: 'tiny',
      SCANNER_MARKET_SEED: '42',
      SCANNER_DEFAULT_BUDGET_MS: '5000',
      SCANNER_MAX_BUDGET_MS: '20000',
      SCANNER_DEFAULT_STRATEGY_TIMEOUT_MS: '4000',
      SCANNER_GRACE_MS: '75',
      SCANNER_WORKER_HEAP_MB: '256',
      SCANNER_MAX_RETAINED: '50',
      SCANNER_MAX_RUNNING_SCANS: '4',
      SCANNER_MAX_QUEUED_SCANS: '8',
      SCANNER_MAX_SSE_CLIENTS: '10',
      SCANNER_SSE_PING_MS: '1000',
      SCANNER_MAX_BODY_BYTES: '2048',
      SCANNER_SHUTDOWN_GRACE_MS: '3000',
      SCANNER_ALERT_THRESHOLD_MS: '2000',
      SCANNER_LOG_LEVEL: 'warn',
      SCANNER_TRACE_CAP: '100',
      SCANNER_CATALOGUE_URL: 'file:///tmp/catalogue.js',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      threads: 3,
      resultTtlMs: 60_000,
      market: { dataDir: '/data/ohlcv', profile: 'tiny', seed: 42 },
      graceMs: 75,
      workerHeapMb: 256,
      maxRetained: 50,
      scans: { defaultBudgetMs: 5000, maxBudgetMs: 20_000, defaultStrategyTimeoutMs: 4000, maxRunningScans: 4, maxQueuedScans: 8 },
      http: { maxSseClients: 10, ssePingMs: 1000, maxBodyBytes: 2048 },
      shutdownGraceMs: 3000,
      alertThresholdMs: 2000,
      logLevel: 'warn',
      traceCap: 100,
      catalogueUrl: 'file:///tmp/catalogue.js',
    });
    expect([...config.tokens]).toEqual([
      ['tokenA', 'alice'],
      ['tokenB', 'bob.smith'],
    ]);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', SCANNER_TOKENS: '  ' })).toMatchObject({ port: 3000 });
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['SCANNER_THREADS', '0'],
    ['SCANNER_THREADS', '1.5'],
    ['SCANNER_RESULT_TTL_MS', '-1'],
    ['SCANNER_MARKET_PROFILE', 'huge'],
    ['SCANNER_DEFAULT_BUDGET_MS', '60001'],
    ['SCANNER_MAX_QUEUED_SCANS', '0'],
    ['SCANNER_LOG_LEVEL', 'verbose'],
    ['SCANNER_TOKENS', 'no-colon'],
    ['SCANNER_TOKENS', 'tok:bad user'],
    ['SCANNER_CATALOGUE_URL', 'not a url'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it('lists every invalid variable at once and never echoes a token', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', SCANNER_THREADS: 'y', SCANNER_TOKENS: 'secret-token-value' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/SCANNER_THREADS:/);
    expect(message).toMatch(/SCANNER_TOKENS:/);
    expect(message).not.toContain('secret-token-value');
  });

  it('rejects a default budget above the maximum budget', () => {
    expect(() => loadConfig({ SCANNER_DEFAULT_BUDGET_MS: '30000', SCANNER_MAX_BUDGET_MS: '20000' })).toThrow(/SCANNER_DEFAULT_BUDGET_MS/);
  });
});
