/**
 * Stands in for `@vladfrangu/async_event_emitter` (see `[alias]` in wrangler.toml): @discordjs/rest's
 * `REST` extends its `AsyncEventEmitter` only to emit events (debug lines, rate limits, sweeps) and ask
 * `listenerCount`, and nothing in the Worker listens. The package bundles a copy of Node's
 * `util.inspect` for its warnings: about 80 KB of the Worker, minified. This is the same event
 * emitter surface, without the async bookkeeping and warnings nobody here reads.
 */
type Listener = ((...args: never[]) => unknown) & { listener?: Listener };

export class AsyncEventEmitter {
  #listeners = new Map<PropertyKey, Listener[]>();

  on(event: PropertyKey, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  addListener(event: PropertyKey, listener: Listener): this {
    return this.on(event, listener);
  }

  prependListener(event: PropertyKey, listener: Listener): this {
    this.#listeners.set(event, [listener, ...(this.#listeners.get(event) ?? [])]);
    return this;
  }

  once(event: PropertyKey, listener: Listener): this {
    const once: Listener = (...args: never[]) => {
      this.off(event, once);
      return listener(...args);
    };
    once.listener = listener; // so off(event, listener) finds it, as in Node
    return this.on(event, once);
  }

  /** Removes the most recently added instance of `listener` (or of a `once` wrapping it), as Node does. */
  off(event: PropertyKey, listener: Listener): this {
    const list = [...(this.#listeners.get(event) ?? [])];
    const i = list.findLastIndex((l) => l === listener || l.listener === listener);
    if (i < 0) return this;
    list.splice(i, 1);
    if (list.length) this.#listeners.set(event, list);
    else this.#listeners.delete(event);
    return this;
  }

  removeListener(event: PropertyKey, listener: Listener): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: PropertyKey): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  listeners(event: PropertyKey): Listener[] {
    return [...(this.#listeners.get(event) ?? [])];
  }

  listenerCount(event: PropertyKey): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  eventNames(): PropertyKey[] {
    return [...this.#listeners.keys()];
  }

  /** Calls every listener of `event` in order; a listener's rejected promise is not awaited (as the original). */
  emit(event: PropertyKey, ...args: unknown[]): boolean {
    const listeners = this.#listeners.get(event);
    if (!listeners?.length) {
      if (event === "error") throw args[0] instanceof Error ? args[0] : new Error(String(args[0]));
      return false;
    }
    for (const listener of [...listeners]) (listener as (...a: unknown[]) => unknown)(...args);
    return true;
  }
}

/** The original's abort error, for imports that name it. */
export class AbortError extends Error {
  override name = "AbortError";
}
