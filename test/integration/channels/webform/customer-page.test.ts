import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Created, createTicket, formPayload, get, PNG_1X1, postMultipart } from "./builders";
import { call, confirmationMailFor, confirmationPath } from "./claims-helpers";

function expectSecretLinkHeaders(res: Response) {
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
  expect(res.headers.get("X-Robots-Tag")).toBe("noindex");
}

async function insertNote(ticketId: string, body: string) {
  await env.DB.prepare(
    `INSERT INTO messages (id, ticket_id, direction, author, author_staff_id, channel, body, created_at)
     VALUES (?1, ?2, 'note', 'staff', 'stf_bootstrap', 'webform', ?3, ?4)`,
  )
    .bind(`msg_note_${crypto.randomUUID()}`, ticketId, body, new Date().toISOString())
    .run();
}

async function insertStaffReply(ticketId: string, body: string) {
  await env.DB.prepare(
    `INSERT INTO messages (id, ticket_id, direction, author, author_staff_id, channel, body, delivery_status, created_at)
     VALUES (?1, ?2, 'out', 'staff', 'stf_bootstrap', 'webform', ?3, 'sent', ?4)`,
  )
    .bind(`msg_reply_${crypto.randomUUID()}`, ticketId, body, new Date().toISOString())
    .run();
}

/** Opens a ticket with one PNG attachment; returns its token and the attachment's download path. */
async function ticketWithAttachment() {
  const p = formPayload();
  const res = await postMultipart("/api/tickets", p, [{ name: "收据 receipt.png", type: "image/png", data: PNG_1X1 }]);
  const created = (await res.json()) as Created;
  const token = created.link.slice(3);
  const html = await (await get(created.link)).text();
  const href = /href="(\/t\/[^"]+\/attachments\/[^"]+)"/.exec(html)?.[1];
  if (!href) throw new Error("no attachment link on the page");
  return { token, href, created };
}

describe("GET /t/:token", () => {
  it("shows number, subject, status and the conversation oldest first, never internal notes", async () => {
    const { created, payload, token } = await createTicket();
    await insertStaffReply(created.ticket.id, "Staff: we found your deposit.");
    await insertNote(created.ticket.id, "INTERNAL: customer seems legit");

    const res = await get(`/t/${token}`, { browser: true });
    expect(res.status).toBe(200);
    expectSecretLinkHeaders(res);
    const html = await res.text();
    expect(html).toContain(`Ticket ${created.ticket.number}`);
    expect(html).toContain(payload.subject);
    expect(html).toContain('<span class="status">Received</span>');
    const customerAt = html.indexOf(payload.description);
    const botAt = html.indexOf(`Your ticket number is ${created.ticket.number}`);
    const staffAt = html.indexOf("Staff: we found your deposit.");
    expect(customerAt).toBeGreaterThan(0);
    expect(botAt).toBeGreaterThan(customerAt);
    expect(staffAt).toBeGreaterThan(botAt);
    expect(html).not.toContain("INTERNAL");
    expect(html).not.toContain('role="status"');
    // The reply form, posting back to this ticket.
    expect(html).toContain(
      `<form class="card" method="post" action="/t/${token}/replies" enctype="multipart/form-data"`,
    );
    expect(html).toMatch(/<label for="r-body">/);
    expect(html).toMatch(/<input type="hidden" name="idempotencyKey" value="[0-9a-f-]{36}"/);
  });

  it("escapes what customers wrote", async () => {
    const { token } = await createTicket({ subject: `<img src=x onerror=alert(1)> ${crypto.randomUUID()}` });
    const html = await (await get(`/t/${token}`)).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("shows the created banner after a form post, in the ticket's language", async () => {
    const { created, token } = await createTicket({ lang: "zh" });
    const html = await (await get(`/t/${token}?created=1`, { browser: true })).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(`我们已收到您的请求，工单号：${created.ticket.number}。`);
    expect(html).toContain('role="status"');
  });

  it("answers an unknown or malformed token with 404: JSON for API clients, a page for browsers", async () => {
    const unknown = `${"A".repeat(30)}_unknown`;
    for (const token of [unknown, "short", `${"x".repeat(101)}`, "bad%20token%27%20OR%201=1aaaaaaaaaaaa"]) {
      const api = await get(`/t/${token}`);
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: { code: "not_found" } });
      expectSecretLinkHeaders(api);
      const page = await get(`/t/${token}`, { browser: true });
      expect(page.status).toBe(404);
      expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
      expect(await page.text()).toContain("This link is not valid");
    }
  });

  it("matches tokens exactly, not by prefix or case", async () => {
    const { token } = await createTicket();
    expect((await get(`/t/${token.slice(0, -1)}`)).status).toBe(404);
    const flipped = token.replace(/[a-z]/, (ch) => ch.toUpperCase());
    if (flipped !== token) expect((await get(`/t/${flipped}`)).status).toBe(404);
    expect((await get(`/t/${token}`)).status).toBe(200);
  });
});

describe("GET /t/:token/attachments/:id", () => {
  it("serves the ticket's own attachment as a download", async () => {
    const { href } = await ticketWithAttachment();
    const res = await get(href);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="__ receipt.png"; filename*=UTF-8''${encodeURIComponent("收据 receipt.png")}`,
    );
    expectSecretLinkHeaders(res);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG_1X1);
  });

  it("404s for another ticket's attachment, an unknown id, or an attachment on a note", async () => {
    const a = await ticketWithAttachment();
    const b = await createTicket();
    const attachmentId = a.href.split("/").pop() as string;
    expect((await get(`/t/${b.token}/attachments/${attachmentId}`)).status).toBe(404);
    expect((await get(`/t/${a.token}/attachments/att_doesnotexist`)).status).toBe(404);

    // Staff attach a file to an internal note on b: b's customer must not get it.
    const noteId = `msg_note_${crypto.randomUUID()}`;
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
         VALUES (?1, ?2, 'note', 'staff', 'webform', 'internal file', ?3)`,
      ).bind(noteId, b.created.ticket.id, now),
      env.DB.prepare(
        `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
         VALUES (?1, ?2, 'attachments/notes/secret.txt', 'secret.txt', 'text/plain', 6, ?3)`,
      ).bind(`att_note_${noteId}`, noteId, now),
    ]);
    await env.ATTACHMENTS.put("attachments/notes/secret.txt", "secret");
    const res = await get(`/t/${b.token}/attachments/att_note_${noteId}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    // The note is what hides it: the same row on a visible message is served.
    await env.DB.prepare("UPDATE messages SET direction = 'out' WHERE id = ?1").bind(noteId).run();
    const visible = await get(`/t/${b.token}/attachments/att_note_${noteId}`);
    expect(visible.status).toBe(200);
    expect(await visible.text()).toBe("secret");
  });
});

describe("GET /t/:token of a merged ticket", { timeout: 30_000 }, () => {
  async function merge(sourceId: string, intoId: string, confirmDifferentCustomers?: boolean) {
    const res = await exports.default.fetch(`http://relaydesk.test/api/staff/tickets/${sourceId}/merge`, {
      method: "POST",
      headers: { Authorization: `Bearer ${env.STAFF_BOOTSTRAP_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ intoId, ...(confirmDifferentCustomers ? { confirmDifferentCustomers } : {}) }),
    });
    expect(res.status).toBe(200);
  }

  /** A web-form ticket whose address its submitter proved (the confirmation link mailed to it). */
  async function provenTicket(email: string) {
    const t = await createTicket({ email });
    const path = confirmationPath(await confirmationMailFor(email, t.created.ticket.number));
    expect((await call("POST", path)).status).toBe(200);
    return t;
  }

  it("leads the customer to the merged conversation when both tickets are theirs", async () => {
    const email = `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const a = await provenTicket(email);
    const b = await provenTicket(email);
    await merge(a.created.ticket.id, b.created.ticket.id);
    const res = await get(`/t/${a.token}`, { browser: true });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/t/${b.token}`);
    const page = await (await get(`/t/${b.token}`, { browser: true })).text();
    expect(page).toContain(a.payload.description);
  });

  it("never leads to another customer's ticket, even when the two typed the same address", async () => {
    const email = `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
    for (const [aEmail, bEmail] of [
      [undefined, undefined],
      [email, email.toUpperCase()],
    ]) {
      const a = await createTicket(aEmail ? { email: aEmail } : {});
      const b = await createTicket(bEmail ? { email: bEmail } : {});
      await merge(a.created.ticket.id, b.created.ticket.id, true);
      const res = await get(`/t/${a.token}`, { browser: true });
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).not.toContain(b.token);
      expect(page).not.toContain(b.payload.description);
      expect(page).toContain(a.payload.description);
    }
  });
});
