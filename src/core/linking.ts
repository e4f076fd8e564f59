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
  | "linked"
  | "already_linked"
  | "invalid"
  | "expired"
  | "used"
  | "own_code"
  | "too_many_attempts"
  | "not_here";

const OUTCOMES: Record<LinkOutcome, Record<Language, string>> = {
  linked: {
    en: "Linked. Your accounts now share one support history: our team sees all your tickets, whichever channel you write from.",
    zh: "关联成功。您的各个账号现在共享同一份客服记录：无论您从哪个渠道联系我们，客服都能看到您的全部工单。",
  },
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

/** What the bot says when it issues a code. */
export function linkIssuedText(lang: Language, code: string): string {
  const minutes = Math.round(LINK_CODE_TTL_MS / 60_000);
  return lang === "zh"
    ? `您的关联码：${code}\n请在 ${minutes} 分钟内，在您的另一个账号（Telegram、Discord）上发送 /link ${code}。关联码只能使用一次。请勿将它告诉任何人，客服也不会向您索要。`
    : `Your link code: ${code}\nWithin ${minutes} minutes, send /link ${code} from your other account (Telegram, Discord). It works once. Never share it with anyone: our staff will never ask for it.`;
}
