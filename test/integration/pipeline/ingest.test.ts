import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TICKET_NUMBER_PLACEHOLDER } from "../../../src/core/ingest";
import { SAFETY_LINE } from "../../../src/core/replies";
import {
  acksOf,
  all,
  attachment,
  count,
  first,
  inbound,
  ingest,
  isolatedEnv,
  type MessageRowLite,
  unique,
} from "./builders";

const DAY = 86_400_000;

interface TicketRowLite {
  id: string;
  number: number;
  status: string;
  conversation_key: string;
  access_token: string;
  contact_id: string;
  language: string;
  subject: string;
  resolved_at: string | null;
  created_at: string;
}

async function ticket(id: string): Promise<TicketRowLite> {
  const row = await first<TicketRowLite>("SELECT * FROM tickets WHERE id = ?1", id);
  if (!row) throw new Error(`no ticket ${id}`);
  return row;
}

const ticketsOf = (conversationKey: string) =>
  all<TicketRowLite>("SELECT * FROM tickets WHERE conversation_key = ?1 ORDER BY number", conversationKey);

const inboundOf = (ticketId: string) =>
  all<MessageRowLite>(
    "SELECT * FROM messages WHERE ticket_id = ?1 AND direction = 'in' ORDER BY created_at, rowid",
    ticketId,
  );

/** Puts a ticket into `status` as staff would, `resolvedAt` being when it was resolved. */
async function setStatus(ticketId: string, status: "resolved" | "closed" | "pending", resolvedAt?: Date) {
  await env.DB.prepare(
    `UPDATE tickets SET status = ?2, resolved_at = ?3, closed_at = CASE WHEN ?2 = 'closed' THEN ?4 END WHERE id = ?1`,
  )
    .bind(ticketId, status, resolvedAt?.toISOString() ?? null, new Date().toISOString())
    .run();
}

describe("ingestInbound: a first message", () => {
  it("stores contact, identity, ticket, message and one queued acknowledgement with the real number", async () => {
    const { env: e, deliveries } = isolatedEnv();
    const msg = inbound({ subject: "Deposit missing", sender: { displayName: "Alice Example" } });
    const result = await ingest(msg, { env: e });

    expect(result.outcome).toBe("created");
    expect(result.ticketNumber).toMatch(/^RD-\d+$/);

    const identity = await first<{ contact_id: string; display_name: string }>(
      "SELECT contact_id, display_name FROM channel_identities WHERE channel = 'webform' AND external_id = ?1",
      msg.sender.externalId,
    );
    expect(identity?.display_name).toBe("Alice Example");
    const contact = await first<{ id: string; name: string; email: string; language: string }>(
      "SELECT * FROM contacts WHERE id = ?1",
      identity?.contact_id,
    );
    expect(contact).toMatchObject({ name: "Alice Example", email: msg.sender.email, language: "en" });

    const t = await ticket(result.ticketId);
    expect(t.number).toBeGreaterThanOrEqual(1001);
    expect(`RD-${t.number}`).toBe(result.ticketNumber);
    expect(t).toMatchObject({
      status: "new",
      conversation_key: msg.conversationKey,
      contact_id: contact?.id,
      subject: "Deposit missing",
      language: "en",
    });
    expect(t.access_token).toBe(result.accessToken);
    expect(t.access_token.length).toBeGreaterThanOrEqual(32);

    const messages = await inboundOf(t.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: result.messageId,
      author: "customer",
      channel: "webform",
      body: msg.text,
      provider_message_id: msg.providerMessageId,
    });

    const acks = await acksOf(t.id);
    expect(acks).toHaveLength(1);
    const [ack] = acks;
    expect(ack).toMatchObject({ direction: "out", author: "bot", channel: "webform", delivery_status: "queued" });
    expect(ack?.body).toContain(result.ticketNumber);
    expect(ack?.body).not.toContain(TICKET_NUMBER_PLACEHOLDER);
    expect(ack?.body).toContain(SAFETY_LINE.en);
    // The acknowledgement was handed to the deliveries queue.
    expect(deliveries.sent).toEqual([{ messageId: ack?.id }]);
  });

  it("acknowledges in Chinese when the customer writes Chinese", async () => {
    const result = await ingest(inbound({ text: `我的USDT提现没到账，已经等了三个小时 ${unique()}` }));
    const t = await ticket(result.ticketId);
    expect(t.language).toBe("zh");
    const [ack] = await acksOf(result.ticketId);
    expect(ack?.body).toContain(`工单号：${result.ticketNumber}`);
    expect(ack?.body).toContain(SAFETY_LINE.zh);
    expect(ack?.body).not.toContain(SAFETY_LINE.en);
  });

  it("gives each new ticket its own increasing number", async () => {
    const a = await ingest(inbound());
    const b = await ingest(inbound());
    expect(a.ticketId).not.toBe(b.ticketId);
    expect((await ticket(b.ticketId)).number).toBeGreaterThan((await ticket(a.ticketId)).number);
  });
});

describe("ingestInbound: threading", () => {
  it("appends a second message on the same conversation without a second acknowledgement", async () => {
    const { env: e, deliveries } = isolatedEnv();
    const firstMsg = inbound();
    const created = await ingest(firstMsg, { env: e });
    const second = inbound({
      conversationKey: firstMsg.conversationKey,
      sender: firstMsg.sender,
      text: "TxID 0x4f3a9b, sent at 10:02",
    });
    const appended = await ingest(second, { env: e });

    expect(appended.outcome).toBe("appended");
    expect(appended.ticketId).toBe(created.ticketId);
    expect(appended.ticketNumber).toBe(created.ticketNumber);
    expect(appended.accessToken).toBe(created.accessToken);
    expect((await inboundOf(created.ticketId)).map((m) => m.body)).toEqual([firstMsg.text, second.text]);
    expect(await acksOf(created.ticketId)).toHaveLength(1);
    expect(deliveries.sent).toHaveLength(1);
    expect(await ticketsOf(firstMsg.conversationKey)).toHaveLength(1);
  });

  it("makes a pending ticket open again when the customer writes", async () => {
    const firstMsg = inbound();
    const created = await ingest(firstMsg);
    await setStatus(created.ticketId, "pending");
    await ingest(inbound({ conversationKey: firstMsg.conversationKey, sender: firstMsg.sender }));
    expect((await ticket(created.ticketId)).status).toBe("open");
  });

  it("reopens a ticket resolved within the window, with a reopened acknowledgement", async () => {
    const { env: e, deliveries } = isolatedEnv();
    const firstMsg = inbound();
    const created = await ingest(firstMsg, { env: e });
    await setStatus(created.ticketId, "resolved", new Date(Date.now() - DAY));

    const again = await ingest(inbound({ conversationKey: firstMsg.conversationKey, sender: firstMsg.sender }), {
      env: e,
    });
    expect(again.outcome).toBe("reopened");
    expect(again.ticketId).toBe(created.ticketId);
    const t = await ticket(created.ticketId);
    expect(t.status).toBe("open");
    expect(t.resolved_at).toBeNull();

    const acks = await acksOf(created.ticketId);
    expect(acks).toHaveLength(2);
    expect(acks[1]?.body).toContain(`Your ticket ${created.ticketNumber} has been reopened.`);
    expect(acks[1]?.body).toContain(SAFETY_LINE.en);
    expect(acks[1]?.delivery_status).toBe("queued");
    expect(deliveries.sent.map((j) => j.messageId)).toEqual(acks.map((a) => a.id));
  });

  it("reopens at exactly the end of the window and opens a new ticket one millisecond later", async () => {
    // Everything happens in the past, so shared lists ordered by activity are not disturbed.
    const resolvedAt = new Date(Date.now() - 30 * DAY);
    const windowEnd = new Date(resolvedAt.getTime() + 7 * DAY); // REOPEN_WINDOW_DAYS = 7

    const onTime = inbound();
    const a = await ingest(onTime, { now: () => new Date(resolvedAt.getTime() - DAY) });
    await setStatus(a.ticketId, "resolved", resolvedAt);
    const reopened = await ingest(inbound({ conversationKey: onTime.conversationKey, sender: onTime.sender }), {
      now: () => windowEnd,
    });
    expect(reopened).toMatchObject({ outcome: "reopened", ticketId: a.ticketId });

    const late = inbound();
    const b = await ingest(late, { now: () => new Date(resolvedAt.getTime() - DAY) });
    await setStatus(b.ticketId, "resolved", resolvedAt);
    const fresh = await ingest(inbound({ conversationKey: late.conversationKey, sender: late.sender }), {
      now: () => new Date(windowEnd.getTime() + 1),
    });
    expect(fresh.outcome).toBe("created");
    expect(fresh.ticketId).not.toBe(b.ticketId);
  });

  it("opens a new ticket when the resolved one is older than the window", async () => {
    const opened = new Date(Date.now() - 20 * DAY);
    const firstMsg = inbound();
    const old = await ingest(firstMsg, { now: () => opened });
    await setStatus(old.ticketId, "resolved", new Date(opened.getTime() + DAY));

    const next = await ingest(inbound({ conversationKey: firstMsg.conversationKey, sender: firstMsg.sender }));
    expect(next.outcome).toBe("created");
    expect(next.ticketId).not.toBe(old.ticketId);
    expect(next.accessToken).not.toBe(old.accessToken);
    const tickets = await ticketsOf(firstMsg.conversationKey);
    expect(tickets.map((t) => [t.id, t.status])).toEqual([
      [old.ticketId, "resolved"],
      [next.ticketId, "new"],
    ]);
    expect(await acksOf(next.ticketId)).toHaveLength(1);
    expect((await acksOf(next.ticketId))[0]?.body).toContain(next.ticketNumber);
  });

  it("opens a new ticket after a closed one, even a minute later", async () => {
    const firstMsg = inbound();
    const old = await ingest(firstMsg);
    await setStatus(old.ticketId, "closed", new Date(Date.now() - 60_000));

    const next = await ingest(inbound({ conversationKey: firstMsg.conversationKey, sender: firstMsg.sender }));
    expect(next.outcome).toBe("created");
    expect(next.ticketId).not.toBe(old.ticketId);
    expect((await ticket(old.ticketId)).status).toBe("closed");
    expect(await inboundOf(old.ticketId)).toHaveLength(1);
  });

  it("keeps one contact for one sender writing on two conversations, with two tickets", async () => {
    const sender = { externalId: `${unique()}@example.com` };
    const a = await ingest(inbound({ sender }));
    const b = await ingest(inbound({ sender }));
    expect(a.ticketId).not.toBe(b.ticketId);
    expect(a.outcome).toBe("created");
    expect(b.outcome).toBe("created");
    const contacts = await all<{ contact_id: string }>(
      "SELECT DISTINCT contact_id FROM tickets WHERE id IN (?1, ?2)",
      a.ticketId,
      b.ticketId,
    );
    expect(contacts).toHaveLength(1);
    expect(await count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", sender.externalId)).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM channel_identities WHERE channel = 'webform' AND external_id = ?1",
        sender.externalId,
      ),
    ).toBe(1);
  });

  it("keeps the sender's explicit language over detection", async () => {
    const firstMsg = inbound();
    await ingest(firstMsg);
    await env.DB.prepare(
      `UPDATE contacts SET preferred_language = 'zh'
        WHERE id = (SELECT contact_id FROM channel_identities WHERE channel = 'webform' AND external_id = ?1)`,
    )
      .bind(firstMsg.sender.externalId)
      .run();
    const next = await ingest(inbound({ sender: firstMsg.sender, text: "English text on a new conversation" }));
    const [ack] = await acksOf(next.ticketId);
    expect(ack?.body).toContain(SAFETY_LINE.zh);
  });
});

describe("ingestInbound: the same message many times", () => {
  it("stores a message delivered 5 times concurrently once, with one ticket and one acknowledgement", async () => {
    const { env: e, deliveries } = isolatedEnv();
    const msg = inbound({ attachments: [attachment()] });
    const results = await Promise.all(Array.from({ length: 5 }, () => ingest(msg, { env: e })));

    expect(results.map((r) => r.outcome).sort()).toEqual([
      "created",
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    expect(new Set(results.map((r) => r.ticketId)).size).toBe(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(new Set(results.map((r) => r.ticketNumber)).size).toBe(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);

    expect(
      await count(
        "SELECT COUNT(*) AS n FROM messages WHERE channel = 'webform' AND provider_message_id = ?1",
        msg.providerMessageId,
      ),
    ).toBe(1);
    const tickets = await ticketsOf(msg.conversationKey);
    expect(tickets).toHaveLength(1);
    expect(await acksOf(tickets[0]?.id ?? "")).toHaveLength(1);
    expect(deliveries.sent).toHaveLength(1);
    expect(await count("SELECT COUNT(*) AS n FROM attachments WHERE message_id = ?1", results[0]?.messageId)).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM channel_identities WHERE channel = 'webform' AND external_id = ?1",
        msg.sender.externalId,
      ),
    ).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", msg.sender.email)).toBe(1);
  });

  it("answers a later redelivery as a duplicate of the stored message", async () => {
    const msg = inbound();
    const created = await ingest(msg);
    const again = await ingest({ ...msg, text: "a different text the provider should not send" });
    // A new message also says what was stored (`stored`); a duplicate names the stored one only.
    const { stored, ...ids } = created;
    expect(stored?.body).toBe(msg.text);
    expect(again).toEqual({ ...ids, outcome: "duplicate" });
    expect(await inboundOf(created.ticketId)).toHaveLength(1);
    expect(await acksOf(created.ticketId)).toHaveLength(1);
  });

  it("puts two different first messages sent concurrently on one new ticket", async () => {
    const a = inbound({ text: "Withdrawal stuck" });
    const b = inbound({ conversationKey: a.conversationKey, sender: a.sender, text: "TxID 0xdeadbeef" });
    const results = await Promise.all([ingest(a), ingest(b)]);

    expect(results.map((r) => r.outcome).sort()).toEqual(["appended", "created"]);
    expect(results[0]?.ticketId).toBe(results[1]?.ticketId);
    const tickets = await ticketsOf(a.conversationKey);
    expect(tickets).toHaveLength(1);
    expect((await inboundOf(tickets[0]?.id ?? "")).map((m) => m.body).sort()).toEqual(
      ["TxID 0xdeadbeef", "Withdrawal stuck"].sort(),
    );
    expect(await acksOf(tickets[0]?.id ?? "")).toHaveLength(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM channel_identities WHERE channel = 'webform' AND external_id = ?1",
        a.sender.externalId,
      ),
    ).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", a.sender.email)).toBe(1);
  });

  it("makes one contact when a new sender's first messages on two conversations race", async () => {
    const sender = { externalId: `${unique()}@example.com` };
    const [a, b] = await Promise.all([ingest(inbound({ sender })), ingest(inbound({ sender }))]);
    expect(a?.outcome).toBe("created");
    expect(b?.outcome).toBe("created");
    const contacts = await all<{ contact_id: string }>(
      "SELECT DISTINCT contact_id FROM tickets WHERE id IN (?1, ?2)",
      a?.ticketId,
      b?.ticketId,
    );
    expect(contacts).toHaveLength(1);
    expect(await count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", sender.externalId)).toBe(1);
  });
});

describe("ingestInbound: attachments", () => {
  it("stores each file in R2 under the key its attachment row names", async () => {
    const files = [attachment("receipt.png", "first file"), attachment("收据 2.pdf", "second file")];
    files[1] = { ...(files[1] as (typeof files)[number]), contentType: "application/pdf" };
    const result = await ingest(inbound({ attachments: files }));

    const rows = await all<{ r2_key: string; filename: string; content_type: string; size: number }>(
      "SELECT * FROM attachments WHERE message_id = ?1 ORDER BY r2_key",
      result.messageId,
    );
    expect(rows.map((r) => r.filename)).toEqual(["receipt.png", "收据 2.pdf"]);
    for (const [i, row] of rows.entries()) {
      const object = await env.ATTACHMENTS.get(row.r2_key);
      expect(object, row.r2_key).not.toBeNull();
      expect(await object?.text()).toBe(i === 0 ? "first file" : "second file");
      expect(object?.httpMetadata?.contentType).toBe(row.content_type);
      expect(row.size).toBe(object?.size);
    }
    expect(rows[1]?.content_type).toBe("application/pdf");
  });
});
