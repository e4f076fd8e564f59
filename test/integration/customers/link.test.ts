import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../src/core/ids";
import { command, relayMessage, snowflake } from "../channels/discord/builders";
import { postInteraction, postRelay, ticketIdsOf } from "../channels/discord/harness";
import { commandUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { api, botMessages, unique, webformTicket } from "../requests";
import { count } from "../support";

const CODE = /([0-9A-Z]{4}-[0-9A-Z]{4})/;

/** A Telegram customer with a ticket; `/link` issues them a code. */
async function telegramCustomer() {
  const chatId = newChatId();
  const subject = `Telegram issue ${unique()}`;
  await deliverUpdate(telegramUpdate({ chatId, text: subject }));
  const { ticket } = await latestTicketOfChat(chatId);
  await waitForSent(chatId);
  return { chatId, subject, ticketId: ticket.id, number: ticket.number };
}

async function issueCode(chatId: number, nth: number): Promise<string> {
  await deliverUpdate(commandUpdate({ chatId, command: "link" }));
  const sent = await waitForSent(chatId, nth);
  const code = CODE.exec(String(sent[nth - 1]?.params.text))?.[1];
  if (!code) throw new Error("no code in the bot's answer");
  return code;
}

/** A Discord customer with a ticket (a DM through the relay). */
async function discordCustomer() {
  const userId = snowflake();
  const subject = `Discord issue ${unique()}`;
  expect((await postRelay(relayMessage({ userId, content: subject }))).status).toBe(200);
  const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
  return { userId, subject, ticketId: ticketId as string };
}

/** `/link <code>` on Discord; returns the (ephemeral) answer. */
async function discordLink(userId: string, code: string): Promise<string> {
  const i = {
    ...command("link", { userId }),
    data: { id: "1", name: "link", type: 1, options: [{ name: "code", type: 3, value: code }] },
  };
  const res = await postInteraction(i);
  const body = (await res.json()) as { type: number; data: { content: string; flags: number } };
  expect(body.type).toBe(4);
  expect(body.data.flags).toBe(64);
  return body.data.content;
}

async function contactOf(channel: string, externalId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?2")
    .bind(channel, externalId)
    .first<{ contact_id: string }>();
  return row?.contact_id ?? null;
}

/** The group a contact joined by `/link` (null when it joined none). */
async function linkedTo(channel: string, externalId: string): Promise<string | null> {
  const row = await env.DB.prepare(
    `SELECT c.linked_to_id FROM channel_identities i JOIN contacts c ON c.id = i.contact_id
      WHERE i.channel = ?1 AND i.external_id = ?2`,
  )
    .bind(channel, externalId)
    .first<{ linked_to_id: string | null }>();
  return row?.linked_to_id ?? null;
}

describe("/link", { timeout: 30_000 }, () => {
  it("links Discord with the Telegram account for staff; each account still sees only its own tickets", async () => {
    const tg = await telegramCustomer();
    const dc = await discordCustomer();
    const code = await issueCode(tg.chatId, 2);
    // Stored hashed only.
    const hash = await sha256Hex(code.replace("-", ""));
    expect(await count("SELECT COUNT(*) AS n FROM link_codes WHERE code_hash = ?1", hash)).toBe(1);
    const plain = [code, code.replace("-", "")];
    expect(
      await count("SELECT COUNT(*) AS n FROM link_codes WHERE code_hash IN (?1, ?2) OR id IN (?1, ?2)", ...plain),
    ).toBe(0);

    const answer = await discordLink(dc.userId, code.toLowerCase().replace("-", " "));
    // The answer names the account joined, so a customer tricked into typing a stranger's code notices.
    expect(answer).toMatch(/^Linked: this account is now joined to the Telegram "Alice[^"]*" account\./);
    // Each account keeps its own contact; staff see both, from either side, as one customer.
    const tgContact = await contactOf("telegram", String(tg.chatId));
    const dcContact = await contactOf("discord", dc.userId);
    expect(dcContact).not.toBe(tgContact);
    for (const contactId of [tgContact, dcContact]) {
      const panel = (await (await api("GET", `/api/staff/contacts/${contactId}`)).json()) as {
        contact: { identities: Array<{ channel: string; externalId: string }> };
        tickets: Array<{ id: string }>;
      };
      expect(panel.contact.identities.map((i) => i.channel).sort()).toEqual(["discord", "telegram"]);
      expect(panel.tickets.map((t) => t.id).sort()).toEqual([tg.ticketId, dc.ticketId].sort());
    }
    const { ticket } = (await (await api("GET", `/api/staff/tickets/${tg.ticketId}`)).json()) as {
      ticket: { contact: { identities: Array<{ channel: string }> } };
    };
    expect(ticket.contact.identities.map((i) => i.channel).sort()).toEqual(["discord", "telegram"]);

    // /status on Telegram lists the Telegram ticket only (test/integration/security/link-scam.test.ts).
    await deliverUpdate(commandUpdate({ chatId: tg.chatId, command: "status" }));
    const status = String((await waitForSent(tg.chatId, 3))[2]?.params.text);
    expect(status).toContain(tg.subject);
    expect(status).not.toContain(dc.subject);
  });

  it("a third account joins the same group; a code of the same group says already linked", async () => {
    const tg = await telegramCustomer();
    const dc = await discordCustomer();
    const other = await discordCustomer();
    expect(await discordLink(dc.userId, await issueCode(tg.chatId, 2))).toContain("Linked");
    // The other Discord account redeems a code the (already linked) Discord account issued.
    const res = await postInteraction({
      ...command("link", { userId: dc.userId }),
      data: { id: "1", name: "link", type: 1 },
    });
    const issued = ((await res.json()) as { data: { content: string } }).data.content;
    expect(issued).toContain("will never ask you for this code");
    const code = CODE.exec(issued)?.[1] as string;
    expect(await discordLink(other.userId, code)).toContain("Linked");
    const panel = (await (
      await api("GET", `/api/staff/contacts/${await contactOf("discord", other.userId)}`)
    ).json()) as {
      tickets: Array<{ id: string }>;
    };
    expect(panel.tickets.map((t) => t.id).sort()).toEqual([tg.ticketId, dc.ticketId, other.ticketId].sort());
    expect(await discordLink(other.userId, await issueCode(tg.chatId, 3))).toContain("already linked");
  });

  it("a used code fails, and so does the same code from someone else", async () => {
    const tg = await telegramCustomer();
    const first = await discordCustomer();
    const second = await discordCustomer();
    const code = await issueCode(tg.chatId, 2);
    expect(await discordLink(first.userId, code)).toContain("Linked");
    expect(await discordLink(second.userId, code)).toContain("already used");
    expect(await linkedTo("discord", second.userId)).toBe(null);
  });

  it("an expired code fails and links nothing", async () => {
    const tg = await telegramCustomer();
    const dc = await discordCustomer();
    const code = await issueCode(tg.chatId, 2);
    await env.DB.prepare("UPDATE link_codes SET expires_at = ?2 WHERE code_hash = ?1")
      .bind(await sha256Hex(code.replace("-", "")), new Date(Date.now() - 1000).toISOString())
      .run();
    expect(await discordLink(dc.userId, code)).toContain("expired");
    expect(await linkedTo("discord", dc.userId)).toBe(null);
  });

  it("a newer code replaces the older one, and a code does not work on its own account", async () => {
    const tg = await telegramCustomer();
    const dc = await discordCustomer();
    const old = await issueCode(tg.chatId, 2);
    const fresh = await issueCode(tg.chatId, 3);
    expect(await discordLink(dc.userId, old)).toContain("already used");
    await deliverUpdate(commandUpdate({ chatId: tg.chatId, command: "link", args: fresh }));
    const sent = await waitForSent(tg.chatId, 4);
    expect(String(sent[3]?.params.text)).toContain("on your other account");
    expect(await discordLink(dc.userId, fresh)).toContain("Linked");
  });

  it("wrong codes are limited per identity: after five, even a right one is refused for a while", async () => {
    const tg = await telegramCustomer();
    const dc = await discordCustomer();
    const code = await issueCode(tg.chatId, 2);
    for (let i = 0; i < 5; i++) expect(await discordLink(dc.userId, "ZZZZ-ZZZZ")).toContain("not valid");
    expect(await discordLink(dc.userId, code)).toContain("Too many wrong codes");
    expect(await linkedTo("discord", dc.userId)).toBe(null);
  });

  it("the web form (an unproven email) can neither issue nor use a code", async () => {
    const tg = await telegramCustomer();
    const code = await issueCode(tg.chatId, 2);
    const t = await webformTicket({ description: `/link ${code}` });
    const [answer] = await botMessages(t.id);
    expect(answer?.body).toContain("Linking is available in our Telegram and Discord bots");
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM contacts WHERE linked_to_id IS NOT NULL AND id = (SELECT contact_id FROM tickets WHERE id = ?1)",
        t.id,
      ),
    ).toBe(0);
    // The code is still good for a real channel.
    const dc = await discordCustomer();
    expect(await discordLink(dc.userId, code)).toContain("Linked");
  });
});
