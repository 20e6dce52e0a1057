// Status GET throughput of one final scan through the instance that ran it (served from its own registry) and through
// another instance (served from Redis), autocannon against each in turn, the order alternating by round so each round's
// ratio pairs loads run back to back.
import { hammer, type LoadResult } from '../../lib/load.js';
import type { Instance } from './instances.js';

export interface StatusReadOptions {
  rounds: number;
  durationS: number;
  warmS: number;
  connections: number;
}

export interface StatusReads {
  owner: LoadResult[];
  other: LoadResult[];
}

export async function statusReads(scan: { id: string; user: string }, owner: Instance, other: Instance, options: StatusReadOptions): Promise<StatusReads> {
  const load = (instance: Instance, durationS: number): Promise<LoadResult> =>
    hammer({ url: `${instance.url}/v1/scans/${scan.id}`, headers: { 'x-user-id': scan.user }, connections: options.connections, durationS, serverCpuMs: instance.server.cpuMs });
  if (options.warmS > 0) {
    await load(owner, options.warmS);
    await load(other, options.warmS);
  }
  const out: StatusReads = { owner: [], other: [] };
  for (let round = 0; round < options.rounds; round++) {
    const order: Array<'owner' | 'other'> = round % 2 === 0 ? ['owner', 'other'] : ['other', 'owner'];
    for (const which of order) {
      const result = await load(which === 'owner' ? owner : other, options.durationS);
      if (result.errors > 0 || result.non2xx > 0) throw new Error(`status GETs via ${which}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      out[which].push(result);
    }
  }
  return out;
}
