// A text/event-stream reader over fetch's body (WHATWG HTML §9.2.6), so that the client needs no EventSource: that cannot
// send an Authorization header, and Node 20 has none.

export interface SseMessage {
  event: string;
  data: string;
  /** The `id:` field, when the message set one. */
  id: string | undefined;
}

/** The messages of an event stream, in order; comments (`: ping`) are skipped. Ends when the body ends. */
export async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      // Lines end in CRLF, LF or CR; a CR at the very end may be half of a CRLF still in flight.
      const lines = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
          event = '';
          data = [];
          id = undefined;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const raw = colon === -1 ? '' : line.slice(colon + 1);
        const text = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
        else if (field === 'id') id = text;
      }
    }
  } finally {
    // The consumer stopped early (or the stream failed): let go of the connection.
    await reader.cancel().catch(() => undefined);
  }
}
