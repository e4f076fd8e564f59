// The stand-in for @vladfrangu/async_event_emitter behaves like Node's EventEmitter for every call
// @discordjs/rest (and anyone listening) makes: random sequences of on/once/off/emit, compared step by step.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { AsyncEventEmitter } from "../../../../channels/discord/shims/async-event-emitter";

describe("AsyncEventEmitter stand-in", () => {
  it("matches Node's EventEmitter on random sequences of on, once, prepend, off, removeAll and emit", () => {
    const events = ["restDebug", "rateLimited", "response", Symbol.for("x")];
    for (let round = 0; round < 200; round++) {
      const ours = new AsyncEventEmitter();
      const node = new EventEmitter();
      const calls: { ours: string[]; node: string[] } = { ours: [], node: [] };
      const listeners = Array.from({ length: 4 }, (_, i) => ({
        ours: (...args: unknown[]) => calls.ours.push(`${i}:${args.join(",")}`),
        node: (...args: unknown[]) => calls.node.push(`${i}:${args.join(",")}`),
      }));
      for (let step = 0; step < 40; step++) {
        const event = events[Math.floor(Math.random() * events.length)] as string | symbol;
        const l = listeners[Math.floor(Math.random() * listeners.length)] as (typeof listeners)[number];
        const op = Math.floor(Math.random() * 6);
        const both = (f: (e: AsyncEventEmitter | EventEmitter, l: (...args: unknown[]) => unknown) => unknown) => {
          f(ours, l.ours);
          f(node, l.node);
        };
        if (op === 0) both((e, fn) => e.on(event, fn));
        else if (op === 1) both((e, fn) => e.once(event, fn));
        else if (op === 2) both((e, fn) => e.prependListener(event, fn));
        else if (op === 3) both((e, fn) => e.off(event, fn));
        else if (op === 4 && Math.random() < 0.2) both((e) => e.removeAllListeners(event));
        else {
          const arg = Math.random().toString(36).slice(2, 6);
          expect(ours.emit(event, arg)).toBe(node.emit(event, arg));
        }
        expect(ours.listenerCount(event)).toBe(node.listenerCount(event));
        expect(calls.ours).toEqual(calls.node);
      }
    }
  });

  it("an 'error' nobody listens to is thrown, as Node does", () => {
    expect(() => new AsyncEventEmitter().emit("error", new Error("boom"))).toThrow("boom");
    const seen: unknown[] = [];
    expect(new AsyncEventEmitter().on("error", (e: never) => seen.push(e)).emit("error", 1)).toBe(true);
    expect(seen).toEqual([1]);
  });
});
