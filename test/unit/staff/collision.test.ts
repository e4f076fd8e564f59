// The composer's collision decision (src/staff/ui/client/collision.ts) and its texts (i18n-assign.ts):
// someone else typing on my ticket comes first; else another agent's reply since my draft began; never
// my own typing or replies, notes, customer messages, or replies from before the draft.
import { describe, expect, it } from "vitest";
import { collisionOf, namesPhrase, type ReplyLike, replySince, typingOn } from "../../../src/staff/ui/client/collision";
import type { PresenceMap } from "../../../src/staff/ui/client/presence";
import { assignTexts } from "../../../src/staff/ui/i18n-assign";

const ME = "stf_me";
const iso = (ms: number) => new Date(ms).toISOString();
const rand = (n: number) => Math.floor(Math.random() * n);

function message(o: Partial<ReplyLike> & { at: number }): ReplyLike {
  return {
    id: `msg_${Math.random().toString(36).slice(2)}`,
    direction: o.direction ?? "out",
    author: o.author ?? "staff",
    authorStaffId: o.authorStaffId === undefined ? "stf_li" : o.authorStaffId,
    createdAt: iso(o.at),
  };
}

describe("typingOn", () => {
  it("lists others typing on the ticket, never me, never viewers or other tickets", () => {
    const presence: PresenceMap = new Map([
      [
        "tkt_a",
        new Map([
          ["stf_li", { name: "Li", state: "typing" as const, at: 1 }],
          [ME, { name: "Me", state: "typing" as const, at: 1 }],
          ["stf_wang", { name: "Wang", state: "viewing" as const, at: 1 }],
          ["stf_chen", { name: "陈", state: "typing" as const, at: 1 }],
        ]),
      ],
      ["tkt_b", new Map([["stf_zhao", { name: "Zhao", state: "typing" as const, at: 1 }]])],
    ]);
    expect(typingOn(presence, "tkt_a", ME)).toEqual(["Li", "陈"]);
    expect(typingOn(presence, "tkt_c", ME)).toEqual([]);
  });
});

describe("collisionOf", () => {
  const now = Date.parse("2026-12-06T04:00:00.000Z");
  const nameOf = (id: string) => (id === "stf_li" ? "Li" : id);

  it("warns about typing first, whatever the thread holds", () => {
    const c = collisionOf({
      typing: ["Li"],
      messages: [message({ at: now })],
      draftStartedAt: now - 5000,
      meId: ME,
      now,
      nameOf,
    });
    expect(c).toEqual({ kind: "typing", names: ["Li"] });
  });

  it("finds another agent's reply after my draft began, with its age in seconds (generated threads)", () => {
    for (let run = 0; run < 200; run++) {
      const start = now - 60_000 - rand(600_000);
      const messages: ReplyLike[] = [];
      // Noise that never counts: before the draft, mine, notes, customer and bot messages.
      for (let i = 0; i < rand(6); i++) {
        const at = start + rand(50_000);
        const kind = rand(4);
        if (kind === 0) messages.push(message({ at: start - 1 - rand(100_000) }));
        if (kind === 1) messages.push(message({ at, authorStaffId: ME }));
        if (kind === 2) messages.push(message({ at, direction: "note" }));
        if (kind === 3) messages.push(message({ at, direction: "in", author: "customer", authorStaffId: null }));
      }
      const draftStartedAt = start;
      expect(collisionOf({ typing: [], messages, draftStartedAt, meId: ME, now, nameOf })).toBeNull();
      const ago = 1 + rand(50);
      const theirs = message({ at: now - ago * 1000 });
      messages.splice(rand(messages.length + 1), 0, theirs);
      expect(collisionOf({ typing: [], messages, draftStartedAt, meId: ME, now, nameOf })).toEqual({
        kind: "replied",
        name: "Li",
        secondsAgo: ago,
        messageId: theirs.id,
      });
      // Without a draft of mine there is nothing to collide with.
      expect(collisionOf({ typing: [], messages, draftStartedAt: null, meId: ME, now, nameOf })).toBeNull();
    }
  });

  it("picks the newest of several replies since the draft", () => {
    const older = message({ at: now - 30_000 });
    const newer = message({ at: now - 10_000, authorStaffId: "stf_wang" });
    expect(replySince([newer, older], now - 60_000, ME)?.id).toBe(newer.id);
    expect(replySince([older, newer], now - 20_000, ME)?.id).toBe(newer.id);
  });
});

describe("collision texts", () => {
  it("joins names per language and keeps every placeholder in both", () => {
    const en = assignTexts("en");
    const zh = assignTexts("zh");
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(namesPhrase(["Li"], en.and, en.comma)).toBe("Li");
    expect(namesPhrase(["Li", "Wang"], en.and, en.comma)).toBe("Li and Wang");
    expect(namesPhrase(["李", "王", "陈"], zh.and, zh.comma)).toBe("李、王和陈");
    for (const t of [en, zh]) {
      for (const key of ["typingOne", "typingMany", "confirmTyping"] as const) expect(t[key]).toContain("{names}");
      for (const key of ["replied", "confirmReplied"] as const) {
        expect(t[key]).toContain("{name}");
        expect(t[key]).toContain("{seconds}");
      }
      for (const v of Object.values(t)) expect(v.trim()).not.toBe("");
    }
    expect(zh.typingOne).not.toBe(en.typingOne);
  });
});
