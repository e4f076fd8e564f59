import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTicketsQuery, SEARCH_DOC_LIMIT, SHORT_TERM_WINDOW } from "../../../src/store/ticket-list";
import { MESSAGE_DOC_BASE, messageDocRowid } from "../../../src/store/ticket-search";
import { BOOTSTRAP, call, count, customerWrites, settleDeliveries, staffWithToken } from "./helpers";

// Let the bot acknowledgements these tests cause finish before the file ends.
afterAll(() => settleDeliveries());

interface ListTicket {
  id: string;
  number: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  lastMessage: { body: string; direction: string; author: string; createdAt: string } | null;
  unread: boolean;
  slaDueAt: string | null;
  firstResponseDueAt: string | null;
  mergedIntoId: string | null;
}

async function list(query: string, token = BOOTSTRAP): Promise<ListTicket[]> {
  const res = await call("GET", `/api/staff/tickets?limit=100&${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { tickets: ListTicket[] }).tickets;
}

const ids = (tickets: ListTicket[]) => tickets.map((t) => t.id);
const tag = () => crypto.randomUUID().slice(0, 8);

describe("inbox views", () => {
  let me: Awaited<ReturnType<typeof staffWithToken>>;
  let mine: { id: string };
  let unassigned: { id: string };
  let urgent: { id: string };
  let resolved: { id: string };
  let mineResolved: { id: string };

  beforeAll(async () => {
    me = await staffWithToken("agent");
    mine = await customerWrites(`Views mine ${tag()}`);
    unassigned = await customerWrites(`Views unassigned ${tag()}`);
    urgent = await customerWrites(`Views urgent ${tag()}`);
    resolved = await customerWrites(`Views resolved ${tag()}`);
    mineResolved = await customerWrites(`Views mine resolved ${tag()}`);
    const patch = (id: string, json: unknown) => call("PATCH", `/api/staff/tickets/${id}`, { token: BOOTSTRAP, json });
    await patch(mine.id, { assigneeId: me.id });
    await patch(urgent.id, { priority: "urgent", assigneeId: me.id });
    await patch(resolved.id, { status: "resolved", confirm: true });
    await patch(mineResolved.id, { assigneeId: me.id, status: "resolved", confirm: true });
  });

  it("mine: active tickets assigned to the caller (resolved ones with status=resolved)", async () => {
    const got = ids(await list("view=mine", me.token));
    expect(got).toContain(mine.id);
    expect(got).toContain(urgent.id);
    expect(got).not.toContain(unassigned.id);
    expect(got).not.toContain(mineResolved.id);
    expect(ids(await list("view=mine&status=resolved", me.token))).toEqual([mineResolved.id]);
    // "Mine" is about the caller: the bootstrap admin has none of these.
    expect(ids(await list("view=mine"))).not.toContain(mine.id);
  });

  it("unassigned, urgent and resolved", async () => {
    const un = ids(await list("view=unassigned"));
    expect(un).toContain(unassigned.id);
    expect(un).not.toContain(mine.id);
    expect(un).not.toContain(resolved.id);
    const ur = await list("view=urgent");
    expect(ids(ur)).toContain(urgent.id);
    expect(ur.every((t) => t.priority === "urgent" && !["resolved", "closed"].includes(t.status))).toBe(true);
    const re = await list("view=resolved");
    expect(ids(re)).toEqual(expect.arrayContaining([resolved.id, mineResolved.id]));
    expect(re.every((t) => ["resolved", "closed"].includes(t.status))).toBe(true);
    // The default list keeps everything.
    expect(ids(await list(""))).toEqual(expect.arrayContaining([mine.id, unassigned.id, urgent.id, resolved.id]));
  });

  it("views combine with the channel filter, and a bad view is 400", async () => {
    const tg = await customerWrites(`Views telegram ${tag()}`, { channel: "telegram" });
    const got = await list("view=unassigned&channel=telegram");
    expect(ids(got)).toContain(tg.id);
    expect(ids(got)).not.toContain(unassigned.id);
    const bad = await call("GET", "/api/staff/tickets?view=everything", { token: BOOTSTRAP });
    expect(bad.status).toBe(400);
  });
});

describe("inbox items", () => {
  it("carry the last customer-visible message as a snippet of at most 140 characters", async () => {
    const sender = `snip-${tag()}@example.com`;
    const t = await customerWrites(`Snippet ticket ${tag()}`, { sender });
    const long = `提现一直没有到账，${"请帮忙查一下 ".repeat(40)}`;
    await customerWrites(long, { sender });
    let item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.lastMessage?.direction).toBe("in");
    expect(item?.lastMessage?.author).toBe("customer");
    expect([...(item?.lastMessage?.body ?? "")].length).toBeLessThanOrEqual(140);
    expect(item?.lastMessage?.body.startsWith("提现一直没有到账")).toBe(true);

    // Notes never become the snippet; a staff reply does.
    await call("POST", `/api/staff/tickets/${t.id}/notes`, { token: BOOTSTRAP, json: { body: "internal only" } });
    item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.lastMessage?.body).not.toContain("internal only");
    await call("POST", `/api/staff/tickets/${t.id}/replies`, { token: BOOTSTRAP, json: { body: "We are on it." } });
    item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.lastMessage).toMatchObject({ body: "We are on it.", direction: "out", author: "staff" });
  });

  it("the snippet is the customer's (or staff's) latest message, never the bot's acknowledgement or answers", async () => {
    const sender = `bot-snip-${tag()}@example.com`;
    const first = `Card payment failed ${tag()}`;
    const t = await customerWrites(first, { sender });
    const bots = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND author = 'bot'", t.id);
    expect(bots).toBeGreaterThan(0); // the acknowledgement is there, newer than the customer's message
    let item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.lastMessage).toMatchObject({ body: first, direction: "in", author: "customer" });
    // A bot answer to a later message (a status request) does not take the snippet either.
    await customerWrites(`status ${t.number}`, { sender });
    item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.lastMessage?.author).not.toBe("bot");
    await call("POST", `/api/staff/tickets/${t.id}/replies`, { token: BOOTSTRAP, json: { body: "Checking now." } });
    item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.lastMessage).toMatchObject({ body: "Checking now.", author: "staff" });
  });

  it("slaDueAt is the first-response due time until a first response, then null", async () => {
    const t = await customerWrites(`SLA ticket ${tag()}`);
    let item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.slaDueAt).toBeTruthy();
    expect(item?.slaDueAt).toBe(item?.firstResponseDueAt);
    expect(Date.parse(item?.slaDueAt ?? "")).toBeGreaterThan(Date.now());
    await call("POST", `/api/staff/tickets/${t.id}/replies`, { token: BOOTSTRAP, json: { body: "Hello" } });
    item = (await list(`q=${t.number}`)).find((x) => x.id === t.id);
    expect(item?.slaDueAt).toBeNull();
  });

  it("unread per staff member: set by a customer message, cleared by opening or POST /read", async () => {
    const a = await staffWithToken("agent");
    const b = await staffWithToken("agent");
    const sender = `unread-${tag()}@example.com`;
    const t = await customerWrites(`Unread ticket ${tag()}`, { sender });
    const unreadFor = async (token: string) => (await list(`q=${t.number}`, token)).find((x) => x.id === t.id)?.unread;
    expect(await unreadFor(a.token)).toBe(true);
    expect(await unreadFor(b.token)).toBe(true);

    // a opens the ticket (GET marks it read); b marks it read explicitly.
    expect((await call("GET", `/api/staff/tickets/${t.id}`, { token: a.token })).status).toBe(200);
    const read = await call("POST", `/api/staff/tickets/${t.id}/read`, { token: b.token });
    expect(read.status).toBe(204);
    expect(await unreadFor(a.token)).toBe(false);
    expect(await unreadFor(b.token)).toBe(false);

    // A staff reply does not make it unread; the customer's next message does, for both.
    await call("POST", `/api/staff/tickets/${t.id}/replies`, { token: a.token, json: { body: "Looking" } });
    expect(await unreadFor(b.token)).toBe(false);
    await new Promise((r) => setTimeout(r, 5));
    await customerWrites("Any news?", { sender });
    expect(await unreadFor(a.token)).toBe(true);
    expect(await unreadFor(b.token)).toBe(true);

    const missing = await call("POST", "/api/staff/tickets/tkt_doesnotexist/read", { token: a.token });
    expect(missing.status).toBe(404);
  });
});

describe("full-text search (FTS5 trigram)", () => {
  it("finds words in subjects and in any message, English and Chinese, and ANDs the terms", async () => {
    const word = `zq${tag()}`;
    const sender = `fts-${tag()}@example.com`;
    const t = await customerWrites(`Withdrawal stuck ${word}`, { sender });
    await customerWrites(`我的USDT提现一直显示处理中，订单号 ORD${word}`, { sender });
    await call("POST", `/api/staff/tickets/${t.id}/notes`, {
      token: BOOTSTRAP,
      json: { body: `note mentions fx${word}` },
    });

    const find = async (q: string) => ids(await list(`q=${encodeURIComponent(q)}`));
    expect(await find(word)).toContain(t.id); // subject
    expect(await find(`ORD${word}`)).toContain(t.id); // message body
    expect(await find(`fx${word}`)).toContain(t.id); // internal note
    expect(await find("提现一直显示")).toContain(t.id); // Chinese, no spaces
    expect(await find("提现")).toContain(t.id); // two characters: below trigram size, still found
    expect(await find(`withdrawal ${word}`)).toContain(t.id); // terms from subject, case-insensitive
    expect(await find(`${word} 提现`)).toContain(t.id); // one term in the subject, one in a message
    expect(await find(`${word} nonexistentterm`)).not.toContain(t.id);
    expect(await find(`"${word}`)).toContain(t.id); // a stray quote cannot break the FTS query
    expect(await find(`"withdrawal stuck ${word}"`)).toContain(t.id); // a quoted phrase
    expect(await find(`"stuck withdrawal ${word}"`)).not.toContain(t.id);
    expect(await find(`${word}*`)).not.toContain(t.id); // FTS operators are literal text
  });

  it("keeps ticket-number search: RD-1042, #1042 and 1042", async () => {
    const t = await customerWrites(`Number search ${tag()}`);
    const digits = t.number.replace(/^RD-/, "");
    for (const q of [t.number, t.number.toLowerCase(), `#${digits}`, digits]) {
      expect(ids(await list(`q=${encodeURIComponent(q)}`)), q).toContain(t.id);
    }
  });

  it("follows edits and deletions of messages (triggers keep the index in sync)", async () => {
    const before = `ed${tag()}`;
    const after = `ed${tag()}`;
    const t = await customerWrites(`Edit sync ticket`);
    const msg = await env.DB.prepare("SELECT id FROM messages WHERE ticket_id = ?1").bind(t.id).first<{ id: string }>();
    await env.DB.prepare("UPDATE messages SET body = ?2 WHERE id = ?1").bind(msg?.id, `body ${before}`).run();
    expect(ids(await list(`q=${before}`))).toContain(t.id);
    await env.DB.prepare("UPDATE messages SET body = ?2 WHERE id = ?1").bind(msg?.id, `body ${after}`).run();
    expect(ids(await list(`q=${before}`))).not.toContain(t.id);
    expect(ids(await list(`q=${after}`))).toContain(t.id);
    await env.DB.prepare("UPDATE tickets SET subject = ?2 WHERE id = ?1").bind(t.id, `Renamed ${before}`).run();
    expect(ids(await list(`q=${before}`))).toContain(t.id);
    const gone = `gone${tag()}`;
    const note = await call("POST", `/api/staff/tickets/${t.id}/notes`, { token: BOOTSTRAP, json: { body: gone } });
    const noteId = ((await note.json()) as { message: { id: string } }).message.id;
    expect(ids(await list(`q=${gone}`))).toContain(t.id);
    const noteDoc = `SELECT COUNT(*) AS n FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")}
      WHERE m.id = ?1`;
    expect((await env.DB.prepare(noteDoc).bind(noteId).first<{ n: number }>())?.n).toBe(1);
    await env.DB.prepare("DELETE FROM messages WHERE id = ?1").bind(noteId).run();
    expect(ids(await list(`q=${gone}`))).not.toContain(t.id);
    const orphans = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM search_docs d LEFT JOIN search_fts f ON f.rowid = d.id WHERE f.rowid IS NULL",
    ).first<{ n: number }>();
    expect(orphans?.n).toBe(0);
    // No message document outlives its message (the delete trigger removes the row its rowid numbers).
    const strays = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM search_fts f WHERE f.rowid >= ${MESSAGE_DOC_BASE}
        AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.rowid = f.rowid - ${MESSAGE_DOC_BASE})`,
    ).first<{ n: number }>();
    expect(strays?.n).toBe(0);
  });
});

describe("bounded list and search (README: a common word, short words)", () => {
  it("view=resolved walks tickets newest first and stops at the page, instead of sorting every closed ticket", async () => {
    const { sql, binds } = listTicketsQuery({ viewerId: "stf_bootstrap", view: "resolved", limit: 50 });
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...binds)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details).toContain("SCAN t USING INDEX tickets_updated");
    expect(details.join("\n")).not.toContain("tickets_status_updated");
  });

  const find = async (q: string) => ids(await list(`q=${encodeURIComponent(q)}`));
  /** Two random CJK characters: a word below trigram size that no other test writes. */
  const shortWord = () =>
    Array.from({ length: 2 }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join("");

  it("a common word finds the tickets behind its newest matches, short words only the newest documents; a rarer term keeps it complete", async () => {
    const common = `cw${tag()}`;
    const rare = `rw${tag()}`;
    const short = shortWord();
    const old = await customerWrites(`Old case ${common} ${rare} ${short}`);
    expect(await find(common)).toContain(old.id);
    expect(await find(short)).toContain(old.id);

    // Newer documents: SHORT_TERM_WINDOW notes on another ticket, each with the common word (one statement; the
    // triggers index them like any message).
    expect(SHORT_TERM_WINDOW).toBeGreaterThan(SEARCH_DOC_LIMIT);
    const filler = await customerWrites(`Filler ${tag()}`);
    await env.DB.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${SHORT_TERM_WINDOW})
       INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
       SELECT ?1 || n, ?2, 'note', 'staff', 'webform', 'filler ' || ?3 || ' ' || n, ?4 FROM seq`,
    )
      .bind(`msg_fill${tag()}_`, filler.id, common, new Date().toISOString())
      .run();
    const newer = await customerWrites(`New case ${common} ${short}`);

    // The common word now has more than SEARCH_DOC_LIMIT matches: the tickets behind the newest ones.
    const byCommon = await find(common);
    expect(byCommon).toContain(newer.id);
    expect(byCommon).toContain(filler.id);
    expect(byCommon).not.toContain(old.id);
    // A two-character word looks at the newest SHORT_TERM_WINDOW documents only.
    const byShort = await find(short);
    expect(byShort).toContain(newer.id);
    expect(byShort).not.toContain(old.id);
    // With a rarer term the search is complete again: every other term is checked on each candidate's documents.
    expect(await find(`${common} ${rare}`)).toEqual([old.id]);
    expect(await find(`${rare} ${short}`)).toEqual([old.id]);
    expect(await find(`${common} ${short} ${rare}`)).toEqual([old.id]);
    expect(await find(`${newer.number.replace(/^RD-/, "")}`)).toContain(newer.id); // numbers stay exact
  }, 120_000);
});
