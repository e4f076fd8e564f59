/** Ingest's planner (pure): read state + redacted message -> which ticket, the write set, and purity. */
import { describe, expect, it } from "vitest";
import { TICKET_NUMBER_PLACEHOLDER } from "../../../src/core/ingest";
import { planIngest } from "../../../src/core/ingest-plan";
import { pick, randomInt, randomToken } from "../../support/phrases";
import { emptyState, input, latest, message, plainText, ROUNDS, SETTINGS, sequenceIds } from "./ingest-plan-builders";

describe("planIngest: which ticket", () => {
  it("a conversation without a ticket opens one: the message, its origin, the ack and the feed all name it", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const files = Array.from({ length: randomInt(3) }, (_, k) => ({
        r2Key: `attachments/x/${k}`,
        filename: `f${k}.png`,
        contentType: "image/png",
        size: 10 + k,
      }));
      const ids = sequenceIds();
      const inp = input({ attachments: files, ids });
      const plan = planIngest(inp);
      expect(plan.outcome).toBe("created");
      expect(plan.write.ticket.kind).toBe("new");
      if (plan.write.ticket.kind !== "new") continue;
      const t = plan.write.ticket.ticket;
      expect(t.conversationKey).toBe(inp.msg.conversationKey);
      expect(t.channel).toBe(inp.msg.channel);
      expect(plan.ticketId).toBe(t.id);
      expect(plan.conversationTicketId).toBe(t.id);
      expect(plan.write.message.originTicketId).toBe(t.id);
      expect(plan.accessToken).toBe(t.accessToken);
      expect(plan.ticketNumber).toBeNull();
      expect(plan.write.contact.isNew).toBe(true);
      expect(plan.write.message.body).toBe(inp.msg.text);
      expect(plan.write.message.redacted).toBe(false);
      expect(plan.write.attachments.map((a) => a.r2Key)).toEqual(files.map((f) => f.r2Key));
      expect(new Set(plan.write.attachments.map((a) => a.id)).size).toBe(files.length);
      // Acknowledged with the number the batch fills in, queued last, and the feed hears of a new ticket.
      expect(plan.write.ack?.body).toContain(TICKET_NUMBER_PLACEHOLDER);
      expect(plan.enqueue.at(-1)).toBe(plan.write.ack?.id);
      expect(plan.feed).toMatchObject({ type: "ticket.created", ticketId: t.id, messageId: plan.write.message.id });
      expect(Date.parse(t.firstResponseDueAt)).toBeGreaterThan(inp.now.getTime());
      // Every id the plan uses came from the caller's source, each once.
      const used = [t.id, t.accessToken, plan.write.contact.id, plan.write.identity.id, plan.write.message.id];
      for (const id of used) expect(ids.issued).toContain(id);
      expect(new Set(used).size).toBe(used.length);
    }
  });

  it("an active ticket takes the message without an acknowledgement; the customer keeps their own number", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const now = new Date();
      const status = pick(["new", "open", "pending"] as const);
      const merged = randomInt(2) === 1;
      const l = latest(status, now, { merged });
      const contactId = randomToken("con");
      const plan = planIngest(input({ now, state: emptyState({ latest: l, contactId }) }));
      expect(plan.outcome).toBe("appended");
      expect(plan.write.ticket).toEqual({ kind: "append", ticketId: l.id, status: status === "new" ? "new" : "open" });
      expect(plan.ticketId).toBe(l.id);
      // After a merge the message goes onto the ticket it was merged into, but stays the conversation's.
      expect(plan.write.message.originTicketId).toBe(l.conversationTicketId);
      expect(plan.conversationTicketId).toBe(l.conversationTicketId);
      expect(plan.ticketNumber).toBe(l.ticketNumber);
      expect(plan.accessToken).toBe(l.accessToken);
      expect(plan.write.contact).toMatchObject({ id: contactId, isNew: false });
      expect(plan.write.ack).toBeNull();
      expect(plan.enqueue).toEqual([]);
      expect(plan.feed).toMatchObject({ type: "message.created", ticketId: l.id, reopened: false });
    }
  });

  it("a ticket resolved within the window reopens (acknowledged as reopened); older or closed ones give a new ticket", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const now = new Date();
      const inside = Math.max(0, SETTINGS.reopenWindowDays - 1 - randomInt(SETTINGS.reopenWindowDays));
      const l = latest("resolved", now, { resolvedDaysAgo: inside, merged: randomInt(2) === 1 });
      const lang = pick(["en", "zh"] as const);
      const plan = planIngest(input({ now, state: emptyState({ latest: l, preferredLanguage: lang }) }));
      expect(plan.outcome).toBe("reopened");
      expect(plan.write.ticket).toEqual({ kind: "reopen", ticketId: l.id });
      expect(plan.write.ack?.body).toContain(lang === "zh" ? "已重新打开" : "has been reopened");
      expect(plan.accessToken).toBe(l.accessToken);
      expect(plan.feed).toMatchObject({ type: "message.created", reopened: true });

      const old = latest("resolved", now, { resolvedDaysAgo: SETTINGS.reopenWindowDays + 1 + randomInt(30) });
      expect(planIngest(input({ now, state: emptyState({ latest: old }) })).outcome).toBe("created");
      const closed = latest("closed", now, { resolvedDaysAgo: randomInt(SETTINGS.reopenWindowDays) });
      const fresh = planIngest(input({ now, state: emptyState({ latest: closed }) }));
      expect(fresh.outcome).toBe("created");
      // A new ticket is the customer's own: never the old ticket's number or link.
      expect(fresh.accessToken).not.toBe(closed.accessToken);
      expect(fresh.ticketNumber).toBeNull();
    }
  });

  it("asking for a new ticket wins over reopening, but an active ticket still takes the message", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const now = new Date();
      const resolved = latest("resolved", now, { resolvedDaysAgo: randomInt(SETTINGS.reopenWindowDays) });
      const asked = planIngest(
        input({ now, msg: message({ startNewTicket: true }), state: emptyState({ latest: resolved }) }),
      );
      expect(asked.outcome).toBe("created");
      expect(asked.write.ticket.kind).toBe("new");
      const notAsked = planIngest(input({ now, state: emptyState({ latest: resolved }) }));
      expect(notAsked.outcome).toBe("reopened");
      const active = latest(pick(["new", "open", "pending"] as const), now);
      const onActive = planIngest(
        input({ now, msg: message({ startNewTicket: true }), state: emptyState({ latest: active }) }),
      );
      expect(onActive.outcome).toBe("appended");
    }
  });
});

describe("planIngest is pure", () => {
  it("the same input and id sequence give the same plan, and the state read is not changed", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const now = new Date();
      const status = pick(["new", "open", "pending", "resolved", "closed"] as const);
      const state = emptyState({
        latest: randomInt(3)
          ? latest(status, now, { resolvedDaysAgo: randomInt(20), merged: randomInt(2) === 1 })
          : null,
        contactId: randomInt(2) ? randomToken("con") : null,
      });
      const msg = message({ text: pick([plainText(), "/status", `I need a human ${randomToken()}`]) });
      const frozen = JSON.stringify(state);
      const a = planIngest(input({ now, state, msg, ids: sequenceIds() }));
      const b = planIngest(input({ now, state, msg, ids: sequenceIds() }));
      expect(b).toEqual(a);
      expect(JSON.stringify(state)).toBe(frozen);
    }
  });
});
