// A frozen owner (issue 18, §1): the instance running a scan is paused (SIGSTOP: a long GC, a VM migration, a frozen
// container) for longer than the lost-instance lapse, so the others finalise its scan (INSTANCE_LOST); then it resumes
// (SIGCONT). From the moment any instance serves that final snapshot, every instance serves the same one — same
// version, state and finishedAt — and no instance ever serves a version below one it has served itself.
//
// Talks HTTP to child-process instances only, so it holds whatever the store and engine look like inside.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { as, Cluster, describeCluster, health, requireRedis, sleep, userId, type Instance } from './support/cluster.js';

const LAPSE_MS = 1_000;
/** Long enough for the survivors to finalise (a lapse + a sweep) with room to spare. */
const FREEZE_MS = 3_500;
/** How long every instance is read in turn after the owner resumes: past the point where the scan would have ended. */
const OBSERVE_MS = 5_000;
/**
 * Work for one thread that outlasts the freeze: `cooperative` works until its strategy deadline, so an owner that is not
 * stopped goes on running it (and producing versions) for seconds after it resumes.
 */
const STRATEGIES = ['t200', 'chunked', 't400', 'cooperative'];
const STRATEGY_TIMEOUT_MS = 9_000;
/** A fenced owner stops the scan's tasks as soon as it learns; unfenced, `cooperative` would run for seconds more. */
const STOP_BOUND_MS = 2_500;

interface Read {
  instance: string;
  at: number;
  version: number;
  state: string;
  done: boolean;
  finishedAt: string | null;
}

describeCluster('the owner of a running scan frozen past the lapse, then resumed', () => {
  const cluster = new Cluster();
  let instances: Instance[];

  beforeAll(async () => {
    requireRedis();
    const env = { SCANNER_LOST_INSTANCE_MS: String(LAPSE_MS) };
    instances = await Promise.all(['a', 'b', 'c'].map((name) => cluster.start(name, env)));
  }, 90_000);

  afterAll(async () => {
    for (const instance of instances ?? []) instance.kill('SIGCONT');
    await cluster.close();
  }, 30_000);

  it('every instance serves the final snapshot the survivors stored; versions never go back on any instance', async () => {
    const user = userId('freeze');
    const [first] = instances as [Instance];
    const posted = await as(first, user).post({ strategies: STRATEGIES, budgetMs: 10_000, strategyTimeoutMs: STRATEGY_TIMEOUT_MS });
    expect(posted.status).toBe(202);
    const id = posted.body.id;
    const running = await as(first, user).until(id, (s) => s.strategies.some((t) => t.status === 'succeeded'));
    const owner = instances.find((i) => i.id === running.instance) as Instance;
    const survivors = instances.filter((i) => i !== owner);

    const reads: Read[] = [];
    const record = (instance: Instance, s: ScanSnapshot): Read => {
      const read = { instance: instance.id, at: Date.now(), version: s.version, state: s.state, done: s.done, finishedAt: s.finishedAt };
      reads.push(read);
      return read;
    };
    // What the owner served before it froze is part of its history: nothing it serves later may go below it.
    record(owner, (await as(owner, user).get(id)).body);

    owner.kill('SIGSTOP');
    try {
      const [survivor] = survivors as [Instance];
      const final = await as(survivor, user).final(id, FREEZE_MS + 5_000);
      expect(final.strategies.some((s) => s.error?.code === 'INSTANCE_LOST')).toBe(true);
      record(survivor, final);
      const frozenFor = FREEZE_MS - (Date.now() - reads[0]!.at);
      if (frozenFor > 0) await sleep(frozenFor);
    } finally {
      owner.kill('SIGCONT');
    }
    const resumedAt = Date.now();
    let idleAt: number | undefined;

    const until = resumedAt + OBSERVE_MS;
    for (let round = 0; Date.now() < until; round += 1) {
      if (idleAt === undefined) {
        const { body } = await health(owner);
        const busy = (body.pool as { running: number }).running + (body.scans as { running: number }).running;
        if (busy === 0) idleAt = Date.now();
      }
      // The owner first in each round: right after it resumes is when it is most likely to serve its own stale copy.
      for (const instance of [owner, ...survivors]) {
        const res = await as(instance, user).get(id);
        expect(res.status, `round ${round} on ${instance.id}`).toBe(200);
        record(instance, res.body);
      }
      await sleep(20);
    }

    const firstFinal = reads.find((r) => r.done) as Read;
    const afterFinal = reads.slice(reads.indexOf(firstFinal));
    const disagreements = afterFinal.filter((r) => r.version !== firstFinal.version || r.state !== firstFinal.state || r.finishedAt !== firstFinal.finishedAt);
    const backToRunning = afterFinal.filter((r) => !r.done);
    const regressions = reads.filter((r, i) => reads.slice(0, i).some((p) => p.instance === r.instance && p.version > r.version));
    // As one client rotating through the instances sees it: each read against the highest version it had seen before.
    const seenDecreases = reads.filter((r, i) => reads.slice(0, i).some((p) => p.version > r.version)).length;
    const rounds = Math.floor((reads.length - 2) / instances.length);
    console.info(
      `[freeze] ${rounds} rounds, ${afterFinal.length} reads after the first final (v${firstFinal.version} ${firstFinal.state}): ` +
        `${disagreements.length} disagreed, ${backToRunning.length} not final, ${regressions.length} version regressions on one instance, ` +
        `${seenDecreases} decreases as a rotating client sees them`,
    );
    expect(idleAt, 'the owner stopped the scan\'s tasks').toBeDefined();
    console.info(`[freeze] the owner's pool was idle ${(idleAt as number) - resumedAt} ms after SIGCONT`);
    expect((idleAt as number) - resumedAt).toBeLessThan(STOP_BOUND_MS);
    expect(disagreements.map((r) => `${r.instance} v${r.version} ${r.state} ${r.finishedAt}`)).toEqual([]);
    expect(backToRunning).toEqual([]);
    expect(regressions).toEqual([]);
    // A client holding the survivors' final ETag is told "not modified" by every instance, the resumed owner included.
    const etag = (await as(survivors[0] as Instance, user).get(id)).headers.get('etag') as string;
    for (const instance of instances) expect((await as(instance, user).get(id, '', { 'If-None-Match': etag })).status, instance.id).toBe(304);
    // The owner said what happened, at warn level, naming the scan.
    expect(owner.output()).toMatch(new RegExp(`"level":40[^\\n]*${id}|${id}[^\\n]*"level":40`));
  }, 60_000);
});
