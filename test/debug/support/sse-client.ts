// Reads a text/event-stream over a real socket for the tests: messages and comment lines (heartbeats), until the server
// ends the stream, `stopWhen` says so (then the client aborts, like a closed browser tab), or the timeout passes.
export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

export interface SseResult {
  status: number;
  contentType: string | null;
  messages: SseMessage[];
  comments: string[];
  /** True if the server ended the stream (not the client). */
  endedByServer: boolean;
}

export async function readSse(
  url: string,
  headers: Record<string, string>,
  options: { stopWhen?: (result: SseResult) => boolean; timeoutMs?: number } = {},
): Promise<SseResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 10_000);
  const res = await fetch(url, { headers, signal: abort.signal });
  const result: SseResult = { status: res.status, contentType: res.headers.get('content-type'), messages: [], comments: [], endedByServer: false };
  if (!res.body || !result.contentType?.startsWith('text/event-stream')) {
    clearTimeout(timer);
    return result;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        result.endedByServer = true;
        break;
      }
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: SseMessage = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) result.comments.push(line);
          else if (line.startsWith('event: ')) message.event = line.slice(7);
          else if (line.startsWith('id: ')) message.id = line.slice(4);
          else if (line.startsWith('data: ')) message.data += line.slice(6);
        }
        if (message.data) result.messages.push(message);
      }
      if (options.stopWhen?.(result)) {
        abort.abort();
        break;
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  return result;
}
