/**
 * `/new` typed in a Telegram group by another member, with fresh random ids: it would set the customer's
 * active group ticket aside (resolved on their behalf) and open a ticket of the other member's in its
 * place, so the group's conversation, its buttons and its rating became theirs. Like the close button of
 * a Discord thread, only the ticket's own customer may set it aside; the others' message joins it.
 */
import { describe, expect, it } from "vitest";
import { BOT_ID, BOT_USERNAME, newGroupId, tgMessage, update } from "../channels/telegram/builders";
import { deliverUpdate, ticketIdsOfChat } from "../channels/telegram/harness";
import { staffTicket } from "../support";

const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);
const userId = () => 6_000_000_000 + Math.floor(Math.random() * 1e9);
let nextMessageId = 1 + Math.floor(Math.random() * 1e6);

/** A group message addressed to the bot: as a reply to it, or `/cmd@bot`. */
function groupMessage(groupId: number, from: number, text: string) {
  const command = /^\/\w+/.exec(text)?.[0];
  const addressed = command && Math.random() < 0.5;
  const body = addressed ? text.replace(command, `${command}@${BOT_USERNAME}`) : text;
  const entities = command
    ? [
        {
          type: "bot_command",
          offset: 0,
          length: addressed ? command.length + 1 + BOT_USERNAME.length : command.length,
        },
      ]
    : undefined;
  return update(
    "message",
    tgMessage({
      chatId: groupId,
      userId: from,
      messageId: nextMessageId++,
      ...(addressed ? {} : { replyTo: { message_id: 1, fromBot: true } }),
      extra: { text: body, ...(entities ? { entities } : {}) },
    }),
  );
}

describe("Telegram: /new in the customer's group from another member", { timeout: 30_000 }, () => {
  it("leaves the customer's ticket active and theirs; the customer's own /new still starts a new one", async () => {
    expect(BOT_ID).toBeGreaterThan(0);
    const group = newGroupId();
    const alice = userId();
    const mallory = userId();
    await deliverUpdate(groupMessage(group, alice, `my withdrawal is stuck ${rand()}`), { settled: true });
    const [aliceTicket] = await ticketIdsOfChat(group);
    expect(aliceTicket).toBeDefined();

    const words = `please look at mine instead ${rand()}`;
    await deliverUpdate(groupMessage(group, mallory, `/new ${words}`), { settled: true });
    const after = await staffTicket(aliceTicket as string);
    expect(after.ticket.status, "Alice's ticket set aside by Mallory").not.toBe("resolved");
    expect(await ticketIdsOfChat(group)).toEqual([aliceTicket]);
    // Mallory's words are kept: a group member's message joins the group's ticket.
    expect(after.messages.some((m) => m.body.includes(words))).toBe(true);

    // Alice herself may set her ticket aside.
    await deliverUpdate(groupMessage(group, alice, `/new another question ${rand()}`), { settled: true });
    expect((await staffTicket(aliceTicket as string)).ticket.status).toBe("resolved");
    const ids = await ticketIdsOfChat(group);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(aliceTicket);
  });
});
