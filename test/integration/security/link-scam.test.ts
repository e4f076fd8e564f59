/**
 * Fake support's favourite trick: "send `/link 7KQ2-M9XD` to the official bot to verify your account", where the
 * code is the scammer's own. The victim redeems it; staff then see one customer, but nothing the bot or a page
 * shows a customer crosses from one account to the other: the scammer reads, steers and rates nothing of the
 * victim's (their status list, a ticket by number, buttons naming the victim's ticket, a language choice, their
 * own messages and `/t/` page), and the victim's own views still work.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { button, command, relayMessage, snowflake } from "../channels/discord/builders";
import { fakeDiscord, postInteraction, postRelay } from "../channels/discord/harness";
import { fakeMailgun, plainMail, receive } from "../channels/email/harness";
import { callbackUpdate, commandUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, waitForSent } from "../channels/telegram/harness";
import { mailSubject, mailText, randomAddress } from "../channels/webform/claims-helpers";
import { api, BASE } from "../requests";
import { waitFor } from "../support";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("link-scam");
const CODE = /([0-9A-Z]{4}-[0-9A-Z]{4})/;
const HAN = /[\u3400-\u9fff]/;

type Channel = "telegram" | "discord";
type Ticket = { id: string; number: number; token: string };

/**
 * One account on Telegram (a private chat), Discord (DMs through the relay, slash commands) or, for a scammer, email
 * (a proven mailbox, which may ask for a code but never enter one).
 */
interface Account {
  channel: Channel | "email";
  id: string;
  /** Sends a text message in the account's own conversation (by email, a new mail with it as subject and body). */
  write(text: string): Promise<void>;
  /** `/status [args]`: every text the bot answered. */
  status(args?: string): Promise<string>;
  /** Asks for the status list in words: every text the bot answered. */
  askInWords(text: string): Promise<string>;
  /** `/link [code]`: the answer. */
  link(code?: string): Promise<string>;
  /** The tickets of the account's own conversations. */
  tickets(): Promise<Ticket[]>;
}

function telegramAccount(): Account {
  const chatId = newChatId();
  const said = async () =>
    (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter((c) => !c.failedWith).length;
  const ask = async (cmd: string, args?: string) => {
    const before = await said();
    await deliverUpdate(commandUpdate({ chatId, command: cmd, ...(args ? { args } : {}) }));
    const sent = await waitForSent(chatId, before + 1);
    return sent
      .slice(before)
      .map((c) => String(c.params.text))
      .join("\n");
  };
  const conversationKey = `telegram:${chatId}`;
  const write = async (text: string) => deliverUpdate(telegramUpdate({ chatId, text }));
  return {
    channel: "telegram",
    id: String(chatId),
    write,
    status: (args) => ask("status", args),
    askInWords: (text) => askInConversation(conversationKey, () => write(text)),
    link: (code) => ask("link", code),
    tickets: () => ticketsOf(conversationKey),
  };
}

function discordAccount(): Account {
  const userId = snowflake();
  const slash = async (name: string, options: Array<{ name: string; type: number; value: string }>) => {
    const res = await postInteraction({ ...command(name, { userId }), data: { id: "1", name, type: 1, options } });
    return ((await res.json()) as { data: { content: string } }).data.content;
  };
  const conversationKey = `discord:dm:${userId}`;
  const write = async (content: string) => {
    expect((await postRelay(relayMessage({ userId, content }))).status).toBe(200);
  };
  return {
    channel: "discord",
    id: userId,
    write,
    status: () => slash("status", []),
    askInWords: (text) => askInConversation(conversationKey, () => write(text)),
    link: (code) => slash("link", code ? [{ name: "code", type: 3, value: code }] : []),
    tickets: () => ticketsOf(conversationKey),
  };
}

function emailAccount(): Account {
  const address = randomAddress();
  const mails = async () => (await fakeMailgun.sent(address)).map((m) => `${mailSubject(m.mime)}\n${mailText(m.mime)}`);
  const write = async (text: string) => {
    const messageId = `<${rnd.word(16)}@scammer.test>`;
    await receive(plainMail({ from: address, messageId, subject: text, body: text }), { from: address });
  };
  /** Mails `text` and waits for the answer that matches `answer` (an acknowledgement of earlier mail may come first). */
  const ask = async (text: string, answer: RegExp) => {
    const had = (await mails()).length;
    await write(text);
    return waitFor(async () => {
      const fresh = (await mails()).slice(had);
      return fresh.some((m) => answer.test(m)) ? fresh.join("\n") : undefined;
    }, `the answer to ${text} by email`);
  };
  const LIST = /Your tickets|您的工单|You have no tickets|您还没有工单/;
  return {
    channel: "email",
    id: address,
    write,
    status: () => ask("/status", LIST),
    askInWords: (text) => ask(text, LIST),
    link: () => ask("/link", CODE),
    tickets: async () => {
      const { results } = await env.DB.prepare(
        `SELECT DISTINCT t.id, t.number, t.access_token AS token, t.created_at FROM tickets t
           JOIN messages m ON m.origin_ticket_id = t.id
          WHERE m.sender_identity_id = (SELECT id FROM channel_identities WHERE channel = 'email' AND external_id = ?1)
          ORDER BY t.created_at`,
      )
        .bind(address)
        .all<Ticket>();
      return results;
    },
  };
}

const account = (channel: Channel | "email") =>
  channel === "telegram" ? telegramAccount() : channel === "discord" ? discordAccount() : emailAccount();

/** Does `act` in a chat conversation and returns the bot's answers stored there since. */
async function askInConversation(conversationKey: string, act: () => Promise<void>): Promise<string> {
  const had = (await answersIn(conversationKey)).length;
  await act();
  return waitFor(async () => {
    const said = await answersIn(conversationKey);
    return said.length > had ? said.slice(had).join("\n") : undefined;
  }, `an answer in ${conversationKey}`);
}

async function ticketsOf(conversationKey: string): Promise<Ticket[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, number, access_token AS token FROM tickets WHERE conversation_key = ?1 ORDER BY created_at",
  )
    .bind(conversationKey)
    .all<Ticket>();
  return results;
}

/** A ticket as its customer's steering could change it. */
async function ticketState(id: string) {
  return env.DB.prepare(
    `SELECT t.status, t.category, t.tags, t.language, t.human_requested_at, s.rating,
        (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id OR m.origin_ticket_id = t.id) AS messages
       FROM tickets t LEFT JOIN csat_surveys s ON s.ticket_id = t.id WHERE t.id = ?1`,
  )
    .bind(id)
    .first();
}

async function page(token: string): Promise<string> {
  const res = await exports.default.fetch(`${BASE}/t/${token}`, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  return res.text();
}

/** A Discord button press; resolves once its deferred work has answered (an original edited since the press). */
async function press(userId: string, customId: string): Promise<void> {
  const before = (await fakeDiscord.calls({ route: "editOriginal" })).length;
  const res = await postInteraction(button(customId, { userId }));
  expect(res.status).toBe(200);
  const { type } = (await res.json()) as { type: number };
  if (type !== 5) return; // answered at once
  await waitFor(
    async () => ((await fakeDiscord.calls({ route: "editOriginal" })).length > before ? true : undefined),
    `the answer to ${customId}`,
  );
}

/** The tickets of an account's own conversations, waiting for `n` of them. */
async function waitForTickets(acc: Account, n = 1) {
  return waitFor(async () => {
    const t = await acc.tickets();
    return t.length >= n ? t : undefined;
  }, `${n} ticket(s) of ${acc.channel}:${acc.id}`);
}

/** Every bot or staff answer stored in a conversation's tickets. */
async function answersIn(conversationKey: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT m.body FROM messages m JOIN tickets t ON t.id = COALESCE(m.origin_ticket_id, m.ticket_id)
      WHERE t.conversation_key = ?1 AND m.direction = 'out' ORDER BY m.created_at`,
  )
    .bind(conversationKey)
    .all<{ body: string }>();
  return results.map((r) => r.body);
}

/** A victim's account with one or two tickets (an older one closed), each subject a fresh secret. */
async function victimAccount(where: string) {
  const acc = account(rnd.pick(["telegram", "discord"] as const));
  const subjects: string[] = [];
  const tickets = rnd.next() < 0.4 ? 2 : 1;
  for (let n = 1; n <= tickets; n++) {
    const subject = `Withdrawal stuck ${rnd.word(10)}`;
    subjects.push(subject);
    await acc.write(subject);
    const [latest] = (await waitForTickets(acc, n)).slice(-1);
    if (!latest) throw new Error(where);
    const status = n < tickets ? "closed" : rnd.pick(["new", "open", "pending"] as const);
    await env.DB.prepare(
      "UPDATE tickets SET status = ?2, closed_at = CASE WHEN ?2 = 'closed' THEN ?3 END WHERE id = ?1",
    )
      .bind(latest.id, status, new Date().toISOString())
      .run();
  }
  const list = await acc.tickets();
  // A survey was asked on each: a rating button would be accepted from its own customer.
  for (const t of list) {
    await env.DB.prepare("INSERT INTO csat_surveys (ticket_id, requested_at) VALUES (?1, ?2)")
      .bind(t.id, new Date().toISOString())
      .run();
  }
  return { acc, subjects, tickets: list };
}

describe("a customer talked into redeeming a scammer's link code", { timeout: 300_000 }, () => {
  it("leaves the scammer nothing of theirs to read or steer, and their own views work", async () => {
    // Each run has a scammer on each channel that can issue a code, in random order.
    const scammers = (["telegram", "discord", "email"] as const).slice().sort(() => rnd.next() - 0.5);
    for (const [round, channel] of scammers.entries()) {
      const scammer = account(channel);
      let where = `round ${round}: scammer on ${scammer.channel}`;
      // The victim: one account, or two they linked themselves before the scam.
      const first = await victimAccount(where);
      const victims = [first];
      if (rnd.next() < 0.5) {
        const second = await victimAccount(where);
        victims.push(second);
        const own = CODE.exec(await second.acc.link())?.[1] as string;
        expect(await first.acc.link(own), where).toContain("Linked");
      }
      const redeemer = rnd.pick(victims);
      where += `, victim on ${victims.map((v) => v.acc.channel).join(" + ")}, redeeming on ${redeemer.acc.channel}`;
      const scammerOwn = `Hello ${rnd.word(10)}`;
      if (rnd.next() < 0.7) {
        await scammer.write(scammerOwn);
        await waitForTickets(scammer);
      }

      const issued = await scammer.link();
      expect(issued, where).toMatch(/support will never ask you for this code/i);
      const code = CODE.exec(issued)?.[1];
      if (!code) throw new Error(`${where}: no code in ${issued}`);
      const joined = await redeemer.acc.link(rnd.pick([code, code.toLowerCase(), code.replace("-", " ")]));
      expect(joined, `${where}: the reply names the joined account`).toContain(
        `joined to the ${{ telegram: "Telegram", discord: "Discord", email: "Email" }[scammer.channel]}`,
      );

      // Staff see one customer: every account on the victim's ticket's customer panel.
      const { ticket } = (await (await api("GET", `/api/staff/tickets/${redeemer.tickets[0]?.id}`)).json()) as {
        ticket: { contact: { id: string } };
      };
      const panel = (await (await api("GET", `/api/staff/contacts/${ticket.contact.id}`)).json()) as {
        contact: { identities: Array<{ channel: string; externalId: string }> };
      };
      expect(panel.contact.identities.map((i) => `${i.channel}:${i.externalId}`).sort(), where).toEqual(
        [scammer, ...victims.map((v) => v.acc)].map((a) => `${a.channel}:${a.id}`).sort(),
      );

      const victimTickets = victims.flatMap((v) => v.tickets);
      const before = await Promise.all(victimTickets.map((t) => ticketState(t.id)));
      const secrets = [
        ...victims.flatMap((v) => v.subjects).map((x) => ({ x, at: (text: string) => text.includes(x) })),
        // A number, not the start of a longer one.
        ...victimTickets.map((t) => ({
          x: `RD-${t.number}`,
          at: (text: string) => new RegExp(`RD-${t.number}(?!\\d)`).test(text),
        })),
      ];
      const leaked = (text: string) => secrets.find((s) => s.at(text))?.x ?? null;
      // Reading: the status list, each of the victim's tickets by number, a status asked in words; in random order.
      const reads = [() => scammer.status()];
      if (scammer.channel === "telegram")
        for (const t of victimTickets) reads.push(() => scammer.status(`RD-${t.number}`));
      reads.push(() => scammer.askInWords(rnd.pick(["status", "/status", "工单状态", "Status?"])));
      for (const read of reads.sort(() => rnd.next() - 0.5)) {
        const said = await read();
        expect(leaked(said), `${where}: the scammer was told ${said}`).toBe(null);
      }
      // Steering: buttons naming the victim's tickets, a language choice.
      for (const t of victimTickets) {
        const rating = 1 + Math.floor(rnd.next() * 5);
        if (scammer.channel === "telegram") {
          const data = [`csat:${t.id}:${rating}`, `cat:${t.id}:${rnd.pick(["kyc", "security", "account"])}`, "lang:zh"];
          for (const d of data.sort(() => rnd.next() - 0.5))
            await deliverUpdate(callbackUpdate({ chatId: Number(scammer.id), data: d }));
        } else if (scammer.channel === "discord") {
          for (const id of [`csat:${t.id}:${rating}`, `close:${t.id}`, `human:${t.id}`].sort(() => rnd.next() - 0.5))
            await press(scammer.id, id);
        }
      }
      // Writing: the scammer's messages, even naming the victim's ticket (by email, a reply to it by its [RD-n]), stay
      // in the scammer's own conversations; their pages show none of the victim's.
      const target = rnd.pick(victimTickets);
      await scammer.write(`Re: [RD-${target.number}] Please refund ${rnd.word(8)}`);
      for (const t of await waitForTickets(scammer)) {
        const shown = await page(t.token);
        const subject = victims.flatMap((v) => v.subjects).find((x) => shown.includes(x));
        expect(subject, `${where}: the scammer's /t/ page shows the victim's ticket`).toBe(undefined);
      }
      expect(await Promise.all(victimTickets.map((t) => ticketState(t.id))), `${where}: steered`).toEqual(before);

      // The victim's own views: each account's status lists its own tickets and none of the scammer's, in the
      // language they never changed; their pages.
      for (const v of victims) {
        const own = await v.acc.status();
        for (const subject of v.subjects) expect(own, where).toContain(subject);
        expect(own, `${where}: the victim is shown the scammer's ticket`).not.toContain(scammerOwn);
        expect(HAN.test(own), `${where}: the scammer's language choice reached the victim: ${own}`).toBe(false);
        for (const [i, t] of v.tickets.entries()) expect(await page(t.token), where).toContain(v.subjects[i]);
      }
      where = "";
    }
  });
});
