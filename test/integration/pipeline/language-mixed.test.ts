// A Chinese message with a TxID, an address or a link pasted into it is answered in Chinese on every channel, whatever
// the client or page language says (Telegram `en` client, the English form page, email, Discord DM and /support).
import { describe, expect, it } from "vitest";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { postRelay, ticketIdsOf } from "../channels/discord/harness";
import { receive, SUPPORT, ticketOf, unique } from "../channels/email/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { createTicket } from "../channels/webform/builders";
import { staffTicket, waitFor } from "../support";

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const base58 = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => B58[b % 58]).join("");

/** A short Chinese request with pasted ids: a TxID, an address, an explorer link, an email, a ticket number. */
function chineseWithIds(): string {
  const pasted = [
    `0x${hex(32)}`,
    hex(32),
    `T${base58(33)}`,
    `https://etherscan.io/tx/0x${hex(32)}`,
    `support-${hex(3)}@example.com`,
    `RD-${1000 + Math.floor(Math.random() * 9000)}`,
  ].sort(() => Math.random() - 0.5);
  return `提现没到账 ${pasted.slice(0, 3).join(" ")} 请查`;
}

const HAN = /\p{Script=Han}/u;

/** The ticket is Chinese and so is every bot text on it (the acknowledgement). */
async function expectChinese(ticketId: string) {
  const view = await waitFor(async () => {
    const v = await staffTicket(ticketId);
    return v.messages.some((m) => m.author === "bot") ? v : undefined;
  }, "the acknowledgement");
  expect(view.ticket.language).toBe("zh");
  for (const m of view.messages.filter((x) => x.author === "bot")) expect(m.body).toMatch(HAN);
}

describe("Chinese with pasted ids is answered in Chinese", { timeout: 30_000 }, () => {
  it("Telegram, from a client whose language is English", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: chineseWithIds(), languageCode: "en" }));
    const { ticket } = await latestTicketOfChat(chatId);
    await expectChinese(ticket.id);
  });

  it("the web form, submitted from the English page", async () => {
    const { created } = await createTicket({ lang: "en", subject: `TxID ${hex(32)}`, description: chineseWithIds() });
    const view = await staffTicket(created.ticket.id);
    expect(view.ticket.language).toBe("zh");
  });

  it("email", async () => {
    const messageId = `<${unique("zh")}@mail.example.cn>`;
    const from = `${unique("zh")}@example.cn`;
    const raw = [
      `From: <${from}>`,
      `To: ${SUPPORT}`,
      `Subject: =?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(`提现 0x${hex(32)}`)))}?=`,
      `Message-ID: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      btoa(String.fromCharCode(...new TextEncoder().encode(chineseWithIds()))),
      "",
    ].join("\r\n");
    const { rejected } = await receive(raw, { from });
    expect(rejected).toEqual([]);
    await expectChinese(await ticketOf(messageId));
  });

  it("Discord, a DM through the gateway relay", async () => {
    const userId = snowflake();
    const res = await postRelay(relayMessage({ userId, content: chineseWithIds() }));
    expect(res.status).toBe(200);
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    await expectChinese(ticketId as string);
  });
});
