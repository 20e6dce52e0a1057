// Talks to the service, and only to it (relative URLs): identity headers, JSON calls, and server-sent events.
/* global localStorage, TextDecoderStream */

const IDENTITY_KEY = 'scanner.debug.identity';

/** { user, token } as last entered on this page; dev mode needs neither (the user is then `anonymous`). */
export function loadIdentity() {
  try {
    const saved = JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? '{}');
    return { user: String(saved.user ?? ''), token: String(saved.token ?? '') };
  } catch {
    return { user: '', token: '' };
  }
}

export function saveIdentity(identity) {
  localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
}

function headers(identity, extra = {}) {
  const out = { ...extra };
  if (identity.token) out.Authorization = `Bearer ${identity.token}`;
  else if (identity.user) out['X-User-Id'] = identity.user;
  return out;
}

async function failure(res) {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const body = await res.json();
    detail = `${body.code ?? res.status}: ${body.detail ?? body.title ?? ''}`;
  } catch {
    // Not problem+json: keep the status line.
  }
  return new Error(detail);
}

export async function getJson(path, identity) {
  const res = await fetch(path, { headers: headers(identity, { Accept: 'application/json' }) });
  if (!res.ok) throw await failure(res);
  return res.json();
}

export async function postJson(path, body, identity) {
  const res = await fetch(path, {
    method: 'POST',
    headers: headers(identity, { 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  return res.json();
}

/**
 * Reads a text/event-stream and calls onEvent({ event, data, id }) per message; resolves when the stream ends.
 * EventSource cannot send headers (bearer token, X-User-Id), so the stream is read from a fetch body instead.
 */
export async function readEvents(path, identity, { signal, onEvent, lastEventId = 0 }) {
  const extra = { Accept: 'text/event-stream', ...(lastEventId > 0 ? { 'Last-Event-ID': String(lastEventId) } : {}) };
  const res = await fetch(path, { headers: headers(identity, extra), signal });
  if (!res.ok) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = { event: 'message', data: '', id: undefined };
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // comment (heartbeat)
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(text);
        else if (field === 'event') message.event = text;
        else if (field === 'id') message.id = text;
      }
      if (data.length > 0) onEvent({ ...message, data: data.join('\n') });
    }
  }
}
