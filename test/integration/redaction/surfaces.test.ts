/**
 * Every other place customer text lands: display names set outside a message (Telegram's
 * language button, `/link` on Telegram and Discord), attachment names and R2 keys, the content
 * of text files, and edits (the flag follows the text both ways). Secrets are random each run.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { joinWords, pick, randomHexKey, randomPhrase, randomToken, splitWords } from "../../support/phrases";
import { command, snowflake } from "../channels/discord/builders";
import { postInteraction } from "../channels/discord/harness";
import {
  BOT_ID,
  BOT_USERNAME,
  commandUpdate,
  documentUpdate,
  editedUpdate,
  newChatId,
  telegramUpdate,
  update,
} from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, SECRET, waitForSent } from "../channels/telegram/harness";
import { formPayload, PNG_1X1, postMultipart } from "../channels/webform/builders";
import { instrumentedEnv, runApp, toRequest } from "../reliability/harness";
import { api } from "../requests";
import { allKeys, expectSecretGone, inboundRows, leaked, pairsIn } from "./checks";

const MARKER = /\[redacted: [^\]]+\]/;
/**
 * What these tests write around a phrase whose absence they check (a form's defaults "Alice Example",
 * "deposit", "@example.com", the "claim:<hash>" people search reads; "question … (never mind)", "one moment",
 * "my wallet words"): no phrase draws a word of it, or the frame left in a row would read as a leaked phrase word.
 */
const FRAME =
  "Alice Example example.com deposit missing arrived Screenshots File notes.txt export.csv label value note hello " +
  "my wallet words question never mind one moment typo fixed claim";

/** A Telegram user whose first and last names hold the two halves of a phrase. */
function telegramUser(chatId: number, words: string[]) {
  const [a, b] = splitWords(words, 2) as [string[], string[]];
  return { id: chatId, is_bot: false, first_name: a.join(" "), last_name: b.join(" "), language_code: "en" };
}

/** The contact and identity rows of a channel identity, and the staff API's view of that contact. */
async function identityView(channel: string, externalId: string) {
  const row = await env.DB.prepare(
    `SELECT c.id, c.name, i.display_name FROM channel_identities i JOIN contacts c ON c.id = i.contact_id
      WHERE i.channel = ?1 AND i.external_id = ?2`,
  )
    .bind(channel, externalId)
    .first<{ id: string; name: string | null; display_name: string | null }>();
  if (!row) throw new Error(`no identity ${channel}:${externalId}`);
  const res = await api("GET", `/api/staff/contacts/${row.id}`);
  expect(res.status).toBe(200);
  return { ...row, staff: await res.text() };
}

/** Names hold no word of the phrase; the staff API's JSON no two consecutive ones. */
function expectNoWords(view: { name: string | null; display_name: string | null; staff: string }, words: string[]) {
  const none = new Set<string>();
  expect(leaked(`${view.name}\n${view.display_name}`, words, none)).toEqual([]);
  expect(pairsIn(JSON.stringify(JSON.parse(view.staff), null, 1), words, none)).toEqual([]);
}

describe("redaction of names, files and edits", { timeout: 60_000 }, () => {
  it("Telegram language button: the new contact's name and display name hold no phrase", async () => {
    const phrase = randomPhrase();
    const chatId = newChatId();
    await deliverUpdate(
      update("callback_query", {
        id: `cbq-${crypto.randomUUID()}`,
        from: telegramUser(chatId, phrase.words),
        chat_instance: "42",
        data: pick(["lang:en", "lang:zh"]),
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: "private", first_name: "x" },
          from: { id: BOT_ID, is_bot: true, first_name: "Relaydesk", username: BOT_USERNAME },
          text: "Choose",
        },
      }),
    );
    const view = await identityView("telegram", String(chatId));
    expect(view.name).toMatch(MARKER);
    expect(view.display_name).toMatch(MARKER);
    expectNoWords(view, phrase.words);
  });

  it("/link on Telegram and on Discord (issuing and redeeming): names hold no phrase", async () => {
    const tgPhrase = randomPhrase();
    const chatId = newChatId();
    await deliverUpdate(
      commandUpdate({ chatId, command: "link", extra: { from: telegramUser(chatId, tgPhrase.words) } }),
    );
    const sent = await waitForSent(chatId, 1);
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(String(sent[0]?.params.text))?.[1];
    if (!code) throw new Error("no link code");
    const tg = await identityView("telegram", String(chatId));
    expect(tg.display_name).toMatch(MARKER);
    expectNoWords(tg, tgPhrase.words);

    // A new Discord user redeems it (their identity joins the Telegram contact), another issues a code.
    for (const option of [code, null]) {
      const phrase = randomPhrase({ lang: pick(["zh-hans", "zh-hant"] as const) });
      const userId = snowflake();
      const i = command("link", { userId }) as ReturnType<typeof command> & { user: { global_name: string } };
      i.user.global_name = phrase.text;
      const body = option ? { ...i, data: { ...i.data, options: [{ name: "code", type: 3, value: option }] } } : i;
      expect((await postInteraction(body)).status).toBe(200);
      const dc = await identityView("discord", userId);
      expect(dc.display_name).toMatch(MARKER);
      expectNoWords(dc, phrase.words);
    }
  });

  it("attachment names: a phrase in one name or across two names is in no row and no R2 key", async () => {
    const phrase = randomPhrase({ lang: "en", avoid: FRAME });
    const token = randomToken();
    const sep = pick(["_", "-", " ", "."]);
    const [a, b] = splitWords(phrase.words, 2) as [string[], string[]];
    const payload = formPayload({ subject: `Screenshots ${token}` });
    // The form's own words (its description says "deposit", a word of the list too) are not the secret's.
    const own = `${payload.subject} ${payload.description} ${payload.name}`.toLowerCase().split(/\W+/);
    const except = new Set(phrase.words.filter((w) => own.includes(w)));
    const res = await postMultipart("/api/tickets", payload, [
      { name: `${a.join(sep)}.png`, type: "image/png", data: PNG_1X1 },
      { name: `${b.join(sep)}.png`, type: "image/png", data: PNG_1X1 },
    ]);
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as { ticket: { id: string } };
    const files = await env.DB.prepare(
      "SELECT filename, r2_key FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = ?1)",
    )
      .bind(ticket.id)
      .all<{ filename: string; r2_key: string }>();
    expect(files.results).toHaveLength(2);
    for (const f of files.results) expect(f.filename).toMatch(MARKER);
    expect((await inboundRows(ticket.id))[0]?.redacted).toBe(1);
    const keys = await allKeys("attachments/");
    for (const f of files.results) expect(keys).toContain(f.r2_key);
    await expectSecretGone(ticket.id, phrase.words, { token, except });
  });

  it("text files: a .txt, .csv or .json holding a phrase or a key is replaced by a notice, on the form and on Telegram", async () => {
    const phrase = randomPhrase({ avoid: FRAME });
    const key = randomHexKey();
    const kind = pick([
      { name: "notes.txt", type: "text/plain", data: `my wallet words:\n${joinWords(phrase.words)}\n` },
      { name: "export.csv", type: "text/csv", data: `label,value\nnote,hello\nprivate key,${key}\n` },
    ]);
    const token = randomToken();
    const res = await postMultipart("/api/tickets", formPayload({ subject: `File ${token}` }), [kind]);
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as { ticket: { id: string } };
    expect((await inboundRows(ticket.id))[0]?.redacted).toBe(1);
    await expectSecretGone(ticket.id, phrase.words, { token, strings: [key, key.slice(0, 32), key.slice(32)] });

    // The same on Telegram, with a JSON keystore-like export holding a private key.
    const chatId = newChatId();
    const fileId = `doc-${crypto.randomUUID()}`;
    const json = JSON.stringify({ address: "0x52908400098527886E0F7030069857D2E4169EE7", privateKey: key });
    await fakeTelegram.addFile(fileId, new TextEncoder().encode(json));
    await deliverUpdate(
      documentUpdate({
        chatId,
        fileId,
        fileName: `wallet-${token}.json`,
        mimeType: "application/json",
        caption: token,
      }),
    );
    const { ticket: tg } = await latestTicketOfChat(chatId);
    expect((await inboundRows(tg.id))[0]?.redacted).toBe(1);
    await expectSecretGone(tg.id, [], { token, strings: [key, key.slice(0, 32), key.slice(32)] });
  });

  it("Telegram edits: the flag follows the text both ways; an edit never brings back a redacted piece", async () => {
    const chatId = newChatId();
    const token = randomToken();
    const first = telegramUpdate({ chatId, text: `question ${token}` });
    await deliverUpdate(first);
    const { ticket } = await latestTicketOfChat(chatId);
    const messageId = (first.message as { message_id: number }).message_id;
    const edit = (id: number, text: string) => deliverUpdate(editedUpdate({ chatId, messageId: id, text }));
    const phrase = randomPhrase({ avoid: FRAME });
    // The edit that adds a secret (the warning included) costs 2 round trips, like a message.
    const measured = instrumentedEnv();
    const res = await runApp(
      toRequest({
        method: "POST",
        path: "/webhooks/telegram",
        headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
        body: JSON.stringify(
          editedUpdate({ chatId, messageId, text: `question ${token}\n${joinWords(phrase.words)}` }),
        ),
      }),
      measured.env,
    );
    expect(res.status).toBe(200);
    expect(measured.recording.waves).toBeLessThanOrEqual(2);
    expect(measured.deliveries.sent.length).toBe(1);
    expect((await inboundRows(ticket.id))[0]).toMatchObject({ redacted: 1 });
    await expectSecretGone(ticket.id, phrase.words, { token });
    await edit(messageId, `question ${token} (never mind)`);
    expect((await inboundRows(ticket.id))[0]).toMatchObject({ body: `question ${token} (never mind)`, redacted: 0 });

    // A phrase over two messages; the customer then edits the second (Telegram sends the whole text again).
    const split = randomPhrase({ avoid: FRAME });
    const [a, b] = splitWords(split.words, 2) as [string[], string[]];
    await deliverUpdate(telegramUpdate({ chatId, text: joinWords(a) }));
    const second = telegramUpdate({ chatId, text: "one moment" });
    await deliverUpdate(second);
    const secondId = (second.message as { message_id: number }).message_id;
    // The edit completes the phrase: the earlier message is redacted too.
    await edit(secondId, joinWords(b));
    let rows = await inboundRows(ticket.id);
    expect(rows.slice(1).map((r) => r.redacted)).toEqual([1, 1]);
    await edit(secondId, `${joinWords(b)} (typo fixed)`);
    rows = await inboundRows(ticket.id);
    expect(rows.slice(1).map((r) => r.redacted)).toEqual([1, 1]);
    await expectSecretGone(ticket.id, split.words, { token });
  });

  it("Telegram: a half edited before the other half arrives leaves nothing in the edit history", async () => {
    const chatId = newChatId();
    const token = randomToken();
    const phrase = randomPhrase({ lang: "en", avoid: FRAME });
    // Six words each: neither half is a phrase on its own.
    const [a, b] = [phrase.words.slice(0, 6), phrase.words.slice(6)];
    const first = telegramUpdate({ chatId, text: `${token}\n${joinWords(a, "space")}` });
    await deliverUpdate(first);
    const { ticket } = await latestTicketOfChat(chatId);
    const firstId = (first.message as { message_id: number }).message_id;
    await deliverUpdate(editedUpdate({ chatId, messageId: firstId, text: `${token}\n${joinWords(a, "comma")}` }));
    await deliverUpdate(telegramUpdate({ chatId, text: joinWords(b, "space") }));
    expect((await inboundRows(ticket.id)).map((r) => r.redacted)).toEqual([1, 1]);
    await expectSecretGone(ticket.id, phrase.words, { token });
  });
});
