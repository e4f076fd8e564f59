/**
 * The staff API's routes are chained, so `hc<StaffApiType>` types a client: paths, path params, bodies
 * and answers are checked by the compiler (`npm run typecheck` covers this file), and the calls below
 * go through the whole Worker.
 */
import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import type { StaffApiType } from "../../../src/staff/api";
import { BASE, BOOTSTRAP, openTicket, staffWithToken } from "./helpers";

function staffClient(token: string) {
  return hc<StaffApiType>(`${BASE}/api/staff`, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(input, init),
    headers: { Authorization: `Bearer ${token}` },
  });
}

describe("a typed staff client (hc<StaffApiType>)", () => {
  it("adds a note and reads it back on the ticket, with typed answers", async () => {
    const { token } = await staffWithToken("agent");
    const client = staffClient(token);
    const ticket = await openTicket();
    const body = `checked the deposit ${crypto.randomUUID()}`;

    const res = await client.tickets[":id"].notes.$post({ param: { id: ticket.id }, json: { body } });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    expect(message.body).toBe(body);
    expect(message.direction).toBe("note");

    const read = await client.tickets[":id"].$get({ param: { id: ticket.id } });
    expect(read.status).toBe(200);
    const opened = await read.json();
    expect(opened.ticket.number).toBe(ticket.number);
    expect(opened.messages.map((m) => m.id)).toContain(message.id);

    const me = await (await client.me.$get()).json();
    expect(me.staff.role).toBe("agent");

    // Routes of the mounted sub-apps are typed too (the directory, the admin's user list).
    const directory = await (await client.directory.$get()).json();
    expect(directory.staff.map((s) => s.id)).toContain(me.staff.staffId);
    const users = await staffClient(BOOTSTRAP).users.$get();
    expect(users.status).toBe(200);
    expect((await users.json()).users.map((u) => u.id)).toContain(me.staff.staffId);
  });

  it("answers a bad body and a malformed id with the JSON error shape", async () => {
    const client = staffClient(BOOTSTRAP);
    const ticket = await openTicket();
    const empty = await client.tickets[":id"].notes.$post({ param: { id: ticket.id }, json: { body: "   " } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as unknown as { error: { code: string } }).error.code).toBe("validation_failed");

    const missing = await client.tickets[":id"].$get({ param: { id: `../${crypto.randomUUID()}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as unknown as { error: { code: string } }).error.code).toBe("not_found");

    // The compiler knows the body: a note without `body` does not type-check.
    // @ts-expect-error `text` is not a field of a note
    const wrong = await client.tickets[":id"].notes.$post({ param: { id: ticket.id }, json: { text: "x" } });
    expect(wrong.status).toBe(400);
  });
});
