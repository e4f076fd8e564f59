/**
 * A forger writes "from" a customer's address without passing SPF/DKIM/DMARC. Whatever we mail
 * back goes to the real owner of that address: it must not carry the forger's words (subject,
 * display name), or the forger steers our official mail into someone else's mailbox.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fakeMailgun, receive, ticketOf, waitForMail } from "../channels/email/harness";
import { mailSubject, mailText, randomAddress, rawEmail } from "../channels/webform/claims-helpers";
import { settledOutbox, staffReply } from "../support";

function lure(): { subject: string; name: string; token: string } {
  const token = `lure${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const subjects = [
    `Your account is locked, confirm at https://evil-${token}.example`,
    `账户已冻结 请访问 evil-${token}.example 解冻`,
    `URGENT ${token}: withdrawal held, call +1 555 0100`,
  ];
  return {
    subject: subjects[Math.floor(Math.random() * subjects.length)] as string,
    name: `Security Team ${token}`,
    token,
  };
}

/** Headers (encoded-words decoded) and the text part of a mail we sent: what its reader sees. */
function readable(mime: string): string {
  const head = mime.slice(0, mime.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, " ");
  const decoded = head.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) => {
    const bytes =
      enc.toUpperCase() === "B"
        ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
        : Uint8Array.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            (c) => c.charCodeAt(0),
          );
    return new TextDecoder().decode(bytes);
  });
  return `${decoded}\n${mailText(mime)}`;
}

/** The raw email with a display name of our choosing. */
function forged(o: { from: string; name: string; subject: string; messageId: string }): string {
  return rawEmail({
    from: o.from,
    to: "support@relaydesk.test",
    subject: o.subject,
    messageId: o.messageId,
    body: "x",
  }).replace("From: Mailbox Owner <", `From: "${o.name}" <`);
}

const FAILING = [null, { dmarc: "fail", spf: "fail", dkim: "fail" }, { dmarc: "none", spf: "softfail" }] as const;

describe("mail to an address whose From was forged", { timeout: 60_000 }, () => {
  it("the acknowledgement and staff answers carry none of the forger's words; a proven sender's do", async () => {
    const victim = randomAddress();
    const bad = lure();
    const auth = FAILING[Math.floor(Math.random() * FAILING.length)] ?? null;
    const messageId = `<f.${crypto.randomUUID()}@forger.test>`;
    await receive(forged({ from: victim, name: bad.name, subject: bad.subject, messageId }), { from: victim }, auth);
    const ticketId = await ticketOf(messageId);
    if (auth === null) {
      // No verdict: acknowledged, in none of the forger's words.
      const ack = await waitForMail(victim);
      expect(mailSubject(ack.mime)).toMatch(/\[RD-\d+\]/);
      expect(readable(ack.mime)).not.toContain(bad.token);
    } else {
      // Failed authentication: the bot says nothing at all (channels/email/apart.ts).
      expect(await settledOutbox({ ticketId })).toHaveLength(0);
      expect(await fakeMailgun.sent(victim)).toHaveLength(0);
    }

    // A staff answer on that ticket (staff see it is unverified, but may still write) says only what staff wrote.
    const staffBody = `We are looking into it ${crypto.randomUUID()}`;
    await staffReply(ticketId, staffBody);
    const answer = await waitForMail(victim, (m) => mailText(m.mime).includes(staffBody));
    expect(readable(answer.mime)).not.toContain(bad.token);
    expect(mailSubject(answer.mime)).toMatch(/\[RD-\d+\]/);

    // The control: the same mail from a proven sender keeps its subject (so the check above can fail).
    const owner = randomAddress();
    const good = lure();
    await receive(
      forged({ from: owner, name: good.name, subject: good.subject, messageId: `<g.${crypto.randomUUID()}@ok.test>` }),
      { from: owner },
    );
    const ownAck = await waitForMail(owner);
    expect(mailSubject(ownAck.mime)).toContain(good.token);
    expect((await fakeMailgun.sent(victim)).every((m) => !readable(m.mime).includes(bad.token))).toBe(true);
    expect(readable(ownAck.mime)).toContain(good.name);
  });

  it("a forged From asking for a link code gets none; the proven owner of an address does", async () => {
    const codesOf = async (externalId: string) =>
      (
        await env.DB.prepare("SELECT COUNT(*) AS n FROM link_codes WHERE channel = 'email' AND external_id = ?1")
          .bind(externalId)
          .first<{ n: number }>()
      )?.n ?? 0;
    const ask = Math.random() < 0.5 ? "/link" : "／link";
    const asking = (from: string, domain: string) =>
      forged({ from, name: "x", subject: ask, messageId: `<l.${crypto.randomUUID()}@${domain}>` }).replace(
        /\r\n\r\nx\r\n/,
        `\r\n\r\n${ask}\r\n`,
      );
    const victim = randomAddress();
    const auth = FAILING[Math.floor(Math.random() * FAILING.length)] ?? null;
    await receive(asking(victim, "forger.test"), { from: victim }, auth);
    // No verdict: acknowledged; a failing one gets nothing (receive() waited for the handler's work).
    if (auth === null) await waitForMail(victim);
    for (const m of await fakeMailgun.sent(victim)) expect(mailText(m.mime)).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(await codesOf(`unverified:${victim}`)).toBe(0);

    const owner = randomAddress();
    await receive(asking(owner, "ok.test"), { from: owner });
    await waitForMail(owner, (m) => /[0-9A-Z]{4}-[0-9A-Z]{4}/.test(mailText(m.mime)));
    expect(await codesOf(owner)).toBe(1);
  });
});

describe("a forged From asking for the ticket list", { timeout: 60_000 }, () => {
  it("lists none of the forgers' subjects to the address's owner; the proven owner's own list names them", async () => {
    const asking = (o: { from: string; subject: string; ask: string; messageId: string }) =>
      forged({ from: o.from, name: "x", subject: o.subject, messageId: o.messageId }).replace(
        /\r\n\r\nx\r\n/,
        `\r\n\r\n${o.ask}\r\n`,
      );
    const pickAsk = () => ["/status", "status", "状态", "Status?"][Math.floor(Math.random() * 4)] as string;
    const auth = () => FAILING[Math.floor(Math.random() * FAILING.length)] ?? null;
    const victim = randomAddress();
    // One forger opens a ticket with a lure for a subject; another (or the same) asks for the list.
    const first = lure();
    await receive(
      forged({ from: victim, name: "x", subject: first.subject, messageId: `<f.${crypto.randomUUID()}@forger.test>` }),
      { from: victim },
      auth(),
    );
    const second = lure();
    const askId = `<s.${crypto.randomUUID()}@forger.test>`;
    const askAuth = auth();
    await receive(
      asking({ from: victim, subject: second.subject, ask: pickAsk(), messageId: askId }),
      { from: victim },
      askAuth,
    );
    // Everything the request made go out (its answer is queued with the message) is settled: none names a lure.
    // A failing verdict gets no answer at all (channels/email/apart.ts); no verdict gets one.
    const out = await settledOutbox({ ticketId: await ticketOf(askId) });
    if (askAuth === null) expect(out.length).toBeGreaterThan(0);
    else expect(out).toHaveLength(0);
    for (const o of out) expect(o.body).not.toMatch(new RegExp(`${first.token}|${second.token}`));
    for (const m of await fakeMailgun.sent(victim)) {
      expect(readable(m.mime)).not.toContain(first.token);
      expect(readable(m.mime)).not.toContain(second.token);
    }

    // The control: a proven sender's list names their own subjects (so the check above can fail).
    const owner = randomAddress();
    const own = lure();
    const ownId = `<o.${crypto.randomUUID()}@ok.test>`;
    await receive(asking({ from: owner, subject: own.subject, ask: pickAsk(), messageId: ownId }), { from: owner });
    const ownOut = await settledOutbox({ ticketId: await ticketOf(ownId) });
    expect(ownOut.some((o) => o.body.includes(own.token))).toBe(true);
  });
});
