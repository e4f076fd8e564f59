/**
 * A button names a ticket (`csat:<id>:<n>`, `cat:<id>:<category>`, `close:<id>`, `human:<id>`), and a client can send
 * any data it likes: a stranger on any channel presses every button kind of each channel with another customer's
 * ticket of any channel in it, written exactly, in other case, padded, with extra parts, or as its number. Nothing of
 * that ticket changes (status, category, tags, rating, language) and no answer names its number or subject; the
 * ticket's own customer pressing the same button still works.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { button, relayMessage, snowflake } from "../channels/discord/builders";
import { fakeDiscord, postInteraction, postRelay } from "../channels/discord/harness";
import { callbackUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate } from "../channels/telegram/harness";
import { type Created, formPayload, postJson } from "../channels/webform/builders";
import { newSession, postChat, rand, say } from "../channels/webform/chat-helpers";
import { waitFor } from "../support";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("foreign-buttons");

interface Victim {
  channel: string;
  ticketId: string;
  number: string;
  subject: string;
  /** The customer's own press of a button of their channel, and what it must change. */
  ownPress(): Promise<void>;
}

async function ticketOf(conversationKey: string) {
  return waitFor(
    () =>
      env.DB.prepare("SELECT id, number FROM tickets WHERE conversation_key = ?1")
        .bind(conversationKey)
        .first<{ id: string; number: number }>()
        .then((r) => r ?? undefined),
    `a ticket in ${conversationKey}`,
  );
}

async function telegramVictim(subject: string): Promise<Victim> {
  const chatId = newChatId();
  await deliverUpdate(telegramUpdate({ chatId, text: subject }));
  const t = await ticketOf(`telegram:${chatId}`);
  return {
    channel: "telegram",
    ticketId: t.id,
    number: `RD-${t.number}`,
    subject,
    ownPress: () => deliverUpdate(callbackUpdate({ chatId, data: `cat:${t.id}:kyc` }), { settled: true }),
  };
}

async function discordVictim(subject: string): Promise<Victim> {
  const userId = snowflake();
  expect((await postRelay(relayMessage({ userId, content: subject }))).status).toBe(200);
  const t = await ticketOf(`discord:dm:${userId}`);
  return {
    channel: "discord",
    ticketId: t.id,
    number: `RD-${t.number}`,
    subject,
    ownPress: async () => {
      await pressDiscord(userId, `human:${t.id}`);
    },
  };
}

async function webformVictim(subject: string): Promise<Victim> {
  const res = await postJson("/api/tickets", formPayload({ subject, description: subject }));
  expect(res.status).toBe(201);
  const { ticket } = (await res.json()) as Created & { ticket: { number: string } };
  return { channel: "webform", ticketId: ticket.id, number: ticket.number, subject, ownPress: async () => {} };
}

async function chatVictim(subject: string): Promise<Victim> {
  const { token } = await newSession({ lang: "en" });
  const { ticket } = await say(token, subject);
  const row = await env.DB.prepare("SELECT number FROM tickets WHERE id = ?1")
    .bind(ticket.id)
    .first<{ number: number }>();
  return {
    channel: "chat",
    ticketId: ticket.id,
    number: `RD-${row?.number}`,
    subject,
    ownPress: async () => {
      const r = await postChat(token, { clientId: rand("c"), action: `csat:${ticket.id}:4` });
      expect(r.status, await r.clone().text()).toBe(200);
    },
  };
}

/** A Discord button press; the answer it gave at once, or its deferred answer once the work is done. */
async function pressDiscord(userId: string, customId: string): Promise<string> {
  const before = (await fakeDiscord.calls({ route: "editOriginal" })).length;
  const res = await postInteraction(button(customId, { userId }));
  const body = (await res.json()) as { type: number; data?: { content?: string } };
  if (body.type !== 5) return String(body.data?.content ?? "");
  const edits = await waitFor(async () => {
    const calls = await fakeDiscord.calls({ route: "editOriginal" });
    return calls.length > before ? calls.slice(before) : undefined;
  }, `the answer to ${customId}`);
  return edits.map((c) => String(c.body?.content ?? "")).join("\n");
}

/** What a press could change on a ticket. */
async function stateOf(id: string) {
  return env.DB.prepare(
    `SELECT t.status, t.category, t.tags, t.language, t.priority, t.human_requested_at, s.rating, s.rated_via
       FROM tickets t LEFT JOIN csat_surveys s ON s.ticket_id = t.id WHERE t.id = ?1`,
  )
    .bind(id)
    .first();
}

/** Another customer's ticket as a client might write it into a button. */
function spellings(v: Victim): string[] {
  return [
    v.ticketId,
    v.ticketId.toUpperCase(),
    ` ${v.ticketId}`,
    `${v.ticketId}%00`,
    v.number,
    v.number.replace("RD-", ""),
  ];
}

describe("a button naming another customer's ticket", { timeout: 240_000 }, () => {
  it("changes and tells nothing, on every channel, however the ticket is written", async () => {
    for (let round = 0; round < 2; round++) {
      const victims: Victim[] = [];
      for (const make of [telegramVictim, discordVictim, webformVictim, chatVictim]) {
        victims.push(await make(`Frozen balance ${rnd.word(12)}`));
      }
      for (const v of victims) {
        await env.DB.prepare("INSERT INTO csat_surveys (ticket_id, requested_at) VALUES (?1, ?2)")
          .bind(v.ticketId, new Date().toISOString())
          .run();
      }
      const before = await Promise.all(victims.map((v) => stateOf(v.ticketId)));
      const tgAttacker = newChatId();
      const dcAttacker = snowflake();
      const chat = await newSession({ lang: rnd.pick(["en", "zh"]) });
      // Telegram's callback answers are read from state only; Discord's and the chat's answers are read too.
      const told: string[] = [];
      for (const v of victims) {
        for (const id of spellings(v).sort(() => rnd.next() - 0.5)) {
          const n = 1 + Math.floor(rnd.next() * 5);
          const suffix = rnd.pick(["", ":", ":x", `:${n}`]);
          for (const data of [
            `csat:${id}:${n}`,
            `cat:${id}:${rnd.pick(["kyc", "security", "scam_report"])}${suffix}`,
          ]) {
            await deliverUpdate(callbackUpdate({ chatId: tgAttacker, data }), { settled: true });
          }
          for (const customId of [`csat:${id}:${n}`, `close:${id}${suffix}`, `human:${id}${suffix}`]) {
            told.push(await pressDiscord(dcAttacker, customId));
          }
          const res = await postChat(chat.token, { clientId: rand("c"), action: `csat:${id}:${n}` });
          expect(res.status, `chat csat:${id}`).toBeGreaterThanOrEqual(400);
          told.push(await res.text());
        }
      }
      const after = await Promise.all(victims.map((v) => stateOf(v.ticketId)));
      expect(after, `round ${round} (ATTACK_SEED=${rnd.seed})`).toEqual(before);
      for (const v of victims) {
        for (const said of told) {
          expect(said.includes(v.subject) || said.includes(v.number), `${v.channel} ticket told: ${said}`).toBe(false);
        }
      }
      // Their own customers' presses still work (the routes are live, not refusing everyone).
      for (const v of victims) await v.ownPress();
      const own = await Promise.all(victims.map((v) => stateOf(v.ticketId)));
      expect(own[0]?.category, "telegram's own category button").toBe("kyc");
      await waitFor(
        async () => ((await stateOf(victims[1]?.ticketId ?? ""))?.human_requested_at ? true : undefined),
        "human",
      );
      expect(own[3]?.rating, "the chat's own rating").toBe(4);
    }
  });
});
