/**
 * Identity linking (`/link`): a short-lived, single-use code issued on one channel and entered
 * on another puts both identities on one contact. Pure: codes, their normal form, the rules.
 */
import type { ChannelName, Language } from "./inbound";

/** How long a code is valid. */
export const LINK_CODE_TTL_MS = 10 * 60_000;
/** Wrong codes one identity may enter per window before it must wait. */
export const LINK_MAX_FAILURES = 5;
export const LINK_FAILURE_WINDOW_MS = 15 * 60_000;
/** Crockford base32: no I, L, O or U, so a code read aloud or retyped survives. 8 characters = 40 bits. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 8;

/** A fresh code such as `7KQ2-M9XD`. */
export function newLinkCode(
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  const bytes = random(CODE_LENGTH);
  let code = "";
  for (const b of bytes) code += ALPHABET[b & 31];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** `7kq2 m9xd`, `7KQ2-M9XD`, `7KQ2M9XD` -> `7KQ2M9XD` (O read as 0, I and L as 1); null when it cannot be a code. */
export function normalizeLinkCode(input: string): string | null {
  const s = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

/**
 * Where a code may be issued and entered. The web form's identity is an email address nobody
 * proved to own, so it takes no part. By email a code may be asked for (it goes back to that
 * mailbox) but not entered: a forged From: must not attach someone's mailbox to another person.
 */
export function linkRole(channel: ChannelName): { issue: boolean; redeem: boolean } {
  switch (channel) {
    case "telegram":
    case "discord":
      return { issue: true, redeem: true };
    case "email":
      return { issue: true, redeem: false };
    default:
      return { issue: false, redeem: false };
  }
}

/** Whether an identity with `failures` wrong codes since `windowStart` may try again at `now`. */
export function mayAttemptLink(state: { failures: number; windowStart: string } | null, now: Date): boolean {
  if (!state) return true;
  if (now.getTime() - Date.parse(state.windowStart) >= LINK_FAILURE_WINDOW_MS) return true;
  return state.failures < LINK_MAX_FAILURES;
}

export type LinkOutcome =
  | "already_linked"
  | "invalid"
  | "expired"
  | "used"
  | "own_code"
  | "too_many_attempts"
  | "not_here";

const OUTCOMES: Record<LinkOutcome, Record<Language, string>> = {
  already_linked: { en: "These accounts are already linked.", zh: "这些账号已经关联过了。" },
  invalid: {
    en: "This code is not valid. Send /link on the account you want to link to get a new one.",
    zh: "关联码无效。请在要关联的另一个账号上发送 /link 获取新的关联码。",
  },
  expired: {
    en: "This code has expired. Send /link again to get a new one.",
    zh: "关联码已过期。请重新发送 /link 获取新的关联码。",
  },
  used: {
    en: "This code was already used. Send /link again to get a new one.",
    zh: "关联码已被使用。请重新发送 /link 获取新的关联码。",
  },
  own_code: {
    en: "Enter this code on your other account (another channel), not here.",
    zh: "请在您的另一个账号（其他渠道）上输入此关联码，而不是在这里。",
  },
  too_many_attempts: {
    en: "Too many wrong codes. Please wait 15 minutes and try again.",
    zh: "错误次数过多，请 15 分钟后再试。",
  },
  not_here: {
    en: "Linking is available in our Telegram and Discord bots. Send /link there.",
    zh: "账号关联仅支持在我们的 Telegram 和 Discord 机器人中进行，请在那里发送 /link。",
  },
};

/** What the bot says after `/link <code>`. */
export function linkOutcomeText(lang: Language, outcome: LinkOutcome): string {
  return OUTCOMES[outcome][lang];
}

/** The account a code came from, as the redeemer is told it (its display name is stored redacted). */
export interface LinkedAccount {
  channel: ChannelName;
  displayName: string | null;
}

const CHANNEL_NAMES: Record<ChannelName, string> = {
  telegram: "Telegram",
  discord: "Discord",
  email: "Email",
  webform: "Web form",
};

/**
 * What the bot says after a code linked: which account was joined (channel and name), so a customer tricked into
 * typing someone else's code sees a stranger's account named and can tell us; what linking shares and what not.
 */
export function linkedText(lang: Language, joined: LinkedAccount): string {
  const channel = lang === "zh" && joined.channel === "email" ? "邮箱" : CHANNEL_NAMES[joined.channel];
  const name = joined.displayName?.trim().slice(0, 64);
  const account = name ? `${channel} ${lang === "zh" ? `「${name}」` : `"${name}"`}` : channel;
  return lang === "zh"
    ? `关联成功：此账号已与 ${account} 账号关联。客服会将两个账号视为同一位客户；每个账号仍只显示自己的对话和工单。如果这不是您本人的账号，请立即联系客服。`
    : `Linked: this account is now joined to the ${account} account. Our team sees both as one customer; each account still shows only its own conversations and tickets. If that is not your own account, tell our team now.`;
}

/** What the bot says when it issues a code: the code, and plainly that nobody but its owner may type it. */
export function linkIssuedText(lang: Language, code: string): string {
  const minutes = Math.round(LINK_CODE_TTL_MS / 60_000);
  return lang === "zh"
    ? `您的关联码：${code}\n请在 ${minutes} 分钟内，由您本人在自己的另一个账号（Telegram、Discord）上发送 /link ${code}。关联码只能使用一次。\n⚠️ 客服绝不会向您索要关联码，也不会让您把它发给任何人或替别人输入关联码。请勿将它告诉任何人：索要它的人是骗子。`
    : `Your link code: ${code}\nWithin ${minutes} minutes, send /link ${code} yourself from your own other account (Telegram, Discord). It works once.\n⚠️ Our support will never ask you for this code, nor ask you to type someone else's. Never share it with anyone: whoever asks for it is a scammer.`;
}
