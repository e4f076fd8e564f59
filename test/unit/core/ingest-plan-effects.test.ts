/** Ingest's planner (pure): what goes out with a message (acknowledgement, warnings), its language, split secrets. */
import { describe, expect, it } from "vitest";
import type { Language } from "../../../src/core/inbound";
import { ingestLanguage, planIngest } from "../../../src/core/ingest-plan";
import { redactionMarker, redactSecrets } from "../../../src/core/redact";
import { secretSafetyWarning } from "../../../src/core/replies";
import { joinWords, pick, randomHexKey, randomInt, randomPhrase, randomToken, splitWords } from "../../support/phrases";
import { emptyState, input, latest, message, plainText, ROUNDS } from "./ingest-plan-builders";

describe("planIngest: what goes out", () => {
  it("a bare request the bot answers gets no acknowledgement; with more words it does", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const request = pick([
        `status RD-${1001 + randomInt(9000)}`,
        "/status",
        "状态",
        `/verify @${randomToken("h")}`,
        "/link",
      ]);
      const only = planIngest(input({ msg: message({ text: request }) }));
      expect(only.intent?.only).toBe(true);
      expect(only.write.ack).toBeNull();
      expect(only.enqueue).toEqual([]);
      const more = planIngest(input({ msg: message({ text: `${request}\n${plainText()}` }) }));
      expect(more.intent?.only).toBe(false);
      expect(more.write.ack).not.toBeNull();
      expect(more.enqueue.at(-1)).toBe(more.write.ack?.id);
      expect(planIngest(input({ msg: message({ text: plainText() }) })).intent).toBeNull();
    }
  });

  it("a silenced message (email that failed authentication) gets nothing back, whatever it says", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const text = pick([
        plainText(),
        "/status",
        "/link",
        `I need a human ${randomToken()}`,
        `my private key ${randomHexKey()}`,
        `${randomPhrase().text}`,
      ]);
      const found = redactSecrets(text);
      const spoken = planIngest(input({ msg: message({ text: found.text }), secrets: found.kinds }));
      expect(spoken.enqueue.length > 0 || spoken.intent !== null).toBe(true);
      const plan = planIngest(input({ msg: message({ text: found.text, botSilent: true }), secrets: found.kinds }));
      expect(plan.outcome).toBe("created");
      expect(plan.write.ack).toBeNull();
      expect(plan.write.replies ?? []).toEqual([]);
      expect(plan.intent).toBeNull();
      expect(plan.enqueue).toEqual([]);
      expect(plan.write.message.redacted).toBe(spoken.write.message.redacted);
    }
  });

  it("an appended message is never acknowledged, whatever it says", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const now = new Date();
      const l = latest(pick(["new", "open", "pending"] as const), now, { merged: randomInt(2) === 1 });
      const text = pick([plainText(), `${plainText()}\n${plainText()}`, "/status", `I need a human ${randomToken()}`]);
      const plan = planIngest(input({ now, msg: message({ text }), state: emptyState({ latest: l }) }));
      expect(plan.outcome).toBe("appended");
      expect(plan.write.ack).toBeNull();
      expect(plan.enqueue).toEqual((plan.write.replies ?? []).map((r) => r.id));
    }
  });

  it("a pasted secret: the message is marked redacted and a safety warning goes out before the acknowledgement", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const raw = pick([randomPhrase().text, `my private key ${randomHexKey()}`]);
      const found = redactSecrets(raw);
      const lang = pick(["en", "zh"] as const);
      const plan = planIngest(
        input({
          msg: message({ text: found.text }),
          secrets: found.kinds,
          state: emptyState({ preferredLanguage: lang }),
        }),
      );
      expect(plan.write.message.redacted).toBe(true);
      expect(plan.write.message.body).not.toContain(raw);
      const warning = plan.write.replies?.find((r) => r.body === secretSafetyWarning(lang));
      expect(warning).toBeDefined();
      expect(plan.enqueue).toEqual([...(plan.write.replies ?? []).map((r) => r.id), plan.write.ack?.id]);
      expect(["high", "urgent"]).toContain(plan.write.triage?.priority);
    }
  });

  it("language: the contact's choice, then Chinese words, then the channel's, then the ticket's, then English", () => {
    const langs: Array<Language | null> = ["en", "zh", null];
    for (let i = 0; i < ROUNDS * 4; i++) {
      const preferred = pick(langs);
      const channel = pick(langs);
      const ticket = pick(langs);
      const text = pick(["我的提现还没到账，请帮忙查一下", "My withdrawal has not arrived, please check"]);
      const guessed: Language = /[\u4e00-\u9fff]/.test(text) ? "zh" : "en";
      const now = new Date();
      const l = ticket ? { ...latest("open", now), language: ticket } : null;
      const state = emptyState({ preferredLanguage: preferred, latest: l });
      const msg = message({ text, ...(channel ? { language: channel } : {}) });
      // Chinese words win over an English client's or page's hint; English words take the hint.
      const expected = preferred ?? (guessed === "zh" ? "zh" : (channel ?? ticket ?? "en"));
      expect(ingestLanguage(state, msg)).toBe(expected);
      const plan = planIngest(input({ now, state, msg }));
      expect(plan.language).toBe(expected);
      expect(plan.write.contact.language).toBe(expected);
      if (plan.write.ticket.kind === "new") expect(plan.write.ticket.ticket.language).toBe(expected);
    }
  });
});

describe("planIngest: a secret split over messages", () => {
  it("the earlier pieces on the ticket the message joins are rewritten in the same write; another ticket's are not", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const now = new Date();
      const phrase = randomPhrase({ lang: "en" });
      const pieces = splitWords(phrase.words, 2 + randomInt(2)).map((p) => joinWords(p));
      const l = latest("open", now);
      const at = (k: number) => new Date(now.getTime() - (60 - k) * 1000).toISOString();
      const thread = {
        ticketId: l.id,
        since: new Date(now.getTime() - 900_000).toISOString(),
        fingerprint: randomToken("fp"),
        context: {
          earlier: pieces
            .slice(0, -1)
            .map((t, k) => ({ id: `m${k}`, tail: t, length: [...t].length, createdAt: at(k) })),
          ticket: null,
        },
      };
      const last = pieces.at(-1) as string;
      const plan = planIngest(input({ now, msg: message({ text: last }), state: emptyState({ latest: l, thread }) }));
      expect(plan.write.message.body).toBe(redactionMarker("seed_phrase"));
      expect(plan.write.message).toMatchObject({ redacted: true, redactedInContext: true });
      expect(plan.write.thread?.guard).toBe(thread);
      expect(plan.write.thread?.earlier.map((c) => c.id)).toEqual(thread.context.earlier.map((m) => m.id));
      expect(plan.redactedEarlier).toBe(plan.write.thread);
      // Its safety warning goes out even though the new message alone held no whole secret.
      expect(plan.write.replies?.length).toBeGreaterThan(0);

      const elsewhere = { ...thread, ticketId: randomToken("other") };
      const untouched = planIngest(
        input({ now, msg: message({ text: last }), state: emptyState({ latest: l, thread: elsewhere }) }),
      );
      expect(untouched.write.message.body).toBe(last);
      expect(untouched.write.thread).toBeUndefined();
      expect(untouched.redactedEarlier).toBeNull();
    }
  });
});
