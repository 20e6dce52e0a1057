// Small fetch helpers for driving the servers under test (setup and checks, not the measured load).

export async function requestJson<T>(url: string, init: { method?: string; user?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  // A fresh connection per call: a server whose event loop is blocked (the baseline) closes idle keep-alive sockets late,
  // racing a reused socket's next request into ECONNRESET.
  const headers: Record<string, string> = { connection: 'close' };
  if (init.user) headers['x-user-id'] = init.user;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `check` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Reads `name value` lines of a Prometheus text exposition (unlabelled samples only). */
export function promValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}
