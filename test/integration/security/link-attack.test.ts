/**
 * A second customer attacking the first one's `/t/` link with fresh random inputs: the link with one
 * character changed, cased, cut or grown, on every route behind it (page, files, replies, rating,
 * live socket); their own link's socket waiting for the first one's replies; a reply through a link
 * of a closed ticket; a rating through their own link. Nothing answers but 404 (or 409 for the
 * closed ticket), nothing is written, and each link reaches only its own ticket.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, uniqueIp } from "../channels/webform/builders";
import { linkSocket, until } from "../channels/webform/chat-helpers";
import { call, randomBody, ticketPage } from "../channels/webform/claims-helpers";
import { api, resolveTicket } from "../requests";
import { count, staffReply, waitFor } from "../support";
import { webCustomer } from "./web-customer";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const rnd = (n: number) => Math.floor(Math.random() * n);

/** A near miss of a link token: one character changed, the case of one letter flipped, one cut or added. */
function nearMiss(token: string): string {
  const i = rnd(token.length);
  const ch = token[i] as string;
  const other = () => {
    let c = ch;
    while (c === ch) c = ALPHABET[rnd(ALPHABET.length)] as string;
    return c;
  };
  const flipped = ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
  const variants = [
    token.slice(0, i) + other() + token.slice(i + 1),
    token.slice(0, -1),
    token + other(),
    ...(flipped !== ch ? [token.slice(0, i) + flipped + token.slice(i + 1)] : []),
  ];
  return variants[rnd(variants.length)] as string;
}

/** A web-form customer with a file; their ticket, token and attachment id. */
const customer = (tag: string) => webCustomer(tag);

const rowsOf = async (ticketId: string) => ({
  messages: await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", ticketId),
  ratings: await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1 AND rating IS NOT NULL", ticketId),
});

describe("a customer's /t/ link attacked by another customer", { timeout: 60_000 }, () => {
  it("near misses of the link answer 404 JSON on every route behind it and write nothing", async () => {
    const a = await customer("alice");
    const before = await rowsOf(a.id);
    for (let n = 0; n < 6; n++) {
      const guess = nearMiss(a.token);
      const routes: Array<[string, string, unknown]> = [
        ["GET", `/t/${guess}`, undefined],
        ["GET", `/t/${guess}/attachments/${a.attachmentId}`, undefined],
        ["POST", `/t/${guess}/replies`, { body: randomBody("x"), idempotencyKey: `r-${crypto.randomUUID()}` }],
        ["POST", `/t/${guess}/csat`, { rating: 1 + rnd(5) }],
        ["POST", `/t/${guess}/verify-email`, {}],
      ];
      for (const [method, path, json] of routes) {
        const res = await call(method, path, json === undefined ? {} : { json });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.headers.get("Content-Type"), path).toMatch(/application\/json/);
        const body = await res.text();
        expect(body, path).not.toContain(a.text);
        expect(body, path).not.toContain(a.token);
      }
      const socket = await exports.default.fetch(`${BASE}/t/${guess}/live`, {
        headers: { Upgrade: "websocket", "CF-Connecting-IP": uniqueIp() },
      });
      expect(socket.status).toBe(404);
      expect(socket.webSocket).toBeNull();
    }
    expect(await rowsOf(a.id)).toEqual(before);
  });

  it("each link's page and socket hold only its own ticket; a closed ticket's link takes no reply; ratings stay apart", async () => {
    const a = await customer("alice");
    const b = await customer("bob");
    const bSocket = await linkSocket(`/t/${b.token}`);
    const aSocket = await linkSocket(`/t/${a.token}`);

    const toAlice = randomBody("to-alice");
    await staffReply(a.id, toAlice);
    await until(() => aSocket.frames.some((f) => JSON.stringify(f).includes(toAlice)), "Alice's socket gets her reply");
    // Bob's socket is told something once his own ticket changes: by then Alice's reply would have reached it.
    const toBob = randomBody("to-bob");
    await staffReply(b.id, toBob);
    await until(() => bSocket.frames.some((f) => JSON.stringify(f).includes(toBob)), "Bob's socket gets his reply");
    expect(JSON.stringify(bSocket.frames)).not.toContain(toAlice);
    expect(JSON.stringify(bSocket.frames)).not.toContain(a.id);
    expect(JSON.stringify(aSocket.frames)).not.toContain(toBob);
    const pageB = await ticketPage(b.token);
    for (const t of [a.text, toAlice, a.attachmentId]) expect(pageB).not.toContain(t);
    aSocket.ws.close();
    bSocket.ws.close();

    // Alice's ticket closed: her link takes no reply (409 JSON), nothing is written; Bob's still does.
    const closed = await api("PATCH", `/api/staff/tickets/${a.id}`, { json: { status: "closed" } });
    expect(closed.status).toBe(200);
    const beforeA = await rowsOf(a.id);
    const late = await call("POST", `/t/${a.token}/replies`, {
      json: { body: randomBody("late"), idempotencyKey: `r-${crypto.randomUUID()}` },
    });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "ticket_closed" } });
    expect(await rowsOf(a.id)).toEqual(beforeA);

    // Ratings: Bob's link rates Bob's ticket only, whatever he sends.
    expect((await resolveTicket(b.id)).status).toBe(200);
    await waitFor(
      async () =>
        (await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1", b.id)) ? true : undefined,
      "survey",
    );
    const rating = 1 + rnd(5);
    const rated = await call("POST", `/t/${b.token}/csat`, { json: { rating, ticketId: a.id } });
    expect(rated.status).toBe(200);
    expect((await rowsOf(b.id)).ratings).toBe(1);
    expect((await rowsOf(a.id)).ratings).toBe(0);
  });
});
