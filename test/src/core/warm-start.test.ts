// A process's learned costs outlive it (SCANNER_STATE_DIR), are used only where they are valid, and a broken state file
// costs a warning, nothing else; readiness waits for the workers, the JIT warm-up and the costs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalibrationResult } from '../../../src/core/calibration.js';
import { WarmStart, type WarmLog } from '../../../src/core/warm-start.js';
import { createFixtureEngine, FIXTURE_SYMBOLS, fixtureCatalogueUrl, fixtureScanRequest, type FixtureEngine } from '../../fixtures/fixture-engine.js';
import { waitForFinal } from '../../support/engine.js';

function recordingLog() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  const log: WarmLog = { info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, log };
}

let dir: string;
const open: Array<{ fixture: FixtureEngine; warm: WarmStart }> = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warm-start-'));
});
afterEach(async () => {
  for (const { fixture, warm } of open.splice(0)) {
    await warm.close();
    await fixture.engine.close();
  }
  await rm(dir, { recursive: true, force: true });
});

/** A fixture engine with its warm start attached, as buildEngine's prepare hook does it. */
async function start(env: Record<string, string> = {}, calibration = false) {
  const { lines, log } = recordingLog();
  const fixture = createFixtureEngine(env);
  const warm = new WarmStart({ stateDir: dir, calibration, cluster: null, log, catalogueUrl: fixtureCatalogueUrl });
  await warm.attach(fixture.core);
  open.push({ fixture, warm });
  return { fixture, warm, lines };
}

async function runScan(fixture: FixtureEngine, strategies: string[], symbols?: string[]) {
  const request = fixtureScanRequest(strategies);
  const id = fixture.core.registry.create(symbols ? { ...request, params: { ...request.params, symbols } } : request);
  return waitForFinal(fixture.core.registry, id);
}

/** Stops an engine the way the process does: the pending costs are written, then the pool closes. */
async function stop(run: { fixture: FixtureEngine; warm: WarmStart }) {
  open.splice(open.findIndex((o) => o.warm === run.warm), 1);
  await run.warm.close();
  await run.fixture.engine.close();
}

describe('costs kept across restarts', () => {
  it('a restart on the same state directory plans from the costs the last process learned, marked saved', async () => {
    const first = await start();
    await runScan(first.fixture, ['fast', 'slow']);
    const learned = first.fixture.core.costModel.expectedMs('slow', 2);
    expect(learned).toBeGreaterThan(0);
    await stop(first);

    const second = await start();
    const model = second.fixture.core.costModel;
    expect(model.expectedMs('slow', 2)).toBe(learned);
    expect(model.estimate('slow', 2)?.source).toBe('saved');
    expect(second.lines).toMatchObject([{ level: 'info', message: 'strategy costs loaded from saved state' }]);
  });

  it('ignores costs saved with another pool size, with an info line, and replaces them at the next save', async () => {
    const first = await start({ SCANNER_THREADS: '3' });
    await runScan(first.fixture, ['fast']);
    await stop(first);

    const second = await start({ SCANNER_THREADS: '2' });
    expect(second.fixture.core.costModel.exportEntries()).toEqual([]);
    expect(second.lines).toMatchObject([{ level: 'info', fields: { differs: ['threads'] } }]);
    await runScan(second.fixture, ['fast']);
    await stop(second);
    const third = await start({ SCANNER_THREADS: '2' });
    expect(third.fixture.core.costModel.estimate('fast', 2)?.source).toBe('saved');
  });

  it('starts, warms up, gets ready and completes a scan when the state file is garbage, after one warning naming it', async () => {
    await writeFile(path.join(dir, 'costs.json'), '\u0000\u0001{garbage');
    const run = await start();
    expect(run.lines.filter((l) => l.level === 'warn')).toMatchObject([{ fields: { file: path.join(dir, 'costs.json') } }]);
    await run.warm.warm(run.fixture.engine);
    expect(run.warm.readiness.ready).toBe(true);
    expect((await runScan(run.fixture, ['fast', 'fast_b'])).state).toBe('complete');
    // And the garbage is replaced by a valid file at the next save.
    await stop(run);
    const again = await start();
    expect(again.lines.filter((l) => l.level === 'warn')).toEqual([]);
    expect(again.fixture.core.costModel.estimate('fast', 2)?.source).toBe('saved');
  });

  it('writes nothing back after loading when nothing new was learned', async () => {
    const first = await start();
    await runScan(first.fixture, ['fast']);
    await stop(first);
    const written = await readFile(path.join(dir, 'costs.json'), 'utf8');
    const second = await start();
    await second.warm.warm({ catalogue: [{ id: 'fast' }], ready: () => second.fixture.engine.ready(), calibrate: async () => [] });
    await stop(second);
    // Loading, warming up and closing changed nothing worth writing: the file is the first process's, byte for byte.
    expect(await readFile(path.join(dir, 'costs.json'), 'utf8')).toBe(written);
  });
});

describe('readiness', () => {
  it('waits for the workers, the JIT warm-up and, with calibration on, the calibration; then reports time to ready', async () => {
    const run = await start({}, true);
    let finishCalibration: (results: CalibrationResult[]) => void = () => undefined;
    const calibrated = new Promise<CalibrationResult[]>((resolve) => (finishCalibration = resolve));
    const engine = { catalogue: [{ id: 'fast' }, { id: 'slow' }], ready: () => run.fixture.engine.ready(), calibrate: () => calibrated };
    expect(run.warm.readiness.waitingFor()).toEqual(['workers', 'jit', 'costs']);
    const warming = run.warm.warm(engine);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Held until calibration says it is done, however fast the machine.
    await run.fixture.engine.ready();
    expect(run.warm.readiness.ready).toBe(false);
    finishCalibration([]);
    await warming;
    expect(run.warm.readiness.ready).toBe(true);
    expect(run.warm.readiness.secondsToReady).toBeGreaterThan(0);
    expect(run.lines.at(-1)).toMatchObject({ message: 'ready' });
  });

  it('with calibration off, needs no calibration: ready once the workers are warm', async () => {
    const run = await start({}, false);
    const engine = { catalogue: [{ id: 'fast' }], ready: () => run.fixture.engine.ready(), calibrate: () => Promise.reject(new Error('must not calibrate')) };
    await run.warm.warm(engine);
    expect(run.warm.readiness.ready).toBe(true);
    expect(run.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('reports where each strategy cost comes from', async () => {
    const first = await start();
    await runScan(first.fixture, ['fast'], FIXTURE_SYMBOLS);
    await stop(first);
    const run = await start();
    await run.warm.warm({ catalogue: [{ id: 'fast' }, { id: 'empty' }], ready: () => run.fixture.engine.ready(), calibrate: async () => [] });
    const costs = run.warm.costs();
    expect(costs.stateFile).toBe(path.join(dir, 'costs.json'));
    expect(costs.key).toMatch(/^[0-9a-f]{16}$/);
    // `fast` was saved, and the JIT warm-up ran it here without changing that: warm-up runs are cold by design and
    // teach the cost model nothing (src/scheduling/warm-up.ts). `empty` never ran anywhere.
    const warmedUp = run.lines.find((l) => l.message === 'strategies warmed up on the workers');
    expect(warmedUp?.fields.strategies).toBe(1);
    expect(warmedUp?.fields.runs).toBeGreaterThan(0);
    expect(costs.strategies).toEqual([
      { strategy: 'fast', source: 'saved', expectedMs: expect.any(Number) },
      { strategy: 'empty', source: 'guessed', expectedMs: null },
    ]);
    expect(costs.counts).toMatchObject({ measured: 0, guessed: 1, calibrated: 0, cluster: 0, saved: 1 });
    expect(run.fixture.core.costModel.estimate('fast')?.samples).toBe(1);
  });
});
