// Closing what talks to Redis without waiting on a Redis that is not there (issue 18, §4). A client's clean close (QUIT,
// BullMQ's close) waits for the server to answer, and with the server gone it waits for the reconnection that never
// comes: an idle instance took 16.7 s to answer SIGTERM, past its grace. Each close is given a bound; what is still
// pending after it is abandoned, and the process exit that follows shutdown ends it.

/** How long one close may wait on a Redis that answers. */
export const CLOSE_BOUND_MS = 2_000;
/** How long one close may wait on a Redis this instance cannot reach: long enough to flush a socket, no more. */
export const UNREACHABLE_CLOSE_BOUND_MS = 100;

/** Waits for `closing` at most `ms`. True if it ended in time (even by failing: closing is best-effort); never rejects. */
export async function closeWithin(closing: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([closing.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
