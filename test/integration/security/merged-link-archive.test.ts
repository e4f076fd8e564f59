/**
 * Bob's ticket merged into Alice's (two customers, confirmed); Alice's ticket is then closed and, later, archived to
 * R2. Bob's `/t/` link must answer the same whether her ticket is closed or archived: the same status, the reply form,
 * his own conversation only, and a reply through it taken (201, leading to a ticket of his own), never a 409 or a page
 * that tells her ticket was archived. `ATTACK_SEED=<seed>` replays.
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { archiveTicket } from "../../../src/pipeline/archive";
import { BOOTSTRAP, call, closeLongAgo, customerWrites, delivered } from "../archive/helpers";
import { get, postJson } from "../channels/webform/builders";
import { settleDeliveries } from "../staff/helpers";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("merged-link-archive");
afterAll(() => settleDeliveries());

async function tokenOf(ticketId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT access_token FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ access_token: string }>();
  return row?.access_token ?? "";
}

/** What Bob's page tells: its status, whether it offers the reply form, and its conversation. */
async function bobSees(token: string) {
  const res = await get(`/t/${token}`, { browser: true });
  expect(res.status).toBe(200);
  const html = await res.text();
  return {
    status: /<span class="status">([^<]*)<\/span>/.exec(html)?.[1] ?? null,
    form: html.includes(`/t/${token}/replies`),
    thread: /<ol class="thread">[\s\S]*?<\/ol>/.exec(html)?.[0] ?? "",
    html,
  };
}

/** Bob's reply through his link: its status and where its answer leads (the link, never Alice's). */
async function bobReplies(token: string) {
  const res = await postJson(`/t/${token}/replies`, {
    body: `still waiting ${rnd.word(10)}`,
    idempotencyKey: `r-${crypto.randomUUID()}`,
  });
  const text = await res.text();
  return { status: res.status, text };
}

describe("a /t/ link merged into another customer's ticket that is then archived", { timeout: 90_000 }, () => {
  it("answers the same as when that ticket was only closed", async () => {
    const words = { a: `alice${rnd.word(12)}`, b: `bob${rnd.word(12)}` };
    const a = await customerWrites(`ma-${rnd.word(8)}`, `Alice writes ${words.a}`);
    const b = await customerWrites(`mb-${rnd.word(8)}`, `Bob writes ${words.b}`);
    const merged = await call("POST", `/api/staff/tickets/${b.ticketId}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: a.ticketId, confirmDifferentCustomers: true },
    });
    expect(merged.status, await merged.clone().text()).toBe(200);
    const [aliceToken, bobToken] = [await tokenOf(a.ticketId), await tokenOf(b.ticketId)];

    const closed = await call("PATCH", `/api/staff/tickets/${a.ticketId}`, {
      token: BOOTSTRAP,
      json: { status: "closed", confirm: true },
    });
    expect(closed.status, await closed.clone().text()).toBe(200);
    await delivered(a.ticketId);
    const whenClosed = await bobSees(bobToken);
    expect(whenClosed.thread).toContain(words.b);

    await closeLongAgo(a.ticketId, 120 + Math.floor(rnd.next() * 200));
    const cutoff = new Date(Date.now() - 90 * 86_400_000).toISOString();
    expect(await archiveTicket(env, a.ticketId, cutoff, new Date().toISOString())).toBe(true);
    const whenArchived = await bobSees(bobToken);
    expect(whenArchived.status, "the status Bob's page shows").toBe(whenClosed.status);
    expect(whenArchived.form, "the reply form on Bob's page").toBe(whenClosed.form);
    expect(whenArchived.thread, "Bob's conversation").toBe(whenClosed.thread);
    expect(whenArchived.html).not.toContain(words.a);
    expect(whenArchived.html).not.toContain(aliceToken);

    const reply = await bobReplies(bobToken);
    expect(reply.status, `Bob's reply after Alice's ticket was archived: ${reply.text}`).toBe(201);
    expect(reply.text).not.toContain(aliceToken);
    const link = (JSON.parse(reply.text) as { link: string }).link;
    expect(link, "Bob's reply leads to a ticket of his own").not.toBe(`/t/${bobToken}`);
    const own = await bobSees(link.slice(3));
    expect(own.html).not.toContain(words.a);
    const archived = await env.DB.prepare("SELECT state FROM archived_tickets WHERE ticket_id = ?1")
      .bind(a.ticketId)
      .first<{ state: string }>();
    expect(archived?.state, "Bob's reply never restores Alice's archived ticket").toBe("archived");
  });
});
