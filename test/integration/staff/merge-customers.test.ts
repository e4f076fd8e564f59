/**
 * Merging tickets of two different customers, seen from each customer's side. A merge across
 * customers is refused unless an admin confirms it; after it, each customer's page and attachments
 * show only their own messages and the replies sent to them, and every staff reply reaches the
 * person whose message it answers, through that person's channel and conversation.
 */
import { afterAll, describe, expect, it } from "vitest";
import { headerOf, receive, ticketOf } from "../channels/email/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { fakeTelegram, postUpdate, ticketIdsOfChat, waitForSent } from "../channels/telegram/harness";
import { createTicket, PNG_1X1, postJson, postMultipart, uniqueIp } from "../channels/webform/builders";
import {
  call as customerCall,
  mailSubject,
  mailsTo,
  mailText,
  randomAddress,
  randomBody,
  rawEmail,
  ticketPage,
  waitForMailTo,
} from "../channels/webform/claims-helpers";
import { deliveryOf, staffTicket, waitFor } from "../support";
import { BOOTSTRAP, call, count, settleDeliveries, staffWithToken } from "./helpers";

afterAll(() => settleDeliveries());

const merge = (id: string, intoId: string, token = BOOTSTRAP, confirm?: boolean) =>
  call("POST", `/api/staff/tickets/${id}/merge`, {
    token,
    json: confirm === undefined ? { intoId } : { intoId, confirmDifferentCustomers: confirm },
  });

async function reply(ticketId: string, body: string, replyToMessageId?: string) {
  const res = await call("POST", `/api/staff/tickets/${ticketId}/replies`, {
    token: BOOTSTRAP,
    json: replyToMessageId ? { body, replyToMessageId } : { body },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const { message } = (await res.json()) as { message: { id: string; channel: string } };
  await deliveryOf(ticketId, message.id, (s) => s === "sent" || s === "failed");
  return message;
}

/** A customer on Telegram writes; returns their ticket. */
async function telegramWrites(chatId: number, text: string) {
  const res = await postUpdate(telegramUpdate({ chatId, text, firstName: "Bo" }));
  expect(res.status).toBe(200);
  return waitFor(async () => {
    const n = await count("SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND body = ?1", text);
    return n > 0 ? true : undefined;
  }, "telegram message stored");
}

async function telegramTicket(chatId: number): Promise<string> {
  const [id] = await ticketIdsOfChat(chatId);
  if (!id) throw new Error(`no ticket for chat ${chatId}`);
  return id;
}

/** A web-form customer with an attachment; their texts, ticket and attachment id. */
async function formCustomer(tag: string) {
  const body = randomBody(tag);
  const filename = `${randomBody(`${tag}file`).replace(/[^A-Za-z0-9-]/g, "")}.png`;
  const key = `k-${crypto.randomUUID()}`;
  const res = await postMultipart(
    "/api/tickets",
    {
      email: randomAddress(),
      name: tag,
      category: "deposit",
      subject: randomBody(`${tag}subj`),
      description: body,
      idempotencyKey: key,
    },
    [{ name: filename, type: "image/png", data: PNG_1X1 }],
    { headers: { Accept: "application/json" }, ip: uniqueIp() },
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { ticket: { id: string; number: string }; link: string };
  const token = created.link.slice("/t/".length);
  const { messages } = await staffTicket(created.ticket.id);
  const att = messages.flatMap((m) => m.attachments)[0];
  if (!att) throw new Error("no attachment stored");
  return { id: created.ticket.id, number: created.ticket.number, token, texts: [body], filename, attachmentId: att.id };
}

async function pageReply(token: string, body: string) {
  const res = await postJson(`/t/${token}/replies`, { body, idempotencyKey: `r-${crypto.randomUUID()}` });
  expect(res.status, `reply on /t/: ${await res.clone().text()}`).toBe(201);
  return ((await res.json()) as { message: { id: string } }).message.id;
}

function expectNone(haystack: string, needles: string[], what: string) {
  for (const n of needles) expect(haystack, `${what} must not show ${n}`).not.toContain(n);
}

describe("merging tickets of different customers", { timeout: 30_000 }, () => {
  it("is refused (409) for agents and admins alike unless an admin confirms; an agent's confirmation is 403", async () => {
    const a = await createTicket({ description: randomBody("a") });
    const b = await createTicket({ description: randomBody("b") });
    const agent = await staffWithToken("agent");
    const admin = await staffWithToken("admin");

    for (const token of [agent.token, admin.token, BOOTSTRAP]) {
      for (const confirm of [undefined, false]) {
        const res = await merge(a.created.ticket.id, b.created.ticket.id, token, confirm);
        expect(res.status).toBe(409);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        expect(error.code).toBe("different_customers");
        expect(error.message).toMatch(/different customers/i);
      }
    }
    const forbidden = await merge(a.created.ticket.id, b.created.ticket.id, agent.token, true);
    expect(forbidden.status).toBe(403);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM tickets WHERE id IN (?1, ?2) AND merged_into_id IS NOT NULL",
        a.created.ticket.id,
        b.created.ticket.id,
      ),
    ).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", a.created.ticket.id)).toBeGreaterThan(
      0,
    );

    const ok = await merge(a.created.ticket.id, b.created.ticket.id, admin.token, true);
    expect(ok.status).toBe(200);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.merge' AND target_id = ?1 AND actor_id = ?2",
        a.created.ticket.id,
        admin.id,
      ),
    ).toBe(1);
  });

  it("after an admin merges them, each customer's page and attachments show only their own conversation", async () => {
    const a = await formCustomer("alice");
    const b = await formCustomer("bob");
    a.texts.push(randomBody("alice"));
    b.texts.push(randomBody("bob"));
    await pageReply(a.token, a.texts[1] as string);
    await pageReply(b.token, b.texts[1] as string);
    expect((await merge(a.id, b.id, BOOTSTRAP, true)).status).toBe(200);

    // Both keep writing on their own pages; the conversation lives on the merged ticket for staff.
    a.texts.push(randomBody("alice"));
    b.texts.push(randomBody("bob"));
    const aLast = await pageReply(a.token, a.texts[2] as string);
    await pageReply(b.token, b.texts[2] as string);
    const staffBodies = (await staffTicket(b.id)).messages.map((m) => m.body);
    for (const t of [...a.texts, ...b.texts]) expect(staffBodies).toContain(t);

    // A reply answering Alice, and one answering the latest message (Bob's).
    const toAlice = randomBody("to-alice");
    await reply(b.id, toAlice, aLast);
    const toBob = randomBody("to-bob");
    await reply(b.id, toBob);

    const pageA = await ticketPage(a.token);
    const pageB = await ticketPage(b.token);
    for (const t of [...a.texts, toAlice, a.filename]) expect(pageA).toContain(t);
    for (const t of [...b.texts, toBob, b.filename]) expect(pageB).toContain(t);
    expectNone(pageA, [...b.texts, toBob, b.filename], "Alice's page");
    expectNone(pageB, [...a.texts, toAlice, a.filename], "Bob's page");

    // Attachments: each link reaches only its own customer's files.
    expect((await customerCall("GET", `/t/${a.token}/attachments/${a.attachmentId}`)).status).toBe(200);
    expect((await customerCall("GET", `/t/${b.token}/attachments/${b.attachmentId}`)).status).toBe(200);
    expect((await customerCall("GET", `/t/${a.token}/attachments/${b.attachmentId}`)).status).toBe(404);
    expect((await customerCall("GET", `/t/${b.token}/attachments/${a.attachmentId}`)).status).toBe(404);

    // Staff see who each message belongs to.
    const { messages } = await staffTicket(b.id);
    const origins = new Set(messages.map((m) => (m as unknown as { originTicketId: string }).originTicketId));
    expect(origins).toEqual(new Set([a.id, b.id]));
  });

  it("a staff reply goes to the customer it answers, through that customer's channel", async () => {
    const chat = newChatId();
    const bobTexts = [randomBody("tg-bob")];
    await telegramWrites(chat, bobTexts[0] as string);
    const bobTicket = await telegramTicket(chat);
    // Alice writes last, through the form.
    const alice = await formCustomer("alice");
    expect((await merge(alice.id, bobTicket, BOOTSTRAP, true)).status).toBe(200);

    // The latest customer message is Alice's: the reply is hers, on her page, never on Bob's Telegram.
    const toAlice = randomBody("to-alice");
    const r1 = await reply(bobTicket, toAlice);
    expect(r1.channel).toBe("webform");
    expect(await ticketPage(alice.token)).toContain(toAlice);

    // Bob writes again on Telegram: the next reply answers him there.
    bobTexts.push(randomBody("tg-bob"));
    await telegramWrites(chat, bobTexts[1] as string);
    const toBob = randomBody("to-bob");
    const r2 = await reply(bobTicket, toBob);
    expect(r2.channel).toBe("telegram");
    const sent = await waitForSent(chat, 1);
    expect(sent.some((c) => String(c.params.text).includes(toBob))).toBe(true);

    // And an explicit answer to Alice's message goes to her, after Bob wrote.
    const aliceMessage = (await staffTicket(bobTicket)).messages.find((m) => m.body === alice.texts[0]);
    const again = randomBody("to-alice");
    await reply(bobTicket, again, aliceMessage?.id);

    const toTelegram = (await fakeTelegram.calls({ chatId: chat })).map((c) => JSON.stringify(c.params)).join("\n");
    expectNone(toTelegram, [toAlice, again, ...alice.texts, alice.filename], "Bob's Telegram");
    const pageA = await ticketPage(alice.token);
    expect(pageA).toContain(again);
    expectNone(pageA, [toBob, ...bobTexts], "Alice's page");

    // A reply may only answer a customer message of this ticket.
    const foreign = await createTicket({ description: randomBody("other") });
    const foreignMsg = (await staffTicket(foreign.created.ticket.id)).messages.find((m) => m.direction === "in");
    const bad = await call("POST", `/api/staff/tickets/${bobTicket}/replies`, {
      token: BOOTSTRAP,
      json: { body: "x", replyToMessageId: foreignMsg?.id },
    });
    expect(bad.status).toBe(400);
  });

  it("a merged customer's next email stays in their own conversation, and answers to it are emailed to them only", async () => {
    const alice = randomAddress();
    const rootId = `<root.${crypto.randomUUID()}@alice.test>`;
    const aliceTexts = [randomBody("mail-alice")];
    await receive(
      rawEmail({
        from: alice,
        to: "support@relaydesk.test",
        subject: "Withdrawal",
        messageId: rootId,
        body: aliceTexts[0] as string,
      }),
      { from: alice },
    );
    const aliceTicket = await ticketOf(rootId);
    const aliceNumber = (await staffTicket(aliceTicket)).ticket.number;
    const bob = await formCustomer("bob");
    expect((await merge(aliceTicket, bob.id, BOOTSTRAP, true)).status).toBe(200);

    const aliceMsg = (await staffTicket(bob.id)).messages.find((m) => m.body === aliceTexts[0]);
    const toAlice = randomBody("to-alice");
    await reply(bob.id, toAlice, aliceMsg?.id);
    const mail = await waitForMailTo(alice, (m) => mailText(m.mime).includes(toAlice));
    expect(mailSubject(mail.mime)).toContain(aliceNumber);
    expect(mailSubject(mail.mime)).not.toContain(bob.number);

    // Alice answers the mail: it joins her conversation (on the merged ticket), never Bob's page.
    aliceTexts.push(randomBody("mail-alice"));
    await receive(
      rawEmail({
        from: alice,
        to: /<?([^<>\s]+)>?/.exec(headerOf(mail.mime, "Reply-To") ?? "")?.[1] ?? "support@relaydesk.test",
        subject: `Re: ${mailSubject(mail.mime)}`,
        messageId: `<a2.${crypto.randomUUID()}@alice.test>`,
        inReplyTo: headerOf(mail.mime, "Message-ID") ?? undefined,
        body: aliceTexts[1] as string,
      }),
      { from: alice },
    );
    expect((await staffTicket(bob.id)).messages.map((m) => m.body)).toContain(aliceTexts[1]);
    const second = randomBody("to-alice");
    await reply(bob.id, second);
    await waitForMailTo(alice, (m) => mailText(m.mime).includes(second));

    const pageB = await ticketPage(bob.token);
    expectNone(pageB, [...aliceTexts, toAlice, second], "Bob's page");
    for (const m of await mailsTo(alice)) expectNone(mailText(m.mime), [...bob.texts, bob.filename], "Alice's mail");
  });
});
