/** What the Telegram bot says on its own (commands, buttons), in zh and en. Ticket messages live elsewhere. */
import type { InlineKeyboardMarkup } from "grammy/types";
import { CSAT_RATINGS, csatButtonData } from "../../src/core/csat";
import type { Language } from "../../src/core/inbound";
import { categoryLabel, SAFETY_LINE, ticketListText } from "../../src/core/replies";
import type { Category, TicketStatus } from "../../src/core/ticket";
import COMMANDS from "./commands.json";

/** The bot's commands with their descriptions (also what `npm run telegram:setup` registers). */
export const BOT_COMMANDS: ReadonlyArray<{ command: string; en: string; zh: string }> = COMMANDS;

export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", zh: "中文" };

/** The categories offered as buttons on a new ticket, in display order. */
export const CATEGORY_CHOICES: readonly Category[] = [
  "deposit",
  "withdrawal",
  "account",
  "security",
  "kyc",
  "trading",
  "api",
  "scam_report",
  "other",
];

const T = {
  greeting: {
    en: "Hello! This is the official support bot. Write your question here (screenshots help) and we will open a ticket for you; our team answers in this chat.",
    zh: "您好！这里是官方客服机器人。请直接在此描述您的问题（可附截图），我们会为您创建工单，客服会在此对话中回复您。",
  },
  chooseLanguage: { en: "Choose your language:", zh: "请选择语言：" },
  languageSet: { en: "Language set to English.", zh: "语言已设置为中文。" },
  help: {
    en: "Just write your question: every message you send joins your ticket.\n/new – open a new ticket\n/status – your tickets and their status\n/human – talk to a person\n/verify – check whether an account or link is ours\n/link – link your Telegram, Discord and email\n/lang – change language\n/help – this help",
    zh: "直接发送您的问题即可，您发送的每条消息都会加入您的工单。\n/new – 新建工单\n/status – 查看我的工单及状态\n/human – 转人工客服\n/verify – 核实账号或链接是否为官方\n/link – 关联您的 Telegram、Discord 和邮箱\n/lang – 切换语言\n/help – 使用帮助",
  },
  newTicketPrompt: { en: "What is your new request about?", zh: "您的新问题属于哪一类？" },
  noTickets: {
    en: "You have no tickets yet. Write your question here and we will open one.",
    zh: "您还没有工单。请直接在此描述您的问题，我们会为您创建工单。",
  },
  expired: { en: "This button is no longer valid.", zh: "此按钮已失效。" },
  privateOnly: {
    en: "Please send this command in a private chat with me.",
    zh: "请在与我的私聊中使用此命令。",
  },
  failed: { en: "Something went wrong, please try again.", zh: "出了点问题，请重试。" },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof T;

/** A fixed bot text. */
export function text(lang: Language, key: TextKey): string {
  return T[key][lang];
}

/** /start: greeting, the safety line, and the language question. */
export function startText(lang: Language): string {
  return `${T.greeting[lang]}\n\n${SAFETY_LINE[lang]}\n\n${T.chooseLanguage[lang]}`;
}

/** /help: commands and the safety line. */
export function helpText(lang: Language): string {
  return `${T.help[lang]}\n\n${SAFETY_LINE[lang]}`;
}

/** /new: which ticket was set aside, and the category question. */
export function newTicketText(lang: Language, resolvedNumber: string | null): string {
  if (!resolvedNumber) return T.newTicketPrompt[lang];
  const head =
    lang === "zh"
      ? `工单 ${resolvedNumber} 已标记为已解决。`
      : `We marked ${resolvedNumber} as resolved; your new messages go to a new ticket.`;
  return `${head}\n${T.newTicketPrompt[lang]}`;
}

/** After a category button. */
export function categorySetText(lang: Language, ticketNumber: string, category: Category): string {
  const label = categoryLabel(lang, category);
  return lang === "zh"
    ? `谢谢，工单 ${ticketNumber} 的类别：${label}。`
    : `Thanks, ${ticketNumber} is filed under: ${label}.`;
}

/** /human. */
export function humanText(lang: Language, ticketNumber: string): string {
  return lang === "zh"
    ? `好的，人工客服将接手工单 ${ticketNumber}。请在此继续描述您的问题，已发送的内容无需重复。`
    : `OK, a person from our support team will take over ${ticketNumber}. Add any details here; no need to repeat what you already sent.`;
}

/** /status: one line per ticket. */
export function statusText(
  lang: Language,
  tickets: ReadonlyArray<{ number: string; status: TicketStatus; subject: string }>,
): string {
  return tickets.length ? ticketListText(lang, tickets) : T.noTickets[lang];
}

/** The bot note left on a ticket the customer set aside with /new (staff read it; English). */
export const NEW_TICKET_NOTE =
  "The customer started a new ticket with /new; this one was marked resolved on their behalf.";

/** Subject of a ticket opened by a bare /new. */
export const NEW_TICKET_SUBJECT = "New request (/new)";

/** The 1-5 rating buttons under a satisfaction question (one row; callback_data `csat:<ticketId>:<n>`). */
export function csatKeyboard(ticketId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [CSAT_RATINGS.map((n) => ({ text: String(n), callback_data: csatButtonData(ticketId, n) }))],
  };
}
