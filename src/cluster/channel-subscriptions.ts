// Redis pub/sub on the instance's one subscriber connection: one SUBSCRIBE per channel, shared by every local
// listener, dropped with the last one. Snapshot feeds (src/cluster/remote-feed.ts) and trace mirrors
// (src/cluster/trace-mirror.ts) listen through it.
import type { Redis } from 'ioredis';

type Listener = (message: string) => void;

export class ChannelSubscriptions {
  readonly #subscriber: Redis;
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(subscriber: Redis) {
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.#listeners.get(channel);
      if (listeners) for (const listener of [...listeners]) listener(message);
    });
  }

  /** Resolves once subscribed, so a read made after it cannot miss a message published in between. */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    let listeners = this.#listeners.get(channel);
    const first = !listeners;
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
    }
    listeners.add(listener);
    const unsubscribe = (): void => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.#listeners.get(channel) !== listeners) return;
      this.#listeners.delete(channel);
      void this.#subscriber.unsubscribe(channel).catch(() => undefined);
    };
    if (first) {
      try {
        await this.#subscriber.subscribe(channel);
      } catch (err) {
        unsubscribe();
        throw err;
      }
    }
    return unsubscribe;
  }
}
