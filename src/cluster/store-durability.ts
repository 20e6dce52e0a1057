// What Redis will keep (issue 18, §3). "An id handed out is readable on every instance" holds only if Redis keeps what it
// was told: a Redis with no append-only file restarts empty (or at its last snapshot), and one allowed to evict drops
// keys under memory pressure — an accepted scan (202, queued or running) is then 404 everywhere. Read at start (and on
// every reconnection: the server may have been restarted with other settings), judged by a pure function, and stated in
// /healthz (`store.durable`) and in one warn line that says what can be lost and how to fix it.
import type { Redis } from 'ioredis';

export interface PersistenceSettings {
  /** `appendonly`: null when Redis would not say (CONFIG refused and INFO silent). */
  appendonly: boolean | null;
  /** `save` (RDB snapshot points, '' for none); null when unknown (INFO does not tell). */
  save: string | null;
  /** `maxmemory-policy`; null when unknown. */
  maxmemoryPolicy: string | null;
}

export interface DurabilityVerdict {
  /** True: an accepted scan survives a Redis restart and is never evicted. Null: Redis would not say. */
  durable: boolean | null;
  /** What can be lost and how to fix it, one sentence each; empty when durable. */
  risks: string[];
}

/** The one eviction policy under which Redis refuses writes instead of dropping keys (BullMQ asks for it too). */
const NO_EVICTION = 'noeviction';

/** Pure: what these settings let Redis lose. */
export function judgeDurability(settings: PersistenceSettings): DurabilityVerdict {
  const risks: string[] = [];
  if (settings.appendonly === false) {
    const snapshots = settings.save === null || settings.save === '' ? 'and no RDB snapshots' : `only RDB snapshots (save "${settings.save}"), so what changed since the last one`;
    risks.push(
      `Redis keeps no append-only file ${snapshots}: after a Redis restart every scan it held is gone, accepted (202) scans still queued or running included, and reads of their ids answer 404. Fix: run Redis with appendonly yes and appendfsync everysec (CONFIG SET appendonly yes; CONFIG REWRITE).`,
    );
  }
  if (settings.maxmemoryPolicy !== null && settings.maxmemoryPolicy !== NO_EVICTION) {
    risks.push(
      `Redis may evict keys (maxmemory-policy ${settings.maxmemoryPolicy}): under memory pressure it can drop scan records and queued jobs, and those scans vanish. Fix: maxmemory-policy ${NO_EVICTION} (CONFIG SET maxmemory-policy ${NO_EVICTION}).`,
    );
  }
  const known = settings.appendonly !== null && settings.maxmemoryPolicy !== null;
  return { durable: risks.length > 0 ? false : known ? true : null, risks };
}

/** Reads the settings with CONFIG GET; where CONFIG is refused (some hosted Redis services), from INFO. Never throws. */
export async function readPersistence(redis: Redis): Promise<PersistenceSettings> {
  const config = async (name: string): Promise<string | null> => {
    try {
      const reply = (await redis.config('GET', name)) as string[];
      return reply[1] ?? null;
    } catch {
      return null;
    }
  };
  const [appendonly, save, maxmemoryPolicy] = await Promise.all([config('appendonly'), config('save'), config('maxmemory-policy')]);
  const settings: PersistenceSettings = { appendonly: appendonly === null ? null : appendonly === 'yes', save, maxmemoryPolicy };
  if (settings.appendonly !== null && settings.maxmemoryPolicy !== null) return settings;
  const info = await redis.info('persistence').catch(() => '') + (await redis.info('memory').catch(() => ''));
  const field = (name: string): string | null => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;
  const aof = field('aof_enabled');
  return {
    appendonly: settings.appendonly ?? (aof === null ? null : aof === '1'),
    save,
    maxmemoryPolicy: settings.maxmemoryPolicy ?? field('maxmemory_policy'),
  };
}

/**
 * Checks each time the connection becomes ready (at start, and after every reconnection) and warns when scans can be
 * lost. The latest verdict is what /healthz reports.
 */
export function watchDurability(redis: Redis, warn: (fields: Record<string, unknown>, message: string) => void): { readonly durable: boolean | null } {
  let verdict: DurabilityVerdict = { durable: null, risks: [] };
  redis.on('ready', () => {
    void readPersistence(redis).then((settings) => {
      verdict = judgeDurability(settings);
      if (verdict.durable === false) warn({ durable: false, ...settings, risks: verdict.risks }, 'Redis may lose accepted scans: see risks for what and how to fix it');
    });
  });
  return {
    get durable() {
      return verdict.durable;
    },
  };
}
