/**
 * What customers paste from apps, fresh every run: a password on a bulleted or emoji-led line with no
 * colon (`🔐 password X 🙏`, `- pwd X`), after a dash glued to its label (`密码——X`, `password—X`) or in
 * corner quotes (`密码『X』`); a password manager's XML export (KeePass's `<Key>Password</Key><Value …>X</Value>`,
 * a plist's `<key>password</key><string>X</string>`); and Google's "Can't scan it?" setup key, lower case in
 * groups of four; words and a pointing emoji or colon before the value on the next line (`password below 👇\nX`,
 * `密码如下👇\nX`). Look-alikes: states and prose after the same labels, in the same bullets, dashes, quotes and
 * XML, and a phrase's four-letter words and a short token after "key" or "setup code" (wordlist words after
 * "seed:" are a phrase's).
 */

import { base32, hex } from "@scure/base";
import { base62, LISTS, type Rng, type SecretCase } from "./secret-generator";
import { password } from "./secret-values";

const letteredPassword = (r: Rng) => {
  for (;;) {
    const p = password(r);
    if (/[A-Za-z]/.test(p)) return p;
  }
};
const email = (r: Rng) =>
  `${r.pick(["bob", "alice.w", "zhang88", "li_ming"])}${r.int(999)}@${r.pick(["gmail.com", "qq.com", "163.com"])}`;
const FOUR_LETTER = LISTS.en.filter((w) => w.length === 4);
const BULLETS = ["- ", "* ", "• ", "· ", "🔐 ", "🔑 ", "👉 ", "✅ ", "➡️ ", "📌 ", "🙏🙏 ", "- 🔐 ", "• 👉 ", "⚠️"];
const PW_LABELS = ["password", "Password", "pwd", "login password", "passphrase", "fund password", "密码", "登录密码"];

/** A password on a list's line, a bullet or emoji before its label and no colon, among the customer's other lines. */
function bulletCase(r: Rng): SecretCase {
  const p = letteredPassword(r);
  const line = `${r.pick(BULLETS)}${r.pick(PW_LABELS)} ${p}${r.pick(["", " 🙏🙏", "😭", " please help", " (just changed)"])}`;
  const others = [`${r.pick(BULLETS)}email ${email(r)}`, `${r.pick(BULLETS)}UID ${10000000 + r.int(8e7)}`];
  const text = r.pick([line, `${others[0]}\n${line}`, `${others[0]}\n${line}\n${others[1]}`, `Hi,\n${line}`]);
  return { layout: "bullet before a label", kind: "password", text, fragments: [p] };
}

/** A dash glued to the label (the Chinese 破折号 or an em dash), or corner quotes around the value. */
function dashQuoteCase(r: Rng): SecretCase {
  const p = letteredPassword(r);
  const label = r.pick(["密码", "登录密码", "资金密码", "密碼", "password", "Password", "pwd", "login password"]);
  const text = r.pick([
    `${label}——${p}`,
    `${label}—${p}`,
    `${label}–${p}`,
    `${label}——${p}，谢谢`,
    `我的${label}—${p} 登不上`,
    `${label}『${p}』`,
    `${label}：『${p}』`,
    `${label}是『${p}』，帮我看看`,
  ]);
  return { layout: "dash or corner quotes", kind: "password", text, fragments: [p] };
}

/** A password manager's XML export: a name element, then its value element. */
function xmlPairCase(r: Rng): SecretCase {
  const p = letteredPassword(r);
  const s = base62(r, 64);
  const [name, value, kind] = r.pick([
    ["Password", p, "password"],
    ["password", p, "password"],
    ["API Secret", s, "api_secret"],
    ["apiSecret", s, "api_secret"],
  ] as const);
  const pair = r.pick([
    `<String><Key>${name}</Key><Value${r.chance(0.6) ? ' ProtectInMemory="True"' : ""}>${value}</Value></String>`,
    `<String>\n  <Key>${name}</Key>\n  <Value>${value}</Value>\n</String>`,
    `<key>${name}</key>\n<string>${value}</string>`,
    `<field><name>${name}</name><value>${value}</value></field>`,
  ]);
  const text = `<Entry>\n<String><Key>Title</Key><Value>${r.pick(["Binance", "OKX", "币安"])}</Value></String>\n<String><Key>UserName</Key><Value>${email(r)}</Value></String>\n${pair}\n</Entry>`;
  return { layout: `xml pair ${name}`, kind, text, fragments: [value] };
}

/** Google's setup key, lower case in groups of four, after the page's words. */
function lowerSetupKeyCase(r: Rng): SecretCase {
  let raw = base32.encode(r.bytes(20)).replace(/=/g, "").toLowerCase();
  while (!/[2-7]/.test(raw)) raw = base32.encode(r.bytes(20)).replace(/=/g, "").toLowerCase();
  const key = (raw.match(/.{1,4}/g) ?? []).join(" ");
  const text = r.pick([
    `Can't scan it? Enter this key: ${key}`,
    `Enter your email address and this key (spaces don't matter):\n${key}`,
    `Setup key\n${key}`,
    `setup key: ${key}`,
    `密钥：${key}`,
    `Your key: ${key}\nTime based: Yes`,
  ]);
  return { layout: "lower-case setup key in groups", kind: "2fa_code", text, fragments: [raw] };
}

/** Words after the label, then a colon or a pointing emoji, and the value on the next line (a chat's "below 👇"). */
function pointedCase(r: Rng): SecretCase {
  const p = letteredPassword(r);
  const text = r.pick([
    `${r.pick(["password", "my password", "login password"])} ${r.pick(["below", "here", "for binance", "for my OKX account"])}${r.pick([":", " 👇", " 👉", ":👇"])}\n${p}`,
    `${r.pick(["password", "Password"])} ${r.pick(["here", "below"])} 👉 ${p}`,
    `${r.pick(["密码", "登录密码", "资金密码"])}${r.pick(["如下", "在下面", "在这", "发你"])}${r.pick(["👇", " 👇", "：", "：👇"])}\n${p}`,
    `${r.pick(["密码", "登录密码"])}${r.pick(["是", "如下"])}👉${p}`,
  ]);
  return { layout: "words and a pointer before the value", kind: "password", text, fragments: [p] };
}

export function appPasteCase(r: Rng): SecretCase {
  return r.pick([bulletCase, dashQuoteCase, xmlPairCase, lowerSetupKeyCase, pointedCase])(r);
}

/** The same bullets, dashes, quotes, XML and key words around states, prose and public values: they stay. */
export function appPasteLookalike(r: Rng): { layout: string; text: string } {
  const tx = hex.encode(r.bytes(32));
  const make = r.pick([
    () =>
      `${r.pick(BULLETS)}${r.chance(0.7) ? `${r.pick(["password", "pwd", "login password"])} ${r.pick(["reset link expired", "changed yesterday", "not working", "must be 8+ characters", "manager is Bitwarden"])}` : `密码${r.pick(["忘了", "错误", "不对"])}`}`,
    () => `${r.pick(BULLETS)}TxID ${tx}\n${r.pick(BULLETS)}order ${1e9 + r.int(9e9)}`,
    () =>
      `${r.pick(["密码", "password", "登录密码"])}${r.pick(["——", "—"])}${r.pick(["忘了", "已经重置了", "I forgot it", "reset twice", "还是错误"])}`,
    () => `${r.pick(["密码", "提示"])}『${r.pick(["忘记了", "已修改", "错误次数过多"])}』`,
    () =>
      `<String><Key>${r.pick(["UserName", "URL", "Title", "Notes"])}</Key><Value>${r.pick([email(r), "https://www.binance.com", "OKX", tx])}</Value></String>`,
    () => `<key>${r.pick(["password", "Password"])}</key><string>${r.pick(["none", "n/a", "****", "reset"])}</string>`,
    () => `<key>TxID</key><string>${tx}</string>`,
    () =>
      r.chance(0.6)
        ? `${r.pick(["password", "my password"])}${r.pick([" for binance:", " below 👇", " here 👉"])}\n${r.pick(["Cannot log in", "please reset it", `TxID ${tx}`, `order ${1e9 + r.int(9e9)}`])}`
        : `${r.pick(["密码", "登录密码"])}${r.pick(["提示：", "如下👇", "在下面👇"])}\n${r.pick(["不记得了", "已经重置", `订单号 ${1e9 + r.int(9e9)}`])}`,
    () =>
      `${r.pick(["setup key", "secret key", "Key", "setup code"])}: ${Array.from({ length: 4 + r.int(5) }, () => r.pick(FOUR_LETTER)).join(" ")} qx${2 + r.int(6)}${2 + r.int(6)}`,
  ]);
  return { layout: "app paste look-alike", text: make() };
}
