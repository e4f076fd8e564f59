import { env } from "cloudflare:workers";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { describe, expect, it } from "vitest";
import { callbackUpdate, commandUpdate, myChatMemberUpdate, newChatId, telegramUpdate } from "./builders";
import {
  count,
  deliverUpdate,
  fakeTelegram,
  latestTicketOfChat,
  postUpdate,
  settledOutbox,
  staffTicket,
  ticketIdsOfChat,
  waitFor,
  waitForSent,
} from "./harness";

/** The bot's buttons here all carry callback data. */
const buttons = (params: Record<string, unknown>) =>
  (
    (params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? []
  ).flat() as InlineKeyboardButton.CallbackButton[];

describe("Telegram commands", () => {
  it("/start greets, warns about scams and offers a language choice; nothing is stored as a ticket", async () => {
    const chatId = newChatId();
    await deliverUpdate(commandUpdate({ chatId, command: "start" }));
    const [greeting] = await waitForSent(chatId);
    expect(greeting?.params.text).toContain("official support bot");
    expect(greeting?.params.text).toContain("never ask for your password");
    expect(buttons(greeting?.params ?? {}).map((b) => b.callback_data)).toEqual(["lang:en", "lang:zh"]);
    expect(await ticketIdsOfChat(chatId)).toHaveLength(0);
  });

  it("a redelivered command answers once", async () => {
    const chatId = newChatId();
    const body = commandUpdate({ chatId, command: "help" });
    // Settled: each delivery's work, the answer it sends after the response included, is done.
    const settled = { settled: true };
    await Promise.all([postUpdate(body, settled), postUpdate(body, settled), postUpdate(body, settled)]);
    // Whatever of the chat went through the queue is decided too.
    await settledOutbox({ conversationKey: `telegram:${chatId}` });
    const [help] = await waitForSent(chatId);
    expect(help?.params.text).toContain("/human");
    expect(await fakeTelegram.calls({ chatId, method: "sendMessage" })).toHaveLength(1);
  });

  it("the language button stores the choice, answers the query and is honoured by later acknowledgements", async () => {
    const chatId = newChatId();
    const press = callbackUpdate({ chatId, data: "lang:zh" });
    await deliverUpdate(press);
    const answered = await waitFor(async () => {
      const calls = await fakeTelegram.calls({ method: "answerCallbackQuery" });
      return calls.find((c) => c.params.callback_query_id === (press.callback_query as { id: string }).id);
    }, "answerCallbackQuery");
    expect(answered.params.text).toBe("语言已设置为中文。");
    const edited = await waitForSent(chatId, 1, "editMessageText");
    expect(edited[0]?.params.text).toBe("语言已设置为中文。");
    // An English Telegram client, English text: the explicit choice still wins.
    await deliverUpdate(telegramUpdate({ chatId, text: "hello, my deposit is missing", languageCode: "en" }));
    const { ticket } = await latestTicketOfChat(chatId);
    expect(ticket.language).toBe("zh");
    const [ack] = await waitForSent(chatId);
    expect(ack?.params.text).toContain("工单号");
  });

  it("an unknown or stale button is still answered, so the spinner stops", async () => {
    const chatId = newChatId();
    const press = callbackUpdate({ chatId, data: "cat:tkt_doesnotexist:deposit" });
    await deliverUpdate(press);
    const answered = await waitFor(async () => {
      const calls = await fakeTelegram.calls({ method: "answerCallbackQuery" });
      return calls.find((c) => c.params.callback_query_id === (press.callback_query as { id: string }).id);
    }, "answerCallbackQuery");
    expect(answered.params.text).toBe("This button is no longer valid.");
  });

  it("/status lists the customer's tickets and their state", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "Login fails with 2FA" }));
    const { ticket } = await latestTicketOfChat(chatId);
    await waitForSent(chatId); // the acknowledgement
    await deliverUpdate(commandUpdate({ chatId, command: "status" }));
    const sent = await waitForSent(chatId, 2);
    const status = sent.find((c) => String(c.params.text).startsWith("Your tickets"));
    expect(status?.params.text).toContain(`${ticket.number} · received · Login fails with 2FA`);
  });

  it("/human tags the ticket for a person, lifts the priority and says so", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "Account frozen" }));
    await env.DB.prepare("UPDATE tickets SET priority = 'low' WHERE conversation_key = ?1")
      .bind(`telegram:${chatId}`)
      .run();
    await deliverUpdate(commandUpdate({ chatId, command: "human" }));
    const { ticket, messages } = await latestTicketOfChat(chatId);
    expect(ticket.tags).toEqual(["human"]);
    expect(ticket.priority).toBe("normal");
    expect(messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual(["Account frozen", "/human"]);
    const sent = await waitForSent(chatId, 2);
    expect(
      sent.some((c) =>
        String(c.params.text).includes(`a person from our support team will take over ${ticket.number}`),
      ),
    ).toBe(true);
  });

  it("/new resolves the active ticket with a bot note, opens a new one and offers categories", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "Old problem" }));
    const [oldId] = await ticketIdsOfChat(chatId);
    const body = commandUpdate({ chatId, command: "new", args: "Withdrawal to Binance pending" });
    await deliverUpdate(body);
    await deliverUpdate(body); // redelivered: must not resolve the new ticket
    const ids = await ticketIdsOfChat(chatId);
    expect(ids).toHaveLength(2);
    const old = await staffTicket(oldId ?? "");
    expect(old.ticket.status).toBe("resolved");
    expect(old.messages.find((m) => m.direction === "note")).toMatchObject({ author: "bot" });
    const fresh = await staffTicket(ids[0] ?? "");
    expect(fresh.ticket).toMatchObject({ status: "new", subject: "Withdrawal to Binance pending" });

    const prompt = await waitFor(async () => {
      const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
      return calls.find((c) => buttons(c.params).length > 0);
    }, "category keyboard");
    expect(prompt.params.text).toContain(`We marked ${old.ticket.number} as resolved`);
    const deposit = buttons(prompt.params).find((b) => b.callback_data.endsWith(":withdrawal"));
    expect(deposit?.callback_data).toBe(`cat:${fresh.ticket.id}:withdrawal`);

    await deliverUpdate(callbackUpdate({ chatId, data: deposit?.callback_data ?? "" }));
    expect((await staffTicket(fresh.ticket.id)).ticket.category).toBe("withdrawal");
    // The next message joins the new ticket, not the resolved one.
    await deliverUpdate(telegramUpdate({ chatId, text: "Any news?" }));
    expect(await ticketIdsOfChat(chatId)).toHaveLength(2);
    const after = await staffTicket(fresh.ticket.id);
    expect(after.messages.some((m) => m.body === "Any news?")).toBe(true);
  });

  it("someone else's category button changes nothing", async () => {
    const owner = newChatId();
    await deliverUpdate(telegramUpdate({ chatId: owner, text: "mine" }));
    const [ticketId] = await ticketIdsOfChat(owner);
    await deliverUpdate(callbackUpdate({ chatId: newChatId(), data: `cat:${ticketId}:scam_report` }));
    expect((await staffTicket(ticketId ?? "")).ticket.category).toBe("other");
  });
});

describe("Telegram block and unblock (my_chat_member)", () => {
  it("a customer who blocks the bot is unreachable until they unblock it", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "hi" }));
    const reachable = () =>
      count(
        "SELECT reachable AS n FROM channel_identities WHERE channel = 'telegram' AND external_id = ?1",
        String(chatId),
      );
    expect(await reachable()).toBe(1);
    await deliverUpdate(myChatMemberUpdate(chatId, "kicked"));
    expect(await reachable()).toBe(0);
    const { ticket } = await latestTicketOfChat(chatId);
    expect(ticket.contact.identities[0]?.reachable).toBe(false);
    await deliverUpdate(myChatMemberUpdate(chatId, "member"));
    expect(await reachable()).toBe(1);
  });
});
