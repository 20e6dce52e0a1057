// The service processes the cluster suite measures: dist/src/main.js started the way it runs in production, either
// embedded (no Redis) or as instances sharing one Redis under a prefix of their own, named so that a snapshot's
// `instance` tells which process ran it. Instances can be killed (SIGKILL, a crash) and replaced.
import type { MarketProfile } from '../../../src/market/profiles.js';
import { compiledPath, compiledUrl } from '../../../src/compiled-path.js';
import { realCatalogueUrl } from '../../lib/catalogue.js';
import { startChildServer, type ChildServer } from '../../lib/child-server.js';
import { requestJson, waitFor } from '../../lib/http.js';
import { deletePrefix } from './redis.js';

/** The real strategies, or the fixture catalogue (fixed-cost `t20`…`t1500`, for scans that must run to their deadline). */
export type CatalogueKind = 'real' | 'fixture';

export interface ClusterSpec {
  label: string;
  catalogue: CatalogueKind;
  profile: MarketProfile;
  threadsEach: number;
  /** Absent: embedded mode (no Redis). */
  redis?: { url: string; prefix: string };
  /** More settings for every instance (e.g. SCANNER_TRACE_CAP). */
  env?: Record<string, string>;
}

export interface Instance {
  /** SCANNER_INSTANCE_ID: what snapshots name in `instance`. */
  readonly id: string;
  readonly url: string;
  readonly server: ChildServer;
}

interface Health {
  pool: { threads: number; queued: number; running: number };
  store?: { available: boolean; queueDepth: number | null };
}

function catalogueUrl(kind: CatalogueKind): string {
  return kind === 'real' ? realCatalogueUrl() : compiledUrl('test/fixtures/fixture-catalogue');
}

/** One process per instance, all of the same spec; `stop` ends them and deletes the run's Redis keys. */
export class BenchCluster {
  readonly spec: ClusterSpec;
  readonly instances: Instance[] = [];
  #started = 0;

  constructor(spec: ClusterSpec) {
    this.spec = spec;
  }

  get distributed(): boolean {
    return this.spec.redis !== undefined;
  }

  /** Starts `count` instances at once and waits until each answers and its pool is idle (start-up calibration done). */
  async start(count: number): Promise<Instance[]> {
    const started = await Promise.all(Array.from({ length: count }, () => this.add()));
    await Promise.all(started.map((i) => this.waitIdle(i)));
    return started;
  }

  /** Starts one more instance (a replacement after a kill gets a new id: the dead one's heartbeat must lapse). */
  async add(): Promise<Instance> {
    const { spec } = this;
    const id = `${spec.redis?.prefix ?? spec.label}-i${++this.#started}`;
    const env: Record<string, string> = {
      SCANNER_LOG_LEVEL: 'warn',
      SCANNER_TOKENS: '',
      SCANNER_MARKET_PROFILE: spec.profile,
      SCANNER_CATALOGUE_URL: catalogueUrl(spec.catalogue),
      SCANNER_THREADS: String(spec.threadsEach),
      SCANNER_INSTANCE_ID: id,
      // The fixture catalogue holds strategies that never yield, exit or run out of memory: not worth calibrating.
      SCANNER_CALIBRATION: spec.catalogue === 'real' ? 'on' : 'off',
      SCANNER_REDIS_URL: spec.redis?.url ?? '',
      SCANNER_REDIS_PREFIX: spec.redis?.prefix ?? '',
      ...spec.env,
    };
    // Measured once ready, as a load balancer routes (bench/lib/servers.ts does the same): before that the instance runs its
    // JIT warm-up and calibration, which slowed the first default scans by a quarter and charged their longer lock
    // renewals and progress writes to the Redis cost per scan.
    const server = await startChildServer({ label: `${spec.label} instance ${id}`, script: compiledPath('src/main'), env, readyPath: '/readyz' });
    const instance = { id, url: server.url, server };
    this.instances.push(instance);
    return instance;
  }

  /** kill -9: the process gets no chance to clean up (no final mirror, no heartbeat removal). Returns when it was sent. */
  kill(instance: Instance): number {
    const at = Date.now();
    instance.server.kill('SIGKILL');
    this.instances.splice(this.instances.indexOf(instance), 1);
    return at;
  }

  /** Waits until the instance's pool has been idle for three reads in a row (calibration and earlier scans done). */
  async waitIdle(instance: Instance, timeoutMs = 60_000): Promise<void> {
    let quiet = 0;
    await waitFor(`${instance.id} to be idle`, async () => {
      const { body } = await requestJson<Health>(`${instance.url}/healthz`);
      quiet = body.pool.running === 0 && body.pool.queued === 0 ? quiet + 1 : 0;
      return quiet >= 3 ? true : undefined;
    }, timeoutMs, 150);
  }

  byId(id: string | null): Instance | undefined {
    return this.instances.find((i) => i.id === id);
  }

  /** Stops every instance (SIGTERM: a clean shutdown) and deletes the run's keys; returns how many keys were deleted. */
  async stop(): Promise<number> {
    await Promise.all(this.instances.map((i) => i.server.stop()));
    this.instances.length = 0;
    return this.spec.redis ? deletePrefix(this.spec.redis.url, this.spec.redis.prefix) : 0;
  }
}
