// The chat page's timing logic with a fake clock: the outbox retries the SAME clientId after drops, waits out
// 429s, gives up on 4xx, keeps order; reconnect backoff grows and is bounded; typing frames are throttled.
import { describe, expect, it } from "vitest";
import { createOutbox, type SendOutcome } from "../../../src/widget/client/chat/outbox";
import { newClientId, type PendingMessage } from "../../../src/widget/client/chat/state";
import { backoffDelay, type Clock, createTypingThrottle } from "../../../src/widget/client/chat/timing";
import type { ChatMessage } from "../../../src/widget/client/chat/types";

function fakeClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  return {
    clock,
    pendingTimers: () => timers.length,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        await flush(); // let sends in flight schedule their timers first
        timers.sort((a, b) => a.at - b.at);
        const t = timers[0];
        if (!t || t.at > until) break;
        timers.shift();
        now = t.at;
        t.fn();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function pending(text: string): PendingMessage {
  return { clientId: newClientId(), text, files: [], createdAt: "", status: "sending" };
}

function stored(p: PendingMessage): ChatMessage {
  return {
    id: `id-${p.clientId}`,
    clientId: p.clientId,
    author: "customer",
    body: p.text,
    createdAt: "",
    attachments: [],
  };
}

/** A server that stores each clientId once (like the pipeline's dedupe) and fails as told. */
function fakeServer(script: Array<"drop" | "drop-after-store" | "500" | "429" | "400" | "ok">) {
  const rows = new Map<string, ChatMessage>();
  const calls: string[] = [];
  const send = async (p: PendingMessage): Promise<SendOutcome> => {
    calls.push(p.clientId);
    const step = script.shift() ?? "ok";
    if (step === "drop") throw new TypeError("Failed to fetch");
    if (step === "500") return { ok: false, retry: true, code: "internal" };
    if (step === "429") return { ok: false, retry: true, code: "rate_limited", retryAfterMs: 7_000 };
    if (step === "400") return { ok: false, retry: false, code: "validation_failed" };
    const row = rows.get(p.clientId) ?? stored(p);
    rows.set(p.clientId, row);
    if (step === "drop-after-store") throw new TypeError("network changed"); // stored, answer lost
    return { ok: true, message: row, ticket: null };
  };
  return { rows, calls, send };
}

describe("outbox", () => {
  it("retries a message dropped mid-send with the same clientId until stored, and stores it once", async () => {
    const t = fakeClock();
    const server = fakeServer(["drop-after-store", "drop", "500", "ok"]);
    const got: string[] = [];
    const outbox = createOutbox({
      send: server.send,
      onStored: (m) => got.push(m.id),
      onChange: () => {},
      clock: t.clock,
      random: () => 1,
    });
    const p = pending("where is my deposit?");
    outbox.add(p);
    await flush();
    expect(outbox.items[0]?.status).toBe("retrying");
    await t.advance(60_000);
    expect(server.calls).toEqual([p.clientId, p.clientId, p.clientId, p.clientId]);
    expect(server.rows.size).toBe(1);
    expect(got).toEqual([`id-${p.clientId}`]);
    expect(outbox.items).toEqual([]);
  });

  it("sends in order: a later message waits behind one being retried", async () => {
    const t = fakeClock();
    const server = fakeServer(["drop", "ok", "ok"]);
    const order: string[] = [];
    const outbox = createOutbox({
      send: server.send,
      onStored: (m) => order.push(m.body),
      onChange: () => {},
      clock: t.clock,
    });
    outbox.add(pending("first"));
    outbox.add(pending("second"));
    await flush();
    expect(order).toEqual([]);
    await t.advance(20_000);
    expect(order).toEqual(["first", "second"]);
  });

  it("waits out a 429's Retry-After, and reports it", async () => {
    const t = fakeClock();
    const server = fakeServer(["429", "ok"]);
    const errors: Array<[string, number | undefined]> = [];
    const outbox = createOutbox({
      send: server.send,
      onStored: () => {},
      onChange: () => {},
      onError: (code, ms) => errors.push([code, ms]),
      clock: t.clock,
    });
    outbox.add(pending("hello"));
    await t.advance(6_900);
    expect(server.calls).toHaveLength(1);
    await t.advance(200);
    expect(server.calls).toHaveLength(2);
    expect(errors).toEqual([["rate_limited", 7_000]]);
    expect(outbox.items).toEqual([]);
  });

  it("marks a refused message failed, goes on with the next, and retries it only when asked (same clientId)", async () => {
    const t = fakeClock();
    const server = fakeServer(["400", "ok", "ok"]);
    const outbox = createOutbox({ send: server.send, onStored: () => {}, onChange: () => {}, clock: t.clock });
    const bad = pending("bad");
    const good = pending("good");
    outbox.add(bad);
    outbox.add(good);
    await t.advance(1);
    expect(outbox.items.map((p) => [p.text, p.status, p.error])).toEqual([["bad", "failed", "validation_failed"]]);
    await t.advance(60_000);
    expect(server.calls).toEqual([bad.clientId, good.clientId]);
    outbox.retry(bad.clientId);
    await t.advance(1);
    expect(server.calls).toEqual([bad.clientId, good.clientId, bad.clientId]);
    expect(outbox.items).toEqual([]);
  });

  it("drops a message the socket or a catch-up already brought, without sending it again", async () => {
    const t = fakeClock();
    const server = fakeServer(["drop", "ok"]);
    const outbox = createOutbox({ send: server.send, onStored: () => {}, onChange: () => {}, clock: t.clock });
    const p = pending("mine");
    outbox.add(p);
    await flush();
    outbox.settle([stored(p)]);
    await t.advance(60_000);
    expect(server.calls).toEqual([p.clientId]);
    expect(outbox.items).toEqual([]);
  });

  it("retryNow skips the backoff when the connection comes back", async () => {
    const t = fakeClock();
    const server = fakeServer(["drop", "drop", "drop", "ok"]);
    const outbox = createOutbox({
      send: server.send,
      onStored: () => {},
      onChange: () => {},
      clock: t.clock,
      random: () => 1,
    });
    outbox.add(pending("x"));
    await t.advance(1_600); // 500 + 1000: the third try is scheduled 2 s out
    expect(server.calls).toHaveLength(3);
    outbox.retryNow();
    await flush();
    expect(server.calls).toHaveLength(4);
    expect(new Set(server.calls).size).toBe(1);
    expect(outbox.items).toEqual([]);
  });
});

describe("backoffDelay", () => {
  it("grows from half a second, never passes 15 s, and jitters within [50%, 100%]", () => {
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1_000);
    expect(backoffDelay(3, () => 0)).toBe(2_000);
    for (let a = 0; a < 200; a++) {
      const d = backoffDelay(a);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(15_000);
    }
    expect(backoffDelay(-5, () => 1)).toBe(500);
    expect(backoffDelay(1e9, () => 1)).toBe(15_000);
  });
});

describe("typing throttle", () => {
  it("sends typing once per 3 s while keys come and stopped once after 4 s of quiet", async () => {
    const t = fakeClock();
    const sent: boolean[] = [];
    const typing = createTypingThrottle({ send: (on) => sent.push(on), clock: t.clock });
    for (let i = 0; i < 50; i++) {
      typing.input();
      await t.advance(200); // 10 s of typing
    }
    expect(sent).toEqual([true, true, true, true]);
    await t.advance(3_700); // the last key was at 9.8 s: quiet until 13.8 s
    expect(sent).toHaveLength(4);
    await t.advance(200);
    expect(sent).toEqual([true, true, true, true, false]);
    await t.advance(60_000);
    expect(sent).toHaveLength(5);
    expect(t.pendingTimers()).toBe(0);
  });

  it("sends stopped at once on send, and nothing when it was not typing", () => {
    const t = fakeClock();
    const sent: boolean[] = [];
    const typing = createTypingThrottle({ send: (on) => sent.push(on), clock: t.clock });
    typing.stop();
    expect(sent).toEqual([]);
    typing.input();
    typing.stop();
    typing.stop();
    expect(sent).toEqual([true, false]);
    typing.input();
    expect(sent).toEqual([true, false, true]);
  });
});
