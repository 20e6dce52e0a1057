// Process entry of remote-load.ts: runs one counted load (counted-load.ts) when told to, and sends its result back over
// IPC. In its own process, the load's client work does not share an event loop (or a process) with the probe measuring
// the server meanwhile.
import { countedLoad, type CountedLoadOptions } from './counted-load.js';
import type { LoadProcessMessage, SerializedLoadResult } from './remote-load.js';

function send(message: LoadProcessMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send?.(message, undefined, {}, (err) => (err ? reject(err) : resolve())));
}

process.once('message', (options: CountedLoadOptions) => {
  process.once('message', async () => {
    const r = await countedLoad(options);
    const result: SerializedLoadResult = { ...r, statuses: [...r.statuses], problemCodes: [...r.problemCodes], retryAfter: [...r.retryAfter] };
    await send({ kind: 'result', result });
    process.disconnect();
  });
  void send({ kind: 'ready' });
});
