/**
 * A Telegram group's ticket has as contact whoever wrote there first. An admin may merge it with that
 * person's private ticket (confirming two customers). Anyone in the group may hold the group ticket's
 * `/t/` link: it must show only the group's conversation, never the first writer's private messages or
 * the answers sent to them, and never lead on to the private ticket's own link. The private link
 * likewise shows only the private conversation. `ATTACK_SEED=<seed>` replays a run.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { newChatId, newGroupId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { BOOTSTRAP, call, settleDeliveries } from "../staff/helpers";
import { staffReply } from "../support";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("group-link-merge");
afterAll(() => settleDeliveries());

async function tokenOf(ticketId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT access_token FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ access_token: string }>();
  return row?.access_token as string;
}

/** The `/t/` page as its holder gets it (redirects not followed: where it leads is part of what it shows). */
async function page(token: string): Promise<{ status: number; location: string | null; text: string }> {
  const res = await exports.default.fetch(`http://relaydesk.test/t/${token}`, { redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

describe("a group's /t/ link after its ticket was merged with its first writer's private ticket", {
  timeout: 90_000,
}, () => {
  it("shows only the group's conversation, either way round; the private link only the private one", async () => {
    // Both directions, in a random order.
    const directions = rnd.next() < 0.5 ? [true, false] : [false, true];
    for (const privateIntoGroup of directions) await mergedAndViewed(privateIntoGroup);
  });
});

async function mergedAndViewed(privateIntoGroup: boolean): Promise<void> {
  const alice = newChatId();
  const bob = newChatId();
  const group = newGroupId();
  const privateWords = `private${rnd.word(12)}`;
  const groupWords = `group${rnd.word(12)}`;
  const bobWords = `bob${rnd.word(12)}`;
  const privateAnswer = `answer${rnd.word(12)}`;
  await deliverUpdate(telegramUpdate({ chatId: alice, text: `my withdrawal ${privateWords}` }));
  await deliverUpdate(
    telegramUpdate({
      chatId: group,
      userId: alice,
      text: `question ${groupWords}`,
      replyTo: { message_id: 7, fromBot: true },
    }),
  );
  await deliverUpdate(
    telegramUpdate({
      chatId: group,
      userId: bob,
      text: `me too ${bobWords}`,
      replyTo: { message_id: 7, fromBot: true },
    }),
  );
  const personal = (await latestTicketOfChat(alice)).ticket.id;
  const shared = (await latestTicketOfChat(group)).ticket.id;
  await staffReply(personal, `Your withdrawal: ${privateAnswer}`);
  const [source, into] = privateIntoGroup ? [personal, shared] : [shared, personal];
  const merged = await call("POST", `/api/staff/tickets/${source}/merge`, {
    token: BOOTSTRAP,
    json: { intoId: into, confirmDifferentCustomers: true },
  });
  expect(merged.status).toBe(200);

  const [groupToken, privateToken] = [await tokenOf(shared), await tokenOf(personal)];
  const groupPage = await page(groupToken);
  const where = `merged ${source === personal ? "private into group" : "group into private"}`;
  // Never led on to the private ticket's link.
  expect(groupPage.location ?? "", where).not.toContain(privateToken);
  expect(groupPage.text, where).not.toContain(privateToken);
  expect(groupPage.status, where).toBe(200);
  expect(groupPage.text, where).toContain(groupWords);
  expect(groupPage.text, where).toContain(bobWords);
  expect(groupPage.text, where).not.toContain(privateWords);
  expect(groupPage.text, where).not.toContain(privateAnswer);

  const privatePage = await page(privateToken);
  expect(privatePage.location ?? "", where).not.toContain(groupToken);
  expect(privatePage.status, where).toBe(200);
  expect(privatePage.text, where).toContain(privateWords);
  expect(privatePage.text, where).toContain(privateAnswer);
  expect(privatePage.text, where).not.toContain(bobWords);
  expect(privatePage.text, where).not.toContain(groupWords);
}
