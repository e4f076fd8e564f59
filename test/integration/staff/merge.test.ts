import { afterAll, describe, expect, it } from "vitest";
import { BOOTSTRAP, call, count, customerWrites, settleDeliveries, staffWithToken } from "./helpers";

// Let the bot acknowledgements these tests cause finish before the file ends.
afterAll(() => settleDeliveries());

interface TicketView {
  ticket: { id: string; number: string; status: string; mergedIntoId: string | null; mergedFrom: string[] };
  messages: Array<{ id: string; ticketId: string; body: string; createdAt: string }>;
}

const tag = () => crypto.randomUUID().slice(0, 8);
const merge = (id: string, intoId: string, token = BOOTSTRAP) =>
  call("POST", `/api/staff/tickets/${id}/merge`, { token, json: { intoId } });

async function view(id: string): Promise<TicketView> {
  const res = await call("GET", `/api/staff/tickets/${id}`, { token: BOOTSTRAP });
  expect(res.status).toBe(200);
  return (await res.json()) as TicketView;
}

async function search(q: string): Promise<string[]> {
  const res = await call("GET", `/api/staff/tickets?q=${encodeURIComponent(q)}`, { token: BOOTSTRAP });
  return ((await res.json()) as { tickets: Array<{ id: string }> }).tickets.map((t) => t.id);
}

describe("merging tickets", () => {
  it("moves the messages, closes the source, and both numbers find the result", async () => {
    const word = `mg${tag()}`;
    // One customer, two conversations (two tickets).
    const sender = `tg-${tag()}`;
    const a = await customerWrites(`Deposit missing ${word}`, {
      channel: "telegram",
      sender,
      conversation: `c1-${sender}`,
    });
    const b = await customerWrites(`Deposit missing (again)`, { channel: "telegram", sender });
    await call("POST", `/api/staff/tickets/${a.id}/notes`, { token: BOOTSTRAP, json: { body: "same person as b" } });
    const before = (await view(a.id)).messages.length + (await view(b.id)).messages.length;

    const agent = await staffWithToken("agent");
    const res = await merge(a.id, b.id, agent.token);
    expect(res.status).toBe(200);
    const merged = (await res.json()) as TicketView;
    expect(merged.ticket.id).toBe(b.id);
    expect(merged.ticket.mergedFrom).toEqual([a.number]);
    expect(merged.messages).toHaveLength(before);
    expect(merged.messages.every((m) => m.ticketId === b.id)).toBe(true);
    const times = merged.messages.map((m) => m.createdAt);
    expect(times).toEqual([...times].sort());

    // The source: closed, pointing at the target, empty; opening it answers the target.
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", a.id)).toBe(0);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM tickets WHERE id = ?1 AND status = 'closed' AND merged_into_id = ?2",
        a.id,
        b.id,
      ),
    ).toBe(1);
    const viaSource = await view(a.id);
    expect(viaSource.ticket.id).toBe(b.id);
    expect(viaSource.ticket.number).toBe(b.number);
    expect(viaSource.ticket.mergedFrom).toEqual([a.number]);

    // Both numbers (and the source's words, now in the target) find the target; the source is not listed.
    expect(await search(a.number)).toEqual([b.id]);
    expect(await search(b.number)).toEqual([b.id]);
    expect(await search(word)).toEqual([b.id]);

    // Audit rows on both.
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.merge' AND target_id = ?1", a.id),
    ).toBe(1);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.merged_into' AND target_id = ?1", b.id),
    ).toBe(1);
  });

  it("the customer of a merged ticket writes again: the message joins the merged result, no new ticket", async () => {
    const sender = `tg-${tag()}`;
    const a = await customerWrites("My withdrawal is stuck", { channel: "telegram", sender });
    const b = await customerWrites("Withdrawal stuck, wrote again", {
      channel: "telegram",
      sender,
      conversation: `c2-${sender}`,
    });
    expect((await merge(a.id, b.id)).status).toBe(200);
    const tickets = () =>
      count("SELECT COUNT(*) AS n FROM tickets WHERE conversation_key = ?1", `telegram:sandbox-${sender}`);
    expect(await tickets()).toBe(1);

    const again = await customerWrites("Any news?", { channel: "telegram", sender });
    expect(again.id).toBe(b.id);
    expect(await tickets()).toBe(1);
    expect((await view(b.id)).messages.map((m) => m.body)).toContain("Any news?");
  });

  it("after a merge into a ticket staff answered, the bot stays silent for the merged customer too", async () => {
    const sender = `tg-${tag()}`;
    const a = await customerWrites("My deposit has not arrived", { channel: "telegram", sender });
    const b = await customerWrites("Deposit missing, writing again", {
      channel: "telegram",
      sender,
      conversation: `c2-${sender}`,
    });
    const reply = await call("POST", `/api/staff/tickets/${b.id}/replies`, {
      token: BOOTSTRAP,
      json: { body: "We are checking your deposit." },
    });
    expect(reply.status).toBe(201);
    expect((await merge(a.id, b.id)).status).toBe(200);
    const botMessages = () => count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND author = 'bot'", b.id);
    const before = await botMessages();

    // A new topic that the knowledge base would answer on a ticket nobody from staff has touched.
    const again = await customerWrites("also I lost my authenticator, how to reset 2FA?", {
      channel: "telegram",
      sender,
    });
    expect(again.id).toBe(b.id);
    expect(await botMessages()).toBe(before);
  });

  it("re-points earlier merges, so a chain still lands on the final ticket", async () => {
    const sender = `c-${tag()}@example.com`;
    const a = await customerWrites(`Chain a ${tag()}`, { sender, conversation: `a-${sender}` });
    const b = await customerWrites(`Chain b ${tag()}`, { sender, conversation: `b-${sender}` });
    const c = await customerWrites(`Chain c ${tag()}`, { sender, conversation: `c-${sender}` });
    expect((await merge(a.id, b.id)).status).toBe(200);
    expect((await merge(b.id, c.id)).status).toBe(200);
    const viaA = await view(a.id);
    expect(viaA.ticket.id).toBe(c.id);
    expect(viaA.ticket.mergedFrom.sort()).toEqual([a.number, b.number].sort());
    expect(await search(a.number)).toEqual([c.id]);
  });

  it("refuses self, closed and merged targets (409), an already merged source (409), unknown tickets (404), changing nothing", async () => {
    const sender = `c-${tag()}@example.com`;
    const a = await customerWrites(`Refuse a ${tag()}`, { sender, conversation: `a-${sender}` });
    const b = await customerWrites(`Refuse b ${tag()}`, { sender, conversation: `b-${sender}` });
    const closed = await customerWrites(`Refuse closed ${tag()}`, { sender, conversation: `x-${sender}` });
    await call("PATCH", `/api/staff/tickets/${closed.id}`, { token: BOOTSTRAP, json: { status: "closed" } });

    const self = await merge(a.id, a.id);
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ error: { code: "merge_into_self" } });
    const intoClosed = await merge(a.id, closed.id);
    expect(intoClosed.status).toBe(409);
    expect(await intoClosed.json()).toMatchObject({ error: { code: "target_closed" } });
    expect((await merge("tkt_doesnotexist", b.id)).status).toBe(404);
    expect((await merge(a.id, "tkt_doesnotexist")).status).toBe(404);
    expect((await merge("tkt_doesnotexist", "tkt_doesnotexist")).status).toBe(404);
    const bad = await call("POST", `/api/staff/tickets/${a.id}/merge`, { token: BOOTSTRAP, json: { into: b.id } });
    expect(bad.status).toBe(400);
    expect(
      await count("SELECT COUNT(*) AS n FROM tickets WHERE id IN (?1, ?2) AND merged_into_id IS NOT NULL", a.id, b.id),
    ).toBe(0);

    expect((await merge(a.id, b.id)).status).toBe(200);
    const again = await merge(a.id, b.id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "already_merged" } });
    const intoMerged = await merge(b.id, a.id);
    expect(intoMerged.status).toBe(409);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.merge' AND target_id = ?1", a.id),
    ).toBe(1);
  });

  it("two concurrent merges of one ticket: exactly one wins", async () => {
    const sender = `c-${tag()}@example.com`;
    const a = await customerWrites(`Race a ${tag()}`, { sender, conversation: `a-${sender}` });
    const b = await customerWrites(`Race b ${tag()}`, { sender, conversation: `b-${sender}` });
    const c = await customerWrites(`Race c ${tag()}`, { sender, conversation: `c-${sender}` });
    const [r1, r2] = await Promise.all([merge(a.id, b.id), merge(a.id, c.id)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const moved = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", a.id);
    expect(moved).toBe(0);
    const where = r1.status === 200 ? b.id : c.id;
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", where)).toBeGreaterThanOrEqual(2);
  });
});
