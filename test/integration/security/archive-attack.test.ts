/**
 * Another customer (or an outsider forging the customer's address) against an email customer's ARCHIVED ticket
 * (workerd, real D1 + R2, the email handler and the fake Mailgun), fresh each run (ATTACK_SEED replays): quoting its
 * `[RD-n]`, answering our archived Message-IDs, writing to its plus-address, forging the customer's From (failing, or
 * with no verdict after the address was proven), typing the customer's address into the web form, asking for its
 * archived file or its ticket id through their own `/t/` link, rating it from the chat. None of it restores the
 * ticket, reaches its conversation, or mails the customer the attacker's words; the customer's own reply (two at
 * once) restores it exactly once, with its rows as they were and nothing of the attacker's.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { archiveTicket } from "../../../src/pipeline/archive";
import { closeLongAgo, delivered, snapshot, call as staffCall } from "../archive/helpers";
import {
  customerWithSentAck,
  fakeMailgun,
  headerOf,
  plainMail,
  receive,
  staffReply,
  staffTicket,
  ticketOf,
  waitForMail,
} from "../channels/email/harness";
import { formPayload, postJson } from "../channels/webform/builders";
import { newSession, postChat } from "../channels/webform/chat-helpers";
import { call, mailText } from "../channels/webform/claims-helpers";
import { BOOTSTRAP } from "../support";
import { attackRandom } from "./attack-seed";
import { webCustomer } from "./web-customer";

const rnd = attackRandom("archive-attack");
const cutoff = () => new Date(Date.now() - 90 * 86_400_000).toISOString();

async function archiveState(ticketId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT state FROM archived_tickets WHERE ticket_id = ?1")
    .bind(ticketId)
    .first<{ state: string }>();
  return row?.state;
}

/** An email customer's ticket with our acknowledgement and a staff reply sent, a file, closed long ago, archived. */
async function archivedEmailTicket() {
  const address = `v${rnd.word(8)}@victim-${rnd.word(6)}.test`;
  const { ticketId, ackHeader } = await customerWithSentAck(address, `Deposit missing ${rnd.word(6)}`);
  const secretWord = `zq${rnd.word(12)}`;
  const reply = await staffReply(ticketId, `We found ${secretWord} on our side`);
  await delivered(ticketId, "the staff reply");
  const replyMail = await waitForMail(address, (m) => mailText(m.mime).includes(secretWord));
  const replyHeader = headerOf(replyMail.mime, "Message-ID") as string;
  const plusAddress = /<?([^<>\s]+@[^<>\s]+)>?/.exec(headerOf(replyMail.mime, "Reply-To") ?? "")?.[1] as string;
  expect(plusAddress).toMatch(/\+/);
  // A file on the customer's first message, as a channel stores one.
  const first = (await staffTicket(ticketId)).messages.find((m) => m.direction === "in");
  const attachmentId = `att_${rnd.word(16)}`;
  const bytes = crypto.getRandomValues(new Uint8Array(80));
  const r2Key = `attachments/email/${rnd.word(16)}/0-statement.bin`;
  await env.ATTACHMENTS.put(r2Key, bytes);
  await env.DB.prepare(
    `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
     VALUES (?1, ?2, ?3, 'statement.bin', 'application/octet-stream', 80, ?4)`,
  )
    .bind(attachmentId, first?.id, r2Key, new Date().toISOString())
    .run();
  const closed = await staffCall("PATCH", `/api/staff/tickets/${ticketId}`, {
    token: BOOTSTRAP,
    json: { status: "closed" },
  });
  expect(closed.status, await closed.clone().text()).toBe(200);
  await closeLongAgo(ticketId, 200);
  const before = await snapshot(ticketId);
  expect(await archiveTicket(env, ticketId, cutoff(), new Date().toISOString())).toBe(true);
  const row = await env.DB.prepare("SELECT number, access_token FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ number: number; access_token: string }>();
  return {
    address,
    ticketId,
    number: `RD-${row?.number}`,
    token: row?.access_token as string,
    ackHeader,
    replyHeader,
    replyId: reply.id,
    plusAddress,
    secretWord,
    attachmentId,
    before,
  };
}

type Victim = Awaited<ReturnType<typeof archivedEmailTicket>>;

/** One attack by email: the raw mail, the envelope and the door's verdict. Returns the mail's Message-ID. */
async function mailAttack(
  victim: Victim,
  o: { from: string; to?: string; subject: string; refs?: string[]; auth?: "pass" | "fail" | "none" },
  marker: string,
): Promise<string> {
  const messageId = `<atk.${rnd.word(16)}@${o.from.split("@")[1]}>`;
  const raw = plainMail({
    from: o.from,
    to: o.to ?? "support@relaydesk.test",
    messageId,
    subject: o.subject,
    body: `${marker} please send me everything about ${victim.number}`,
    ...(o.refs ? { refs: o.refs } : {}),
  });
  const auth =
    o.auth === "fail"
      ? ({ dmarc: "fail", spf: "fail", dkim: "fail" } as const)
      : o.auth === "none"
        ? null
        : ({ dmarc: "pass", spf: "pass", dkim: "pass" } as const);
  await receive(raw, { from: o.from, to: o.to ?? "support@relaydesk.test" }, auth);
  return messageId;
}

describe("an archived ticket against another customer", { timeout: 120_000 }, () => {
  it("is restored, reached or mailed by nothing but its own customer's reply; that reply restores it once", async () => {
    const victim = await archivedEmailTicket();
    const attacker = `a${rnd.word(8)}@attacker-${rnd.word(6)}.test`;
    const tag = () => rnd.pick([`[${victim.number}]`, `[${victim.number.toLowerCase()}]`, `Re: [${victim.number}]`]);
    const markers: string[] = [];
    const marker = () => {
      const m = `mk${rnd.word(14)}`;
      markers.push(m);
      return m;
    };

    const attacks: Array<{ name: string; run: () => Promise<string | null> }> = [
      {
        name: "a verified stranger quoting [RD-n]",
        run: () => mailAttack(victim, { from: attacker, subject: `${tag()} ${rnd.word(5)}` }, marker()),
      },
      {
        name: "a stranger answering our archived Message-IDs",
        run: () =>
          mailAttack(
            victim,
            {
              from: attacker,
              subject: `Re: ${tag()}`,
              refs: rnd.pick([[victim.ackHeader], [victim.replyHeader], [victim.ackHeader, victim.replyHeader]]),
              auth: rnd.pick(["pass", "none"] as const),
            },
            marker(),
          ),
      },
      {
        name: "a verified stranger writing to the plus-address",
        run: () => mailAttack(victim, { from: attacker, to: victim.plusAddress, subject: `Re: ${tag()}` }, marker()),
      },
      {
        name: "the customer's From, failing authentication, with every secret",
        run: () =>
          mailAttack(
            victim,
            {
              from: victim.address,
              to: victim.plusAddress,
              subject: `Re: ${tag()}`,
              refs: [victim.replyHeader],
              auth: "fail",
            },
            marker(),
          ),
      },
      {
        name: "the customer's From with no verdict after it was proven",
        run: () =>
          mailAttack(
            victim,
            { from: victim.address, to: victim.plusAddress, subject: `Re: ${tag()}`, auth: "none" },
            marker(),
          ),
      },
      {
        name: "the web form with the customer's address and number",
        run: async () => {
          const m = marker();
          const res = await postJson(
            "/api/tickets",
            formPayload({ email: victim.address, subject: `${tag()} ${m}`, description: `${m} ${victim.number}` }),
          );
          expect(res.status).toBe(201);
          return null;
        },
      },
    ];
    for (const attack of rnd.next() < 0.5 ? attacks : [...attacks].reverse()) {
      const messageId = await attack.run();
      if (messageId) expect(await ticketOf(messageId), attack.name).not.toBe(victim.ticketId);
      expect(await archiveState(victim.ticketId), attack.name).toBe("archived");
    }

    // Through the attacker's own link: the archived file, the ticket's id or number where the link belongs.
    const own = await webCustomer("intruder");
    for (const path of [
      `/t/${own.token}/attachments/${victim.attachmentId}`,
      `/t/${victim.ticketId}`,
      `/t/${victim.number}`,
      `/t/${victim.ticketId}/attachments/${victim.attachmentId}`,
    ]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
    }
    // Rating it from the chat is refused exactly as rating a ticket that does not exist.
    const chat = await newSession();
    const rate = async (ticketId: string) => {
      const res = await postChat(chat.token, { clientId: `c${rnd.word(12)}`, action: `csat:${ticketId}:5` });
      return { status: res.status, body: await res.text() };
    };
    expect(await rate(victim.ticketId)).toEqual(await rate(`tkt_${rnd.word(24)}`));
    expect(await archiveState(victim.ticketId)).toBe("archived");
    // The customer's own link still shows the conversation (from R2), without the attacker's words.
    const page = await (await call("GET", `/t/${victim.token}`, { browser: true })).text();
    expect(page).toContain(victim.secretWord);
    for (const m of markers) expect(page).not.toContain(m);

    // The customer answers our reply twice at once: the ticket comes back once, both answers are stored once.
    const answers = [`ans1${rnd.word(10)}`, `ans2${rnd.word(10)}`];
    const ids = answers.map(() => `<ans.${rnd.word(16)}@${victim.address.split("@")[1]}>`);
    await Promise.all(
      answers.map((body, i) =>
        receive(
          plainMail({
            from: victim.address,
            to: victim.plusAddress,
            messageId: ids[i] as string,
            subject: `Re: [${victim.number}] Deposit`,
            body,
            refs: [victim.replyHeader],
          }),
          { from: victim.address, to: victim.plusAddress },
        ),
      ),
    );
    expect(await archiveState(victim.ticketId)).toBe("restored");
    expect((await snapshot(victim.ticketId)).messages).toEqual(victim.before.messages);
    for (const id of ids) {
      const n = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM messages m JOIN email_inbound e ON e.message_id = m.id WHERE e.message_id_header = ?1",
      )
        .bind(id)
        .first<{ n: number }>();
      expect(n?.n, id).toBe(1);
    }
    // Nothing of the attacker's is in any ticket of the customer's contact, or in any mail the customer got.
    const contact = (await staffTicket(victim.ticketId)).ticket.contact.id;
    const { results } = await env.DB.prepare(
      "SELECT m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ?1",
    )
      .bind(contact)
      .all<{ body: string }>();
    for (const m of markers) {
      expect(
        results.some((r) => r.body.includes(m)),
        m,
      ).toBe(false);
      expect(
        (await fakeMailgun.sent(victim.address)).some((s) => mailText(s.mime).includes(m)),
        m,
      ).toBe(false);
    }
    // And nothing the attacker was mailed carries the customer's words.
    expect((await fakeMailgun.sent(attacker)).some((s) => mailText(s.mime).includes(victim.secretWord))).toBe(false);
  });
});
