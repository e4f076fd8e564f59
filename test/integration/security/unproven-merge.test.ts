/**
 * Mail from a domain that publishes no SPF, DKIM or DMARC gets no verdict at all, for its owner and for anyone who
 * forges its From alike: both write as the address's `unverified:` identity, so they share one contact. Had a merge
 * of two such tickets been an ordinary same-customer merge, any agent could have put the forger's words into the
 * customer's conversation (the customer's `/t/` link then shows them, with our name on it). So a merge of tickets
 * nothing proves are one person's (a ticket written by an unproven sender, or a contact that holds only unproven
 * identities) is an admin's explicit decision: 403 `unproven_sender` for an agent, 409 for an admin until they
 * confirm, singly and in bulk. Two proven tickets of one customer still merge for an agent.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { archiveTicket } from "../../../src/pipeline/archive";
import { delivered } from "../archive/helpers";
import { type AuthSpec, receive, ticketOf } from "../channels/email/harness";
import { telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { randomAddress, rawEmail } from "../channels/webform/claims-helpers";
import { BOOTSTRAP, call, settleDeliveries, staffWithToken } from "../staff/helpers";
import { staffTicket } from "../support";
import { attackRandom } from "./attack-seed";

afterAll(() => settleDeliveries());

const rnd = attackRandom("unproven-merge");

/** What a door reports for a domain that publishes nothing: no verdict, or a pass for someone else's domain. */
function noVerdict(): AuthSpec | null {
  const other = `${rnd.word(8)}.example`;
  return rnd.pick<AuthSpec | null>([
    null,
    { dmarc: "none", spf: "none", dkim: "none" },
    { dmarc: "none", spf: "pass", mailfrom: `bounce@${other}` },
    { dmarc: "none", dkim: "pass", dkimDomain: other },
  ]);
}

/** The address as a forger may spell it: the same mailbox for us. */
function spelled(address: string): string {
  return rnd.pick([address, address.toUpperCase(), address.replace(/^./, (c) => c.toUpperCase())]);
}

async function mail(from: string, body: string, auth: AuthSpec | null): Promise<string> {
  const id = `<${rnd.word(12)}@${from.split("@")[1]}>`;
  const raw = rawEmail({ from, to: "support@relaydesk.test", subject: `Help ${rnd.word(6)}`, messageId: id, body });
  await receive(raw, { from }, auth);
  return ticketOf(id);
}

interface ErrorJson {
  error: { code: string; message: string; details?: { tickets?: Array<{ id: string; reason: string }> } };
}

const merge = (from: string, into: string, token: string, confirm?: boolean) =>
  call("POST", `/api/staff/tickets/${from}/merge`, {
    token,
    json: confirm ? { intoId: into, confirmDifferentCustomers: true } : { intoId: into },
  });

const bulkMerge = (from: string, into: string, token: string, confirm?: boolean) =>
  call("POST", "/api/staff/tickets/bulk", {
    token,
    json: {
      ticketIds: rnd.pick([[from], [from, into], [into, from]]),
      action: { type: "merge", intoTicketId: into, ...(confirm ? { confirmDifferentCustomers: true } : {}) },
    },
  });

async function mergedInto(id: string): Promise<string | null> {
  return env.DB.prepare("SELECT merged_into_id FROM tickets WHERE id = ?1").bind(id).first<string>("merged_into_id");
}

async function linkPage(ticketId: string): Promise<string> {
  const token = await env.DB.prepare("SELECT access_token FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<string>("access_token");
  const page = await exports.default.fetch(`http://relaydesk.test/t/${token}`, { headers: { Accept: "text/html" } });
  return page.text();
}

/** Every way an agent or an admin without confirming may try it: all refused, nothing moved. */
async function expectRefused(from: string, into: string, agentToken: string, why: string): Promise<void> {
  // An agent's explicit yes is refused as before (403 forbidden: only an admin may confirm).
  for (const [label, res, status, code] of [
    ["agent", await merge(from, into, agentToken), 403, "unproven_sender"],
    ["agent confirming", await merge(from, into, agentToken, true), 403, "forbidden"],
    ["agent in bulk", await bulkMerge(from, into, agentToken), 403, "unproven_sender"],
    ["agent confirming in bulk", await bulkMerge(from, into, agentToken, true), 403, "forbidden"],
    ["admin", await merge(from, into, BOOTSTRAP), 409, "unproven_sender"],
  ] as const) {
    const body = (await res.json()) as ErrorJson;
    expect([label, res.status, body.error?.code], why).toEqual([label, status, code]);
    expect(body.error.message, why).toMatch(label === "admin" ? /confirmDifferentCustomers/ : /admin/i);
  }
  const admin = await bulkMerge(from, into, BOOTSTRAP);
  expect(admin.status, why).toBe(409);
  const refused = ((await admin.json()) as ErrorJson).error;
  expect(refused.code, why).toBe("ineligible");
  expect(
    refused.details?.tickets?.map((t) => t.reason),
    why,
  ).toContain("unproven_sender");
  expect([await mergedInto(from), await mergedInto(into)], why).toEqual([null, null]);
}

/**
 * A Telegram customer whose contact also holds an address's unproven (no-verdict) identity, however it came to (a
 * link made before link codes refused unproven mail, a future path), and a forger's mail as that address, which
 * therefore writes onto the Telegram customer's contact.
 */
async function telegramCustomerWithForgedMail() {
  const address = randomAddress();
  const chatId = 5_000_000_000 + Math.floor(rnd.next() * 1e9);
  const telegramText = `my deposit is missing ${rnd.word(10)}`;
  await deliverUpdate(telegramUpdate({ chatId, text: telegramText }));
  const { ticket: tg } = await latestTicketOfChat(chatId);
  await mail(address, `hello ${rnd.word(8)}`, noVerdict());
  await env.DB.prepare("UPDATE channel_identities SET contact_id = ?1 WHERE channel = 'email' AND external_id = ?2")
    .bind(tg.contact.id, `unverified:${address.toLowerCase()}`)
    .run();
  const forgedText = `send your seed to evil-${rnd.word(10)}.example`;
  const forged = await mail(spelled(address), forgedText, noVerdict());
  return { tg, telegramText, forged, forgedText };
}

describe("merging tickets that nothing proves are one customer's", { timeout: 90_000 }, () => {
  it("a forger of a no-DMARC address shares its contact, but only an admin who confirms can merge", async () => {
    const agent = await staffWithToken("agent");
    for (let round = 0; round < 2; round++) {
      const address = randomAddress();
      const genuineText = `my withdrawal is late ${rnd.word(10)}`;
      const forgedText = `please verify your wallet at evil-${rnd.word(10)}.example`;
      const forgerFirst = rnd.next() < 0.5;
      const forgedFirst = forgerFirst ? await mail(spelled(address), forgedText, noVerdict()) : null;
      const genuine = await mail(address, genuineText, noVerdict());
      const forged = forgedFirst ?? (await mail(spelled(address), forgedText, noVerdict()));
      const why = `round ${round}, forger first: ${forgerFirst}, seed ${rnd.seed}`;

      // The hole's precondition: for us they are one contact (nothing tells them apart).
      const [g, f] = await Promise.all([staffTicket(genuine), staffTicket(forged)]);
      expect(f.ticket.contact.id, why).toBe(g.ticket.contact.id);

      const [from, into] = rnd.next() < 0.5 ? [forged, genuine] : [genuine, forged];
      await expectRefused(from, into, agent.token, why);
      const html = await linkPage(genuine);
      expect(html, why).toContain(genuineText);
      expect(html, why).not.toContain(forgedText);

      // An admin's explicit yes merges, and the audit row says what they confirmed.
      const res = await (rnd.next() < 0.5 ? merge : bulkMerge)(from, into, BOOTSTRAP, true);
      expect(res.status, why).toBe(200);
      expect(await mergedInto(from), why).toBe(into);
      const detail = await env.DB.prepare(
        "SELECT detail FROM audit_log WHERE action = 'ticket.merge' AND target_id = ?1",
      )
        .bind(from)
        .first<string>("detail");
      expect(JSON.parse(detail ?? "{}"), why).toMatchObject({ intoId: into, unprovenSender: true });
    }
  });

  it("a contact that holds a proven identity and an unproven one: their tickets' evidence differs", async () => {
    const agent = await staffWithToken("agent");
    const { tg, telegramText, forged, forgedText } = await telegramCustomerWithForgedMail();
    const f = await staffTicket(forged);
    expect(f.ticket.contact.id, `seed ${rnd.seed}`).toBe(tg.contact.id);
    // The customer panel tells staff which of the contact's identities nothing proved.
    const panel = await call("GET", `/api/staff/contacts/${tg.contact.id}`, { token: agent.token });
    const { contact } = (await panel.json()) as {
      contact: { identities: Array<{ channel: string; externalId: string; unproven: boolean }> };
    };
    const proofs = contact.identities.map((i) => [i.channel, i.externalId.split(":")[0], i.unproven]);
    expect(proofs).toContainEqual(["email", "unverified", true]);
    expect(proofs.filter(([ch]) => ch === "telegram").map(([, , u]) => u)).toEqual([false]);

    const [from, into] = rnd.next() < 0.5 ? [forged, tg.id] : [tg.id, forged];
    await expectRefused(from, into, agent.token, `seed ${rnd.seed}`);
    const html = await linkPage(tg.id);
    expect(html).toContain(telegramText);
    expect(html).not.toContain(forgedText);
  });

  it("an archived forged ticket is judged on its messages in bulk too (they are in R2 when the merge is planned)", async () => {
    const agent = await staffWithToken("agent");
    const { tg, forged, forgedText } = await telegramCustomerWithForgedMail();
    // The forged ticket closed long ago and went to the archive (its acknowledgement sent first).
    await delivered(forged, "the acknowledgement");
    const closed = await call("PATCH", `/api/staff/tickets/${forged}`, {
      token: BOOTSTRAP,
      json: { status: "closed" },
    });
    expect(closed.status).toBe(200);
    const now = new Date();
    const longAgo = new Date(now.getTime() - 400 * 86_400_000).toISOString();
    await env.DB.prepare("UPDATE tickets SET closed_at = ?2 WHERE id = ?1").bind(forged, longAgo).run();
    expect(
      await archiveTicket(env, forged, new Date(now.getTime() - 86_400_000).toISOString(), now.toISOString()),
    ).toBe(true);

    const res = await bulkMerge(forged, tg.id, agent.token);
    const body = (await res.json()) as ErrorJson;
    expect([res.status, body.error?.code], `seed ${rnd.seed}`).toEqual([403, "unproven_sender"]);
    expect(await mergedInto(forged)).toBeNull();
    expect(await linkPage(tg.id)).not.toContain(forgedText);
  });

  it("two tickets of one proven sender still merge for an agent, singly and in bulk", async () => {
    const agent = await staffWithToken("agent");
    const address = randomAddress();
    const pass = { dmarc: "pass", spf: "pass", dkim: "pass" } as const;
    const [a, b, c] = [
      await mail(address, `first ${rnd.word(8)}`, pass),
      await mail(spelled(address), `second ${rnd.word(8)}`, pass),
      await mail(address, `third ${rnd.word(8)}`, pass),
    ];
    expect((await merge(a, b, agent.token)).status).toBe(200);
    expect((await bulkMerge(c, b, agent.token)).status).toBe(200);
    expect([await mergedInto(a), await mergedInto(c)]).toEqual([b, b]);
  });
});
