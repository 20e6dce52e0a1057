// The unsplit `run` of a chunked strategy: every chunk in turn on one thread, then the reduce. It plans one chunk per
// unit of work (the finest split), so "split and unsplit give the same result" is the chunking contract itself.
import type { Opportunity } from '../machines/opportunity.js';
import type { ChunkedWork, StopCheck, StrategyDefinition } from './strategy-types.js';

/** As many parts as anyone asks for: `plan` caps it at its units of work. */
export const FINEST = Number.MAX_SAFE_INTEGER;

export function chunkedRun<Chunk, Part>(work: ChunkedWork<Chunk, Part>): StrategyDefinition['run'] {
  return (market, params, shouldStop: StopCheck): Opportunity[] => {
    const partials: Part[] = [];
    for (const chunk of work.plan(market, params, FINEST)) {
      if (shouldStop()) break;
      const partial = work.runChunk(market, params, chunk, shouldStop);
      // A chunk stopped half-way is dropped, as the engine drops it: the reduce sees whole chunks only.
      if (shouldStop()) break;
      partials.push(partial);
    }
    return work.reduce(market, params, partials);
  };
}

/** A strategy definition whose `run` is derived from its chunks. */
export function chunkedStrategy<Chunk, Part>(
  info: Omit<StrategyDefinition, 'run' | 'chunks'>,
  work: ChunkedWork<Chunk, Part>,
): StrategyDefinition {
  return { ...info, run: chunkedRun(work), chunks: work as ChunkedWork };
}
