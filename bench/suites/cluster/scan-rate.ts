// Scans per minute, and what each scan gave its user. A closed loop: `lanes` callers, each POSTing a scan (to the
// instances in turn), following it to final on the same instance, then POSTing the next, until the duration is over;
// scans started before then are awaited and counted. Rate = scans finished ÷ (last final − first POST).
import type { Instance } from './instances.js';
import type { FinalSeen, ScanClient } from './scan-client.js';

export interface ScanRateOptions {
  lanes: number;
  durationMs: number;
  body: unknown;
  userPrefix: string;
}

export interface ScanRate {
  finals: FinalSeen[];
  wallMs: number;
  scansPerMinute: number;
}

export async function scanRate(client: ScanClient, instances: readonly Instance[], options: ScanRateOptions): Promise<ScanRate> {
  const finals: FinalSeen[] = [];
  const t0 = performance.now();
  const end = t0 + options.durationMs;
  let lastFinal = t0;
  const lane = async (k: number): Promise<void> => {
    const user = `${options.userPrefix}-${k}`;
    // Every lane runs at least one scan (a zero duration is a warm-up pass).
    for (let i = 0; i === 0 || performance.now() < end; i++) {
      const instance = instances[(k + i) % instances.length] as Instance;
      const posted = await client.post(instance.url, user, options.body);
      finals.push(await client.final(instance.url, user, posted.body.id));
      lastFinal = performance.now();
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, (_, k) => lane(k)));
  const wallMs = lastFinal - t0;
  return { finals, wallMs, scansPerMinute: (finals.length / wallMs) * 60_000 };
}
