// Live chat's state logic in the inbox (src/staff/ui/client/chat-state.ts) and its texts (i18n-chat.ts):
// the agent's typing throttle, the customer's live state from the ticket and the feed, "Seen", identity kinds.
import { describe, expect, it } from "vitest";
import {
  applyChatActivity,
  type ChatLive,
  chatActivityOf,
  chatIdentityKind,
  createTypingThrottle,
  isChatTicket,
  isTyping,
  liveFromDetail,
  seenReplyIds,
  TYPING_FADE_MS,
} from "../../../src/staff/ui/client/chat-state";
import { chatTexts } from "../../../src/staff/ui/i18n-chat";

const rand = (n: number) => Math.floor(Math.random() * n);
const iso = (ms: number) => new Date(ms).toISOString();

/** A fake clock and timer queue: `advance(ms)` runs what falls due, in order. */
function clock() {
  let now = 1_000_000;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
}

function throttle(opts: { intervalMs?: number; idleMs?: number } = {}) {
  const c = clock();
  const sent: Array<{ id: string; typing: boolean; at: number }> = [];
  const t = createTypingThrottle({
    send: (id, typing) => sent.push({ id, typing, at: c.now() }),
    now: c.now,
    setTimer: c.setTimer,
    clearTimer: c.clearTimer,
    ...opts,
  });
  return { c, sent, t };
}

describe("the agent's typing throttle", () => {
  it("says true at most every 3 s however fast the keys come, and false once at the end", () => {
    const { c, sent, t } = throttle();
    const keys = 200 + rand(200);
    let text = "";
    for (let i = 0; i < keys; i++) {
      text += "x";
      t.input("tkt_a", text);
      c.advance(20 + rand(120));
    }
    const trues = sent.filter((s) => s.typing);
    expect(trues.length).toBeGreaterThan(1);
    const gaps = trues.slice(1).map((s, i) => s.at - (trues[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(3000);
    expect(sent.filter((s) => !s.typing)).toEqual([]);
    t.stop();
    t.stop(); // a second stop (blur after send) says nothing more
    expect(sent.at(-1)).toMatchObject({ id: "tkt_a", typing: false });
    expect(sent.filter((s) => !s.typing)).toHaveLength(1);
  });

  it("clearing the box ends typing; typing again starts it at once", () => {
    const { c, sent, t } = throttle();
    t.input("tkt_a", "hel");
    t.input("tkt_a", "   ");
    c.advance(100);
    t.input("tkt_a", "h");
    expect(sent.map((s) => s.typing)).toEqual([true, false, true]);
  });

  it("ends by itself after the idle time without keys, and never sends for an empty box", () => {
    const { c, sent, t } = throttle({ idleMs: 5000 });
    t.input("tkt_a", "");
    t.input("tkt_a", "\n\t ");
    expect(sent).toEqual([]);
    t.input("tkt_a", "hi");
    c.advance(4999);
    expect(sent.map((s) => s.typing)).toEqual([true]);
    c.advance(1);
    expect(sent.map((s) => s.typing)).toEqual([true, false]);
    c.advance(60_000);
    expect(sent).toHaveLength(2);
  });

  it("switching tickets ends typing on the first before starting on the second", () => {
    const { sent, t } = throttle();
    t.input("tkt_a", "a");
    t.input("tkt_b", "b");
    expect(sent.map((s) => [s.id, s.typing])).toEqual([
      ["tkt_a", true],
      ["tkt_a", false],
      ["tkt_b", true],
    ]);
  });

  it("a stop before any key says nothing", () => {
    const { sent, t } = throttle();
    t.stop();
    expect(sent).toEqual([]);
  });
});

describe("the customer's live state", () => {
  const now = Date.parse("2026-12-06T08:00:00Z");

  it("reads the ticket's live field; null without one (not a chat, room unreachable)", () => {
    expect(liveFromDetail(null, undefined, now)).toBeNull();
    const l = liveFromDetail({ online: true, typing: true, customerReadAt: iso(now - 5000) }, undefined, now);
    expect(l).toEqual({ online: true, typing: true, customerReadAt: iso(now - 5000), typingAt: now });
    // Garbage in the field is not "online".
    expect(liveFromDetail({ online: "yes", typing: 1, customerReadAt: 42 }, undefined, now)).toEqual({
      online: false,
      typing: false,
      customerReadAt: null,
      typingAt: 0,
    });
  });

  it("a read receipt never goes back, whatever order the news arrives in", () => {
    const times = Array.from({ length: 30 }, () => now - rand(1_000_000));
    let l: ChatLive | undefined;
    for (const t of times) {
      l = applyChatActivity(
        l,
        { type: "chat.activity", ticketId: "tkt_a", online: true, typing: false, customerReadAt: iso(t) },
        now,
      );
    }
    expect(l?.customerReadAt).toBe(iso(Math.max(...times)));
    // An event without a read time keeps the one known; an older ticket answer does not undo it.
    l = applyChatActivity(l, { type: "chat.activity", ticketId: "tkt_a", online: false, typing: false }, now);
    expect(l.customerReadAt).toBe(iso(Math.max(...times)));
    expect(
      liveFromDetail({ online: true, typing: false, customerReadAt: iso(now - 2_000_000) }, l, now)?.customerReadAt,
    ).toBe(iso(Math.max(...times)));
  });

  it("typing needs the customer on the page, and fades when its end never comes", () => {
    const off = applyChatActivity(
      undefined,
      { type: "chat.activity", ticketId: "t", online: false, typing: true },
      now,
    );
    expect(isTyping(off, now)).toBe(false);
    const on = applyChatActivity(undefined, { type: "chat.activity", ticketId: "t", online: true, typing: true }, now);
    expect(isTyping(on, now + TYPING_FADE_MS - 1)).toBe(true);
    expect(isTyping(on, now + TYPING_FADE_MS)).toBe(false);
    const stopped = applyChatActivity(
      on,
      { type: "chat.activity", ticketId: "t", online: true, typing: false },
      now + 10,
    );
    expect(isTyping(stopped, now + 20)).toBe(false);
    expect(isTyping(null, now)).toBe(false);
  });

  it("takes only well-formed chat.activity messages from the feed", () => {
    expect(chatActivityOf({ type: "ticket.updated", ticketId: "t" })).toBeNull();
    expect(chatActivityOf({ type: "chat.activity" })).toBeNull();
    expect(chatActivityOf(null)).toBeNull();
    expect(
      chatActivityOf({
        type: "chat.activity",
        ticketId: "t",
        online: "true",
        typing: "yes",
        customerReadAt: "not a date",
      }),
    ).toEqual({
      type: "chat.activity",
      ticketId: "t",
      online: false,
      typing: false,
      customerReadAt: null,
    });
    expect(chatActivityOf({ type: "chat.activity", ticketId: "t", online: true, typing: true, seq: 9 })).toMatchObject({
      online: true,
      typing: true,
    });
  });
});

describe("Seen", () => {
  it("marks exactly the staff replies written at or before the customer's read time", () => {
    const base = Date.parse("2026-12-06T08:00:00Z");
    const kinds = [
      ["out", "staff"],
      ["out", "bot"],
      ["in", "customer"],
      ["note", "staff"],
    ] as const;
    const messages = Array.from({ length: 60 }, (_, i) => {
      const [direction, author] = kinds[rand(kinds.length)] ?? kinds[0];
      return { id: `msg_${i}`, direction, author, createdAt: iso(base + rand(100_000)) };
    });
    const readAt = base + 50_000;
    const seen = seenReplyIds(messages, iso(readAt));
    for (const m of messages) {
      const want = m.direction === "out" && m.author === "staff" && Date.parse(m.createdAt) <= readAt;
      expect(seen.has(m.id), `${m.direction}/${m.author} ${m.createdAt}`).toBe(want);
    }
    expect(seenReplyIds(messages, null).size).toBe(0);
    expect(seenReplyIds(messages, "garbage").size).toBe(0);
  });
});

describe("chat tickets and identities", () => {
  it("knows a chat ticket by its source or metadata, nothing else", () => {
    expect(isChatTicket({ source: "chat" })).toBe(true);
    expect(isChatTicket({ metadata: { source: "chat" } })).toBe(true);
    expect(isChatTicket({ metadata: { source: "form" } })).toBe(false);
    expect(isChatTicket({ channel: "webform", metadata: {} })).toBe(false);
    expect(isChatTicket(null)).toBe(false);
  });

  it("a verified widget user gets the badge; an anonymous visitor or an unproven user never does", () => {
    expect(chatIdentityKind({ externalId: "chat:u:alice@ex", verified: true })).toBe("verified");
    expect(chatIdentityKind({ externalId: "chat:u:alice@ex", verified: false })).toBe("visitor");
    // A visitor id never reads as verified, whatever the flag says.
    expect(chatIdentityKind({ externalId: `chat:v:v${"a".repeat(24)}`, verified: true })).toBe("visitor");
    for (const externalId of ["12345", "claim:a@b.c", "a@b.c", "chat-u:x", "xchat:u:y"]) {
      expect(chatIdentityKind({ externalId, verified: true }), externalId).toBeNull();
    }
  });

  it("has the same texts in English and Chinese, none empty", () => {
    const en = chatTexts("en");
    const zh = chatTexts("zh");
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const t of [en, zh]) for (const [k, v] of Object.entries(t)) expect(v, k).toBeTruthy();
    expect(en.liveChat).toBe("Live chat");
    expect(zh.liveChat).toBe("在线客服");
    expect(en.seenTitle).toContain("{time}");
    expect(zh.seenTitle).toContain("{time}");
  });
});
