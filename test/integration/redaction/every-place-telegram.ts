/**
 * Every Telegram input a customer controls (every-place.test.ts): texts, names, files, edits, albums, contacts,
 * venues, polls, forwards, quotes, commands, buttons, inline queries, titles, updates the bot does not take,
 * malformed bodies; and the Bot API refusing and failing (what the Worker logs).
 */
import { expect } from "vitest";
import {
  albumUpdates,
  commandUpdate,
  documentUpdate,
  editedUpdate,
  messageUpdate,
  newChatId,
  newGroupId,
  SUPPORT_GROUP,
  telegramUpdate,
  update,
} from "../channels/telegram/builders";
import { fakeTelegram, postUpdate, waitFor } from "../channels/telegram/harness";
import { rand } from "../channels/webform/chat-helpers";
import { halves, type Inputs, phraseOf } from "./every-place-requests";
import { pasted, type Secret } from "./every-place-scan";

export async function tg(body: unknown, raw?: string): Promise<number> {
  const res = await postUpdate(body, { settled: true, ...(raw === undefined ? {} : { raw }) });
  return res.status;
}

/** A Telegram user whose names are the phrase's halves. */
export function tgUser(id: number, s: Secret) {
  const [first, last] = halves(s);
  return { id, is_bot: false, first_name: first, last_name: last, username: `user${id}`, language_code: "en" };
}

export const telegramInputs: Inputs = {
  "telegram text": async (s) => {
    expect(await tg(telegramUpdate({ chatId: newChatId(), text: pasted(s) }))).toBe(200);
  },
  "telegram first and last name": async (s) => {
    const chatId = newChatId();
    const from = tgUser(chatId, s);
    const chat = { id: chatId, type: "private", first_name: from.first_name, last_name: from.last_name };
    expect(await tg(telegramUpdate({ chatId, text: "hello there", extra: { from, chat } }))).toBe(200);
  },
  "telegram document name and caption": async (s) => {
    const chatId = newChatId();
    const fileId = `doc-${crypto.randomUUID()}`;
    await fakeTelegram.addFile(fileId, new TextEncoder().encode("%PDF-1.4\n%qz\n"));
    const fileName = `${s.words.join("_")}.pdf`;
    expect(await tg(documentUpdate({ chatId, fileId, fileName, caption: pasted(s) }))).toBe(200);
  },
  "telegram edit": async (s) => {
    const chatId = newChatId();
    const first = telegramUpdate({ chatId, text: "a question" });
    expect(await tg(first)).toBe(200);
    const messageId = (first.message as { message_id: number }).message_id;
    expect(await tg(editedUpdate({ chatId, messageId, text: pasted(s) }))).toBe(200);
  },
  "telegram album caption": async (s) => {
    const chatId = newChatId();
    for (const u of albumUpdates(2, { chatId, caption: pasted(s) })) expect(await tg(u)).toBe(200);
  },
  "telegram contact card": async (s) => {
    const chatId = newChatId();
    const [first, last] = halves(s);
    const vcard = `BEGIN:VCARD\nVERSION:3.0\nNOTE:${pasted(s)}\nEND:VCARD`;
    const contact = { phone_number: "+15550001111", first_name: first, last_name: last, vcard };
    expect(await tg(messageUpdate({ chatId, extra: { contact } }))).toBe(200);
  },
  "telegram venue and poll": async (s) => {
    const chatId = newChatId();
    const [title, address] = halves(s);
    const venue = { location: { latitude: 1.3, longitude: 103.8 }, title, address };
    expect(await tg(messageUpdate({ chatId, extra: { location: venue.location, venue } }))).toBe(200);
    const options = s.words.map((w, i) => ({ text: w, voter_count: i }));
    const poll = { id: rand("p"), question: pasted(s), options, total_voter_count: 0, is_closed: false };
    expect(await tg(messageUpdate({ chatId, extra: { poll: { ...poll, is_anonymous: true, type: "regular" } } }))).toBe(
      200,
    );
  },
  "telegram forward and quote": async (s) => {
    const chatId = newChatId();
    const origin = { type: "hidden_user", sender_user_name: phraseOf(s), date: 1_700_000_000 };
    const extra = {
      forward_origin: origin,
      forward_sender_name: phraseOf(s),
      forward_date: 1_700_000_000,
      quote: { text: pasted(s), position: 0 },
      external_reply: { origin, chat: { id: newGroupId(), type: "supergroup", title: phraseOf(s) } },
    };
    expect(await tg(telegramUpdate({ chatId, text: "look at this", extra }))).toBe(200);
  },
  "telegram commands with arguments": async (s) => {
    const chatId = newChatId();
    for (const c of ["start", "help", "status", "link", "verify", "human", "new", "lang", "nosuchcommand"]) {
      expect(await tg(commandUpdate({ chatId, command: c, args: c === "new" ? pasted(s) : phraseOf(s) }))).toBe(200);
    }
  },
  "telegram buttons and inline queries": async (s) => {
    const chatId = newChatId();
    const message = { message_id: 1, date: 1_700_000_000, chat: { id: chatId, type: "private", first_name: "x" } };
    for (const data of [`lang:${s.words.join(":")}`, `cat:${s.words.join("_")}:other`, phraseOf(s)]) {
      const query = { id: rand("cbq"), from: tgUser(chatId, s), chat_instance: "42", data: data.slice(0, 64), message };
      expect(await tg(update("callback_query", query))).toBe(200);
    }
    const inline = { id: rand("iq"), from: tgUser(chatId, s), query: pasted(s).slice(0, 256), offset: "" };
    expect(await tg(update("inline_query", inline))).toBe(200);
  },
  "telegram group and channel titles": async (s) => {
    const chat = { id: SUPPORT_GROUP, type: "supergroup", title: phraseOf(s) };
    const senderChat = { id: newGroupId(), type: "channel", title: phraseOf(s) };
    const u = telegramUpdate({ chatId: SUPPORT_GROUP, userId: newChatId(), text: "hello group" });
    Object.assign(u.message as object, { chat, sender_chat: senderChat });
    expect(await tg(u)).toBe(200);
  },
  "telegram updates the bot does not take": async (s) => {
    const chat = { id: newGroupId(), type: "channel", title: phraseOf(s) };
    const post = { message_id: 1, date: 1_700_000_000, chat, text: pasted(s) };
    const user = tgUser(newChatId(), s);
    for (const u of [
      update("channel_post", post),
      update("edited_channel_post", { ...post, edit_date: 1_700_000_001 }),
      update("business_message", { ...post, chat: { id: user.id, type: "private" }, from: user }),
      update("chat_join_request", { chat, from: user, user_chat_id: user.id, date: 1_700_000_000, bio: pasted(s) }),
      update("chosen_inline_result", { result_id: "1", from: user, query: pasted(s).slice(0, 256) }),
    ])
      expect(await tg(u)).toBe(200);
  },
  "telegram group reply quoting another member": async (s) => {
    const quoted = { message_id: 7, date: 1_700_000_000, chat: { id: SUPPORT_GROUP, type: "supergroup" } };
    const replyTo = { ...quoted, from: tgUser(newChatId(), s), text: pasted(s) };
    const u = telegramUpdate({ chatId: SUPPORT_GROUP, userId: newChatId(), text: "same problem here" });
    Object.assign(u.message as object, { reply_to_message: replyTo });
    expect(await tg(u)).toBe(200);
  },
  "telegram malformed updates": async (s) => {
    expect(await tg(null, `{"update_id": 1, "message": {"text": ${JSON.stringify(pasted(s))}`)).toBe(400);
    const invalid = { update_id: "not a number", message: { text: pasted(s) } };
    expect(await tg(invalid)).toBeGreaterThanOrEqual(200);
  },
};

/** The Bot API refusing (401, 400) and failing (500) for this chat only: what the Worker logs. */
export const telegramErrors: Inputs = {
  "Telegram Bot API refusing and failing": async (s) => {
    const chatId = newChatId();
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 401, times: 2 });
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 500, times: 20 });
    expect(await tg(telegramUpdate({ chatId, text: pasted(s) }))).toBe(200);
    expect(await tg(commandUpdate({ chatId, command: "verify", args: phraseOf(s) }))).toBe(200);
    // The bot's texts met the refusals (sent right after the answer, or by the queue), so error paths ran.
    await waitFor(async () => {
      const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
      return calls.some((c) => c.failedWith === 401) ? true : undefined;
    }, "a refused sendMessage");
  },
  "Telegram refusing the language button's edit": async (s) => {
    const chatId = newChatId();
    const description = "Bad Request: message can't be edited";
    await fakeTelegram.fail({ chat_id: chatId, method: "editMessageText", error_code: 400, description, times: 5 });
    const message = { message_id: 1, date: 1_700_000_000, chat: { id: chatId, type: "private", first_name: "x" } };
    const query = { id: rand("cbq"), from: tgUser(chatId, s), chat_instance: "42", data: "lang:en", message };
    expect(await tg(update("callback_query", query))).toBe(200);
  },
};
