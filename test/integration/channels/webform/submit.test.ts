import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SAFETY_LINE } from "../../../../src/core/replies";
import {
  type Created,
  count,
  formPayload,
  get,
  PNG_1X1,
  postJson,
  postMultipart,
  postUrlencoded,
  r2ObjectsFor,
  rowsFor,
  submissionKeyOf,
} from "./builders";

interface TicketRow {
  id: string;
  number: number;
  channel: string;
  conversation_key: string;
  status: string;
  category: string;
  subject: string;
  language: string;
  metadata: string;
  contact_id: string;
}

async function ticketRow(id: string) {
  return env.DB.prepare("SELECT * FROM tickets WHERE id = ?1").bind(id).first<TicketRow>();
}

describe("POST /api/tickets", () => {
  it("opens a ticket from JSON: ticket, message, contact, identity and the bot's acknowledgement", async () => {
    const p = formPayload({ category: "withdrawal", uid: "88123456", txid: "0xabc123", name: "Bob" });
    const res = await postJson("/api/tickets", p);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Created;
    expect(body.ticket.number).toMatch(/^RD-\d{4,}$/);
    expect(body.link).toMatch(/^\/t\/[A-Za-z0-9_-]{20,100}$/);
    expect(body.url).toBe(`http://relaydesk.test${body.link}`);

    const t = await ticketRow(body.ticket.id);
    expect(t).toMatchObject({
      channel: "webform",
      conversation_key: `webform:${await submissionKeyOf(p)}`,
      status: "new",
      category: "withdrawal",
      subject: p.subject,
      language: "en",
    });
    expect(`RD-${t?.number}`).toBe(body.ticket.number);
    expect(JSON.parse(t?.metadata ?? "{}")).toEqual({ uid: "88123456", txid: "0xabc123" });

    // The typed address is the contact's, unproven; the identity is the submission's own claim.
    const contact = await env.DB.prepare("SELECT name, email, email_verified_at, language FROM contacts WHERE id = ?1")
      .bind(t?.contact_id)
      .first();
    expect(contact).toEqual({ name: "Bob", email: p.email, email_verified_at: null, language: "en" });
    const identities = await env.DB.prepare("SELECT channel, external_id FROM channel_identities WHERE contact_id = ?1")
      .bind(t?.contact_id)
      .all<{ channel: string; external_id: string }>();
    expect(identities.results).toHaveLength(1);
    expect(identities.results[0]?.channel).toBe("webform");
    expect(identities.results[0]?.external_id).toMatch(/^claim:/);
    expect(body.email).toEqual({ verified: false, confirmationSent: true });

    const messages = await env.DB.prepare(
      "SELECT direction, author, body, provider_message_id FROM messages WHERE ticket_id = ?1 ORDER BY created_at, rowid",
    )
      .bind(body.ticket.id)
      .all<{ direction: string; author: string; body: string; provider_message_id: string | null }>();
    expect(messages.results).toHaveLength(2);
    expect(messages.results[0]).toMatchObject({
      direction: "in",
      author: "customer",
      body: p.description,
      provider_message_id: await submissionKeyOf(p),
    });
    const ack = messages.results[1];
    expect(ack).toMatchObject({ direction: "out", author: "bot" });
    expect(ack?.body).toContain(body.ticket.number);
    expect(ack?.body).toContain(SAFETY_LINE.en);
  });

  it("never makes the typed email an identity, uses the Idempotency-Key header, and answers zh tickets in zh", async () => {
    const p = formPayload({ lang: "zh", idempotencyKey: undefined, category: undefined });
    const key = `hdr-${crypto.randomUUID()}`;
    const mixed = p.email.replace(/^./, (ch) => ch.toUpperCase()).replace("example", "EXAMPLE");
    const res = await postJson("/api/tickets", { ...p, email: mixed }, { headers: { "Idempotency-Key": key } });
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as Created;
    const t = await ticketRow(ticket.id);
    // No category chosen: triage picks one from the text ("My USDT deposit has not arrived").
    const scoped = await submissionKeyOf({ ...p, email: mixed, idempotencyKey: key });
    expect(t).toMatchObject({ conversation_key: `webform:${scoped}`, language: "zh", category: "deposit" });
    for (const address of [p.email, mixed]) {
      expect(
        await count("SELECT COUNT(*) AS n FROM channel_identities WHERE lower(external_id) = lower(?1)", address),
      ).toBe(0);
    }
    const ack = await env.DB.prepare("SELECT body FROM messages WHERE ticket_id = ?1 AND author = 'bot'")
      .bind(ticket.id)
      .first<{ body: string }>();
    expect(ack?.body).toContain(SAFETY_LINE.zh);
    expect(ack?.body).toContain(ticket.number);
  });

  it("stores an image attachment from a multipart post in R2 with its attachments row", async () => {
    const p = formPayload();
    const res = await postMultipart("/api/tickets", p, [{ name: "screenshot.png", type: "image/png", data: PNG_1X1 }]);
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as Created;
    const row = await env.DB.prepare(
      `SELECT a.r2_key, a.filename, a.content_type, a.size FROM attachments a
         JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = ?1`,
    )
      .bind(ticket.id)
      .first<{ r2_key: string; filename: string; content_type: string; size: number }>();
    expect(row).toMatchObject({ filename: "screenshot.png", content_type: "image/png", size: PNG_1X1.byteLength });
    const object = await env.ATTACHMENTS.get(row?.r2_key ?? "");
    expect(object).not.toBeNull();
    expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(PNG_1X1);
    expect(object?.httpMetadata?.contentType).toBe("image/png");
  });

  it("ignores an empty file input (what a browser sends when no file was chosen)", async () => {
    const p = formPayload();
    const res = await postMultipart("/api/tickets", p, [{ name: "", type: "application/octet-stream", data: "" }]);
    expect(res.status).toBe(201);
    expect((await rowsFor(p)).attachments).toBe(0);
    expect(await r2ObjectsFor(await submissionKeyOf(p))).toEqual([]);
  });

  it("accepts application/x-www-form-urlencoded", async () => {
    const p = formPayload();
    const res = await postUrlencoded("/api/tickets", p);
    expect(res.status).toBe(201);
    expect(await rowsFor(p)).toMatchObject({ tickets: 1, messages: 1, contacts: 1 });
  });

  it("makes exactly one ticket and one message when the same key is posted 5 times at once", async () => {
    const p = formPayload();
    const responses = await Promise.all(Array.from({ length: 5 }, () => postJson("/api/tickets", p)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Created[];
    expect(new Set(bodies.map((b) => b.ticket.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.link)).size).toBe(1);
    expect(await rowsFor(p)).toMatchObject({ tickets: 1, messages: 1, contacts: 1 });
    expect(
      await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND author = 'bot'", bodies[0]?.ticket.id),
    ).toBe(1);
  });

  it("answers a resubmitted form with the same ticket, but never hands it to someone else", async () => {
    const p = formPayload();
    const first = (await (await postJson("/api/tickets", p)).json()) as Created;
    const again = await postJson("/api/tickets", p);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Created).link).toBe(first.link);

    // Someone else's submission with the same key is one of their own: its own ticket, never this one's link.
    const stranger = await postJson("/api/tickets", { ...formPayload(), idempotencyKey: p.idempotencyKey });
    expect(stranger.status).toBe(201);
    const text = await stranger.text();
    expect(text).not.toContain(first.link.slice(3));
    expect((JSON.parse(text) as Created).ticket.id).not.toBe(first.ticket.id);
  });

  it("redirects a browser form post to the ticket page with the created banner", async () => {
    const p = formPayload();
    const res = await postMultipart("/api/tickets", p, [], { browser: true });
    expect(res.status).toBe(303);
    const location = res.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/t\/[A-Za-z0-9_-]{20,100}\?created=1$/);
    expect(await rowsFor(p)).toMatchObject({ tickets: 1, messages: 1 });

    const page = await get(location, { browser: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    const number = /Your ticket number is (RD-\d+)\./.exec(html)?.[1];
    expect(number).toMatch(/^RD-\d+$/);
    expect(html).toContain('role="status"');
    expect(html).toContain(p.subject);
  });

  it("uses PUBLIC_URL for the absolute link when configured", async () => {
    const { createApp } = await import("../../../../src/app");
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const app = createApp();
    const ctx = createExecutionContext();
    const p = formPayload();
    const res = await app.fetch(
      new Request("http://internal.test/api/tickets", {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.99.0.1" },
        body: JSON.stringify(p),
      }),
      { ...env, PUBLIC_URL: "https://help.example.com/" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Created;
    expect(body.url).toBe(`https://help.example.com${body.link}`);
  });
});
