/** Bot commands and inline buttons: /start /new /status /human /verify /link /lang /help, and their callback queries (language, category, CSAT). */
import { type CommandContext, Composer, type Context } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { parseCsatButton } from "../../src/core/csat";
import { newId } from "../../src/core/ids";
import { LANGUAGES, type Language } from "../../src/core/inbound";
import { categoryLabel } from "../../src/core/replies";
import { CATEGORIES, type Category } from "../../src/core/ticket";
import { displayNameOf, languageFromCode } from "./content";
import { chatConversation, depsOf, later, messageKey, say } from "./context";
import { inboundBase, ingestMessage } from "./inbound";
import {
  CATEGORY_CHOICES,
  categorySetText,
  helpText,
  humanText,
  LANGUAGE_NAMES,
  NEW_TICKET_NOTE,
  NEW_TICKET_SUBJECT,
  newTicketText,
  startText,
  statusText,
  text,
} from "./texts";

type Cmd = CommandContext<Context>;

/** The language to answer a sender in: their explicit choice, their Telegram client's, their contact's. */
async function senderLanguage(ctx: Context, m: Message) {
  const state = await depsOf(ctx).desk.telegram.senderState({
    channel: "telegram",
    externalId: String(m.from?.id ?? m.chat.id),
    conversationKey: chatConversation(m.chat.id),
  });
  const lang: Language = state.preferredLanguage ?? languageFromCode(m.from?.language_code) ?? state.language ?? "en";
  return { lang, state };
}

/** True once per update: a redelivered command stays quiet. */
async function firstDelivery(ctx: Context): Promise<boolean> {
  const { desk, settings } = depsOf(ctx);
  return desk.telegram.claimUpdate(`${settings.botId}:${ctx.update.update_id}`);
}

export function languageKeyboard(): InlineKeyboardMarkup {
  return { inline_keyboard: [LANGUAGES.map((l) => ({ text: LANGUAGE_NAMES[l], callback_data: `lang:${l}` }))] };
}

/** Category buttons for a ticket, two a row. callback_data stays under Telegram's 64 bytes. */
export function categoryKeyboard(lang: Language, ticketId: string): InlineKeyboardMarkup {
  const buttons = CATEGORY_CHOICES.map((c) => ({
    text: categoryLabel(lang, c),
    callback_data: `cat:${ticketId}:${c}`,
  }));
  const rows = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { inline_keyboard: rows };
}

/** Answers a command that only makes sense in a private chat; false when it is not one. */
function privateOnly(ctx: Cmd, lang: Language): boolean {
  if (ctx.chat.type === "private") return true;
  say(ctx, ctx.chat.id, text(lang, "privateOnly"));
  return false;
}

/** The command handlers, for messages. Mount after the group filter and before plain messages. */
export function commands(): Composer<Context> {
  const bot = new Composer<Context>();
  // Commands come as text; a photo captioned "/new" is a photo with a caption.
  const cmd = bot.on("message:text");

  cmd.command("start", async (ctx) => {
    const { lang } = await senderLanguage(ctx, ctx.msg);
    if (!privateOnly(ctx, lang) || !(await firstDelivery(ctx))) return;
    say(ctx, ctx.chat.id, startText(lang), languageKeyboard());
  });

  cmd.command("help", async (ctx) => {
    const { lang } = await senderLanguage(ctx, ctx.msg);
    if (await firstDelivery(ctx)) say(ctx, ctx.chat.id, helpText(lang));
  });

  cmd.command("lang", async (ctx) => {
    const { lang } = await senderLanguage(ctx, ctx.msg);
    if (!privateOnly(ctx, lang) || !(await firstDelivery(ctx))) return;
    say(ctx, ctx.chat.id, text(lang, "chooseLanguage"), languageKeyboard());
  });

  cmd.command("status", async (ctx) => {
    const { lang } = await senderLanguage(ctx, ctx.msg);
    if (!privateOnly(ctx, lang) || !(await firstDelivery(ctx))) return;
    const tickets = await depsOf(ctx).desk.senderTickets({
      channel: "telegram",
      externalId: String(ctx.from?.id ?? ctx.chat.id),
      limit: 10,
    });
    say(ctx, ctx.chat.id, statusText(lang, tickets));
  });

  // /verify <handle|email|url>: is this account ours? Works in groups too (scammers lurk there).
  cmd.command("verify", async (ctx) => {
    const { lang } = await senderLanguage(ctx, ctx.msg);
    if (!(await firstDelivery(ctx))) return;
    say(ctx, ctx.chat.id, await depsOf(ctx).desk.verifyReply(lang, ctx.match));
  });

  // /link: a one-time code for another channel; /link <code>: link this account to the code's owner.
  cmd.command("link", async (ctx) => {
    const { lang } = await senderLanguage(ctx, ctx.msg);
    if (ctx.chat.type !== "private") {
      // A code posted in a group is read by its members: nobody may redeem it any more.
      if (ctx.match.trim()) await depsOf(ctx).desk.retireExposedLinkCode(ctx.match.trim());
      privateOnly(ctx, lang);
      return;
    }
    if (!(await firstDelivery(ctx))) return;
    const who = {
      channel: "telegram" as const,
      externalId: String(ctx.from?.id ?? ctx.chat.id),
      displayName: displayNameOf(ctx.from) ?? null,
    };
    say(ctx, ctx.chat.id, await depsOf(ctx).desk.linkReply(lang, who, ctx.match.trim() || null));
  });

  // /new [text]: set the active ticket aside (resolved, with a bot note) and open a new one.
  // One active ticket per conversation is a rule of the schema, so the old one cannot stay open.
  cmd.command("new", async (ctx) => {
    const { desk } = depsOf(ctx);
    const { lang } = await senderLanguage(ctx, ctx.msg);
    const resolved = await desk.telegram.resolveActiveForNewTicket({
      channel: "telegram",
      conversationKey: chatConversation(ctx.chat.id),
      commandProviderId: messageKey(ctx.chat.id, ctx.msg.message_id),
      // In a group only the ticket's own customer may set it aside; another member's /new joins it.
      senderExternalId: inboundBase(ctx.msg).sender.externalId,
      noteId: newId("msg"),
      noteBody: NEW_TICKET_NOTE,
      now: new Date().toISOString(),
    });
    const rest = ctx.match.trim();
    const result = await ingestMessage(ctx, ctx.msg, {
      text: rest || ctx.msg.text,
      startNewTicket: true,
      ...(rest ? {} : { subject: NEW_TICKET_SUBJECT }),
    });
    // Not a new ticket (someone else's active one took the message): nothing to choose a category for.
    if (result?.outcome !== "created") return;
    say(ctx, ctx.chat.id, newTicketText(lang, resolved), categoryKeyboard(lang, result.ticketId));
  });

  // /human [text]: the message joins (or opens) the ticket, which is tagged for a person.
  cmd.command("human", async (ctx) => {
    const deps = depsOf(ctx);
    const { lang } = await senderLanguage(ctx, ctx.msg);
    const result = await ingestMessage(ctx, ctx.msg);
    if (!result) return;
    await deps.desk.requestHuman(result.ticketId);
    if (result.outcome === "duplicate") return;
    deps.waitUntil(
      deps.desk.publish({ type: "ticket.updated", ticketId: result.ticketId, changes: ["tags", "priority"] }),
    );
    say(ctx, ctx.chat.id, humanText(lang, result.ticketNumber));
  });

  return bot;
}

/** Language and category buttons. The query is always answered, so the client's spinner stops. */
export async function handleCallback(ctx: Context): Promise<void> {
  const deps = depsOf(ctx);
  const query = ctx.callbackQuery;
  if (!query?.data) return;
  const from = query.from;
  let lang: Language = languageFromCode(from.language_code) ?? "en";
  let answer = text(lang, "expired");
  let confirmation: string | null = null;
  try {
    const [kind, a, b] = query.data.split(":");
    const now = new Date().toISOString();
    if (kind === "lang" && (LANGUAGES as readonly string[]).includes(a ?? "")) {
      lang = a as Language;
      await deps.desk.chooseLanguage({
        channel: "telegram",
        externalId: String(from.id),
        displayName: displayNameOf(from) ?? null,
        language: lang,
        contactId: newId("con"),
        identityId: newId("idn"),
        now,
      });
      answer = text(lang, "languageSet");
      confirmation = answer;
    } else if (kind === "csat") {
      const press = parseCsatButton(query.data);
      if (press) {
        const result = await deps.desk.rate({
          ...press,
          channel: "telegram",
          externalId: String(from.id),
          fallbackLanguage: lang,
        });
        lang = result.language;
        answer = result.text;
        if (result.accepted) confirmation = answer;
      }
    } else if (kind === "cat" && a && (CATEGORIES as readonly string[]).includes(b ?? "")) {
      const category = b as Category;
      const number = await deps.desk.telegram.setCategory({
        ticketId: a,
        channel: "telegram",
        externalId: String(from.id),
        category,
        now,
      });
      if (number) {
        answer = categorySetText(lang, number, category);
        confirmation = answer;
        deps.waitUntil(deps.desk.publish({ type: "ticket.updated", ticketId: a, changes: ["category"] }));
      }
    }
  } catch (err) {
    answer = text(lang, "failed");
    throw err;
  } finally {
    if (deps.settings.token) {
      const [shown, replaced] = [answer, confirmation];
      later(deps, "answerCallbackQuery", () => ctx.answerCallbackQuery({ text: shown }));
      // Replacing the question with the answer also removes its buttons.
      if (replaced && query.message) later(deps, "editMessageText", () => ctx.editMessageText(replaced));
    }
  }
}
