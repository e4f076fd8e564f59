/**
 * An attacker who shares a Telegram group or a Discord server thread with a customer reads
 * everything the bot answers there: a customer's ticket list or link code must never be one of
 * those answers, and a link code posted there must be dead before anyone can redeem it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { command, relayMessage, snowflake, supportSubmit } from "../channels/discord/builders";
import { postInteraction, postRelay, ticketIdsOf } from "../channels/discord/harness";
import {
  BOT_USERNAME,
  commandUpdate,
  newChatId,
  newGroupId,
  SUPPORT_GROUP,
  telegramUpdate,
} from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { waitFor } from "../support";

const CODE = /([0-9A-Z]{4}-[0-9A-Z]{4})/;

function marker(): string {
  return `m${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** A Telegram customer with a private ticket whose subject is a fresh secret. */
async function telegramVictim() {
  const userId = newChatId();
  const subject = `Private withdrawal problem ${marker()}`;
  await deliverUpdate(telegramUpdate({ chatId: userId, text: subject }));
  const { ticket } = await latestTicketOfChat(userId);
  return { userId, subject, number: ticket.number };
}

/** The bot's answer(s) to one stored inbound message (by the provider's id). */
async function answersTo(providerMessageId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT a.body FROM messages a JOIN messages q ON COALESCE(a.reply_to_message_id, a.quote_message_id) = q.id
      WHERE q.provider_message_id = ?1 AND a.direction = 'out' ORDER BY a.created_at`,
  )
    .bind(providerMessageId)
    .all<{ body: string }>();
  return results.map((r) => r.body);
}

/** Every text the bot sent or queued into a chat (Bot API calls and outbox rows of its tickets). */
async function everythingSaidIn(conversationKey: string, chatId?: number): Promise<string> {
  const { results } = await env.DB.prepare(
    `SELECT m.body FROM messages m JOIN tickets t ON t.id = COALESCE(m.origin_ticket_id, m.ticket_id)
      WHERE t.conversation_key = ?1 AND m.direction = 'out'`,
  )
    .bind(conversationKey)
    .all<{ body: string }>();
  const calls = chatId === undefined ? [] : await fakeTelegram.calls({ chatId });
  return [...results.map((r) => r.body), ...calls.map((c) => String(c.params.text ?? ""))].join("\n");
}

async function contactOf(channel: string, externalId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?2")
    .bind(channel, externalId)
    .first<{ contact_id: string }>();
  return row?.contact_id ?? null;
}

/** A fresh group where the bot is addressed by replying to it, or the configured support group. */
function someGroup(): { chatId: number; replyTo?: { message_id: number; fromBot: boolean } } {
  return Math.random() < 0.5
    ? { chatId: SUPPORT_GROUP }
    : { chatId: newGroupId(), replyTo: { message_id: 1 + Math.floor(Math.random() * 1000), fromBot: true } };
}

const STATUS_TEXTS = ["status", "Status?", "/status", "状态", "工单状态", "ｓｔａｔｕｓ", "STATUS."] as const;
const LINK_TEXTS = ["/link", "／link", "/LINK"] as const;

describe("Telegram group: answers private to a customer stay private", { timeout: 60_000 }, () => {
  it("a status request typed in a group lists nothing of the customer's private tickets there", async () => {
    const victim = await telegramVictim();
    const group = someGroup();
    const text = pick(STATUS_TEXTS);
    const u = telegramUpdate({ chatId: group.chatId, userId: victim.userId, text, replyTo: group.replyTo });
    await deliverUpdate(u);
    const providerId = `${group.chatId}:${(u.message as { message_id: number }).message_id}`;
    // The request itself is answered (so the check below is about its content, not its absence).
    const answers = await waitFor(
      async () => {
        const a = await answersTo(providerId);
        return a.length ? a : undefined;
      },
      `answer to ${JSON.stringify(text)}`,
    );
    expect(answers.join("\n")).toMatch(/private|私聊|私信/i);
    const said = await everythingSaidIn(`telegram:${group.chatId}`, group.chatId);
    expect(said).not.toContain(victim.subject);
    expect(said).not.toContain(victim.number);
  });

  it("a /link request typed in a group issues no code there", async () => {
    const victim = await telegramVictim();
    const group = someGroup();
    const text = pick(LINK_TEXTS);
    const u = telegramUpdate({ chatId: group.chatId, userId: victim.userId, text, replyTo: group.replyTo });
    await deliverUpdate(u);
    const providerId = `${group.chatId}:${(u.message as { message_id: number }).message_id}`;
    const answers = await waitFor(
      async () => {
        const a = await answersTo(providerId);
        return a.length ? a : undefined;
      },
      `answer to ${JSON.stringify(text)}`,
    );
    expect(answers.join("\n")).not.toMatch(CODE);
    const codes = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM link_codes WHERE channel = 'telegram' AND external_id = ?1",
    )
      .bind(String(victim.userId))
      .first<{ n: number }>();
    expect(codes?.n).toBe(0);
    expect(await everythingSaidIn(`telegram:${group.chatId}`, group.chatId)).not.toMatch(/Your link code|您的关联码/);
  });

  it.each(["text", "command"] as const)(
    "a code pasted into a group (%s) is retired: someone reading it cannot take over the account",
    async (how) => {
      const victim = await telegramVictim();
      await waitForSent(victim.userId);
      // The victim asks for a code in private (as they should)...
      await deliverUpdate(commandUpdate({ chatId: victim.userId, command: "link" }));
      const sent = await waitForSent(victim.userId, 2);
      const code = CODE.exec(String(sent.at(-1)?.params.text))?.[1];
      if (!code) throw new Error("no code issued in private");
      // ...then pastes "/link CODE" into a group by mistake, in any of the spellings a code is read in.
      const spelled = pick([code, code.toLowerCase(), code.replace("-", " "), code.replace("-", "")]);
      const group = someGroup();
      const u =
        how === "command"
          ? commandUpdate({
              chatId: group.chatId,
              userId: victim.userId,
              // Outside the support group a command reaches the bot when it names it.
              command: group.replyTo ? `link@${BOT_USERNAME}` : "link",
              args: spelled,
            })
          : telegramUpdate({
              chatId: group.chatId,
              userId: victim.userId,
              text: `/link ${spelled}`,
              replyTo: group.replyTo,
            });
      await deliverUpdate(u);
      await waitFor(async () => {
        const row = await env.DB.prepare(
          "SELECT used_by FROM link_codes WHERE channel = 'telegram' AND external_id = ?1 AND used_at IS NOT NULL",
        )
          .bind(String(victim.userId))
          .first<{ used_by: string }>();
        return row ?? undefined;
      }, "the posted code to be retired");

      // A group member redeems what they read, from their own Discord account.
      const attacker = snowflake();
      const i = {
        ...command("link", { userId: attacker }),
        data: { id: "1", name: "link", type: 1, options: [{ name: "code", type: 3, value: code }] },
      };
      const res = await postInteraction(i);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { content: string } };
      expect(body.data.content).not.toMatch(/^Linked/);
      const victimContact = await contactOf("telegram", String(victim.userId));
      expect(victimContact).not.toBeNull();
      expect(await contactOf("discord", attacker)).not.toBe(victimContact);
    },
  );
});

describe("Discord server thread: answers private to a customer stay private", { timeout: 60_000 }, () => {
  it("another member asking for status in a customer's ticket thread gets no list there", async () => {
    const owner = snowflake();
    const channelId = snowflake();
    await postInteraction(
      supportSubmit(
        { subject: `Thread issue ${marker()}`, description: "API returns 429" },
        { userId: owner, guild: { guildId: snowflake(), channelId, channelType: 11 } },
      ),
    );
    await waitFor(async () => (await ticketIdsOf(`discord:thread:${channelId}`))[0], "thread ticket");

    // The member who asks has private tickets of their own (a DM).
    const member = snowflake();
    const secretSubject = `Member private issue ${marker()}`;
    expect((await postRelay(relayMessage({ userId: member, content: secretSubject }))).status).toBe(200);
    const [memberTicket] = await ticketIdsOf(`discord:dm:${member}`);
    const number = await env.DB.prepare("SELECT number FROM tickets WHERE id = ?1")
      .bind(memberTicket)
      .first<{ number: number }>();

    const ask = relayMessage({
      userId: member,
      content: pick([...STATUS_TEXTS, ...LINK_TEXTS]),
      kind: "thread",
      channelId,
    });
    expect((await postRelay(ask)).status).toBe(200);
    const answers = await waitFor(async () => {
      const a = await answersTo(ask.id);
      return a.length ? a : undefined;
    }, "answer in the thread");
    const said = `${answers.join("\n")}\n${await everythingSaidIn(`discord:thread:${channelId}`)}`;
    expect(said).not.toContain(secretSubject);
    expect(said).not.toContain(`RD-${number?.number}`);
    expect(said).not.toMatch(CODE);
    expect(await contactOf("discord", member)).not.toBeNull();
    const codes = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM link_codes WHERE channel = 'discord' AND external_id = ?1",
    )
      .bind(member)
      .first<{ n: number }>();
    expect(codes?.n).toBe(0);
  });
});
