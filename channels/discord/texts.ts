/** What the Discord bot says on its own (commands, the form, buttons), in zh and en. */
import type { Language } from "../../src/core/inbound";
import { SAFETY_LINE, ticketListText } from "../../src/core/replies";
import type { TicketStatus } from "../../src/core/ticket";

const T = {
  // The form (modal). Discord caps titles and labels at 45 characters.
  formTitle: { en: "Contact support", zh: "联系客服" },
  subject: { en: "Subject", zh: "主题" },
  subjectHint: { en: "e.g. Withdrawal not received", zh: "例如：提现未到账" },
  description: { en: "What happened?", zh: "问题描述" },
  descriptionHint: {
    en: "Never share your password, 2FA code, private key or seed phrase.",
    zh: "请勿填写密码、两步验证码、私钥或助记词。",
  },
  uid: { en: "Exchange UID (optional)", zh: "交易所 UID（选填）" },
  txid: { en: "TxID (optional)", zh: "交易哈希 TxID（选填）" },
  // Buttons.
  human: { en: "Talk to a human", zh: "转人工客服" },
  close: { en: "Close ticket", zh: "关闭工单" },
  // Answers.
  noTickets: {
    en: "You have no tickets yet. Use /support to open one.",
    zh: "您还没有工单。使用 /support 提交工单。",
  },
  expired: { en: "This button is no longer valid.", zh: "此按钮已失效。" },
  failed: { en: "Something went wrong, please try again.", zh: "出了点问题，请重试。" },
  unknown: { en: "I do not know this command.", zh: "无法识别此命令。" },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof T;

/** A fixed bot text. */
export function text(lang: Language, key: TextKey): string {
  return T[key][lang];
}

/** Discord's locale (`zh-CN`, `zh-TW`, `en-US`...) -> our language. */
export function languageOfLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** After the form: the ticket number, and where the answer will come. */
export function ticketCreatedText(lang: Language, ticketNumber: string, appended: boolean): string {
  if (lang === "zh") {
    const head = appended ? `已添加到您的工单 ${ticketNumber}。` : `已为您创建工单 ${ticketNumber}。`;
    return `${head}客服会通过私信或本频道回复您。\n${SAFETY_LINE.zh}`;
  }
  const head = appended ? `Added to your ticket ${ticketNumber}.` : `Your ticket ${ticketNumber} is open.`;
  return `${head} Our team will answer in your DMs or in this channel.\n${SAFETY_LINE.en}`;
}

/** /human and its button. */
export function humanText(lang: Language, ticketNumber: string): string {
  return lang === "zh"
    ? `好的，人工客服将接手工单 ${ticketNumber}。您可以继续私信补充细节。`
    : `OK, a person from our support team will take over ${ticketNumber}. Send any details as a DM.`;
}

/** The close button (the ticket is resolved, so a message within the reopen window reopens it). */
export function closedText(lang: Language, ticketNumber: string): string {
  return lang === "zh"
    ? `工单 ${ticketNumber} 已标记为已解决。如需帮助，可随时再次联系我们。`
    : `${ticketNumber} is marked as resolved. Write again any time you need help.`;
}

/** /status: one line per ticket. */
export function statusText(
  lang: Language,
  tickets: ReadonlyArray<{ number: string; status: TicketStatus; subject: string }>,
): string {
  return tickets.length ? ticketListText(lang, tickets) : T.noTickets[lang];
}
