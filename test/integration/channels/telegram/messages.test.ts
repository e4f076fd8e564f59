import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  albumUpdates,
  BOT_USERNAME,
  documentUpdate,
  editedUpdate,
  messageUpdate,
  newChatId,
  newGroupId,
  photoUpdate,
  SUPPORT_GROUP,
  stickerUpdate,
  telegramUpdate,
} from "./builders";
import {
  count,
  deliverUpdate,
  fakeTelegram,
  latestTicketOfChat,
  postUpdate,
  settledOutbox,
  TOKEN,
  ticketIdsOfChat,
  waitFor,
  waitForSent,
} from "./harness";

async function r2Text(ticketId: string, attachmentId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT r2_key FROM attachments WHERE id = ?1")
    .bind(attachmentId)
    .first<{ r2_key: string }>();
  const object = await env.ATTACHMENTS.get(row?.r2_key ?? "");
  expect(object, `R2 object of ${attachmentId} on ${ticketId}`).not.toBeNull();
  return (await object?.text()) ?? "";
}

describe("Telegram private chats", () => {
  it("a text message opens a ticket with the sender, and the acknowledgement reaches the chat", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "My USDT deposit has not arrived", firstName: "Bob" }));
    const { ticket, messages } = await latestTicketOfChat(chatId);
    expect(ticket).toMatchObject({ channel: "telegram", status: "new", subject: "My USDT deposit has not arrived" });
    expect(ticket.contact.name).toBe("Bob Zhang");
    expect(ticket.contact.identities).toEqual([
      expect.objectContaining({ channel: "telegram", externalId: String(chatId), reachable: true }),
    ]);
    expect(messages[0]).toMatchObject({ direction: "in", author: "customer", body: "My USDT deposit has not arrived" });
    const [ack] = await waitForSent(chatId);
    expect(ack?.params.chat_id).toBe(chatId);
    expect(ack?.params.text).toContain(ticket.number);
    expect(ack?.params.text).toContain("never ask for your password");
    // The acknowledgement quotes the customer's message.
    expect(ack?.params.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
  });

  it("a Chinese client gets the acknowledgement in Chinese", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "hello", languageCode: "zh-hans" }));
    const { ticket } = await latestTicketOfChat(chatId);
    expect(ticket.language).toBe("zh");
    const [ack] = await waitForSent(chatId);
    expect(ack?.params.text).toContain("工单号");
  });

  it("later messages join the same ticket; a reply keeps its reference", async () => {
    const chatId = newChatId();
    const first = telegramUpdate({ chatId, text: "Withdrawal pending" });
    await deliverUpdate(first);
    const firstId = (first.message as { message_id: number }).message_id;
    await deliverUpdate(telegramUpdate({ chatId, text: "TxID is 0xabc", replyTo: { message_id: firstId } }));
    expect(await ticketIdsOfChat(chatId)).toHaveLength(1);
    const { messages } = await latestTicketOfChat(chatId);
    const inbound = messages.filter((m) => m.direction === "in");
    expect(inbound.map((m) => m.body)).toEqual(["Withdrawal pending", "TxID is 0xabc"]);
    expect(inbound[1]?.replyToMessageId).toBe(inbound[0]?.id);
  });

  it("a reply to the bot's acknowledgement points at that message", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "KYC rejected" }));
    await waitForSent(chatId);
    const ack = await waitFor(async () => {
      const { messages } = await latestTicketOfChat(chatId);
      const m = messages.find((x) => x.author === "bot");
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "acknowledgement receipt");
    expect(ack.delivery?.providerMessageId).toMatch(new RegExp(`^${chatId}:\\d+$`));
    const ackTelegramId = Number(ack.delivery?.providerMessageId?.split(":")[1]);
    await deliverUpdate(
      telegramUpdate({ chatId, text: "It says blurry photo", replyTo: { message_id: ackTelegramId, fromBot: true } }),
    );
    const { messages } = await latestTicketOfChat(chatId);
    expect(messages.find((m) => m.body === "It says blurry photo")?.replyToMessageId).toBe(ack.id);
  });

  it("a reply to the acknowledgement of an earlier, closed ticket still points at it (the bot's receipts are not indexed)", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: "Deposit missing" }));
    await waitForSent(chatId);
    const first = await waitFor(async () => {
      const t = await latestTicketOfChat(chatId);
      const ack = t.messages.find((x) => x.author === "bot");
      return ack?.delivery?.status === "sent" ? { ticketId: t.ticket.id, ack } : undefined;
    }, "acknowledgement receipt");
    await env.DB.prepare("UPDATE tickets SET status = 'closed', closed_at = ?2 WHERE id = ?1")
      .bind(first.ticketId, new Date().toISOString())
      .run();
    const ackTelegramId = Number(first.ack.delivery?.providerMessageId?.split(":")[1]);
    await deliverUpdate(
      telegramUpdate({ chatId, text: "Still missing", replyTo: { message_id: ackTelegramId, fromBot: true } }),
    );
    const { ticket, messages } = await latestTicketOfChat(chatId);
    expect(ticket.id).not.toBe(first.ticketId);
    expect(messages.find((m) => m.body === "Still missing")?.replyToMessageId).toBe(first.ack.id);
  });

  it("a photo with a caption: the largest size goes to R2, the caption is the text", async () => {
    const chatId = newChatId();
    const fileId = `photo-${crypto.randomUUID()}`;
    await fakeTelegram.addFile(fileId, new TextEncoder().encode("JPEG bytes of the largest size"));
    await deliverUpdate(photoUpdate({ chatId, fileId, caption: "Screenshot of the error" }));
    const { ticket, messages } = await latestTicketOfChat(chatId);
    expect(ticket.subject).toBe("Screenshot of the error");
    const msg = messages[0];
    expect(msg?.body).toBe("Screenshot of the error");
    expect(msg?.attachments).toHaveLength(1);
    expect(msg?.attachments[0]).toMatchObject({ contentType: "image/jpeg", size: 30 });
    expect(msg?.attachments[0]?.filename).toMatch(/^photo_\d+\.jpg$/);
    expect(await r2Text(ticket.id, msg?.attachments[0]?.id ?? "")).toBe("JPEG bytes of the largest size");
    const getFile = await fakeTelegram.calls({ method: "getFile" });
    expect(getFile.some((c) => c.params.file_id === fileId)).toBe(true);
    expect(getFile.some((c) => c.params.file_id === `${fileId}-s`)).toBe(false);
  });

  it("a document keeps its name and type", async () => {
    const chatId = newChatId();
    await deliverUpdate(documentUpdate({ chatId, fileName: "bank-statement.pdf", mimeType: "application/pdf" }));
    const { ticket, messages } = await latestTicketOfChat(chatId);
    expect(messages[0]?.body).toBe("");
    expect(ticket.subject).toBe("[bank-statement.pdf]");
    expect(messages[0]?.attachments).toEqual([
      expect.objectContaining({ filename: "bank-statement.pdf", contentType: "application/pdf" }),
    ]);
  });

  it("an album of 3 becomes one message with all 3 files and the caption", async () => {
    const chatId = newChatId();
    const parts = albumUpdates(3, { chatId, caption: "Three screenshots of the failed withdrawal" });
    for (const part of parts) await deliverUpdate(part, { settled: true });
    expect(await ticketIdsOfChat(chatId)).toHaveLength(1);
    const { ticket, messages } = await latestTicketOfChat(chatId);
    const inbound = messages.filter((m) => m.direction === "in");
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.body).toBe("Three screenshots of the failed withdrawal");
    expect(inbound[0]?.attachments).toHaveLength(3);
    expect(ticket.subject).toBe("Three screenshots of the failed withdrawal");
    // One acknowledgement for the album: one row, sent once, with the queue drained behind it.
    expect(await settledOutbox({ conversationKey: `telegram:${chatId}` })).toEqual([
      expect.objectContaining({ author: "bot", status: "sent", attempts: 1 }),
    ]);
    await waitForSent(chatId);
    expect(await fakeTelegram.calls({ chatId, method: "sendMessage" })).toHaveLength(1);
  });

  it("album parts arriving concurrently and redelivered are each added once", async () => {
    const chatId = newChatId();
    const parts = albumUpdates(3, { chatId, caption: "Proof" });
    const answers = await Promise.all([...parts, ...parts].map((p) => postUpdate(p)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const { messages } = await latestTicketOfChat(chatId);
    const inbound = messages.filter((m) => m.direction === "in");
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.attachments).toHaveLength(3);
    expect(inbound[0]?.body).toBe("Proof");
  });

  it("a sticker is kept as a readable placeholder", async () => {
    const chatId = newChatId();
    await deliverUpdate(stickerUpdate({ chatId, emoji: "😭" }));
    const { messages } = await latestTicketOfChat(chatId);
    expect(messages[0]?.body).toBe("[sticker 😭]");
  });

  it("locations, contacts and polls are placeholders too", async () => {
    const chatId = newChatId();
    const kinds: Array<[Record<string, unknown>, string]> = [
      [{ location: { latitude: 1.5, longitude: 103.8 } }, "[location: 1.5, 103.8]"],
      [{ contact: { phone_number: "+6590000000", first_name: "Wei" } }, "[contact: Wei, +6590000000]"],
      [{ poll: { id: "p", question: "Which coin?", options: [], total_voter_count: 0 } }, "[poll: Which coin?]"],
      [{ voice: undefined, dice: { emoji: "🎲", value: 4 } }, "[dice 🎲 4]"],
    ];
    for (const [extra] of kinds) await deliverUpdate(messageUpdate({ chatId, extra }));
    const { messages } = await latestTicketOfChat(chatId);
    expect(messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual(kinds.map(([, body]) => body));
  });

  it("a file over the size limit is stored as a placeholder, not downloaded", async () => {
    const chatId = newChatId();
    const fileId = `big-${crypto.randomUUID()}`;
    await deliverUpdate(documentUpdate({ chatId, fileId, fileName: "video.mov", fileSize: 25 * 1024 * 1024 }));
    const { messages } = await latestTicketOfChat(chatId);
    expect(messages[0]?.body).toBe("[file too large: video.mov, 25.0 MB]");
    expect(messages[0]?.attachments).toEqual([]);
    const getFile = await fakeTelegram.calls({ method: "getFile" });
    expect(getFile.some((c) => c.params.file_id === fileId)).toBe(false);
  });

  it("a Telegram outage while fetching a file answers 500 (Telegram redelivers) and stores nothing", async () => {
    const chatId = newChatId();
    const fileId = `flaky-${crypto.randomUUID()}`;
    await fakeTelegram.fail({ method: "getFile", file_id: fileId, error_code: 500 });
    const body = documentUpdate({ chatId, fileId });
    const res = await postUpdate(body);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain(TOKEN);
    expect(await ticketIdsOfChat(chatId)).toHaveLength(0);
    await deliverUpdate(body);
    const { messages } = await latestTicketOfChat(chatId);
    expect(messages[0]?.attachments).toHaveLength(1);
  });

  it("the bot token never ends up in storage", async () => {
    const chatId = newChatId();
    await deliverUpdate(photoUpdate({ chatId, caption: "with a file" }));
    const leaks = await count(
      `SELECT (SELECT COUNT(*) FROM attachments WHERE r2_key LIKE ?1 OR filename LIKE ?1)
            + (SELECT COUNT(*) FROM messages WHERE body LIKE ?1 OR provider_message_id LIKE ?1) AS n`,
      `%${TOKEN.split(":")[1]}%`,
    );
    expect(leaks).toBe(0);
  });

  it("an edit replaces the text and keeps the old one in the history, without a new ticket", async () => {
    const chatId = newChatId();
    const original = telegramUpdate({ chatId, text: "My UID is 1234" });
    await deliverUpdate(original);
    const messageId = (original.message as { message_id: number }).message_id;
    const edit = editedUpdate({ chatId, messageId, text: "My UID is 12345" });
    await deliverUpdate(edit);
    await deliverUpdate(edit); // a redelivered edit changes nothing more
    expect(await ticketIdsOfChat(chatId)).toHaveLength(1);
    const { messages } = await latestTicketOfChat(chatId);
    const inbound = messages.filter((m) => m.direction === "in");
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.body).toBe("My UID is 12345");
    expect(inbound[0]?.edits).toEqual([{ previousBody: "My UID is 1234", editedAt: expect.any(String) }]);
    expect(inbound[0]?.editedAt).toBe(inbound[0]?.edits?.[0]?.editedAt);
  });

  it("an edit of a message never stored is ignored", async () => {
    const chatId = newChatId();
    await deliverUpdate(editedUpdate({ chatId, messageId: 77, text: "edited" }));
    expect(await ticketIdsOfChat(chatId)).toHaveLength(0);
  });
});

describe("Telegram groups", () => {
  it("a group message that does not address the bot is ignored: 200, nothing stored", async () => {
    const groupId = newGroupId();
    const res = await postUpdate(telegramUpdate({ chatId: groupId, userId: newChatId(), text: "anyone here?" }));
    expect(res.status).toBe(200);
    expect(await ticketIdsOfChat(groupId)).toHaveLength(0);
  });

  it("a group message that @mentions the bot is support traffic", async () => {
    const groupId = newGroupId();
    const text = `@${BOT_USERNAME} my deposit is missing`;
    await deliverUpdate(
      telegramUpdate({
        chatId: groupId,
        userId: newChatId(),
        text,
        entities: [{ type: "mention", offset: 0, length: BOT_USERNAME.length + 1 }],
      }),
    );
    const { messages } = await latestTicketOfChat(groupId);
    expect(messages[0]?.body).toBe(text);
  });

  it("a reply to the bot in a group is support traffic", async () => {
    const groupId = newGroupId();
    await deliverUpdate(
      telegramUpdate({
        chatId: groupId,
        userId: newChatId(),
        text: "thanks",
        replyTo: { message_id: 1, fromBot: true },
      }),
    );
    expect(await ticketIdsOfChat(groupId)).toHaveLength(1);
  });

  it("every message of a configured support group is support traffic", async () => {
    const userId = newChatId();
    const text = `question from ${userId}`;
    await deliverUpdate(telegramUpdate({ chatId: SUPPORT_GROUP, userId, text }));
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE body = ?1", text)).toBe(1);
  });
});
