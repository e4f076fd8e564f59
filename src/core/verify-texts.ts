/** What the bot and the /verify page say about a check, and the anti-impersonation reminder, in zh and en. */
import type { OfficialKind, VerifyResult } from "./verify";

const KIND_NAMES: Record<OfficialKind, { en: string; zh: string }> = {
  telegram: { en: "Telegram account", zh: "Telegram 账号" },
  discord_user: { en: "Discord account", zh: "Discord 账号" },
  discord_server: { en: "Discord server", zh: "Discord 服务器" },
  discord_invite: { en: "Discord invite", zh: "Discord 邀请链接" },
  email: { en: "email address", zh: "邮箱地址" },
  domain: { en: "website / email domain", zh: "网站 / 邮箱域名" },
};

/** How a kind of account reads to a customer. */
export function kindName(kind: OfficialKind, lang: "en" | "zh"): string {
  return KIND_NAMES[kind][lang];
}

/** The bot's answer to `/verify <query>`, in one short paragraph. */
export function verifyAnswer(lang: "en" | "zh", r: VerifyResult): string {
  const q = r.query || "?";
  if (r.verdict === "invalid") {
    return lang === "zh"
      ? "请在 /verify 后面附上要核实的账号、链接、邮箱或网址，例如：/verify @example_support"
      : "Add the handle, link, email address or website to check after /verify, e.g. /verify @example_support";
  }
  if (r.verdict === "official" && r.entry) {
    const what = kindName(r.entry.kind, lang);
    const label = r.entry.label ? ` (${r.entry.label})` : "";
    return lang === "zh"
      ? `✅ ${q} 是我们的官方${what}${label}。即便如此，官方人员也绝不会索要您的密码、验证码、私钥或助记词。`
      : `✅ ${q} is our official ${what}${label}. Even so, we will never ask for your password, 2FA code, private key or seed phrase.`;
  }
  if (r.verdict === "lookalike" && r.entry) {
    return lang === "zh"
      ? `⚠️ ${q} 不是我们的官方账号：它在模仿 ${r.entry.value}。这很可能是诈骗，请勿回复、勿转账、勿透露任何信息。`
      : `⚠️ ${q} is NOT ours: it imitates ${r.entry.value}. This is very likely a scam — do not reply, send funds or share anything.`;
  }
  return lang === "zh"
    ? `❌ ${q} 不在我们的官方账号列表中，请不要信任它。如有疑问，请只通过官方渠道联系我们。`
    : `❌ ${q} is not on our list of official accounts. Do not trust it; contact us only through our official channels.`;
}

/** The one-line anti-impersonation reminder that ends every bot message. */
export function verifyReminder(lang: "en" | "zh", publicUrl = ""): string {
  const page = publicUrl ? `${publicUrl.replace(/\/+$/, "")}/verify` : "/verify";
  return lang === "zh"
    ? `🔒 防骗提示：我们不会主动私信您。核实任何自称官方的账号：发送 /verify <账号> 或访问 ${page}`
    : `🔒 Anti-scam: we never DM you first. Check any account claiming to be us: send /verify <handle> or visit ${page}`;
}

/** `text` with the reminder as its last line (once, however often this is applied). */
export function withVerifyReminder(lang: "en" | "zh", text: string, publicUrl = ""): string {
  const line = verifyReminder(lang, publicUrl);
  if (text.trimEnd().endsWith(line)) return text;
  return text ? `${text}\n\n${line}` : line;
}
