/**
 * Every inbound, on every channel, delivered three times in random order and all at once:
 * each message is stored exactly once, each conversation has one ticket, and the customer is
 * acknowledged once (one bot acknowledgement row, handed to the deliveries queue once; a web form's, which nobody
 * can be watching yet, stored delivered).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { routedMessage, SUPPORT } from "../channels/email/harness";
import { all, count } from "../pipeline/builders";
import { CHANNEL_CASES } from "./channels";
import { type Delivery, instrumentedEnv, runApp, seeded, shuffle, toRequest } from "./harness";

const COPIES = 3;
const CONVERSATIONS = 2;
const MESSAGES = 2;

const marker = () => `dd${crypto.randomUUID().replace(/-/g, "").slice(0, 14)}`;

describe.each(CHANNEL_CASES)("$name: redelivery x3, concurrent, random order", (channelCase) => {
  it("stores each message once, opens one ticket per conversation and acknowledges once", async () => {
    const seed = Date.now() >>> 0;
    const n = Math.min(MESSAGES, channelCase.maxMessagesPerConversation);
    const conversations: Array<{ marker: string; deliveries: Delivery[] }> = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      const m = marker();
      conversations.push({ marker: m, deliveries: await channelCase.conversation(m, n) });
    }
    const copies = conversations.flatMap((c) => c.deliveries.flatMap((d) => Array.from({ length: COPIES }, () => d)));
    const { env, deliveries } = instrumentedEnv();

    const responses = await Promise.all(shuffle(copies, seeded(seed)).map((d) => runApp(toRequest(d), env)));

    const statuses = responses.map((r) => r.status);
    expect(
      statuses.every((s) => s >= 200 && s < 300),
      `seed ${seed}: every delivery is acknowledged with 2xx, got ${statuses}`,
    ).toBe(true);
    for (const conv of conversations) {
      for (let i = 0; i < n; i++) {
        const like = channelCase.maxMessagesPerConversation > 1 ? `%${conv.marker} part ${i}%` : `%${conv.marker}%`;
        expect(
          await count(
            "SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND channel = ?1 AND body LIKE ?2",
            channelCase.channel,
            like,
          ),
          `seed ${seed}: message ${i} of ${conv.marker} stored once`,
        ).toBe(1);
      }
      const tickets = await all<{ ticket_id: string }>(
        "SELECT DISTINCT ticket_id FROM messages WHERE direction = 'in' AND body LIKE ?1",
        `%${conv.marker}%`,
      );
      expect(tickets, `seed ${seed}: one ticket for ${conv.marker}`).toHaveLength(1);
      const ticketId = tickets[0]?.ticket_id as string;
      const acks = await all<{ id: string; delivery_status: string }>(
        "SELECT id, delivery_status FROM messages WHERE ticket_id = ?1 AND direction = 'out' AND author = 'bot'",
        ticketId,
      );
      expect(acks, `seed ${seed}: one acknowledgement on ${conv.marker}`).toHaveLength(1);
      const handedOff = deliveries.sent.filter((j) => j.messageId === acks[0]?.id);
      // A web form's new ticket: nobody can be watching it yet, so its acknowledgement is stored delivered, not queued.
      const unwatched = channelCase.name === "webform";
      expect(handedOff, `seed ${seed}: the acknowledgement is queued once`).toHaveLength(unwatched ? 0 : 1);
      if (unwatched) expect(acks[0]?.delivery_status).toBe("sent");
    }
  });
});

/** Email Routing hands raw mail to the Worker's email() handler: the other door of the email channel. */
describe("email via Email Routing (the email() handler): redelivery x3, concurrent, random order", () => {
  it("stores each email once and acknowledges once", async () => {
    const seed = Date.now() >>> 0;
    const mails = Array.from({ length: 2 }, () => {
      const m = marker();
      const from = `${m}@customer.test`;
      const raw = [
        `From: Lin <${from}>`,
        `To: ${SUPPORT}`,
        "Subject: Deposit not credited",
        `Message-ID: <${m}@customer.test>`,
        `Date: ${new Date().toUTCString()}`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        `My USDT deposit has not arrived ${m}`,
        "",
      ].join("\r\n");
      return { marker: m, from, raw };
    });
    const { env, deliveries } = instrumentedEnv();
    const copies = shuffle(
      mails.flatMap((mail) => [mail, mail, mail]),
      seeded(seed),
    );
    await Promise.all(
      copies.map(async (mail) => {
        const { message } = routedMessage(mail.raw, { from: mail.from });
        const ctx = createExecutionContext();
        await worker.email?.(message, env, ctx);
        await waitOnExecutionContext(ctx);
      }),
    );
    for (const mail of mails) {
      const stored = await all<{ ticket_id: string }>(
        "SELECT ticket_id FROM messages WHERE direction = 'in' AND channel = 'email' AND body LIKE ?1",
        `%${mail.marker}%`,
      );
      expect(stored, `seed ${seed}: ${mail.marker} stored once`).toHaveLength(1);
      const acks = await all<{ id: string }>(
        "SELECT id FROM messages WHERE ticket_id = ?1 AND direction = 'out' AND author = 'bot'",
        stored[0]?.ticket_id,
      );
      expect(acks, `seed ${seed}: one acknowledgement for ${mail.marker}`).toHaveLength(1);
      expect(deliveries.sent.filter((j) => j.messageId === acks[0]?.id)).toHaveLength(1);
    }
  });
});
