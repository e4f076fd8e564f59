/**
 * A Telegram group's (or Discord thread's) ticket has as contact whoever wrote there first. Taken
 * for "the same customer", staff could merge that person's private ticket with the group's without
 * an admin, and answers to the private conversation would sit beside (and default into) the group's.
 */
import { afterAll, describe, expect, it } from "vitest";
import { relayMessage, snowflake, supportSubmit } from "../channels/discord/builders";
import { postInteraction, postRelay, ticketIdsOf } from "../channels/discord/harness";
import { newChatId, newGroupId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { BOOTSTRAP, call, count, settleDeliveries, staffWithToken } from "../staff/helpers";
import { waitFor } from "../support";

afterAll(() => settleDeliveries());

const merge = (id: string, intoId: string, token = BOOTSTRAP, confirm?: boolean) =>
  call("POST", `/api/staff/tickets/${id}/merge`, {
    token,
    json: confirm === undefined ? { intoId } : { intoId, confirmDifferentCustomers: confirm },
  });

/** One person's private ticket and the ticket of a shared conversation they opened, on a random channel. */
async function privateAndShared(): Promise<{ personal: string; shared: string }> {
  if (Math.random() < 0.5) {
    const user = newChatId();
    const group = newGroupId();
    await deliverUpdate(telegramUpdate({ chatId: user, text: `my own withdrawal ${crypto.randomUUID()}` }));
    await deliverUpdate(
      telegramUpdate({
        chatId: group,
        userId: user,
        text: `group question ${crypto.randomUUID()}`,
        replyTo: { message_id: 7, fromBot: true },
      }),
    );
    const personal = (await latestTicketOfChat(user)).ticket.id;
    const shared = (await latestTicketOfChat(group)).ticket.id;
    return { personal, shared };
  }
  const user = snowflake();
  const thread = snowflake();
  expect((await postRelay(relayMessage({ userId: user, content: `my own ${crypto.randomUUID()}` }))).status).toBe(200);
  await postInteraction(
    supportSubmit(
      { subject: "API", description: `thread question ${crypto.randomUUID()}` },
      { userId: user, guild: { guildId: snowflake(), channelId: thread, channelType: 11 } },
    ),
  );
  const shared = await waitFor(async () => (await ticketIdsOf(`discord:thread:${thread}`))[0], "thread ticket");
  const [personal] = await ticketIdsOf(`discord:dm:${user}`);
  return { personal: personal as string, shared };
}

describe("a group's ticket and its first writer's private ticket", { timeout: 60_000 }, () => {
  it("merge only as two customers' tickets: 409 without an admin's confirmation, either way round", async () => {
    const { personal, shared } = await privateAndShared();
    const agent = await staffWithToken("agent");
    for (const [from, into] of [
      [personal, shared],
      [shared, personal],
    ] as const) {
      const res = await merge(from, into, Math.random() < 0.5 ? agent.token : BOOTSTRAP);
      expect(res.status, `merge ${from} into ${into}`).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: "different_customers" } });
    }
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM tickets WHERE id IN (?1, ?2) AND merged_into_id IS NOT NULL",
        personal,
        shared,
      ),
    ).toBe(0);
    // An admin who confirms may still join them.
    expect((await merge(personal, shared, BOOTSTRAP, true)).status).toBe(200);
  });
});
