// The machine definition the visualizer draws: it round-trips through JSON, and the drawn chart has every state and
// every transition — including the eventless ones that toDirectedGraph and toJSON leave out.
import { describe, expect, it } from 'vitest';
import { createMachine, and, not, or } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import { guardName, statechart } from '../../src/debug/statechart-graph.js';
import { layoutStatechart, statechartLayout } from '../../src/debug/statechart-layout.js';

const stateKeys = Object.keys(scanMachine.root.states);

describe('scan machine definition', () => {
  it('round-trips through JSON with every state', () => {
    const parsed = JSON.parse(JSON.stringify(scanMachine.toJSON())) as { id: string; states: Record<string, { type: string }> };
    expect(parsed.id).toBe('scan');
    expect(Object.keys(parsed.states).sort()).toEqual([...stateKeys].sort());
    expect(stateKeys.sort()).toEqual(['cancelled', 'complete', 'failed', 'initiated', 'partial', 'running']);
    for (const key of ['complete', 'partial', 'failed', 'cancelled']) expect(parsed.states[key]?.type).toBe('final');
  });
});

describe('statechart derived for the page', () => {
  const chart = statechart(scanMachine);
  const links = new Map(chart.links.map((l) => [`${l.source} -> ${l.target}`, l]));

  it('has every state, the initial one marked', () => {
    expect(chart.states.map((s) => s.key).sort()).toEqual([...stateKeys].sort());
    expect(chart.states.filter((s) => s.initial).map((s) => s.key)).toEqual(['initiated']);
  });

  it('includes the eventless transitions (initiated → running, running → finals) with their guards', () => {
    expect(links.get('scan.initiated -> scan.running')?.transitions).toEqual([
      { event: '', kind: 'always', guard: 'anyStarted', actions: [], machineWide: false },
    ]);
    expect(links.get('scan.running -> scan.complete')?.transitions).toContainEqual(
      expect.objectContaining({ kind: 'always', guard: 'allSettled ∧ allSucceeded' }),
    );
  });

  it('draws the root-level budget and CANCEL from each non-final state', () => {
    for (const from of ['scan.initiated', 'scan.running']) {
      expect(links.get(`${from} -> scan.partial`)?.transitions).toContainEqual(
        expect.objectContaining({ kind: 'after', delay: 'budget', guard: 'anySucceeded', actions: ['expireUnsettled'], machineWide: true }),
      );
      expect(links.get(`${from} -> scan.cancelled`)?.transitions).toEqual([
        expect.objectContaining({ kind: 'event', event: 'CANCEL', machineWide: true }),
      ]);
    }
    // Nothing leaves a final state.
    expect(chart.links.filter((l) => /complete|partial|failed|cancelled$/.test(l.source))).toEqual([]);
    expect(chart.internal.map((t) => t.event).sort()).toEqual(['STRATEGY.PROGRESS', 'STRATEGY.SETTLED', 'STRATEGY.STARTED']);
    expect(chart.entry).toEqual(['spawnStrategies']);
  });

  it('lays every state out in its own box, left to right from the initial state', () => {
    const layout = statechartLayout(scanMachine);
    expect(statechartLayout(scanMachine)).toBe(layout);
    const byKey = new Map(layout.states.map((s) => [s.key, s]));
    for (const s of layout.states) {
      expect(Number.isFinite(s.x) && Number.isFinite(s.y)).toBe(true);
      expect(s.x + s.width / 2).toBeLessThanOrEqual(layout.width);
      for (const other of layout.states) {
        if (other === s) continue;
        const apart = Math.abs(s.x - other.x) >= (s.width + other.width) / 2 || Math.abs(s.y - other.y) >= (s.height + other.height) / 2;
        expect(apart, `${s.key} overlaps ${other.key}`).toBe(true);
      }
    }
    expect((byKey.get('initiated')?.x ?? 0) < (byKey.get('running')?.x ?? 0)).toBe(true);
    expect((byKey.get('running')?.x ?? 0) < (byKey.get('complete')?.x ?? 0)).toBe(true);
    for (const link of layout.links) {
      expect(link.points.length).toBeGreaterThanOrEqual(2);
      expect(link.label.length).toBeGreaterThan(0);
    }
    expect(layout.links.find((l) => l.id === 'scan.initiated->scan.complete')?.label).toEqual([
      'always [allSettled ∧ allSucceeded]',
      'after budget [allSucceeded]',
    ]);
  });
});

describe('guard names', () => {
  it('names plain, and/or/not and inline guards', () => {
    expect(guardName(undefined)).toBeUndefined();
    expect(guardName('x')).toBe('x');
    expect(guardName({ type: 'x' })).toBe('x');
    expect(guardName(and(['a', or(['b', 'c'])]))).toBe('a ∧ b ∨ c');
    expect(guardName(not('a'))).toBe('¬a');
    expect(guardName(function isReady() {
      return true;
    })).toBe('isReady');
  });

  it('a targetless transition of a child state is a loop on it', () => {
    const machine = createMachine({ id: 'm', initial: 'a', states: { a: { on: { PING: { actions: 'log' }, GO: 'b' } }, b: {} } });
    const layout = layoutStatechart(statechart(machine));
    expect(layout.links.map((l) => l.id).sort()).toEqual(['m.a->m.a', 'm.a->m.b']);
  });
});
