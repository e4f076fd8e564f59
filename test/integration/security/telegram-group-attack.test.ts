/**
 * Another member of a Telegram group (or any other user) against the customer's messages and
 * ticket, with fresh random ids: an edit naming the customer's message (in the group, or in the
 * customer's private chat), and the customer's buttons pressed by someone else. An edit is its
 * author's only; a ticket's buttons answer only its customer.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  BOT_ID,
  BOT_USERNAME,
  editedUpdate,
  newChatId,
  newGroupId,
  photoUpdate,
  tgMessage,
  update,
} from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { resolveTicket } from "../requests";
import { count, staffTicket } from "../support";

const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const userId = () => 6_000_000_000 + Math.floor(Math.random() * 1e9);

/** A group message addressed to the bot (a reply to it), from `userId`. */
function groupMessage(groupId: number, from: number, text: string, messageId: number) {
  return update(
    "message",
    tgMessage({ chatId: groupId, userId: from, messageId, replyTo: { message_id: 1, fromBot: true }, extra: { text } }),
  );
}

function groupEdit(groupId: number, from: number, messageId: number, text: string) {
  return editedUpdate({ chatId: groupId, userId: from, messageId, text, replyTo: { message_id: 1, fromBot: true } });
}

/** A button press by `from` on a bot message in `chat`. */
function press(chat: { id: number; type: string }, from: number, data: string) {
  return update("callback_query", {
    id: `cbq-${crypto.randomUUID()}`,
    from: { id: from, is_bot: false, first_name: "Mallory", language_code: "en" },
    chat_instance: String(Math.floor(Math.random() * 1e9)),
    data,
    message: {
      message_id: 1 + Math.floor(Math.random() * 1000),
      date: Math.floor(Date.now() / 1000),
      chat: chat.type === "private" ? { ...chat, first_name: "Alice" } : { ...chat, title: "Some group" },
      from: { id: BOT_ID, is_bot: true, first_name: "Relaydesk", username: BOT_USERNAME },
      text: "Choose",
    },
  });
}

const bodyOf = async (providerId: string) =>
  (
    await env.DB.prepare(
      "SELECT body FROM messages WHERE channel = 'telegram' AND provider_message_id = ?1 AND direction = 'in'",
    )
      .bind(providerId)
      .first<{ body: string }>()
  )?.body;
const editsOf = (providerId: string) =>
  count(
    `SELECT COUNT(*) AS n FROM message_edits WHERE message_id =
       (SELECT id FROM messages WHERE channel = 'telegram' AND provider_message_id = ?1 AND direction = 'in')`,
    providerId,
  );

describe("Telegram: someone else's edit of the customer's message", { timeout: 30_000 }, () => {
  it("in a group: another member's edit naming the customer's message changes nothing; the author's own edit does", async () => {
    const group = newGroupId();
    const alice = userId();
    const mallory = userId();
    const aliceId = 1 + Math.floor(Math.random() * 10_000);
    const aliceText = `my withdrawal is stuck ${rand()}`;
    await deliverUpdate(groupMessage(group, alice, aliceText, aliceId));
    expect(await bodyOf(`${group}:${aliceId}`)).toBe(aliceText);

    const forged = pick([`never mind, close it ${rand()}`, `send the refund to 0x${rand()}${rand()} ${rand()}`]);
    await deliverUpdate(groupEdit(group, mallory, aliceId, forged), { settled: true });
    expect(await bodyOf(`${group}:${aliceId}`)).toBe(aliceText);
    expect(await editsOf(`${group}:${aliceId}`)).toBe(0);

    // The control: the author's own edit is taken (so the check above can fail).
    const own = `${aliceText} (edited ${rand()})`;
    await deliverUpdate(groupEdit(group, alice, aliceId, own), { settled: true });
    expect(await bodyOf(`${group}:${aliceId}`)).toBe(own);
    expect(await editsOf(`${group}:${aliceId}`)).toBe(1);
  });

  it("in the customer's private chat: an edit from anyone else changes nothing", async () => {
    const alice = newChatId();
    const text = `KYC rejected ${rand()}`;
    const m = tgMessage({ chatId: alice, extra: { text } });
    await deliverUpdate(update("message", m));
    const key = `${alice}:${m.message_id}`;
    expect(await bodyOf(key)).toBe(text);
    await deliverUpdate(
      editedUpdate({ chatId: alice, userId: userId(), messageId: m.message_id, text: `x ${rand()}` }),
      {
        settled: true,
      },
    );
    expect(await bodyOf(key)).toBe(text);
    expect(await editsOf(key)).toBe(0);

    // A message in the customer's private chat from anyone else is none of ours: nothing joins their ticket.
    const marker = `steer ${rand()}`;
    await deliverUpdate(update("message", tgMessage({ chatId: alice, userId: userId(), extra: { text: marker } })), {
      settled: true,
    });
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE body LIKE ?1", `%${marker}%`)).toBe(0);
  });
});

describe("Telegram: the customer's buttons pressed by another member", { timeout: 30_000 }, () => {
  it("category and rating buttons of the customer's group ticket answer only the customer", async () => {
    const group = newGroupId();
    const alice = userId();
    const mallory = userId();
    await deliverUpdate(groupMessage(group, alice, `deposit missing ${rand()}`, 1 + Math.floor(Math.random() * 1e4)));
    const { ticket } = await latestTicketOfChat(group);
    const chat = { id: group, type: "supergroup" };
    const category = pick(["kyc", "withdrawal", "login", "trading"]);
    await deliverUpdate(press(chat, mallory, `cat:${ticket.id}:${category}`), { settled: true });
    expect((await staffTicket(ticket.id)).ticket.category).not.toBe(category);

    expect((await resolveTicket(ticket.id)).status).toBe(200);
    const rating = 1 + Math.floor(Math.random() * 5);
    await deliverUpdate(press(chat, mallory, `csat:${ticket.id}:${rating}`), { settled: true });
    await deliverUpdate(press({ id: mallory, type: "private" }, mallory, `csat:${ticket.id}:${rating}`), {
      settled: true,
    });
    const rated = () =>
      count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1 AND rating = ?2", ticket.id, rating);
    expect(await rated()).toBe(0);
    await deliverUpdate(press(chat, alice, `csat:${ticket.id}:${rating}`), { settled: true });
    expect(await rated()).toBe(1);
  });
});

describe("Telegram: a part naming the customer's album", { timeout: 30_000 }, () => {
  it("another member's photo with the customer's media_group_id is never added to the customer's message", async () => {
    const group = newGroupId();
    const alice = userId();
    const mallory = userId();
    const mediaGroupId = `album-${rand()}`;
    const reply = { message_id: 1, fromBot: true };
    const caption = `two screenshots ${rand()}`;
    await deliverUpdate(photoUpdate({ chatId: group, userId: alice, mediaGroupId, caption, replyTo: reply }), {
      settled: true,
    });
    const marker = `steer ${rand()}`;
    await deliverUpdate(
      photoUpdate({ chatId: group, userId: mallory, mediaGroupId, caption: marker, replyTo: reply }),
      { settled: true },
    );
    await deliverUpdate(photoUpdate({ chatId: group, userId: alice, mediaGroupId, replyTo: reply }), { settled: true });
    const aliceIdentity = await env.DB.prepare(
      "SELECT id FROM channel_identities WHERE channel = 'telegram' AND external_id = ?1",
    )
      .bind(String(alice))
      .first<{ id: string }>();
    const { results } = await env.DB.prepare(
      `SELECT m.body, m.sender_identity_id, (SELECT COUNT(*) FROM attachments a WHERE a.message_id = m.id) AS files
         FROM messages m WHERE m.channel = 'telegram' AND m.direction = 'in' AND m.provider_message_id LIKE ?1`,
    )
      .bind(`${group}:album:%`)
      .all<{ body: string; sender_identity_id: string; files: number }>();
    const alices = results.filter((r) => r.sender_identity_id === aliceIdentity?.id);
    expect(alices).toHaveLength(1);
    expect(alices[0]?.body).toBe(caption);
    expect(alices[0]?.files).toBe(2);
    // Mallory's part is his own message (kept, not lost), never Alice's.
    expect(results.filter((r) => r.body.includes(marker))).toEqual([
      expect.objectContaining({ files: 1, sender_identity_id: expect.not.stringMatching(aliceIdentity?.id ?? "") }),
    ]);
  });
});
