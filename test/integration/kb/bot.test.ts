/** Bot first, human on request: KB answers until the customer asks for a person or staff reply, then silence. */
import { describe, expect, it } from "vitest";
import { commandUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { formPayload, postJson } from "../channels/webform/builders";
import { messageRows, settledOutbox, staffReply, staffTicket, waitFor } from "../support";

/**
 * Delivers an update and waits until everything it led to is decided: the request's own work (bot
 * texts sent after the response included) and every outbound message of the chat, through the queue.
 */
async function deliverSettled(chatId: number, update: unknown) {
  await deliverUpdate(update, { settled: true });
  await settledOutbox({ conversationKey: `telegram:${chatId}` });
}
const sentTexts = async (chatId: number) =>
  (await fakeTelegram.calls({ chatId, method: "sendMessage" }))
    .filter((c) => !c.failedWith)
    .map((c) => String(c.params.text));

describe("bot first, human on request", () => {
  it("answers a new ticket with matching articles, answers a new topic, hands off on 'human', then stays silent", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "My deposit has not arrived after 2 hours" }));
    const [ack] = await waitForSent(chatId, 1);
    expect(ack?.params.text).toContain("We received your request");
    expect(ack?.params.text).toContain("My deposit has not arrived");
    expect(ack?.params.text).toContain('reply "human"');

    // A new topic while the bot still has the ticket: one more answer, with the 2FA article only.
    await deliverUpdate(telegramUpdate({ chatId, text: "also I lost my authenticator, how to reset 2FA?" }));
    const two = await waitForSent(chatId, 2);
    expect(String(two[1]?.params.text)).toContain("Reset or change 2FA");
    expect(String(two[1]?.params.text)).not.toContain("My deposit has not arrived");
    // The same topic again: nothing new to suggest, so nothing is sent.
    await deliverSettled(chatId, telegramUpdate({ chatId, text: "deposit still not arrived" }));
    expect(
      (await messageRows((await latestTicketOfChat(chatId)).ticket.id)).filter((m) => m.author === "bot"),
    ).toHaveLength(2);
    expect(await sentTexts(chatId)).toHaveLength(2);

    // "human": the ticket is handed to a person, once.
    await deliverUpdate(telegramUpdate({ chatId, text: "I want a human" }));
    const three = await waitForSent(chatId, 3);
    expect(String(three[2]?.params.text)).toContain("a person from our team will take over");
    const { ticket } = await latestTicketOfChat(chatId);
    expect(ticket.tags).toContain("human");

    // From now on the bot says nothing, whatever the customer writes.
    await deliverSettled(chatId, telegramUpdate({ chatId, text: "my withdrawal is stuck and KYC was rejected" }));
    await deliverSettled(chatId, telegramUpdate({ chatId, text: "agent??" }));
    expect(await sentTexts(chatId)).toHaveLength(3);
    const bots = (await messageRows(ticket.id)).filter((m) => m.author === "bot");
    expect(bots).toHaveLength(3);
  });

  it("转人工 in Chinese hands off too, and the answer is in Chinese", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "提现一直在审核中", languageCode: "zh" }));
    const [ack] = await waitForSent(chatId, 1);
    expect(ack?.params.text).toContain("提现一直在处理中？");
    await deliverUpdate(telegramUpdate({ chatId, text: "转人工", languageCode: "zh" }));
    const two = await waitForSent(chatId, 2);
    expect(String(two[1]?.params.text)).toContain("已为您转接人工客服");
    await deliverSettled(chatId, telegramUpdate({ chatId, text: "充值也没到账", languageCode: "zh" }));
    // Bot messages are written in the same batch as the customer's: D1 is the certain witness.
    const { ticket } = await latestTicketOfChat(chatId);
    expect((await messageRows(ticket.id)).filter((m) => m.author === "bot")).toHaveLength(2);
    expect(await sentTexts(chatId)).toHaveLength(2);
  });

  it("the /human command hands off: no KB answers afterwards", async () => {
    const chatId = newChatId();
    await deliverUpdate(commandUpdate({ chatId, command: "human" }));
    const first = await waitForSent(chatId, 2); // the acknowledgement and the command's answer
    expect(first.map((c) => String(c.params.text)).join("\n")).not.toContain("articles may help");
    const { ticket } = await latestTicketOfChat(chatId);
    expect(ticket.tags).toContain("human");
    await deliverSettled(chatId, telegramUpdate({ chatId, text: "my deposit has not arrived" }));
    // Only the acknowledgement is a stored bot message (the command's answer is a plain bot text).
    expect((await messageRows(ticket.id)).filter((m) => m.author === "bot")).toHaveLength(1);
    expect(await sentTexts(chatId)).toHaveLength(2);
  });

  it("once staff replied, the bot stops answering the ticket (web form)", async () => {
    const res = await postJson(
      "/api/tickets",
      formPayload({ category: "kyc", description: "My KYC was rejected twice" }),
    );
    const created = (await res.json()) as { ticket: { id: string }; link: string };
    const id = created.ticket.id;
    const ack = (await messageRows(id)).find((m) => m.author === "bot");
    expect(ack?.body).toContain("Identity verification (KYC) rejected");

    // Before any staff reply, a new topic gets an answer...
    const before = await postJson(`${created.link}/replies`, { body: "and how do I reset my 2FA authenticator?" });
    expect(before.status).toBe(201);
    expect((await messageRows(id)).filter((m) => m.author === "bot")).toHaveLength(2);

    await staffReply(id, "Hello, I am looking at your KYC case now.");
    const after = await postJson(`${created.link}/replies`, { body: "my deposit has not arrived either" });
    expect(after.status).toBe(201);
    await waitFor(async () => ((await staffTicket(id)).messages.length >= 6 ? true : undefined), "customer reply");
    const bots = (await messageRows(id)).filter((m) => m.author === "bot");
    expect(bots).toHaveLength(2);
  });
});
