// Readiness in /metrics: whether the process is ready, and how long it took to get there from process start.
import { Gauge, type Registry } from 'prom-client';
import type { ReadinessView } from '../scheduling/readiness.js';

export function watchReadiness(registry: Registry, readiness: ReadinessView): void {
  new Gauge({
    name: 'scanner_ready',
    help: 'What GET /readyz says: 1 once workers are loaded, strategies JIT-warm and their costs known; 0 before.',
    registers: [registry],
    collect() {
      this.set(readiness.ready ? 1 : 0);
    },
  });
  new Gauge({
    name: 'scanner_time_to_ready_seconds',
    help: 'Seconds from process start to ready (0 until then; scanner_ready says which).',
    registers: [registry],
    collect() {
      if (readiness.secondsToReady !== null) this.set(readiness.secondsToReady);
    },
  });
}
