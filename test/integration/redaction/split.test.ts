/**
 * A secret cut into pieces, the way customers paste it: over the web form's fields, over
 * consecutive messages on Telegram, Discord, email and the ticket page. Every piece, the earlier
 * ones included, is redacted (rows, search index, staff API, staff search); a redelivery changes
 * nothing; another sender's words are never joined with the customer's. Phrases are random.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { joinWords, pick, randomInt, randomPhrase, randomToken, splitWords } from "../../support/phrases";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { postRelay, ticketIdsOf } from "../channels/discord/harness";
import { newChatId, SUPPORT_GROUP, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { formPayload, postJson } from "../channels/webform/builders";
import { postmarkMessage } from "../reliability/channels-email";
import { emailTicketOf, expectSecretGone, inboundRows, sendPostmark } from "./checks";

const MARKER = /\[redacted: [^\]]+\]/;
/**
 * What these tests write around a phrase, defaults of the builders included (a form's "Alice Example",
 * "deposit" and "@example.com", Discord's "Lin", Postmark's "Pat Mark" at "customer.test", and the
 * "claim:<hash>" a form's unproven address is kept under, which people search reads): no phrase
 * draws a word of it, or the frame left in a row would read as a leaked phrase word.
 */
const FRAME =
  "order help hello Wallet Zqi Xu Alice Example example.com deposit missing arrived Lin Pat Mark customer.test Re claim";

/** Every inbound message of the ticket carries the marker and the flag. */
async function expectAllRedacted(ticketId: string, count: number) {
  const rows = await inboundRows(ticketId);
  expect(rows).toHaveLength(count);
  for (const r of rows) {
    expect(r.body, `message ${r.id}`).toMatch(MARKER);
    expect(r.redacted, `flag of ${r.id}`).toBe(1);
  }
  return rows;
}

describe("a secret split over fields and messages", { timeout: 60_000 }, () => {
  it("web form: a phrase cut over subject, description and TxID is redacted in every field", async () => {
    const phrase = randomPhrase({ avoid: FRAME });
    const token = randomToken();
    const [a, b, c] = splitWords(phrase.words, 3) as [string[], string[], string[]];
    const res = await postJson(
      "/api/tickets",
      formPayload({
        // A name of no wordlist words: "Alice Example" would hold a phrase word whenever the phrase has "example".
        name: "Zqi Xu",
        subject: `${token} ${joinWords(a, "space")}`,
        description: joinWords(b),
        txid: joinWords(c, "space").slice(0, 128),
      }),
    );
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as { ticket: { id: string } };
    const row = await env.DB.prepare("SELECT subject, metadata FROM tickets WHERE id = ?1")
      .bind(ticket.id)
      .first<{ subject: string; metadata: string }>();
    expect(row?.subject).toMatch(MARKER);
    expect(row?.subject).toContain(token);
    await expectAllRedacted(ticket.id, 1);
    await expectSecretGone(ticket.id, phrase.words, { token });
  });

  it("Telegram: a phrase sent in two messages redacts the first one too (subject and search entry included); two senders in a group are never joined", async () => {
    const phrase = randomPhrase({ avoid: FRAME });
    const token = randomToken();
    const chatId = newChatId();
    const [a, b] = splitWords(phrase.words, 2) as [string[], string[]];
    // The first half opens the ticket (its subject is made from it); the second comes later.
    await deliverUpdate(telegramUpdate({ chatId, text: joinWords(a) }));
    const { ticket } = await latestTicketOfChat(chatId);
    await deliverUpdate(telegramUpdate({ chatId, text: `${joinWords(b)}\n${token}` }));
    await expectAllRedacted(ticket.id, 2);
    await expectSecretGone(ticket.id, phrase.words, { token });

    // In a support group, the halves of two different senders are their own words: neither is changed.
    const other = randomPhrase({ lang: "en" });
    // Six words each: eleven or more wordlist words in one message are a (broken) phrase on their own.
    const [x, y] = [other.words.slice(0, 6), other.words.slice(6)].map((p) => joinWords(p, "space")) as [
      string,
      string,
    ];
    const [alice, bob] = [newChatId(), newChatId()];
    await deliverUpdate(telegramUpdate({ chatId: SUPPORT_GROUP, userId: alice, text: x }));
    await deliverUpdate(telegramUpdate({ chatId: SUPPORT_GROUP, userId: bob, text: y }));
    const group = await latestTicketOfChat(SUPPORT_GROUP);
    const bodies = (await inboundRows(group.ticket.id)).map((r) => r.body);
    expect(bodies).toContain(x);
    expect(bodies).toContain(y);
  });

  it("Telegram: an 18-word phrase cut after 3 to 6 words, the rest a phrase on its own: both messages are redacted", async () => {
    // Redacted alone, the second message may keep a word or two next to its marker (`unlock [redacted: seed
    // phrase]`); its phrase still continues the first message's words (src/core/redact-thread-absorb.ts).
    for (let k = 0; k < 3; k++) {
      const phrase = randomPhrase({ lang: "en", words: 18, avoid: `${FRAME} my seed phrase` });
      const token = randomToken();
      const chatId = newChatId();
      const first = 3 + randomInt(4);
      const label = pick(["", "my seed phrase: "]);
      await deliverUpdate(telegramUpdate({ chatId, text: `${label}${joinWords(phrase.words.slice(0, first))}` }));
      const { ticket } = await latestTicketOfChat(chatId);
      await deliverUpdate(telegramUpdate({ chatId, text: `${joinWords(phrase.words.slice(first))}\n${token}` }));
      await expectAllRedacted(ticket.id, 2);
      await expectSecretGone(ticket.id, phrase.words, { token });
    }
  });

  it("Telegram: one word per message (12, 18 or 24 messages), the reference sent first", async () => {
    const phrase = randomPhrase({ words: pick([12, 18, 24] as const), avoid: FRAME });
    const token = randomToken();
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `order ${token}` }));
    for (const w of phrase.words) await deliverUpdate(telegramUpdate({ chatId, text: w }));
    const { ticket } = await latestTicketOfChat(chatId);
    const rows = await inboundRows(ticket.id);
    expect(rows).toHaveLength(phrase.words.length + 1);
    expect(rows[0]).toMatchObject({ body: `order ${token}`, redacted: 0 });
    for (const r of rows.slice(1)) expect(r).toMatchObject({ body: "[redacted: seed phrase]", redacted: 1 });
    await expectSecretGone(ticket.id, phrase.words, { token });
  });

  it("Telegram: both halves delivered at once, then each redelivered: two messages, both redacted", async () => {
    // Cut anywhere, and after the first word or before the last: the other 11 words are a (broken) phrase on their
    // own, redacted alone to a bare marker, and the lone word, stored before or after them, is still a piece.
    for (const cut of [1 + randomInt(11), 1, 11]) {
      const phrase = randomPhrase({ avoid: FRAME });
      const token = randomToken();
      const chatId = newChatId();
      await deliverUpdate(telegramUpdate({ chatId, text: `hello ${token}` }));
      const [a, b] = [phrase.words.slice(0, cut), phrase.words.slice(cut)];
      const first = telegramUpdate({ chatId, text: joinWords(a) });
      const second = telegramUpdate({ chatId, text: joinWords(b) });
      await Promise.all([deliverUpdate(first), deliverUpdate(second)]);
      const { ticket } = await latestTicketOfChat(chatId);
      const before = await inboundRows(ticket.id);
      await Promise.all([deliverUpdate(second), deliverUpdate(first)]);
      expect(await inboundRows(ticket.id)).toEqual(before);
      expect(
        before.slice(1).map((r) => r.redacted),
        `cut after word ${cut}`,
      ).toEqual([1, 1]);
      await expectSecretGone(ticket.id, phrase.words, { token });
    }
  });

  it("Discord: a phrase over three DMs", async () => {
    const phrase = randomPhrase({ avoid: FRAME });
    const token = randomToken();
    const userId = snowflake();
    expect((await postRelay(relayMessage({ userId, content: `help ${token}` }))).status).toBe(200);
    for (const piece of splitWords(phrase.words, 3)) {
      expect((await postRelay(relayMessage({ userId, content: joinWords(piece) }))).status).toBe(200);
    }
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    const rows = await inboundRows(ticketId as string);
    expect(rows.slice(1).map((r) => r.redacted)).toEqual([1, 1, 1]);
    await expectSecretGone(ticketId as string, phrase.words, { token });
  });

  it("email: a phrase over the subject, the body, and a reply's body", async () => {
    const phrase = randomPhrase({ avoid: FRAME });
    const token = randomToken();
    const [a, b, c] = splitWords(phrase.words, 3) as [string[], string[], string[]];
    const from = `${randomToken("c")}@customer.test`;
    const first = { from, messageId: `<${token}.1@customer.test>`, subject: joinWords(a, "space") };
    await sendPostmark(postmarkMessage({ ...first, text: joinWords(b) }));
    const ticket = await emailTicketOf(from);
    // The reply threads by the ticket number in its subject (the sender is the ticket's contact).
    await sendPostmark(
      postmarkMessage({
        from,
        messageId: `<${token}.2@customer.test>`,
        subject: `Re: [RD-${ticket.number}] ${token}`,
        text: `${joinWords(c)}\n\n${token}`,
      }),
    );
    await expectAllRedacted(ticket.id, 2);
    await expectSecretGone(ticket.id, phrase.words, { token });
  });

  it("web form: the ticket page's reply completes a phrase begun in the description", async () => {
    const phrase = randomPhrase({ avoid: FRAME });
    const token = randomToken();
    const [a, b] = splitWords(phrase.words, 2) as [string[], string[]];
    const res = await postJson("/api/tickets", formPayload({ subject: `Wallet ${token}`, description: joinWords(a) }));
    const created = (await res.json()) as { ticket: { id: string }; link: string };
    const reply = await postJson(`${created.link}/replies`, { body: joinWords(b) });
    expect(reply.status).toBe(201);
    await expectAllRedacted(created.ticket.id, 2);
    await expectSecretGone(created.ticket.id, phrase.words, { token });
  });
});
