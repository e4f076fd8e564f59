import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count, createTicket, get, PNG_1X1, postJson, postMultipart, r2ObjectsFor, submissionKeyOf } from "./builders";

async function setStatus(ticketId: string, status: string) {
  const now = new Date().toISOString();
  await env.DB.prepare(
    `UPDATE tickets SET status = ?2,
        resolved_at = CASE WHEN ?2 = 'resolved' THEN ?3 ELSE resolved_at END,
        closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END
      WHERE id = ?1`,
  )
    .bind(ticketId, status, now)
    .run();
}

async function ticketStatus(ticketId: string) {
  return (await env.DB.prepare("SELECT status FROM tickets WHERE id = ?1").bind(ticketId).first<{ status: string }>())
    ?.status;
}

async function customerMessages(ticketId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, body, channel, provider_message_id FROM messages WHERE ticket_id = ?1 AND author = 'customer' ORDER BY created_at, rowid",
  )
    .bind(ticketId)
    .all<{ id: string; body: string; channel: string; provider_message_id: string }>();
  return results;
}

describe("POST /t/:token/replies", () => {
  it("adds the customer's message to the same ticket, and a pending ticket becomes open", async () => {
    const { created, token, payload } = await createTicket();
    await setStatus(created.ticket.id, "pending");
    const key = `reply-${crypto.randomUUID()}`;
    const res = await postJson(`/t/${token}/replies`, { body: "Here is the TxID you asked for.", idempotencyKey: key });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: string } };

    const msgs = await customerMessages(created.ticket.id);
    expect(msgs.map((m) => m.body)).toEqual([payload.description, "Here is the TxID you asked for."]);
    expect(msgs[1]).toMatchObject({
      id: message.id,
      channel: "webform",
      provider_message_id: `reply:${created.ticket.id}:${key}`,
    });
    expect(await ticketStatus(created.ticket.id)).toBe("open");
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM tickets WHERE conversation_key = ?1",
        `webform:${await submissionKeyOf(payload)}`,
      ),
    ).toBe(1);
    // Still one contact for this customer.
    expect(await count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", payload.email)).toBe(1);
    // It shows on the ticket page.
    expect(await (await get(`/t/${token}`)).text()).toContain("Here is the TxID you asked for.");
  });

  it("stores a repeated reply (same key) once, answering 200 the second time", async () => {
    const { created, token } = await createTicket();
    const reply = { body: "Double click", idempotencyKey: `dbl-${crypto.randomUUID()}` };
    const [a, b] = await Promise.all([postJson(`/t/${token}/replies`, reply), postJson(`/t/${token}/replies`, reply)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect((await customerMessages(created.ticket.id)).filter((m) => m.body === "Double click")).toHaveLength(1);
  });

  it("takes a browser form post with a file and redirects back to the ticket", async () => {
    const { created, token } = await createTicket();
    const key = `form-${crypto.randomUUID()}`;
    const res = await postMultipart(
      `/t/${token}/replies`,
      { body: "Screenshot attached", idempotencyKey: key },
      [{ name: "error.png", type: "image/png", data: PNG_1X1 }],
      { browser: true },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/t/${token}`);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM attachments a JOIN messages m ON m.id = a.message_id
          WHERE m.ticket_id = ?1 AND a.filename = 'error.png'`,
        created.ticket.id,
      ),
    ).toBe(1);
    expect(await r2ObjectsFor(`reply:${created.ticket.id}:${key}`)).toHaveLength(1);
  });

  it("refuses a closed ticket with 409 ticket_closed and stores nothing", async () => {
    const { created, token } = await createTicket();
    await setStatus(created.ticket.id, "closed");
    const key = `closed-${crypto.randomUUID()}`;
    const before = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", created.ticket.id);
    const res = await postMultipart(`/t/${token}/replies`, { body: "Hello?", idempotencyKey: key }, [
      { name: "a.png", type: "image/png", data: PNG_1X1 },
    ]);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "ticket_closed" } });
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", created.ticket.id)).toBe(before);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM messages WHERE body = 'Hello?' AND provider_message_id = ?1",
        `reply:${created.ticket.id}:${key}`,
      ),
    ).toBe(0);
    expect(await r2ObjectsFor(`reply:${created.ticket.id}:${key}`)).toEqual([]);
    expect(await ticketStatus(created.ticket.id)).toBe("closed");
    // The page says so and offers no reply form.
    const html = await (await get(`/t/${token}`)).text();
    expect(html).toContain("This ticket is closed.");
    expect(html).not.toContain("/replies");
  });

  it("validates like the form: empty body 400, bad attachment 415, unknown token 404; nothing stored", async () => {
    const { created, token } = await createTicket();
    const before = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", created.ticket.id);
    const empty = await postJson(`/t/${token}/replies`, { body: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: "validation_failed", details: [{ path: "body" }] } });
    const fake = await postMultipart(`/t/${token}/replies`, { body: "see file" }, [
      { name: "x.png", type: "image/png", data: "GIF89a nope" },
    ]);
    expect(fake.status).toBe(415);
    const wrongType = await get(`/t/${token}/replies`);
    expect(wrongType.status).toBe(404);
    const unknown = await postJson(`/t/${"Z".repeat(32)}/replies`, { body: "hi" });
    expect(unknown.status).toBe(404);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", created.ticket.id)).toBe(before);
  });

  it("reopens a recently resolved ticket", async () => {
    const { created, token } = await createTicket();
    await setStatus(created.ticket.id, "resolved");
    const res = await postJson(`/t/${token}/replies`, { body: "It happened again" });
    expect(res.status).toBe(201);
    expect(await ticketStatus(created.ticket.id)).toBe("open");
    expect((await customerMessages(created.ticket.id)).at(-1)?.body).toBe("It happened again");
  });
});

describe("POST /t/:token/replies on a ticket from another channel", () => {
  it("writes as the ticket's own contact: the message joins the ticket and no new contact appears", async () => {
    const sender = `tg-${crypto.randomUUID().slice(0, 8)}`;
    const inbound = await postJson("/dev/sandbox/inbound", { channel: "telegram", sender, text: "Withdrawal stuck" });
    expect(inbound.status).toBe(201);
    const { result } = (await inbound.json()) as { result: { ticketId: string; accessToken: string } };
    const ticket = await env.DB.prepare("SELECT contact_id, access_token FROM tickets WHERE id = ?1")
      .bind(result.ticketId)
      .first<{ contact_id: string; access_token: string }>();
    const contactsBefore = await count("SELECT COUNT(*) AS n FROM contacts");

    const res = await postJson(`/t/${ticket?.access_token}/replies`, { body: "Here is the TxID from the page" });
    expect(res.status).toBe(201);
    expect((await customerMessages(result.ticketId)).map((m) => m.body)).toContain("Here is the TxID from the page");
    expect(await count("SELECT COUNT(*) AS n FROM contacts")).toBe(contactsBefore);
    const identities = await env.DB.prepare(
      "SELECT channel FROM channel_identities WHERE contact_id = ?1 ORDER BY channel",
    )
      .bind(ticket?.contact_id)
      .all<{ channel: string }>();
    expect(identities.results.map((r) => r.channel)).toEqual(["telegram", "webform"]);
  });
});
