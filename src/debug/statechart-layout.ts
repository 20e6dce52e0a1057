// Positions the statechart for the page with dagre (layered layout, left to right), on the server: the page then only
// draws boxes and polylines, and ships no layout code. Sizes are estimated for the page's 12 px monospace labels.
import { Graph, layout } from '@dagrejs/dagre';
import type { AnyStateMachine } from 'xstate';
import { statechart, type Statechart, type StatechartState, type StatechartTransition } from './statechart-graph.js';

export interface Point {
  x: number;
  y: number;
}

/** A state box; x, y is its centre. */
export interface LaidOutState extends StatechartState {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutLink {
  id: string;
  source: string;
  target: string;
  transitions: StatechartTransition[];
  /** One line per transition, e.g. 'always [allSettled ∧ allSucceeded]', 'after budget [allSucceeded]', 'CANCEL'. */
  label: string[];
  points: Point[];
  /** Centre of the label block. */
  labelX: number;
  labelY: number;
}

export interface StatechartLayout extends Omit<Statechart, 'states' | 'links'> {
  width: number;
  height: number;
  states: LaidOutState[];
  links: LaidOutLink[];
}

const CHAR_WIDTH = 7.3;
const LINE_HEIGHT = 15;
const STATE_HEIGHT = 40;

export function transitionLabel(t: StatechartTransition): string {
  const trigger = t.kind === 'always' ? 'always' : t.kind === 'after' ? `after ${t.delay ?? ''}` : t.event;
  return t.guard ? `${trigger} [${t.guard}]` : trigger;
}

const textWidth = (lines: string[]): number => Math.ceil(Math.max(0, ...lines.map((l) => l.length)) * CHAR_WIDTH);

export function layoutStatechart(chart: Statechart): StatechartLayout {
  const g = new Graph<{ rankdir: string; width?: number; height?: number }, { width: number; height: number; x?: number; y?: number }, {
    width: number;
    height: number;
    labelpos: 'c';
    points?: Point[];
    x?: number;
    y?: number;
  }>();
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70, edgesep: 16, marginx: 20, marginy: 20 } as { rankdir: string });
  for (const state of chart.states) {
    g.setNode(state.id, { width: Math.max(104, textWidth([state.key]) + 36), height: STATE_HEIGHT });
  }
  const labels = chart.links.map((link) => [...new Set(link.transitions.map(transitionLabel))]);
  chart.links.forEach((link, i) => {
    const lines = labels[i] as string[];
    g.setEdge(link.source, link.target, { width: textWidth(lines) + 8, height: lines.length * LINE_HEIGHT + 4, labelpos: 'c' });
  });
  layout(g);
  const states: LaidOutState[] = chart.states.map((state) => {
    const node = g.node(state.id);
    return { ...state, x: node.x ?? 0, y: node.y ?? 0, width: node.width, height: node.height };
  });
  const links: LaidOutLink[] = chart.links.map((link, i) => {
    const edge = g.edge(link.source, link.target);
    return {
      id: `${link.source}->${link.target}`,
      source: link.source,
      target: link.target,
      transitions: link.transitions,
      label: labels[i] as string[],
      points: (edge.points ?? []).map((p: Point) => ({ x: Math.round(p.x), y: Math.round(p.y) })),
      labelX: Math.round(edge.x ?? 0),
      labelY: Math.round(edge.y ?? 0),
    };
  });
  const size = g.graph();
  return {
    id: chart.id,
    entry: chart.entry,
    internal: chart.internal,
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    states,
    links,
  };
}

const cache = new WeakMap<AnyStateMachine, StatechartLayout>();

/** The laid-out statechart of a machine; computed once per machine (it is pure data). */
export function statechartLayout(machine: AnyStateMachine): StatechartLayout {
  let laidOut = cache.get(machine);
  if (!laidOut) {
    laidOut = layoutStatechart(statechart(machine));
    cache.set(machine, laidOut);
  }
  return laidOut;
}
