/** Texts the bot sends, in zh and en. */
import type { Language } from "./inbound";
import type { Category, TicketStatus } from "./ticket";

export const SAFETY_LINE: Record<Language, string> = {
  en: "Official support will never ask for your password, 2FA code, private key or seed phrase.",
  zh: "官方客服绝不会向您索要密码、两步验证码（2FA）、私钥或助记词。",
};

/** The acknowledgement a customer gets when a ticket is opened (or reopened). */
export function acknowledgement(
  lang: Language,
  args: { ticketNumber: string; expectedHours: number; reopened?: boolean },
): string {
  const { ticketNumber, expectedHours, reopened } = args;
  if (lang === "zh") {
    const head = reopened ? `您的工单 ${ticketNumber} 已重新打开。` : `我们已收到您的请求，工单号：${ticketNumber}。`;
    return `${head}我们通常会在 ${expectedHours} 小时内回复，请留意此对话。\n${SAFETY_LINE.zh}`;
  }
  const head = reopened
    ? `Your ticket ${ticketNumber} has been reopened.`
    : `We received your request. Your ticket number is ${ticketNumber}.`;
  const hours = expectedHours === 1 ? "1 hour" : `${expectedHours} hours`;
  return `${head} We usually answer within ${hours}; we will reply right here.\n${SAFETY_LINE.en}`;
}

/** How a ticket's status reads to a customer. */
export const STATUS_LABELS: Record<TicketStatus, Record<Language, string>> = {
  new: { en: "received", zh: "已受理" },
  open: { en: "in progress", zh: "处理中" },
  pending: { en: "waiting for your reply", zh: "待您回复" },
  resolved: { en: "resolved", zh: "已解决" },
  closed: { en: "closed", zh: "已关闭" },
};

/** How a category reads to a customer (buttons, lists). */
export const CATEGORY_LABELS: Record<Category, Record<Language, string>> = {
  account: { en: "Account & login", zh: "账户与登录" },
  security: { en: "Security", zh: "账户安全" },
  kyc: { en: "Identity verification (KYC)", zh: "身份认证（KYC）" },
  deposit: { en: "Deposit", zh: "充值" },
  withdrawal: { en: "Withdrawal", zh: "提现" },
  trading: { en: "Trading", zh: "交易" },
  api: { en: "API", zh: "API" },
  promotions: { en: "Promotions", zh: "活动与奖励" },
  scam_report: { en: "Report a scam", zh: "举报诈骗" },
  other: { en: "Something else", zh: "其他" },
};

export function categoryLabel(lang: Language, category: Category): string {
  return CATEGORY_LABELS[category][lang];
}

/** A customer's tickets as the bots list them (`/status`): a heading, then one line per ticket. */
export function ticketListText(
  lang: Language,
  tickets: ReadonlyArray<{ number: string; status: TicketStatus; subject: string }>,
): string {
  const heading = lang === "zh" ? "您的工单：" : "Your tickets:";
  const lines = tickets.map((t) => `${t.number} · ${STATUS_LABELS[t.status][lang]} · ${t.subject}`);
  return `${heading}\n${lines.join("\n")}`;
}

/** What the customer gets at once when they sent a secret: it was hidden, nobody legitimate asks, move funds. */
export function secretSafetyWarning(lang: Language): string {
  if (lang === "zh") {
    return [
      "⚠️ 您的消息中包含敏感信息（如助记词、私钥、密码或验证码），我们已将其隐藏，不会保存或展示给任何人。",
      SAFETY_LINE.zh,
      "请将该钱包或账户视为已泄露：立即把资产转移到新的钱包，并修改密码、重置两步验证。",
    ].join("\n");
  }
  return [
    "⚠️ Your message contained a secret (a seed phrase, private key, password or code). We hid it: it is not stored or shown to anyone.",
    SAFETY_LINE.en,
    "Treat that wallet or account as compromised: move your funds to a new wallet now, and change your password and 2FA.",
  ].join("\n");
}

/**
 * The bot's knowledge-base answer: up to three articles, and how to reach a person: the chat
 * widget's own button where there is one (`button`, its label), otherwise a word to reply with.
 */
export function kbAnswerText(
  lang: Language,
  articles: ReadonlyArray<{ title: string; body: string }>,
  button?: string,
): string {
  const clip = (s: string) => (s.length > 400 ? `${s.slice(0, 399)}…` : s);
  const items = articles.map((a) => `• ${a.title}\n${clip(a.body)}`).join("\n\n");
  if (lang === "zh")
    return `以下文章或许能帮到您：\n\n${items}\n\n${button ? `如需人工客服，请点击“${button}”。` : "如需人工客服，请回复“人工”。"}`;
  return `These articles may help:\n\n${items}\n\n${button ? `To talk to a person, tap "${button}".` : 'To talk to a person, reply "human".'}`;
}

/** The answer to a customer who asked for a person in plain words (commands answer themselves). */
export function handoffText(lang: Language): string {
  return lang === "zh"
    ? "好的，已为您转接人工客服，工作人员会在此回复您。"
    : "OK, a person from our team will take over and answer you here.";
}
