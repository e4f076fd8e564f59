/**
 * The whole app's routes are chained, so `hc<AppType>` types one client for the public JSON routes
 * (the web form's API, a reply from the ticket page, `/verify`, the rating, `/healthz`) and the staff
 * API: paths, params, bodies and answers are checked by the compiler (`npm run typecheck` covers this
 * file), and every call goes through the whole Worker. Secrets and links are fresh each run.
 */
import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import type { AppType } from "../../src/app";
import { BASE, uniqueIp } from "./requests";
import { BOOTSTRAP } from "./support";

function appClient(headers: Record<string, string> = {}) {
  return hc<AppType>(BASE, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(input, init),
    headers: { "CF-Connecting-IP": uniqueIp(), ...headers },
  });
}

const staff = { headers: { Authorization: `Bearer ${BOOTSTRAP}` } };

/** A new web-form ticket through the typed client: its number, id and secret link. */
async function submit(client: ReturnType<typeof appClient>, subject: string) {
  const res = await client.api.tickets.$post({
    json: {
      email: `${crypto.randomUUID().slice(0, 8)}@customer.test`,
      subject,
      description: `My deposit has not arrived (${subject})`,
      idempotencyKey: `key-${crypto.randomUUID()}`,
    },
  });
  // Narrowing on the status types the body (the route also answers browsers with a page or a redirect).
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const created = await res.json();
  expect(created.ticket.number).toMatch(/^RD-\d+$/);
  expect(created.link).toMatch(/^\/t\/[A-Za-z0-9_-]{20,}$/);
  expect(created.email.verified).toBe(false);
  return { id: created.ticket.id, number: created.ticket.number, token: created.link.slice(3) };
}

describe("a typed client of the whole app (hc<AppType>)", () => {
  it("/healthz answers its typed body", async () => {
    const res = await appClient().healthz.$get();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, service: "relaydesk" });
  });

  it("a customer submits, replies on their link and rates; staff read and resolve it through the same client", async () => {
    const client = appClient();
    const subject = `Deposit missing ${crypto.randomUUID()}`;
    const ticket = await submit(client, subject);

    const text = `Still nothing, TxID ${crypto.randomUUID().replace(/-/g, "")}`;
    const replied = await client.t[":token"].replies.$post({
      param: { token: ticket.token },
      json: { body: text, idempotencyKey: `r-${crypto.randomUUID()}` },
    });
    if (replied.status !== 201) throw new Error(`reply: ${replied.status} ${await replied.text()}`);
    const reply = await replied.json();
    expect(reply.link).toBe(`/t/${ticket.token}`);

    // The staff API, typed through the app's client: the reply is on the ticket, under its id.
    const opened = await client.api.staff.tickets[":id"].$get({ param: { id: ticket.id } }, staff);
    expect(opened.status).toBe(200);
    const read = await opened.json();
    expect(read.ticket.number).toBe(ticket.number);
    expect(read.messages.find((m) => m.id === reply.message.id)?.body).toBe(text);

    // Not resolved yet: a rating is refused and nothing is kept.
    const early = await client.t[":token"].csat.$post({ param: { token: ticket.token }, json: { rating: 5 } });
    if (early.status !== 409) throw new Error(`early rating: ${early.status}`);
    expect((await early.json()).accepted).toBe(false);

    const resolved = await client.api.staff.tickets[":id"].$patch(
      { param: { id: ticket.id }, json: { status: "resolved", confirm: true } },
      staff,
    );
    expect(resolved.status).toBe(200);
    const rating = (1 + Math.floor(Math.random() * 5)) as 1 | 2 | 3 | 4 | 5;
    const rated = await client.t[":token"].csat.$post({ param: { token: ticket.token }, json: { rating } });
    if (rated.status !== 200) throw new Error(`rating: ${rated.status} ${await rated.text()}`);
    const accepted = await rated.json();
    expect(accepted).toMatchObject({ accepted: true, rating });
    expect(accepted.message).toEqual(expect.any(String));
  });

  it("another customer's link, a forged one or a missing token reaches nothing: 404 in the JSON error shape", async () => {
    const client = appClient();
    const first = await submit(client, `KYC rejected ${crypto.randomUUID()}`);
    const forged = [
      first.token.slice(0, -1) + (first.token.endsWith("A") ? "B" : "A"),
      crypto.randomUUID().replace(/-/g, ""),
      `${first.token}/../${crypto.randomUUID()}`,
    ];
    for (const token of forged) {
      const res = await client.t[":token"].replies.$post({
        param: { token },
        json: { body: "let me in", idempotencyKey: `r-${crypto.randomUUID()}` },
      });
      expect(res.status, token).toBe(404);
      expect(((await res.json()) as unknown as { error: { code: string } }).error.code).toBe("not_found");
    }
    // The staff API through the app client still needs a token.
    const anonymous = await client.api.staff.tickets[":id"].$get({ param: { id: first.id } });
    expect(anonymous.status).toBe(401);
  });

  it("/verify answers in JSON, typed; a bad body is the JSON error shape, and the compiler knows the fields", async () => {
    const client = appClient({ Accept: "application/json" });
    const handle = `@nobody_${crypto.randomUUID().slice(0, 8).replace(/-/g, "")}`;
    const res = await client.verify.$get({ query: { q: handle } });
    expect(res.status).toBe(200);
    const verdict = await res.json();
    expect(verdict.official).toBe(false);
    expect(verdict.verdict).toBe("not_official");

    const bad = await client.api.tickets.$post({
      // @ts-expect-error `body` is not a field of a new ticket (the compiler says so; the Worker answers 400)
      json: { email: "someone@customer.test", body: "no subject, no description" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as unknown as { error: { code: string } }).error.code).toBe("validation_failed");
  });
});
