import { describe, expect, it } from "vitest";
import type { Message as MessageJson, Ticket as TicketJson } from "../../../src/core/ticket";
import { waitFor } from "../support";
import { BOOTSTRAP, call, count, openTicket, staffWithToken } from "./helpers";

async function getTicket(id: string) {
  const res = await call("GET", `/api/staff/tickets/${id}`, { token: BOOTSTRAP });
  expect(res.status).toBe(200);
  return (await res.json()) as { ticket: TicketJson; messages: MessageJson[] };
}

describe("staff tickets API", () => {
  it("returns a ticket with its messages oldest first and the ticket shape of the map", async () => {
    const t = await openTicket("My USDT deposit has not arrived");
    const { ticket, messages } = await getTicket(t.id);
    expect(ticket).toMatchObject({ id: t.id, number: t.number, status: "new", priority: "normal", channel: "webform" });
    expect(ticket.number).toMatch(/^RD-\d{4,}$/);
    expect(ticket.contact.identities[0]?.channel).toBe("webform");
    expect(messages[0]).toMatchObject({ direction: "in", author: "customer", body: "My USDT deposit has not arrived" });
    expect(messages[1]).toMatchObject({ direction: "out", author: "bot" });
    expect(messages[1]?.body).toContain(t.number);
  });

  it("a reply is stored, queued and delivered through the ticket's channel; the ticket waits on the customer", async () => {
    const t = await openTicket();
    const res = await call("POST", `/api/staff/tickets/${t.id}/replies`, {
      token: BOOTSTRAP,
      json: { body: "We are checking." },
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: MessageJson };
    expect(message).toMatchObject({
      direction: "out",
      author: "staff",
      body: "We are checking.",
      delivery: { status: "queued" },
    });
    const delivered = await waitFor(async () => {
      const { messages } = await getTicket(t.id);
      const m = messages.find((x) => x.id === message.id);
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "reply delivery");
    expect(delivered.delivery?.attempts).toBe(1);
    const { ticket } = await getTicket(t.id);
    expect(ticket.status).toBe("pending");
    expect(ticket.firstResponseAt).not.toBeNull();
  });

  it("a note never leaves Relaydesk", async () => {
    const t = await openTicket();
    const res = await call("POST", `/api/staff/tickets/${t.id}/notes`, {
      token: BOOTSTRAP,
      json: { body: "VIP customer" },
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: MessageJson };
    expect(message.direction).toBe("note");
    expect(message.delivery).toBeUndefined();
    expect(
      await count("SELECT COUNT(*) AS n FROM messages WHERE id = ?1 AND delivery_status IS NULL", message.id),
    ).toBe(1);
    const { ticket } = await getTicket(t.id);
    expect(ticket.status).toBe("new");
  });

  it("patches status, priority, category, assignee and tags, with an audit row", async () => {
    const t = await openTicket();
    const agent = await staffWithToken("agent");
    const res = await call("PATCH", `/api/staff/tickets/${t.id}`, {
      token: agent.token,
      json: {
        status: "open",
        priority: "urgent",
        category: "withdrawal",
        assigneeId: agent.id,
        tags: ["vip", "vip", "btc"],
      },
    });
    expect(res.status).toBe(200);
    const { ticket } = (await res.json()) as { ticket: TicketJson };
    expect(ticket).toMatchObject({
      status: "open",
      priority: "urgent",
      category: "withdrawal",
      assigneeId: agent.id,
      tags: ["vip", "btc"],
    });
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND actor_id = ?2", t.id, agent.id),
    ).toBe(1);

    const mine = await call("GET", "/api/staff/tickets?assignee=me", { token: agent.token });
    const list = (await mine.json()) as { tickets: TicketJson[] };
    expect(list.tickets.map((x) => x.id)).toEqual([t.id]);
  });

  it("closed is final: no reopening by patch, no replies", async () => {
    const t = await openTicket();
    expect(
      (await call("PATCH", `/api/staff/tickets/${t.id}`, { token: BOOTSTRAP, json: { status: "closed" } })).status,
    ).toBe(200);
    const reopen = await call("PATCH", `/api/staff/tickets/${t.id}`, { token: BOOTSTRAP, json: { status: "open" } });
    expect(reopen.status).toBe(409);
    expect(await reopen.json()).toMatchObject({ error: { code: "invalid_transition" } });
    const before = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", t.id);
    const reply = await call("POST", `/api/staff/tickets/${t.id}/replies`, { token: BOOTSTRAP, json: { body: "hi" } });
    expect(reply.status).toBe(409);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", t.id)).toBe(before);
  });

  it("rejects bad input with 4xx JSON and writes nothing", async () => {
    const t = await openTicket();
    const before = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", t.id);
    const audits = await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", t.id);
    const cases: Array<[string, string, RequestInit["body"], string | undefined, number]> = [
      ["POST", `/api/staff/tickets/${t.id}/replies`, "{not json", "application/json", 400],
      ["POST", `/api/staff/tickets/${t.id}/replies`, JSON.stringify({ body: "" }), "application/json", 400],
      [
        "POST",
        `/api/staff/tickets/${t.id}/replies`,
        JSON.stringify({ body: "x".repeat(10_001) }),
        "application/json",
        400,
      ],
      ["POST", `/api/staff/tickets/${t.id}/replies`, "body=hi", "application/x-www-form-urlencoded", 415],
      ["POST", `/api/staff/tickets/${t.id}/notes`, JSON.stringify({}), "application/json", 400],
      ["PATCH", `/api/staff/tickets/${t.id}`, JSON.stringify({}), "application/json", 400],
      ["PATCH", `/api/staff/tickets/${t.id}`, JSON.stringify({ status: "done" }), "application/json", 400],
      ["PATCH", `/api/staff/tickets/${t.id}`, JSON.stringify({ assigneeId: "stf_nobody" }), "application/json", 400],
      ["PATCH", `/api/staff/tickets/${t.id}`, JSON.stringify({ tags: "vip" }), "application/json", 400],
      ["POST", "/api/staff/tickets/tkt_unknown/replies", JSON.stringify({ body: "x" }), "application/json", 404],
      ["GET", "/api/staff/tickets/../../etc", undefined, undefined, 404],
    ];
    for (const [method, path, body, type, status] of cases) {
      const headers: Record<string, string> = { Authorization: `Bearer ${BOOTSTRAP}` };
      if (type) headers["Content-Type"] = type;
      const { exports } = await import("cloudflare:workers");
      const res = await exports.default.fetch(`http://relaydesk.test${path}`, { method, headers, body });
      expect(res.status, `${method} ${path} ${String(body).slice(0, 40)}`).toBe(status);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBeTruthy();
    }
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", t.id)).toBe(before);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", t.id)).toBe(audits);
    const { ticket } = await getTicket(t.id);
    expect(ticket.status).toBe("new");
  });

  it("lists newest activity first with filters and a cursor that walks every page once", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await openTicket(`Paging ${tag} ${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `q=${encodeURIComponent(`Paging ${tag}`)}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await call("GET", `/api/staff/tickets?${qs}`, { token: BOOTSTRAP });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { tickets: TicketJson[]; nextCursor: string | null };
      expect(page.tickets.length).toBeLessThanOrEqual(2);
      seen.push(...page.tickets.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const filtered = await call(
      "GET",
      // A quoted phrase: the words must occur together (unquoted words may occur anywhere in the ticket).
      `/api/staff/tickets?status=new&channel=webform&priority=normal&q=${encodeURIComponent(`"Paging ${tag} 3"`)}`,
      { token: BOOTSTRAP },
    );
    expect(((await filtered.json()) as { tickets: TicketJson[] }).tickets.map((t) => t.id)).toEqual([ids[3]]);

    for (const bad of ["status=done", "limit=0", "limit=1000", "cursor=garbage", "channel=fax", "unknown=1"]) {
      const res = await call("GET", `/api/staff/tickets?${bad}`, { token: BOOTSTRAP });
      expect(res.status, bad).toBe(400);
    }
  });

  it("finds a ticket by its number", async () => {
    const t = await openTicket();
    const res = await call("GET", `/api/staff/tickets?q=${t.number}`, { token: BOOTSTRAP });
    const { tickets } = (await res.json()) as { tickets: TicketJson[] };
    expect(tickets.map((x) => x.id)).toContain(t.id);
  });

  it("retries a failed message through the endpoint, and refuses one that is not failed", async () => {
    const t = await openTicket();
    const res = await call("POST", `/api/staff/tickets/${t.id}/replies`, {
      token: BOOTSTRAP,
      json: { body: "retry me" },
    });
    const { message } = (await res.json()) as { message: MessageJson };
    await waitFor(
      async () =>
        (await getTicket(t.id)).messages.find((m) => m.id === message.id)?.delivery?.status === "sent"
          ? true
          : undefined,
      "send",
    );
    const notFailed = await call("POST", `/api/staff/messages/${message.id}/retry`, { token: BOOTSTRAP });
    expect(notFailed.status).toBe(409);
    const { env } = await import("cloudflare:workers");
    await env.DB.prepare("UPDATE messages SET delivery_status = 'failed', delivery_error = 'boom' WHERE id = ?1")
      .bind(message.id)
      .run();
    const retried = await call("POST", `/api/staff/messages/${message.id}/retry`, { token: BOOTSTRAP });
    expect(retried.status).toBe(202);
    const after = await waitFor(async () => {
      const m = (await getTicket(t.id)).messages.find((x) => x.id === message.id);
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "redelivery");
    expect(after.delivery?.attempts).toBe(2);
    expect((await call("POST", "/api/staff/messages/msg_nothere/retry", { token: BOOTSTRAP })).status).toBe(404);
  });
});
