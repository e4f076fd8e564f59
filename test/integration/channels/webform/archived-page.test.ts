/**
 * The customer's `/t/` page of an archived ticket (workerd, real D1 + R2): the whole conversation, read from the
 * R2 archive without restoring it, exactly as the page showed it before; its attachments still download; another
 * customer's link (a merged conversation's other side, a second ticket, a guessed token) never reaches it; the
 * live view's catch-up (the page) and socket work; a reply through the link is refused like any closed ticket's,
 * and the customer writing to their conversation brings it back.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { archiveTicket } from "../../../../src/pipeline/archive";
import {
  BOOTSTRAP,
  call,
  closedTicket,
  closeLongAgo,
  count,
  customerWrites,
  delivered,
  randomHex,
  uniqueWord,
} from "../../archive/helpers";
import { get, postJson } from "./builders";
import { linkSocket } from "./chat-helpers";

const cutoff = () => new Date(Date.now() - 90 * 86_400_000).toISOString();
const now = () => new Date().toISOString();

async function tokenOf(ticketId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT access_token FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ access_token: string }>();
  return row?.access_token ?? "";
}

async function state(ticketId: string) {
  return (
    await env.DB.prepare("SELECT state FROM archived_tickets WHERE ticket_id = ?1")
      .bind(ticketId)
      .first<{ state: string }>()
  )?.state;
}

/** The page's conversation: the `<ol class="thread">` element, as rendered. */
async function thread(token: string): Promise<string> {
  const res = await get(`/t/${token}`, { browser: true });
  expect(res.status).toBe(200);
  const html = await res.text();
  return /<ol class="thread">[\s\S]*?<\/ol>/.exec(html)?.[0] ?? "";
}

async function staffWrites(ticketId: string, kind: "replies" | "notes", body: string) {
  const res = await call("POST", `/api/staff/tickets/${ticketId}/${kind}`, { token: BOOTSTRAP, json: { body } });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** An attachment on a stored message, as a channel stores one (R2 object + row). */
async function attach(messageId: string) {
  const id = `att_${randomHex(12)}`;
  const bytes = crypto.getRandomValues(new Uint8Array(64));
  const r2Key = `attachments/webform/${randomHex(16)}/0-file.bin`;
  await env.ATTACHMENTS.put(r2Key, bytes);
  await env.DB.prepare(
    `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
     VALUES (?1, ?2, ?3, 'file.bin', 'application/octet-stream', 64, ?4)`,
  )
    .bind(id, messageId, r2Key, now())
    .run();
  return { id, bytes };
}

async function archive(ticketId: string) {
  const closed = await call("PATCH", `/api/staff/tickets/${ticketId}`, {
    token: BOOTSTRAP,
    json: { status: "closed" },
  });
  expect([200, 409]).toContain(closed.status);
  await closeLongAgo(ticketId, 200);
  expect(await archiveTicket(env, ticketId, cutoff(), now())).toBe(true);
  expect(await count("SELECT count(*) AS n FROM messages WHERE ticket_id = ?1", ticketId)).toBe(0);
}

describe("GET /t/:token of an archived ticket", { timeout: 60_000 }, () => {
  it("shows the whole conversation from R2 as before, without restoring it; attachments still download", async () => {
    const t = await closedTicket();
    const token = await tokenOf(t.ticketId);
    const before = await thread(token);
    expect(before).toContain(t.word);
    expect(before).toContain(`We are checking ${t.word}`);
    expect(before).not.toContain("Internal: chain congested");
    expect(await archiveTicket(env, t.ticketId, cutoff(), now())).toBe(true);

    // Twice: reading it never brings it back.
    for (let i = 0; i < 2; i++) expect(await thread(token)).toBe(before);
    expect(await state(t.ticketId)).toBe("archived");
    expect(await count("SELECT count(*) AS n FROM messages WHERE ticket_id = ?1", t.ticketId)).toBe(0);

    const file = await get(`/t/${token}/attachments/${t.attachmentId}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(t.bytes);

    // The live view: its socket opens on the archived ticket, and its catch-up is the page above.
    const live = await linkSocket(`/t/${token}`);
    live.ws.close();

    // A reply through the link is refused as for any closed ticket (409), and nothing changes.
    const reply = await postJson(`/t/${token}/replies`, { body: "Hello?", idempotencyKey: `k-${randomHex(8)}` });
    expect(reply.status).toBe(409);
    expect(await state(t.ticketId)).toBe("archived");

    // The customer writing to their conversation brings it back; the page then reads D1 and shows the same.
    await customerWrites(t.conversation, `Back again ${uniqueWord()}`);
    expect(await state(t.ticketId)).toBe("restored");
    expect(await thread(token)).toBe(before);
  });

  it("never shows one customer's archived messages through another customer's link", async () => {
    const words = { a: uniqueWord(), b: uniqueWord(), replyA: uniqueWord(), replyB: uniqueWord() };
    const a = await customerWrites(`pa-${randomHex(6)}`, `Customer A writes ${words.a}`);
    const b = await customerWrites(`pb-${randomHex(6)}`, `Customer B writes ${words.b}`);
    const [fileA, fileB] = [await attach(a.messageId), await attach(b.messageId)];
    await staffWrites(b.ticketId, "replies", `To B: ${words.replyB}`);
    await delivered(b.ticketId);
    // Staff merge B's ticket into A's (two customers): each link shows only its own customer's side.
    const merged = await call("POST", `/api/staff/tickets/${b.ticketId}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: a.ticketId, confirmDifferentCustomers: true },
    });
    expect(merged.status, await merged.clone().text()).toBe(200);
    await staffWrites(a.ticketId, "replies", `To A: ${words.replyA}`);
    await delivered(a.ticketId);
    const [tokenA, tokenB] = [await tokenOf(a.ticketId), await tokenOf(b.ticketId)];
    const before = { a: await thread(tokenA), b: await thread(tokenB) };
    await archive(a.ticketId);

    const after = { a: await thread(tokenA), b: await thread(tokenB) };
    expect(after).toEqual(before);
    expect(after.a).toContain(words.a);
    expect(after.b).toContain(words.b);
    expect(after.b).toContain(words.replyB);
    // (Where the reply after the merge goes is the live page's rule; the archived page keeps it, as compared above.)
    expect(after.a + after.b).toContain(words.replyA);
    expect(after.b).not.toContain(words.a);
    for (const w of [words.b, words.replyB]) expect(after.a).not.toContain(w);

    // A third customer's link, guessed links and tampered ones: nothing of the archive.
    const c = await customerWrites(`pc-${randomHex(6)}`, `Customer C ${uniqueWord()}`);
    const tokenC = await tokenOf(c.ticketId);
    const pageC = await thread(tokenC);
    for (const w of Object.values(words)) expect(pageC).not.toContain(w);
    for (const guess of [
      tokenA.slice(0, -1),
      `${tokenA}x`,
      tokenA.toUpperCase() === tokenA ? tokenA.toLowerCase() : tokenA.toUpperCase(),
      randomHex(32),
      encodeURIComponent(`${tokenA}/../${tokenC}`),
    ]) {
      const res = await get(`/t/${guess}`, { browser: true });
      if (res.status === 200) {
        const html = await res.text();
        for (const w of Object.values(words)) expect(html).not.toContain(w);
      } else expect(res.status).toBe(404);
    }
    // Attachments: each link downloads its own side's file only.
    const download = async (token: string, id: string) => {
      const res = await get(`/t/${token}/attachments/${id}`);
      return res.status === 200 ? new Uint8Array(await res.arrayBuffer()) : res.status;
    };
    expect(await download(tokenA, fileA.id)).toEqual(fileA.bytes);
    expect(await download(tokenB, fileB.id)).toEqual(fileB.bytes);
    expect(await download(tokenB, fileA.id)).toBe(404);
    expect(await download(tokenA, fileB.id)).toBe(404);
    expect(await download(tokenC, fileA.id)).toBe(404);
    expect(await state(a.ticketId)).toBe("archived");
  });
});
