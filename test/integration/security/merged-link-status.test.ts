/**
 * After an admin merges Bob's web ticket into Alice's (two customers, confirmed), Bob's `/t/` link must reveal
 * nothing of Alice's ticket: not its status (the page, a reply through the link, `/status` asked there), number,
 * subject, messages, files or link. Alice's ticket goes through every status in a seeded order; Bob's side must
 * look the same each time. `ATTACK_SEED=<seed>` replays a run.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { STATUS_LABELS } from "../../../src/core/replies";
import { postJson } from "../channels/webform/builders";
import { BOOTSTRAP, call, settleDeliveries } from "../staff/helpers";
import { waitFor } from "../support";
import { attackRandom } from "./attack-seed";
import { webCustomer } from "./web-customer";

const rnd = attackRandom("merged-link-status");
afterAll(() => settleDeliveries());

const HOLDER_STATUSES = ["open", "pending", "resolved", "closed"] as const;

async function bobPage(token: string): Promise<{ status: number; location: string | null; text: string }> {
  const res = await exports.default.fetch(`http://relaydesk.test/t/${token}`, {
    headers: { Accept: "text/html" },
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

const shownStatus = (html: string) => /<span class="status">([^<]*)<\/span>/.exec(html)?.[1] ?? null;

async function ticketRow(id: string) {
  return env.DB.prepare("SELECT number, subject, access_token, status FROM tickets WHERE id = ?1")
    .bind(id)
    .first<{ number: number; subject: string; access_token: string; status: string }>();
}

async function setStatus(id: string, status: string): Promise<void> {
  const res = await call("PATCH", `/api/staff/tickets/${id}`, { token: BOOTSTRAP, json: { status, confirm: true } });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe("a /t/ link whose ticket was merged into another customer's", { timeout: 90_000 }, () => {
  it("shows and answers the same whatever the other ticket's status, and nothing of that ticket", async () => {
    const alice = await webCustomer("alice");
    const bob = await webCustomer("bob");
    const merged = await call("POST", `/api/staff/tickets/${bob.id}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: alice.id, confirmDifferentCustomers: true },
    });
    expect(merged.status, await merged.clone().text()).toBe(200);
    const a = await ticketRow(alice.id);
    if (!a) throw new Error("Alice's ticket is gone");
    const aliceNumber = new RegExp(`RD-${a.number}(?!\\d)`);
    const secrets = [alice.text, a.subject, a.access_token, alice.attachmentId];

    // Every status of Alice's ticket, closed last (a closed ticket takes no reply, so Bob's would start a new one).
    const order: string[] = HOLDER_STATUSES.filter((s) => s !== "closed").sort(() => rnd.next() - 0.5);
    order.push("closed");
    const seen = new Set<string | null>();
    for (const status of order) {
      await setStatus(alice.id, status);
      const page = await bobPage(bob.token);
      expect(page.status, `Bob's page with Alice's ticket ${status}`).toBe(200);
      for (const s of secrets) expect(page.text, `Bob's page shows ${s} (Alice's ticket ${status})`).not.toContain(s);
      expect(page.text).not.toMatch(aliceNumber);
      expect(page.text).toContain(bob.text);
      seen.add(shownStatus(page.text));
      // The reply form is there each time: a reply is taken whatever Alice's ticket is (no 409 saying it is closed).
      expect(page.text, `reply form with Alice's ticket ${status}`).toContain(`/t/${bob.token}/replies`);
    }
    expect([...seen], "Bob's page shows one status whatever Alice's ticket's is").toHaveLength(1);

    // Alice's ticket is closed now: Bob's reply through his link is taken and leads to a ticket of his own.
    const words = `bobreply${rnd.word(12)}`;
    const res = await postJson(`/t/${bob.token}/replies`, { body: words, idempotencyKey: `r-${crypto.randomUUID()}` });
    const body = await res.text();
    expect(res.status, body).toBe(201);
    for (const s of secrets) expect(body).not.toContain(s);
    const link = (JSON.parse(body) as { link: string }).link;
    expect(link).not.toBe(`/t/${a.access_token}`);
    const after = await bobPage(link.slice(3));
    expect(after.status).toBe(200);
    expect(after.text).toContain(words);
    for (const s of secrets) expect(after.text).not.toContain(s);
    expect(after.text).not.toMatch(aliceNumber);
    const aliceNow = await ticketRow(alice.id);
    expect(aliceNow?.status, "Alice's closed ticket stays closed").toBe("closed");
  });

  it("`/status` asked through the link answers with Bob's own ticket, never Alice's ticket's status", async () => {
    // Alice's ticket stays `new` (nobody answered her): a customer message on it leaves it so.
    const alice = await webCustomer("alice");
    const bob = await webCustomer("bob");
    const merged = await call("POST", `/api/staff/tickets/${bob.id}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: alice.id, confirmDifferentCustomers: true },
    });
    expect(merged.status).toBe(200);
    const asked = rnd.pick(["/status", "status", "/STATUS"]);
    const res = await postJson(`/t/${bob.token}/replies`, { body: asked, idempotencyKey: `r-${crypto.randomUUID()}` });
    expect(res.status, await res.clone().text()).toBe(201);
    // The answer is written after the response: wait for it.
    const answer = await waitFor(async () => {
      const row = await env.DB.prepare(
        `SELECT body FROM messages WHERE author = 'bot' AND COALESCE(origin_ticket_id, ticket_id) = ?1
            AND (body LIKE 'Your tickets:%' OR body LIKE '您的工单：%')`,
      )
        .bind(bob.id)
        .first<{ body: string }>();
      return row?.body;
    }, "the status answer on Bob's conversation");
    expect(answer).toMatch(new RegExp(`RD-${(await ticketRow(bob.id))?.number}(?!\\d)`));
    const holder = (await ticketRow(alice.id))?.status as keyof typeof STATUS_LABELS;
    expect(holder).not.toBe("open");
    for (const label of Object.values(STATUS_LABELS[holder])) {
      expect(answer, `the answer tells Alice's ticket is ${holder}`).not.toContain(label);
    }
  });
});
