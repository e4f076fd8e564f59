/**
 * A web-form address is a claim until proven, seen from an attacker's side: someone types a
 * victim's address into the form. They must not join the victim's contact, staff must see the
 * address unverified, nothing but a confirmation link may be mailed there, and the victim's answer
 * must never land in a ticket the attacker can read. Proving the address (a single-use, expiring
 * link; GET shows a button, POST confirms) upgrades the ticket.
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { settleDeliveries } from "../../staff/helpers";
import { deliveryOf, staffReply, staffTicket } from "../../support";
import { headerOf, receive, type SentMail, ticketOf } from "../email/harness";
import { createTicket, postJson } from "./builders";
import {
  answerMail,
  call,
  confirmationMailFor,
  confirmationPath,
  contactOfTicket,
  mailSubject,
  mailsTo,
  mailText,
  randomAddress,
  randomBody,
  rawEmail,
  retyped,
  ticketPage,
  waitForMailTo,
} from "./claims-helpers";

afterAll(() => settleDeliveries());

interface ContactJson {
  id: string;
  email: string | null;
  emailVerified: boolean;
  identities: Array<{ channel: string; externalId: string; verified: boolean }>;
}

async function contactJson(ticketId: string): Promise<ContactJson> {
  return (await staffTicket(ticketId)).ticket.contact as unknown as ContactJson;
}

/** Mails that could make an answer land in a ticket: a plus-address Reply-To, a /t/ link, or a thread id we keep. */
async function threadingMails(to: string, except: (m: SentMail) => boolean = () => false) {
  const mails = (await mailsTo(to)).filter((m) => !except(m));
  const bad = [];
  for (const m of mails) {
    const id = headerOf(m.mime, "Message-ID");
    const recorded = await env.DB.prepare("SELECT COUNT(*) AS n FROM email_sent WHERE message_id_header = ?1")
      .bind(id)
      .first<{ n: number }>();
    if (/\+/.test(headerOf(m.mime, "Reply-To") ?? "") || /\/t\//.test(mailText(m.mime)) || (recorded?.n ?? 0) > 0) {
      bad.push(m);
    }
  }
  return bad;
}

describe("an address typed into the web form is a claim until proven", { timeout: 30_000 }, () => {
  it("joins no existing contact, shows as unverified to staff, and gets only a confirmation link", async () => {
    const victim = randomAddress();
    // The victim wrote to us before, through the form and by email.
    const own = await createTicket({ email: victim, description: randomBody("victim") });
    const emailId = `<own.${crypto.randomUUID()}@victim.test>`;
    await receive(
      rawEmail({
        from: victim,
        to: "support@relaydesk.test",
        subject: "My account",
        messageId: emailId,
        body: randomBody("v-mail"),
      }),
      { from: victim },
    );
    const victimEmailTicket = await ticketOf(emailId);

    const attackerBodies = [randomBody("atk"), randomBody("atk")];
    const attacker = await createTicket({ email: retyped(victim), description: attackerBodies[0] });
    const attacker2 = await createTicket({ email: victim.toUpperCase(), description: attackerBodies[1] });

    const contacts = new Set([
      await contactOfTicket(own.created.ticket.id),
      await contactOfTicket(victimEmailTicket),
      await contactOfTicket(attacker.created.ticket.id),
      await contactOfTicket(attacker2.created.ticket.id),
    ]);
    expect(contacts.size, "each unproven submission is its own contact").toBe(4);

    for (const t of [attacker, attacker2]) {
      const contact = await contactJson(t.created.ticket.id);
      expect(contact.emailVerified).toBe(false);
      expect(contact.identities.length).toBeGreaterThan(0);
      expect(contact.identities.every((i) => i.verified === false)).toBe(true);
      expect(contact.identities.map((i) => i.externalId)).not.toContain(victim);
    }
    // The victim's own mailbox contact is unchanged and still theirs alone.
    expect((await contactJson(victimEmailTicket)).emailVerified).toBe(true);

    // What reached the victim's mailbox: confirmation links only, none of them threading into a ticket;
    // besides the acknowledgement of the victim's own email (sent at once, answering their Message-ID).
    await confirmationMailFor(victim, attacker.created.ticket.number);
    const ownAck = (m: SentMail) => headerOf(m.mime, "In-Reply-To") === emailId;
    const mails = (await mailsTo(victim)).filter((m) => !ownAck(m));
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) {
      const text = mailText(m.mime);
      expect(text).toMatch(/\/verify-email\/[A-Za-z0-9_-]{43}/);
      for (const b of attackerBodies) expect(text).not.toContain(b);
      expect(text).not.toContain(attacker.payload.subject);
      expect(mailSubject(m.mime)).not.toMatch(/RD-\d+/);
    }
    expect(await threadingMails(victim, ownAck)).toEqual([]);
    // The submitter's page says where answers will be until the address is confirmed.
    expect(await ticketPage(attacker.token)).toContain('id="email-claim"');
  });

  it("staff answers stay on the ticket page; the address owner's emailed answers never reach the submitter", async () => {
    const victim = randomAddress();
    const attacker = await createTicket({ email: retyped(victim), description: randomBody("atk") });
    const ticketId = attacker.created.ticket.id;
    const answer = randomBody("staff");
    const reply = await staffReply(ticketId, answer);
    await deliveryOf(ticketId, reply.id, (s) => s === "sent");

    // On the page the submitter holds, not in anyone's mailbox.
    expect(await ticketPage(attacker.token)).toContain(answer);
    for (const m of await mailsTo(victim)) expect(mailText(m.mime)).not.toContain(answer);
    expect(await threadingMails(victim)).toEqual([]);

    // The real owner answers everything they got, and also writes quoting the ticket number.
    await confirmationMailFor(victim, attacker.created.ticket.number);
    const secrets: string[] = [];
    for (const m of await mailsTo(victim)) {
      const body = randomBody("owner");
      secrets.push(body);
      await answerMail(m, victim, body);
    }
    const quoted = randomBody("owner-quoted");
    secrets.push(quoted);
    await receive(
      rawEmail({
        from: victim,
        to: "support@relaydesk.test",
        subject: `Re: [${attacker.created.ticket.number}] ${attacker.payload.subject}`,
        messageId: `<q.${crypto.randomUUID()}@victim.test>`,
        body: quoted,
      }),
      { from: victim },
    );

    const page = await ticketPage(attacker.token);
    const { messages } = await staffTicket(ticketId);
    for (const s of secrets) {
      expect(page).not.toContain(s);
      expect(messages.map((m) => m.body).join("\n")).not.toContain(s);
    }
  });

  it("confirming: GET shows a button and changes nothing, POST proves the address and joins its owner; answers are then emailed", async () => {
    const owner = randomAddress();
    const emailId = `<first.${crypto.randomUUID()}@victim.test>`;
    await receive(
      rawEmail({ from: owner, to: "support@relaydesk.test", subject: "Hello", messageId: emailId, body: "first" }),
      { from: owner },
    );
    const ownerContact = await contactOfTicket(await ticketOf(emailId));
    const t = await createTicket({ email: retyped(owner), description: randomBody("form") });
    const ticketId = t.created.ticket.id;
    const path = confirmationPath(await confirmationMailFor(owner, t.created.ticket.number));

    const page = await call("GET", path, { browser: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect((await call("GET", path)).status).toBe(200);
    expect(await contactOfTicket(ticketId)).not.toBe(ownerContact);
    expect((await contactJson(ticketId)).emailVerified).toBe(false);

    const confirmed = await call("POST", path);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ verified: true, ticket: { number: t.created.ticket.number } });
    expect(await contactOfTicket(ticketId)).toBe(ownerContact);
    const contact = await contactJson(ticketId);
    expect(contact.emailVerified).toBe(true);
    expect(contact.email?.toLowerCase()).toBe(owner);

    // From now on staff answers are emailed, threaded, with the ticket's link; an answer joins the ticket.
    const answer = randomBody("staff");
    const reply = await staffReply(ticketId, answer);
    await deliveryOf(ticketId, reply.id, (s) => s === "sent");
    const mail = await waitForMailTo(owner, (m) => mailText(m.mime).includes(answer));
    expect(headerOf(mail.mime, "Reply-To")).toMatch(/support\+[a-z0-9]+@relaydesk\.test/);
    expect(mailText(mail.mime)).toContain(`/t/${t.token}`);
    const back = randomBody("owner-answer");
    await answerMail(mail, owner, back);
    expect((await staffTicket(ticketId)).messages.map((m) => m.body)).toContain(back);

    // Used once: a second POST is refused and writes nothing.
    const before = await snapshot(ticketId, owner);
    const again = await call("POST", path);
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: { code: "verification_used" } });
    expect(await snapshot(ticketId, owner)).toEqual(before);
  });

  it("forged, malformed, expired and replaced links fail with a 4xx JSON error and write nothing", async () => {
    const address = randomAddress();
    const t = await createTicket({ email: address, description: randomBody("form") });
    const path = confirmationPath(await confirmationMailFor(address, t.created.ticket.number));
    const token = path.slice("/verify-email/".length);
    const ticketId = t.created.ticket.id;
    const before = await snapshot(ticketId, address);

    const forged = [
      `/verify-email/${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
        .replace(/[+/=]/g, "A")
        .slice(0, 43)}`,
      `/verify-email/${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`,
      `/verify-email/${token.slice(0, 20)}`,
      `/verify-email/${token}x`,
      `/verify-email/${encodeURIComponent(`${token.slice(0, 40)}'--`)}`,
      "/verify-email/%00",
    ];
    for (const p of forged) {
      for (const method of ["GET", "POST"]) {
        const res = await call(method, p);
        expect(res.status, `${method} ${p}`).toBe(404);
        expect(res.headers.get("Content-Type")).toContain("application/json");
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("verification_invalid");
      }
    }
    expect(await snapshot(ticketId, address)).toEqual(before);

    // Expired (the clock moved past it): refused, nothing changes.
    await env.DB.prepare("UPDATE email_verifications SET expires_at = '2000-01-01T00:00:00.000Z' WHERE ticket_id = ?1")
      .bind(t.created.ticket.id)
      .run();
    const expiredBefore = await snapshot(ticketId, address);
    for (const method of ["GET", "POST"]) {
      const res = await call(method, path);
      expect(res.status).toBe(410);
      expect(await res.json()).toMatchObject({ error: { code: "verification_expired" } });
    }
    expect(await snapshot(ticketId, address)).toEqual(expiredBefore);
    expect((await contactJson(t.created.ticket.id)).emailVerified).toBe(false);

    // A new link from the ticket page replaces it; only the newest works.
    const resent = await postJson(`/t/${t.token}/verify-email`, {});
    expect(resent.status).toBe(202);
    const fresh = await waitForMailTo(
      address,
      (m) => /\/verify-email\//.test(mailText(m.mime)) && confirmationPath(m) !== path,
    );
    const freshPath = confirmationPath(fresh);
    expect((await call("POST", path)).status).toBe(410);
    expect((await call("POST", freshPath)).status).toBe(200);
    expect((await contactJson(t.created.ticket.id)).emailVerified).toBe(true);
    // Once proven, there is nothing left to confirm.
    const done = await postJson(`/t/${t.token}/verify-email`, {});
    expect(done.status).toBe(409);
    expect(await done.json()).toMatchObject({ error: { code: "already_verified" } });
  });

  it("the same address again: each submission stays its own unproven contact until its own link is followed", async () => {
    const address = randomAddress();
    const first = await createTicket({ email: address, description: randomBody("one") });
    const firstPath = confirmationPath(await confirmationMailFor(address, first.created.ticket.number));
    expect((await call("POST", firstPath)).status).toBe(200);
    const owner = await contactOfTicket(first.created.ticket.id);
    expect((await contactJson(first.created.ticket.id)).emailVerified).toBe(true);

    const second = await createTicket({ email: retyped(address), description: randomBody("two") });
    expect(await contactOfTicket(second.created.ticket.id)).not.toBe(owner);
    expect((await contactJson(second.created.ticket.id)).emailVerified).toBe(false);
    // Its answers are not mailed either, although the address is proven for someone else's ticket.
    const answer = randomBody("staff");
    const reply = await staffReply(second.created.ticket.id, answer);
    await deliveryOf(second.created.ticket.id, reply.id, (s) => s === "sent");
    for (const m of await mailsTo(address)) expect(mailText(m.mime)).not.toContain(answer);

    const secondPath = confirmationPath(await confirmationMailFor(address, second.created.ticket.number));
    const res = await call("POST", secondPath);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ joinedExistingContact: true });
    expect(await contactOfTicket(second.created.ticket.id)).toBe(owner);
  });
});

describe("contacts from before per-submission claims", { timeout: 30_000 }, () => {
  it("proving one ticket of a contact that several submissions with the address joined vouches for that ticket only", async () => {
    // Before claims, every submission with an address joined one contact: the owner's request and an
    // attacker's. Migration 0008 keeps such a contact (its identity a claim, its address unproven).
    const address = randomAddress();
    const owner = await createTicket({ email: address, description: randomBody("owner") });
    const attacker = await createTicket({ email: retyped(address), description: randomBody("atk") });
    const legacy = await contactOfTicket(owner.created.ticket.id);
    await env.DB.prepare("UPDATE tickets SET contact_id = ?1 WHERE id = ?2")
      .bind(legacy, attacker.created.ticket.id)
      .run();

    const path = confirmationPath(await confirmationMailFor(address, owner.created.ticket.number));
    expect((await call("POST", path)).status).toBe(200);
    const proven = await contactOfTicket(owner.created.ticket.id);
    expect(proven).not.toBe(legacy);
    expect((await contactJson(owner.created.ticket.id)).emailVerified).toBe(true);
    // The other ticket stays with the unproven contact: answers to it are not mailed to the address.
    expect(await contactOfTicket(attacker.created.ticket.id)).toBe(legacy);
    expect((await contactJson(attacker.created.ticket.id)).emailVerified).toBe(false);
    const answer = randomBody("staff");
    const reply = await staffReply(attacker.created.ticket.id, answer);
    await deliveryOf(attacker.created.ticket.id, reply.id, (s) => s === "sent");
    for (const m of await mailsTo(address)) expect(mailText(m.mime)).not.toContain(answer);
    expect(await threadingMails(address)).toEqual([]);
  });
});

/** What a refused confirmation must leave alone: the ticket's contact, the address's contacts, identities and links. */
async function snapshot(ticketId: string, address: string) {
  const one = <T>(sql: string, ...binds: unknown[]) =>
    env.DB.prepare(sql)
      .bind(...binds)
      .first<T>();
  const ticket = await one<{ contact_id: string }>("SELECT contact_id FROM tickets WHERE id = ?1", ticketId);
  const contacts = await env.DB.prepare(
    `SELECT id, email, email_verified_at, merged_into_id, updated_at FROM contacts
      WHERE lower(email) = ?1 OR id = ?2 ORDER BY id`,
  )
    .bind(address.toLowerCase(), ticket?.contact_id)
    .all();
  const identities = await env.DB.prepare(
    "SELECT id, contact_id, external_id FROM channel_identities WHERE external_id = ?1 OR contact_id = ?2 ORDER BY id",
  )
    .bind(address.toLowerCase(), ticket?.contact_id)
    .all();
  const links = await env.DB.prepare(
    "SELECT id, used_at, outcome FROM email_verifications WHERE ticket_id = ?1 OR email = ?2 ORDER BY id",
  )
    .bind(ticketId, address.toLowerCase())
    .all();
  return { ticket, contacts: contacts.results, identities: identities.results, links: links.results };
}
