/**
 * Telegram messages sent on behalf of a chat (a group's anonymous admins, a linked channel's
 * posts) all carry the same placeholder `from` user: taking it for the sender would make every
 * such group one customer, whose tickets staff could merge as "the same customer's".
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newGroupId, tgMessage, update } from "../channels/telegram/builders";
import { deliverUpdate } from "../channels/telegram/harness";
import { waitFor } from "../support";

/** Telegram's placeholder senders. https://core.telegram.org/bots/api#message (`from`, `sender_chat`) */
const PLACEHOLDERS = [
  { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
  { id: 136817688, is_bot: true, first_name: "Channel", username: "Channel_Bot" },
];

/** A message in a fresh group sent on behalf of `senderChat`, addressed to the bot (a reply to it). */
function onBehalfOf(groupId: number, senderChat: { id: number; type: string; title: string }, text: string) {
  const placeholder = PLACEHOLDERS[Math.floor(Math.random() * PLACEHOLDERS.length)];
  const m = tgMessage({
    chatId: groupId,
    replyTo: { message_id: 1 + Math.floor(Math.random() * 1000), fromBot: true },
    extra: { text, from: placeholder, sender_chat: senderChat },
  });
  return update("message", m);
}

async function ticketOf(groupId: number) {
  return waitFor(
    async () =>
      (await env.DB.prepare(
        `SELECT t.contact_id, i.external_id FROM tickets t JOIN messages m ON m.ticket_id = t.id
           JOIN channel_identities i ON i.id = m.sender_identity_id
          WHERE t.conversation_key = ?1 AND m.direction = 'in'`,
      )
        .bind(`telegram:${groupId}`)
        .first<{ contact_id: string; external_id: string }>()) ?? undefined,
    `ticket of group ${groupId}`,
  );
}

describe("Telegram senders on behalf of a chat", () => {
  it("two groups' anonymous admins (or channels) are two customers, each the chat they speak for", async () => {
    const first = newGroupId();
    const second = newGroupId();
    const asGroup = (id: number) => ({ id, type: "supergroup", title: `Group ${id}` });
    const asChannel = (id: number) => ({ id: id - 1_000, type: "channel", title: `Channel ${id}` });
    const s1 = Math.random() < 0.5 ? asGroup(first) : asChannel(first);
    const s2 = Math.random() < 0.5 ? asGroup(second) : asChannel(second);
    await deliverUpdate(onBehalfOf(first, s1, `withdrawal stuck ${crypto.randomUUID()}`));
    await deliverUpdate(onBehalfOf(second, s2, `kyc rejected ${crypto.randomUUID()}`));
    const a = await ticketOf(first);
    const b = await ticketOf(second);
    expect(a.external_id).toBe(String(s1.id));
    expect(b.external_id).toBe(String(s2.id));
    expect(a.contact_id).not.toBe(b.contact_id);
  });
});
