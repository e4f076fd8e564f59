// Daily work in the staff list: the "Needs a human" view, tags in the list and `tag=`, per-view counts, and hostile
// query strings (400 JSON).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CHANNELS } from "../../../src/core/inbound";
import { commandUpdate, newChatId } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { api, unique, webformTicket } from "../requests";
import { staffWithToken } from "./helpers";

interface ListAnswer {
  tickets: Array<{ id: string; tags: string[]; status: string }>;
  nextCursor: string | null;
}

async function list(query: string, token?: string): Promise<ListAnswer> {
  const res = await api("GET", `/api/staff/tickets?limit=100&${query}`, token ? { token } : {});
  expect(res.status, query).toBe(200);
  return (await res.json()) as ListAnswer;
}

const ids = (a: ListAnswer) => a.tickets.map((t) => t.id);

async function counts(token?: string): Promise<{ counts: Record<string, number>; limit: number }> {
  const res = await api("GET", "/api/staff/views/counts", token ? { token } : {});
  expect(res.status).toBe(200);
  return (await res.json()) as { counts: Record<string, number>; limit: number };
}

describe("Needs a human", () => {
  it("lists a customer who asked for a person until staff reply; a note is no reply; asking again brings it back", async () => {
    const chatId = newChatId();
    await deliverUpdate(commandUpdate({ chatId, command: "human", args: `help ${unique()}` }));
    const { ticket } = await latestTicketOfChat(chatId);
    const form = await webformTicket({ description: `I need to talk to a real person please ${unique()}` });
    const quiet = await webformTicket({ description: `deposit question ${unique()}` });

    const listed = await list("view=needs_human");
    expect(ids(listed)).toEqual(expect.arrayContaining([ticket.id, form.id]));
    expect(ids(listed)).not.toContain(quiet.id);
    // Tags are part of the list answer.
    expect(listed.tickets.find((t) => t.id === ticket.id)?.tags).toEqual(["human"]);

    const note = await api("POST", `/api/staff/tickets/${form.id}/notes`, { json: { body: "looking" } });
    expect(note.status).toBe(201);
    expect(ids(await list("view=needs_human"))).toContain(form.id);
    const reply = await api("POST", `/api/staff/tickets/${form.id}/replies`, { json: { body: "Hi, I am here." } });
    expect(reply.status).toBe(201);
    expect(ids(await list("view=needs_human"))).not.toContain(form.id);

    // The Telegram customer asks again after a staff reply: they wait for a person again.
    await api("POST", `/api/staff/tickets/${ticket.id}/replies`, { json: { body: "Answered." } });
    expect(ids(await list("view=needs_human"))).not.toContain(ticket.id);
    await new Promise((r) => setTimeout(r, 5)); // timestamps are milliseconds: the new ask must be later
    await deliverUpdate(commandUpdate({ chatId, command: "human" }));
    expect(ids(await list("view=needs_human"))).toContain(ticket.id);

    // Resolved tickets wait for no one.
    await api("PATCH", `/api/staff/tickets/${ticket.id}`, { json: { status: "resolved", confirm: true } });
    expect(ids(await list("view=needs_human"))).not.toContain(ticket.id);
  });
});

describe("tags", () => {
  it("filters by a tag exactly, follows every change of the tags, and reads any script", async () => {
    const tag = `vip-${unique()}`;
    const zh = `大客户${unique()}`;
    const a = await webformTicket();
    const b = await webformTicket();
    expect((await api("PATCH", `/api/staff/tickets/${a.id}`, { json: { tags: [tag, zh] } })).status).toBe(200);
    expect((await api("PATCH", `/api/staff/tickets/${b.id}`, { json: { tags: [`${tag}x`] } })).status).toBe(200);

    const found = await list(`tag=${encodeURIComponent(tag)}`);
    expect(ids(found)).toEqual([a.id]);
    expect(found.tickets[0]?.tags).toEqual([tag, zh]);
    expect(ids(await list(`tag=${encodeURIComponent(zh)}`))).toEqual([a.id]);
    expect(ids(await list(`tag=${encodeURIComponent(tag.toUpperCase())}`))).toEqual([]);
    // Combined with a view and a status.
    expect(ids(await list(`tag=${encodeURIComponent(tag)}&view=unassigned&status=new`))).toEqual([a.id]);

    expect((await api("PATCH", `/api/staff/tickets/${a.id}`, { json: { tags: ["other"] } })).status).toBe(200);
    expect(ids(await list(`tag=${encodeURIComponent(tag)}`))).toEqual([]);
    const rows = await env.DB.prepare("SELECT tag FROM ticket_tags WHERE ticket_id = ?1")
      .bind(a.id)
      .all<{ tag: string }>();
    expect(rows.results.map((r) => r.tag)).toEqual(["other"]);
  });
});

describe("view counts", () => {
  it("counts open tickets per view, `mine` only the caller's", async () => {
    const agent = await staffWithToken("agent");
    const other = await staffWithToken("agent");
    const tickets = await Promise.all([webformTicket(), webformTicket(), webformTicket()]);
    for (const t of tickets) {
      await api("PATCH", `/api/staff/tickets/${t.id}`, { json: { assigneeId: agent.id, priority: "urgent" } });
    }
    await api("PATCH", `/api/staff/tickets/${tickets[2]?.id}`, { json: { status: "resolved", confirm: true } });

    const mine = await counts(agent.token);
    expect(mine.limit).toBe(1000);
    expect(mine.counts.mine).toBe(2);
    expect(Object.keys(mine.counts).sort()).toEqual(
      ["all", "mine", "unassigned", "urgent", "needs_human", ...CHANNELS.map((c) => `ch:${c}`)].sort(),
    );
    // Another agent's count and list hold none of them.
    expect((await counts(other.token)).counts.mine).toBe(0);
    expect(ids(await list("view=mine", other.token))).toEqual([]);
    expect(ids(await list("view=mine", agent.token)).sort()).toEqual([tickets[0]?.id, tickets[1]?.id].sort());
  });

  it("equals a plain count of the same open tickets (read while nothing else changed)", async () => {
    const open = "status IN ('new', 'open', 'pending')";
    const truth = async () => {
      const q = (where: string, ...binds: unknown[]) =>
        env.DB.prepare(`SELECT MIN(COUNT(*), 1000) AS n FROM tickets t WHERE ${where}`)
          .bind(...binds)
          .first<{ n: number }>()
          .then((r) => r?.n ?? 0);
      const out: Record<string, number> = {
        all: await q(open),
        mine: await q(`assignee_id = ?1 AND ${open}`, "stf_bootstrap"),
        unassigned: await q(`assignee_id IS NULL AND ${open}`),
        urgent: await q(`priority = 'urgent' AND ${open}`),
        needs_human: await q(`human_requested_at IS NOT NULL AND ${open} AND NOT EXISTS (SELECT 1 FROM messages m
          WHERE m.ticket_id = t.id AND m.direction = 'out' AND m.author = 'staff' AND m.created_at >= t.human_requested_at)`),
      };
      for (const ch of CHANNELS) out[`ch:${ch}`] = await q(`channel = ?1 AND ${open}`, ch);
      return out;
    };
    await webformTicket({ description: `a human please ${unique()}` });
    // Other test files write at the same time: compare when the truth did not move around the request.
    for (let attempt = 0; ; attempt++) {
      const before = await truth();
      const got = (await counts()).counts;
      const after = await truth();
      if (JSON.stringify(before) === JSON.stringify(after) || attempt === 9) {
        expect(got).toEqual(after);
        expect(got.needs_human).toBeGreaterThan(0);
        break;
      }
    }
  });

  it("needs a staff credential", async () => {
    const res = await api("GET", "/api/staff/views/counts", { token: null });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });
});

describe("hostile list queries", () => {
  it.each([
    "view=needs_human%27%20OR%201%3D1--",
    "view=NEEDS_HUMAN",
    "tag=",
    "tag=%20%20",
    `tag=${"x".repeat(41)}`,
    "tag[]=vip",
    "tags=vip",
    "view=counts",
  ])("?%s is a 400 JSON error and no list", async (query) => {
    const res = await api("GET", `/api/staff/tickets?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const body = (await res.json()) as { error: { code: string; message: string }; tickets?: unknown };
    expect(body.error.code).toBeTruthy();
    expect(body.tickets).toBeUndefined();
  });

  it("a repeated key counts once, its first value (src/web/validate.ts)", async () => {
    const a = await webformTicket();
    const tag = `first-${unique()}`;
    await api("PATCH", `/api/staff/tickets/${a.id}`, { json: { tags: [tag] } });
    expect(ids(await list(`tag=${tag}&tag=other-${unique()}`))).toEqual([a.id]);
    expect(ids(await list(`tag=other-${unique()}&tag=${tag}`))).toEqual([]);
  });

  it("a tag made of SQL, LIKE wildcards or control characters is only ever a literal tag", async () => {
    const a = await webformTicket();
    const tag = `x'%_;--${unique()}`;
    expect((await api("PATCH", `/api/staff/tickets/${a.id}`, { json: { tags: [tag] } })).status).toBe(200);
    expect(ids(await list(`tag=${encodeURIComponent(tag)}`))).toEqual([a.id]);
    for (const t of ["%", "_", "' OR '1'='1", "x'%", "\u0000", tag.slice(0, -1)]) {
      expect(ids(await list(`tag=${encodeURIComponent(t)}`)), t).not.toContain(a.id);
    }
  });
});
