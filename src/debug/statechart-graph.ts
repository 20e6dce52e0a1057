// The statechart as nodes and edges for the visualizer, derived from the machine definition with `xstate/graph`.
// Two gaps of xstate 5.33 are filled here: `toDirectedGraph` (like `machine.toJSON()`) leaves out eventless `always`
// transitions — the scan's initiated → running → final moves are all `always` — and `and([...])` guards serialise to
// nothing, so guards are named from the guard objects themselves.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { toDirectedGraph, type DirectedGraphEdge, type DirectedGraphNode } from 'xstate/graph';

export interface StatechartTransition {
  /** Event type; '' for eventless transitions. */
  event: string;
  kind: 'event' | 'always' | 'after';
  guard?: string;
  /** Named delay (e.g. 'budget') or ms, for `after` transitions. */
  delay?: string;
  actions: string[];
  /** Defined on the parent state (the machine root): it applies from whichever child state is active. */
  machineWide: boolean;
}

export interface StatechartState {
  id: string;
  key: string;
  type: string;
  initial: boolean;
  description?: string;
}

export interface StatechartLink {
  source: string;
  target: string;
  transitions: StatechartTransition[];
}

export interface Statechart {
  id: string;
  entry: string[];
  /** Transitions without a target, defined on the root: they run actions and change no state. */
  internal: StatechartTransition[];
  states: StatechartState[];
  /** One link per (source, target) pair, with every transition between them. */
  links: StatechartLink[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

const functionName = (value: unknown): string | undefined => (typeof value === 'function' && value.name ? value.name : undefined);

/** A readable name for a guard: 'allSettled', 'allSettled ∧ allSucceeded', '¬x'. */
export function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  if (!isObject(guard)) return String(guard);
  // Higher-order guards (and/or/not) are functions carrying their operands in `guards`.
  if (Array.isArray(guard.guards)) {
    const parts = guard.guards.map((g) => guardName(g) ?? '?');
    if (functionName(guard) === 'or') return parts.join(' ∨ ');
    if (functionName(guard) === 'not') return `¬${parts.join('')}`;
    return parts.join(' ∧ ');
  }
  if (typeof guard.type === 'string') return guard.type;
  return functionName(guard) ?? 'guard';
}

function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (isObject(action) && typeof action.type === 'string') return action.type;
  return functionName(action) ?? 'action';
}

function describe(transition: AnyTransitionDefinition, machineWide: boolean): StatechartTransition {
  const delay = (transition as { delay?: unknown }).delay;
  const kind = transition.eventType === '' ? 'always' : delay !== undefined ? 'after' : 'event';
  const out: StatechartTransition = {
    event: transition.eventType,
    kind,
    actions: transition.actions.filter((a) => actionName(a) !== 'xstate.raise').map(actionName),
    machineWide,
  };
  const guard = guardName(transition.guard);
  if (guard) out.guard = guard;
  if (delay !== undefined) out.delay = String(delay);
  return out;
}

/** Every transition of a node: toDirectedGraph's edges, plus the `always` ones it omits. */
function transitionsOf(graphNode: DirectedGraphNode): AnyTransitionDefinition[] {
  const fromGraph = graphNode.edges.map((edge: DirectedGraphEdge) => edge.transition);
  // A Set, so a later xstate that lists `always` edges itself does not draw them twice.
  return [...new Set([...fromGraph, ...(graphNode.stateNode.always ?? [])])];
}

/**
 * Nodes and links of the machine's top level (the scan machine is flat; deeper states would be drawn inside their
 * parent, which the page does not do). A root transition is linked from each non-final child: that is where it can fire.
 */
export function statechart(machine: AnyStateMachine): Statechart {
  const graph = toDirectedGraph(machine);
  const root = machine.root;
  const children = graph.children.map((child) => child.stateNode);
  const initial = new Set(root.initial.target.map((node: AnyStateNode) => node.id));
  const states: StatechartState[] = children.map((node) => ({
    id: node.id,
    key: node.key,
    type: node.type,
    initial: initial.has(node.id),
    ...(node.description ? { description: node.description } : {}),
  }));
  const links = new Map<string, StatechartLink>();
  const link = (source: string, target: string, transition: StatechartTransition): void => {
    const key = `${source}\u0000${target}`;
    const existing = links.get(key) ?? { source, target, transitions: [] };
    existing.transitions.push(transition);
    links.set(key, existing);
  };
  // A state's own transitions first, then the machine-wide ones (XState checks them in that order too).
  for (const childGraph of graph.children) {
    for (const transition of transitionsOf(childGraph)) {
      // A targetless transition of a child state is drawn as a loop on it.
      for (const target of transition.target ?? [childGraph.stateNode]) link(childGraph.id, target.id, describe(transition, false));
    }
  }
  const internal: StatechartTransition[] = [];
  for (const transition of transitionsOf(graph)) {
    const described = describe(transition, true);
    const targets = transition.target ?? [];
    if (targets.length === 0) internal.push(described);
    for (const target of targets) {
      for (const child of children) {
        if (child.type !== 'final' && child.id !== target.id) link(child.id, target.id, described);
      }
    }
  }
  return {
    id: root.id,
    entry: root.entry.filter((a) => actionName(a) !== 'xstate.raise').map(actionName),
    internal,
    states,
    links: [...links.values()],
  };
}
