// Draws the statechart laid out by the server (GET /debug/graph.json) and highlights a scan's state on it.
import { clear, svgEl } from './svg.js';

const PAD = 16;
const LINE = 16;

/** A smooth path through dagre's points: straight ends, quadratic bends through the midpoints. */
function pathThrough(points) {
  if (points.length === 0) return '';
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const next = points[i + 1];
    d += ` Q ${p.x} ${p.y} ${(p.x + next.x) / 2} ${(p.y + next.y) / 2}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

function transitionText(t) {
  const trigger = t.kind === 'always' ? 'always (eventless)' : t.kind === 'after' ? `after delay '${t.delay}'` : `on ${t.event}`;
  const parts = [trigger];
  if (t.guard) parts.push(`if ${t.guard}`);
  if (t.actions.length > 0) parts.push(`do ${t.actions.join(', ')}`);
  if (t.machineWide) parts.push('(defined on the machine: from any non-final state)');
  return parts.join(' ');
}

/** Renders the chart into `svg`; returns the header height the nodes are shifted by. */
export function renderChart(svg, graph) {
  clear(svg);
  const notes = [
    ...graph.entry.map((a) => `entry / ${a}`),
    ...graph.internal.map((t) => `${t.event} / ${t.actions.join(', ')}`),
  ];
  const top = PAD + LINE * (notes.length + 1) + 8;
  const width = graph.width + PAD * 2;
  const height = graph.height + top + PAD;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  const defs = svgEl('defs', {}, [
    svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, [
      svgEl('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }),
    ]),
  ]);
  svg.append(defs);
  svg.append(svgEl('rect', { class: 'container', x: 2, y: 2, width: width - 4, height: height - 4, rx: 12 }));
  svg.append(svgEl('text', { class: 'container-title', x: PAD, y: PAD + 10 }, [`${graph.id} (machine)`]));
  notes.forEach((note, i) => svg.append(svgEl('text', { class: 'note', x: PAD, y: PAD + 10 + LINE * (i + 1) }, [note])));
  const body = svgEl('g', { transform: `translate(${PAD} ${top - PAD})` });
  svg.append(body);
  for (const link of graph.links) {
    const group = svgEl('g', { class: 'link', 'data-link': link.id }, [
      svgEl('title', {}, [link.transitions.map(transitionText).join('\n')]),
      svgEl('path', { d: pathThrough(link.points), 'marker-end': 'url(#arrow)' }),
    ]);
    const labelWidth = Math.max(...link.label.map((l) => l.length)) * 6.7 + 6;
    const labelTop = link.labelY - (link.label.length * 14) / 2;
    group.append(svgEl('rect', { class: 'label-bg', x: link.labelX - labelWidth / 2, y: labelTop, width: labelWidth, height: link.label.length * 14, rx: 3 }));
    link.label.forEach((line, i) => {
      group.append(svgEl('text', { x: link.labelX, y: labelTop + 11 + i * 14, 'text-anchor': 'middle' }, [line]));
    });
    body.append(group);
  }
  for (const state of graph.states) {
    const x = state.x - state.width / 2;
    const y = state.y - state.height / 2;
    const group = svgEl('g', { class: `state ${state.type}`, 'data-state': state.key, 'data-id': state.id }, [
      svgEl('title', {}, [`${state.key} (${state.type})${state.description ? `: ${state.description}` : ''}`]),
      svgEl('rect', { x, y, width: state.width, height: state.height, rx: 9 }),
    ]);
    // Final states get the usual double border.
    if (state.type === 'final') group.append(svgEl('rect', { class: 'inner', x: x + 4, y: y + 4, width: state.width - 8, height: state.height - 8, rx: 6 }));
    group.append(svgEl('text', { x: state.x, y: state.y }, [state.key]));
    if (state.initial) {
      body.append(svgEl('circle', { class: 'initial', cx: x - 22, cy: state.y, r: 5 }));
      body.append(svgEl('path', { d: `M ${x - 17} ${state.y} L ${x - 2} ${state.y}`, class: 'initial-arrow', 'marker-end': 'url(#arrow)' }));
    }
    body.append(group);
  }
}

/** Marks the scan's current state (and the states it went through, and the last transition taken). */
export function highlightChart(svg, graph, view) {
  for (const node of svg.querySelectorAll('.state')) {
    const key = node.getAttribute('data-state');
    const active = key === view.state;
    node.classList.toggle('active', active);
    node.classList.toggle('visited', view.visited.has(key));
    for (const c of [...node.classList]) if (c.startsWith('st-')) node.classList.remove(c);
    if (active) node.classList.add(`st-${key}`);
  }
  const taken = view.lastTransition ? `${graph.id}.${view.lastTransition.from}->${graph.id}.${view.lastTransition.to}` : undefined;
  for (const link of svg.querySelectorAll('.link')) link.classList.toggle('taken', link.getAttribute('data-link') === taken);
}
