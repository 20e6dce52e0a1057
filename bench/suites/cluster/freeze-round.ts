// One "freeze the owner" round (issue 18): the owner of a running scan is paused with SIGSTOP for longer than the
// lost-instance lapse (a long GC, a VM migration, a frozen container), the survivors finalise its scan, then the owner
// resumes (SIGCONT). Every instance is then read in turn: what counts is how long until every instance serves the
// survivors' final snapshot, and how many reads disagreed with it or went back in version, before and after that point.
import type { BenchCluster, Instance } from './instances.js';
import type { ScanClient, Snapshot } from './scan-client.js';

/** A scan that outlasts the freeze: `cooperative` works until its strategy deadline unless it is stopped. */
export const FREEZE_SCAN = { strategies: ['t200', 't400', 'cooperative'], budgetMs: 10_000, strategyTimeoutMs: 9_000 };

export interface FreezeRound {
  instances: number;
  /** SIGSTOP → the survivors serve a final snapshot, ms. */
  finalisedAfterMs: number;
  /** SIGCONT → every instance serves that same final snapshot (and keeps serving it), ms; NaN when they never agreed. */
  agreedAfterMs: number;
  /** Reads after SIGCONT that served anything else than the survivors' final snapshot (another version, state or end). */
  disagreements: number;
  /** Reads after SIGCONT whose version was below one the same instance had served before. */
  regressions: number;
  reads: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const sameFinal = (a: Snapshot, b: Snapshot): boolean => a.done && a.version === b.version && a.state === b.state && a.finishedAt === b.finishedAt;

/** Polls `reader` until the scan has settled a strategy somewhere (it is running, on an instance). */
async function runningOn(client: ScanClient, reader: Instance, user: string, id: string): Promise<Snapshot> {
  const until = Date.now() + 15_000;
  for (;;) {
    const { status, body } = await client.request<Snapshot>(`${reader.url}/v1/scans/${id}`, { user });
    if (status === 200 && body.instance !== null && body.progress.succeeded > 0) return body;
    if (Date.now() > until) throw new Error(`scan ${id} did not start within 15 s`);
    await sleep(20);
  }
}

export async function freezeRound(client: ScanClient, cluster: BenchCluster, options: { round: number; freezeMs: number; observeMs: number; userPrefix: string }): Promise<FreezeRound> {
  const live = [...cluster.instances];
  const user = `${options.userPrefix}-f${options.round}`;
  const posted = await client.post((live[0] as Instance).url, user, FREEZE_SCAN);
  const id = posted.body.id;
  const running = await runningOn(client, live[0] as Instance, user, id);
  const owner = cluster.byId(running.instance);
  if (!owner) throw new Error(`scan ${id} names instance ${running.instance}, which is not one of this run's`);
  const survivor = live.find((i) => i !== owner) as Instance;

  const frozenAt = Date.now();
  owner.server.kill('SIGSTOP');
  let stored: Snapshot;
  try {
    stored = (await client.final(survivor.url, user, id, options.freezeMs + 10_000)).snapshot;
  } finally {
    await sleep(Math.max(0, frozenAt + options.freezeMs - Date.now()));
    owner.server.kill('SIGCONT');
  }
  const resumedAt = Date.now();
  const finalisedAfterMs = Date.parse(stored.finishedAt ?? '') - frozenAt;

  let disagreements = 0;
  let regressions = 0;
  let reads = 0;
  let agreedSince: number | null = null;
  const highest = new Map<string, number>();
  while (Date.now() < resumedAt + options.observeMs) {
    for (const instance of live) {
      const { status, body } = await client.request<Snapshot>(`${instance.url}/v1/scans/${id}`, { user });
      reads += 1;
      if (status !== 200) {
        disagreements += 1;
        agreedSince = null;
        continue;
      }
      if ((highest.get(instance.id) ?? 0) > body.version) regressions += 1;
      highest.set(instance.id, Math.max(highest.get(instance.id) ?? 0, body.version));
      if (sameFinal(body, stored)) agreedSince ??= Date.now();
      else {
        disagreements += 1;
        agreedSince = null;
      }
    }
    await sleep(25);
  }
  return { instances: live.length, finalisedAfterMs, agreedAfterMs: agreedSince === null ? Number.NaN : Math.max(0, agreedSince - resumedAt), disagreements, regressions, reads };
}
