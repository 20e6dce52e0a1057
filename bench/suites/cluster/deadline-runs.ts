// Deadlines across instances, on scans that run up to their deadline (fixture strategies of fixed cost, one of which
// never fits and runs until it is stopped):
// - no kill: a closed loop of one scan per instance, POSTed to the instances in turn and followed on the next instance,
//   so the final is read where the scan did not start (through Redis when the reader is not the owner);
// - kill -9: one scan per instance, then the owner of one is killed mid-run; every scan is followed on a survivor from
//   before the kill, so the lost scan's final is seen the moment another instance writes it.
import type { BenchCluster, Instance } from './instances.js';
import type { FinalSeen, ScanClient, Snapshot } from './scan-client.js';

export interface OvershootSample {
  /** Final observable on the reading instance − deadline, ms. */
  observedMs: number;
  /** finishedAt − deadlineAt as the snapshot records it, ms (ms resolution). */
  recordedMs: number;
  state: string;
  /** The reading instance was the one that ran the scan. */
  readByOwner: boolean;
}

const msAfterDeadline = (snapshot: Snapshot, at: number): number => at - Date.parse(snapshot.deadlineAt);

function sample(seen: FinalSeen, reader: Instance): OvershootSample {
  const { snapshot, observedAt } = seen;
  return {
    observedMs: msAfterDeadline(snapshot, observedAt),
    recordedMs: snapshot.finishedAt === null ? Number.NaN : msAfterDeadline(snapshot, Date.parse(snapshot.finishedAt)),
    state: snapshot.state,
    readByOwner: snapshot.instance === reader.id,
  };
}

export async function overshootRun(
  client: ScanClient,
  instances: readonly Instance[],
  options: { scans: number; warm: number; lanes: number; body: unknown; userPrefix: string },
): Promise<OvershootSample[]> {
  const samples: OvershootSample[] = [];
  let next = 0;
  const total = options.warm + options.scans;
  const lane = async (k: number): Promise<void> => {
    const user = `${options.userPrefix}-${k}`;
    while (next < total) {
      const i = next++;
      const writer = instances[i % instances.length] as Instance;
      const reader = instances[(i + 1) % instances.length] as Instance;
      const posted = await client.post(writer.url, user, options.body);
      const seen = await client.final(reader.url, user, posted.body.id);
      if (i >= options.warm) samples.push(sample(seen, reader));
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, (_, k) => lane(k)));
  return samples;
}

export interface KillRound {
  instances: number;
  victim: string;
  /** Kill sent − the lost scan's creation, ms. */
  killedAtMs: number;
  lost: Array<{ lapseMs: number; afterDeadlineMs: number; state: string; kept: number; instanceLost: number; other: number }>;
  /** The other scans of the round (run by survivors): final observable − deadline. */
  othersAfterDeadlineMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every scan names the instance that took it (placement is by capacity: each instance takes one). */
async function placed(client: ScanClient, reader: Instance, scans: ReadonlyArray<{ id: string; user: string }>): Promise<Snapshot[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const answers = await Promise.all(scans.map((s) => client.request<Snapshot>(`${reader.url}/v1/scans/${s.id}`, { user: s.user })));
    const snapshots = answers.map((a) => a.body);
    if (answers.every((a) => a.status === 200 && a.body.instance !== null)) return snapshots;
    if (Date.now() > until) throw new Error('scans were not placed within 10 s');
    await sleep(10);
  }
}

/**
 * One kill: a scan per instance, the owner of the first one killed `killAfterMs` after that scan's creation, every scan
 * followed on a survivor; then (`replace`) a replacement instance joins, with a new id, idle for the next round.
 */
export async function killRound(client: ScanClient, cluster: BenchCluster, options: { round: number; killAfterMs: number; body: unknown; userPrefix: string; replace: boolean }): Promise<KillRound> {
  const live = [...cluster.instances];
  const scans = await Promise.all(
    live.map(async (instance, j) => {
      const user = `${options.userPrefix}-k${options.round}-${j}`;
      const posted = await client.post(instance.url, user, options.body);
      return { id: posted.body.id, user };
    }),
  );
  const first = (await placed(client, live[0] as Instance, scans))[0] as Snapshot;
  const victim = cluster.byId(first.instance);
  if (!victim) throw new Error(`scan ${first.id} names instance ${first.instance}, which is not one of this run's`);
  const survivors = live.filter((i) => i !== victim);
  // Followed from before the kill, on survivors only.
  const finals = scans.map((s, j) => client.final((survivors[j % survivors.length] as Instance).url, s.user, s.id, 30_000));
  await sleep(Math.max(0, Date.parse(first.createdAt) + options.killAfterMs - Date.now()));
  const killedAt = cluster.kill(victim);
  const seen = await Promise.all(finals);
  await victim.server.exit;

  const round: KillRound = { instances: live.length, victim: victim.id, killedAtMs: killedAt - Date.parse(first.createdAt), lost: [], othersAfterDeadlineMs: [] };
  for (const { snapshot, observedAt } of seen) {
    if (snapshot.instance !== victim.id) {
      round.othersAfterDeadlineMs.push(msAfterDeadline(snapshot, observedAt));
      continue;
    }
    const instanceLost = snapshot.strategies.filter((s) => s.error?.code === 'INSTANCE_LOST').length;
    const kept = snapshot.strategies.filter((s) => s.status === 'succeeded').length;
    round.lost.push({
      lapseMs: observedAt - killedAt,
      afterDeadlineMs: msAfterDeadline(snapshot, observedAt),
      state: snapshot.state,
      kept,
      instanceLost,
      other: snapshot.strategies.length - kept - instanceLost,
    });
  }
  if (options.replace) await cluster.waitIdle(await cluster.add());
  return round;
}
