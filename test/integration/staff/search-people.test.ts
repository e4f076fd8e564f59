/**
 * Staff search finds a customer by what staff know of them: name, email (whole or in part), Telegram user id, Discord
 * name and id; and never by the bot's own texts (the acknowledgement mentions "2FA", "password", "TxID": those words
 * must not match every ticket). A second customer's tickets never come up for the first one's email or id.
 */
import { afterAll, describe, expect, it } from "vitest";
import { messageDocRowid } from "../../../src/store/ticket-search";
import { relayMessage, snowflake } from "../channels/discord/builders";
import { postRelay, ticketIdsOf } from "../channels/discord/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { createTicket } from "../channels/webform/builders";
import { BOOTSTRAP, call, count, customerWrites, settleDeliveries } from "./helpers";

afterAll(() => settleDeliveries());

const tag = () => crypto.randomUUID().replace(/-/g, "").slice(0, 8);

async function search(q: string): Promise<string[]> {
  const res = await call("GET", `/api/staff/tickets?limit=100&q=${encodeURIComponent(q)}`, { token: BOOTSTRAP });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { tickets: Array<{ id: string }> }).tickets.map((t) => t.id);
}

describe("search by customer", () => {
  it("web form: by name and by email, whole or in part, and by name plus a word of the message", async () => {
    const t = tag();
    const name = `Hildegard ${t}`;
    const email = `hilde.${t}@example.net`;
    const { created } = await createTicket({ name, email, subject: "Card top-up", description: "Top-up not credited" });
    const id = created.ticket.id;
    expect(await search(email)).toContain(id);
    expect(await search(email.toUpperCase())).toContain(id);
    expect(await search(`hilde.${t}`)).toContain(id);
    expect(await search(name)).toContain(id);
    expect(await search(`"${name}"`)).toContain(id);
    expect(await search(`${t} credited`)).toContain(id);
    expect(await search(`${t} nowhere${t}`)).not.toContain(id);
    // Another customer's email finds nothing of this one.
    const other = await createTicket({ email: `other.${t}@example.net`, description: "Something else" });
    expect(await search(`other.${t}@example.net`)).toEqual([other.created.ticket.id]);
  });

  it("Telegram: by user id and by name", async () => {
    const chatId = newChatId();
    const first = `Radomir${tag()}`;
    await deliverUpdate(telegramUpdate({ chatId, text: "Withdrawal pending", firstName: first }));
    const { ticket } = await latestTicketOfChat(chatId);
    expect(await search(String(chatId))).toEqual([ticket.id]);
    expect(await search(first)).toEqual([ticket.id]);
    expect(await search(first.toLowerCase())).toEqual([ticket.id]);
  });

  it("Discord: by display name and by user id", async () => {
    const userId = snowflake();
    const msg = relayMessage({ userId, content: "Futures position closed" });
    const globalName = `Quill${tag()}`;
    const res = await postRelay({ ...msg, author: { id: userId, username: "q", globalName } });
    expect(res.status).toBe(200);
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    expect(await search(globalName)).toEqual([ticketId]);
    expect(await search(userId)).toEqual([ticketId]);
  });

  it("a Chinese name of two characters (below trigram size) is found too", async () => {
    const name = `${String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 20000))}${String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 20000))}`;
    const { created } = await createTicket({ name, email: `zh-${tag()}@example.cn`, description: "充值没到账" });
    expect(await search(name)).toContain(created.ticket.id);
  });
});

describe("the bot's texts are not searched", () => {
  it("words of the acknowledgement (2FA, password, seed phrase) find only tickets whose people wrote them", async () => {
    const t = tag();
    const quiet = await customerWrites(`Deposit late ${t}`);
    const loud = await customerWrites(`My 2FA password reset ${t}`);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND author = 'bot'", quiet.id)).toBe(1);
    for (const word of ["2FA", "password", "seed phrase", "private key"]) {
      const found = await search(`${t} ${word.includes(" ") ? `"${word}"` : word}`);
      expect(found, word).not.toContain(quiet.id);
    }
    expect(await search(`${t} 2FA`)).toEqual([loud.id]);
    expect(await search(`${t} password`)).toEqual([loud.id]);
    // Nothing the bot wrote is in the index.
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")} WHERE m.author = 'bot'`,
      ),
    ).toBe(0);
  });
});
