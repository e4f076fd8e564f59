/**
 * Customer routes attacked with what another customer (or an outsider) can get hold of, fresh each run:
 * another ticket's file id, ticket id or widget token where a `/t/` link belongs, a foreign ticket id in a
 * link reply, a cross-site Origin or forwarded host; and an email customer's address signed into the live
 * chat by someone else. Each route reaches only the credential's own conversation.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, PNG_1X1, postMultipart } from "../channels/webform/builders";
import { say, verifiedSession } from "../channels/webform/chat-helpers";
import { call, randomAddress, randomBody } from "../channels/webform/claims-helpers";
import { emailTicket } from "../requests";
import { count, staffTicket } from "../support";
import { webCustomer } from "./web-customer";

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;

/** A web-form customer with a file of their own bytes. */
const customer = (tag: string) =>
  webCustomer(tag, Uint8Array.from([...PNG_1X1, ...crypto.getRandomValues(new Uint8Array(32))]));

const messagesOf = (ticketId: string) => count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", ticketId);

describe("customer routes: what another customer holds opens nothing of theirs", { timeout: 60_000 }, () => {
  it("another ticket's file id, ticket id or a widget token in a /t/ link answers 404; a reply naming a ticket stays on the link's", async () => {
    const [a, b] = [await customer("alice"), await customer("bob")];
    const widget = await verifiedSession(`u-${crypto.randomUUID()}`);

    // Bob's file through Alice's link, its id cased or encoded: 404, none of Bob's bytes.
    const flip = (s: string) => s.replace(/[a-z]/, (c) => c.toUpperCase());
    for (const id of [b.attachmentId, flip(b.attachmentId), encodeURIComponent(`../${b.attachmentId}`)]) {
      const res = await call("GET", `/t/${a.token}/attachments/${id}`);
      expect(res.status, id).toBe(404);
      expect(new Uint8Array(await res.arrayBuffer())).not.toEqual(b.bytes);
    }
    const own = await call("GET", `/t/${b.token}/attachments/${b.attachmentId}`);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(b.bytes);

    // Ids and other secrets where the link belongs.
    for (const guess of [a.id, b.attachmentId, widget.token, `${a.token}/`, `${a.token}%20`]) {
      for (const path of [`/t/${guess}`, `/t/${guess}/attachments/${a.attachmentId}`]) {
        const res = await call("GET", path);
        expect(res.status, path).toBe(404);
        expect(await res.text(), path).not.toContain(a.text);
      }
    }

    // A reply through Bob's link that names Alice's ticket is Bob's, on Bob's ticket.
    const before = await messagesOf(a.id);
    const words = randomBody("steer");
    const field = pick(["ticketId", "ticket_id", "conversationKey", "token"]);
    const reply = await call("POST", `/t/${b.token}/replies`, {
      json: { body: words, [field]: pick([a.id, a.token]), idempotencyKey: `r-${crypto.randomUUID()}` },
    });
    expect(reply.status).toBe(201);
    expect(await messagesOf(a.id)).toBe(before);
    expect((await staffTicket(b.id)).messages.some((m) => m.body.includes(words))).toBe(true);
  });

  it("a cross-site Origin gets no CORS grant on customer routes; a forwarded host changes no link", async () => {
    const a = await customer("carol");
    const widget = await verifiedSession(`u-${crypto.randomUUID()}`);
    const origin = `https://${pick(["evil", "phish", "x"])}${rnd(1e6)}.example`;
    const requests: Array<[string, string, Record<string, string>]> = [
      ["GET", `/t/${a.token}`, {}],
      ["GET", `/t/${a.token}/attachments/${a.attachmentId}`, {}],
      ["OPTIONS", `/t/${a.token}/replies`, { "Access-Control-Request-Method": "POST" }],
      ["GET", "/api/chat/messages", { Authorization: `Bearer ${widget.token}` }],
      ["OPTIONS", "/api/chat/messages", { "Access-Control-Request-Headers": "authorization" }],
      ["OPTIONS", "/api/chat/session", { "Access-Control-Request-Method": "POST" }],
    ];
    for (const [method, path, headers] of requests) {
      const res = await exports.default.fetch(`${BASE}${path}`, { method, headers: { Origin: origin, ...headers } });
      expect(res.headers.get("Access-Control-Allow-Origin"), `${method} ${path}`).toBeNull();
      expect(res.headers.get("Access-Control-Allow-Credentials"), `${method} ${path}`).toBeNull();
    }
    const forwarded = `evil${rnd(1e6)}.example`;
    const res = await postMultipart(
      "/api/tickets",
      { email: randomAddress(), subject: randomBody("s"), description: randomBody("d"), category: "deposit" },
      [],
      { headers: { Accept: "application/json", "X-Forwarded-Host": forwarded, Forwarded: `host=${forwarded}` } },
    );
    expect(res.status).toBe(201);
    expect(await res.text()).not.toContain(forwarded);
  });

  it("an email customer's address signed into the live chat by another user shows none of their tickets", async () => {
    const address = randomAddress();
    const subject = randomBody("subj");
    const secretWords = randomBody("mail");
    const emailTicketId = await emailTicket(address, subject, `My deposit is missing ${secretWords}`);
    const session = await verifiedSession(`u-${crypto.randomUUID()}`, pick([address, address.toUpperCase()]));
    const opened = JSON.stringify(session);
    for (const leak of [subject, secretWords, emailTicketId]) expect(opened).not.toContain(leak);

    const asked = await say(session.token, "/status");
    await expect
      .poll(async () => count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", asked.ticket.id))
      .toBeGreaterThan(1);
    const answers = (await staffTicket(asked.ticket.id)).messages.map((m) => m.body).join("\n");
    for (const leak of [subject, secretWords]) expect(answers).not.toContain(leak);
    // The email ticket is untouched and still its own customer's.
    expect((await staffTicket(emailTicketId)).messages.every((m) => !m.body.includes("/status"))).toBe(true);
  });
});
