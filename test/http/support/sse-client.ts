// A minimal Server-Sent Events reader over fetch, for tests that need the raw wire format (ids, comments, end of stream).
export interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

export interface SseResult {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  comments: string[];
  /** True when the server ended the stream (as opposed to our abort). */
  ended: boolean;
}

function parseBlock(block: string, into: SseResult): void {
  const event: SseEvent = { data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) into.comments.push(line.slice(1).trim());
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else if (line.startsWith('event: ')) event.event = line.slice(7);
    else if (line.startsWith('id: ')) event.id = line.slice(4);
  }
  if (data.length > 0) {
    event.data = data.join('\n');
    into.events.push(event);
  }
}

export interface ReadOptions {
  headers?: Record<string, string>;
  /** Stop reading (abort) once this returns true. */
  until?: (result: SseResult) => boolean;
  signal?: AbortSignal;
}

/** Reads a stream until the server ends it, `until` holds, or `signal` aborts. */
export async function readSse(url: string, options: ReadOptions = {}): Promise<SseResult> {
  const abort = new AbortController();
  options.signal?.addEventListener('abort', () => abort.abort(), { once: true });
  const res = await fetch(url, { headers: options.headers, signal: abort.signal });
  const result: SseResult = { status: res.status, contentType: res.headers.get('content-type'), events: [], comments: [], ended: false };
  if (!res.body || res.status !== 200) {
    await res.body?.cancel();
    return result;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        result.ended = true;
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        parseBlock(buffer.slice(0, split), result);
        buffer = buffer.slice(split + 2);
      }
      if (options.until?.(result)) {
        abort.abort();
        break;
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  }
  return result;
}
