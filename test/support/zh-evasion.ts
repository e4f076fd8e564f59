/**
 * Unicode evasion on the Chinese side, each class combined at random with the others: labels
 * typed in full-width, traditional characters, Cyrillic/Greek look-alikes or with NBSP, U+3000 and
 * zero-width characters inside; words apart by 、，；|/· NBSP U+3000 or zero-width characters, or one
 * a line with Chinese numbering (一、 第1个： ① （1）); a phrase inside a Chinese sentence, spaced or
 * not; and labelled values (密码/資金密碼/谷歌驗證碼/私鑰/API密钥/秘钥/Passphrase…) written in
 * full-width or after a full-width colon, value before or after the label, in a WeChat/QQ chat log
 * with timestamps or OCR output cut over lines. Random values every run (the test prints the seed).
 */

import { hex } from "@scure/base";
import { type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { fullWidth, password } from "./zh-attack";

const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"];
const SPACES = ["\u00a0", "\u3000", "\u2002", "\u2009", "\u202f"];
const HOMOGLYPH: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", s: "ѕ", i: "і", y: "у", x: "х" };

/** Disguises of a label (Chinese characters keep theirs; Latin letters may be look-alikes). */
const LABEL_DISGUISES: Record<string, (l: string, r: Rng) => string> = {
  plain: (l) => l,
  "full-width": (l) => fullWidth(l),
  "zero-width inside": (l, r) => [...l].join(r.pick(INVISIBLE)),
  "space inside": (l, r) => [...l].join(r.pick(SPACES)),
  homoglyphs: (l, r) => l.replace(/[aeopcsiyx]/g, (c) => (r.chance(0.6) ? (HOMOGLYPH[c] as string) : c)),
  "homoglyphs and zero-width": (l, r) =>
    [...l.replace(/[aeopcsiyx]/g, (c) => HOMOGLYPH[c] as string)].join(r.chance(0.5) ? r.pick(INVISIBLE) : ""),
};
const COLONS = ["：", ":", "： ", "\u3000", "\u00a0", "：\u200b", " : ", "是", "为"];

const SEED_LABELS = ["助记词", "助記詞", "种子词", "種子詞", "恢复词", "恢復詞", "seed phrase", "mnemonic", "Seed"];
const zhNum = (i: number) => {
  const d = "一二三四五六七八九";
  return i < 10 ? (d[i - 1] as string) : i === 10 ? "十" : i < 20 ? `十${d[i - 11]}` : `二十${d[i - 21] ?? ""}`;
};
/** How a phrase's words stand apart. */
const SEPARATORS: Record<string, (w: string[], r: Rng) => string> = {
  "、": (w) => w.join("、"),
  "，": (w) => w.join("，"),
  "；": (w) => w.join("；"),
  "|": (w) => w.join("|"),
  "/": (w) => w.join(" / "),
  "·": (w) => w.join("·"),
  NBSP: (w) => w.join("\u00a0"),
  "U+3000": (w) => w.join("\u3000"),
  "zero-width": (w, r) => w.join(r.pick(INVISIBLE)),
  "zero-width and space": (w, r) => w.join(` ${r.pick(INVISIBLE)}`),
  "一、 lines": (w) => w.map((x, i) => `${zhNum(i + 1)}、${x}`).join("\n"),
  "第1个： lines": (w) => w.map((x, i) => `第${i + 1}个：${x}`).join("\n"),
  "第1个 comma": (w) => w.map((x, i) => `第${i + 1}个${x}`).join("，"),
  "① glued": (w) => w.map((x, i) => `${i < 20 ? String.fromCodePoint(0x2460 + i) : `${i + 1}.`}${x}`).join(""),
  "（1） lines": (w) => w.map((x, i) => `（${i + 1}）${x}`).join("\n"),
  "full-width numbers": (w) => w.map((x, i) => `${fullWidth(String(i + 1))}．${x}`).join("\u3000"),
  "four a line": (w) =>
    w
      .map((x, i) => (i % 4 === 3 ? `${x}\n` : `${x} `))
      .join("")
      .trim(),
  "，然后": (w) => w.join("，然后"),
  第一个词是: (w) => w.map((x, i) => `第${zhNum(i + 1)}个词是${x}`).join("，"),
  // 和 alone is a wordlist character: only English words are joined by it.
  "和 (English)": (w) => w.join(/^[a-z]/.test(w[0] as string) ? "和" : "、"),
};
const SENTENCES: Array<[string, string]> = [
  ["我的助记词是", "请帮我看看"],
  ["你好，我的助记词是 ", " 请帮我看看能不能恢复"],
  ["客服您好，", "，这是我的助记词，钱包被盗了"],
  ["我的钱包助記詞：", "。麻煩幫我查一下"],
  ["", "\n以上是我的助记词"],
  ["助记词如下：\n", "\n谢谢"],
  ["【助记词】", ""],
];

/** A phrase (English or Chinese words) with a disguised label, separator and sentence. */
export function zhEvasionPhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const sep = r.pick(Object.keys(SEPARATORS));
  let body = (SEPARATORS[sep] as (w: string[], r: Rng) => string)(words, r);
  const fw = lang === "en" && r.chance(0.2);
  if (fw) body = fullWidth(body);
  const how = r.pick(["label", "sentence", "none"] as const);
  let text = body;
  let desc = `${lang} ${words.length} ${sep}${fw ? " full-width" : ""}`;
  if (how === "label") {
    const disguise = r.pick(Object.keys(LABEL_DISGUISES));
    const label = (LABEL_DISGUISES[disguise] as (l: string, r: Rng) => string)(r.pick(SEED_LABELS), r);
    const colon = r.pick(COLONS);
    text = r.chance(0.8) ? `${label}${colon}${body}` : `${body}\n↑${label}`;
    desc += ` label ${disguise} ${JSON.stringify(label)}${JSON.stringify(colon)}`;
  } else if (how === "sentence") {
    const [before, after] = r.pick(SENTENCES);
    text = `${before}${body}${after}`;
    desc += ` in ${JSON.stringify(before)}…${JSON.stringify(after)}`;
  }
  return { layout: desc, kind: "seed_phrase", text, fragments: fw ? words.map(fullWidth) : words };
}

const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(10)).join("");
const code6 = (r: Rng) => `${1 + r.int(9)}${digits(r, 5)}`;
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const alnum = (r: Rng, n: number) => Array.from({ length: n }, () => r.pick([...ALNUM])).join("");

type Labelled = { kind: SecretCase["kind"]; labels: string[]; value: (r: Rng) => string };
const VALUES: Labelled[] = [
  { kind: "password", labels: ["密码", "密碼", "登录密码", "登錄密碼", "password", "Password"], value: password },
  {
    kind: "password",
    labels: ["支付密码", "交易密码", "资金密码", "資金密碼", "交易密碼"],
    value: (r) => digits(r, 6),
  },
  { kind: "password", labels: ["支付密码", "資金密碼", "交易密码"], value: password },
  {
    kind: "2fa_code",
    labels: ["谷歌验证码", "谷歌驗證碼", "6位验证码", "短信验证码", "谷歌验证", "2FA"],
    value: code6,
  },
  {
    kind: "api_secret",
    labels: ["API密钥", "密钥", "秘钥", "Secret Key", "API Secret", "API私钥"],
    value: (r) => alnum(r, 32 + r.int(33)),
  },
  { kind: "password", labels: ["Passphrase", "API口令", "API密码"], value: password },
  {
    kind: "private_key",
    labels: ["私钥", "私鑰", "钱包私钥", "private key"],
    value: (r) => `0x${hex.encode(r.bytes(32))}`,
  },
  { kind: "private_key", labels: ["私钥", "私鑰"], value: (r) => hex.encode(r.bytes(32)) },
];
/** How a label and its value stand, the label disguised. */
const FRAMES: Record<string, (l: string, c: string, v: string) => string> = {
  after: (l, c, v) => `${l}${c}${v}`,
  "after in sentence": (l, c, v) => `你好，我的${l}${c}${v}，请帮我处理一下`,
  "value first": (l, _c, v) => `${v} 这是我的${l}`,
  "value first comma": (l, _c, v) => `${v}，是${l}`,
  "next line": (l, c, v) => `${l}${c.trim() || "："}\n${v}`,
  "chat log": (l, c, v) =>
    `张三 2024-05-12 14:03:22\n客服你好\n张三 2024-05-12 14:03:40\n${l}${c}\n张三 2024-05-12 14:03:51\n${v}`,
  "QQ log": (l, c, v) => `【张三】 14:03:22\n${l}${c}${v}\n【客服小美】 14:04:01\n收到`,
  "list line": (l, c, v) => `UID：${10000000 + v.length}\n邮箱：bob@example.com\n${l}${c}${v}`,
  "value (label)": (l, _c, v) => `${v}（${l}）`,
  "label (aside):": (l, _c, v) => `${l}（刚改的）：${v}`,
};

/** A labelled value: label disguised, value full-width a third of the time, in a random frame. */
export function zhEvasionValue(r: Rng): SecretCase {
  const v = r.pick(VALUES);
  const value = v.value(r);
  const disguise = r.pick(Object.keys(LABEL_DISGUISES));
  const label = (LABEL_DISGUISES[disguise] as (l: string, r: Rng) => string)(r.pick(v.labels), r);
  const shown = r.chance(0.3) ? fullWidth(value) : value;
  const frame = r.pick(Object.keys(FRAMES));
  const colon = r.pick(COLONS.filter((c) => !/[是为]/.test(c) || !/^[A-Za-z]/.test(label)));
  const text = (FRAMES[frame] as (l: string, c: string, v: string) => string)(label, colon, shown);
  const layout = `${v.kind} ${JSON.stringify(label)} (${disguise}) ${frame} ${JSON.stringify(colon)}${shown !== value ? " full-width" : ""}`;
  return { layout, kind: v.kind, text, fragments: [value.replace(/^0x/, "")] };
}

/** A phrase pasted as a chat log (timestamps between its lines) or OCR output (cut anywhere over lines). */
export function zhChatOrOcrPhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const sep = lang === "en" ? " " : r.pick([" ", ""]);
  let text: string;
  let layout: string;
  if (r.chance(0.5)) {
    const per = r.pick([3, 4, 6]);
    const lines: string[] = [
      `李四 2024/5/${1 + r.int(28)} 9:${10 + r.int(49)}`,
      r.pick(["我的助记词", "助記詞發你", "seed phrase"]),
    ];
    for (let i = 0; i < words.length; i += per) {
      lines.push(r.pick([`李四 9:${10 + r.int(49)}:${10 + r.int(49)}`, `[${10 + r.int(12)}:${10 + r.int(49)}] 李四:`]));
      lines.push(words.slice(i, i + per).join(sep));
    }
    text = lines.join("\n");
    layout = `chat log ${lang} ${words.length} by ${per}`;
  } else {
    const flat = words.join(sep);
    const chars = [...flat];
    let out = "";
    for (let i = 0; i < chars.length; ) {
      const n = 8 + r.int(18);
      out += `${chars.slice(i, i + n).join("")}\n`;
      i += n;
    }
    text = `${r.pick(["助记词", "OCR识别结果：", "截图文字：助記詞"])}\n${out.trim()}`;
    layout = `ocr ${lang} ${words.length}`;
  }
  return { layout, kind: "seed_phrase", text, fragments: words };
}

const spaced = (s: string, r: Rng) => [...s].join(r.pick([" ", "\u3000", "\u00a0"]));
/** Support prose in the same disguises (spaced labels, full-width, chat logs, ids after labels): it stays. */
export const ZH_EVASION_LOOKALIKES: Array<(r: Rng) => string> = [
  (r) => `${spaced("我的密码不对", r)}，登录不了`,
  (r) => `${spaced("资金密码", r)}忘了怎么办`,
  (r) => `${spaced("谷歌验证码", r)}一直提示错误`,
  (r) => `${spaced("6位验证码", r)}收不到，手机号138${digits(r, 8)}`,
  (r) => `交易密码输错了${2 + r.int(4)}次，UID：${digits(r, 8)}`,
  (r) =>
    `张三 2024-05-12 14:0${r.int(10)}:22\n我的提现还没到账\n张三 2024-05-12 14:1${r.int(10)}:40\nTxID：${hex.encode(r.bytes(32))}`,
  (r) => `【张三】 14:03:22\n订单号：${digits(r, 18)}\n【客服小美】 14:04:01\n收到，正在查询`,
  (r) => `[14:0${r.int(10)}] 李四: 私钥没有泄露过\n[14:1${r.int(10)}] 李四: 充值地址 0x${hex.encode(r.bytes(20))}`,
  (r) => fullWidth(`UID: ${digits(r, 9)}`),
  () => `ｐａｓｓｗｏｒｄ ｒｅｓｅｔ ｌｉｎｋ 打不开`,
  (r) => `${spaced("API密钥", r)}在哪里创建？我的UID是${digits(r, 8)}`,
  (r) => `公钥：04${hex.encode(r.bytes(32))}（不是私钥）`,
  (r) => `${spaced("私钥", r)}我没有给任何人，交易哈希 ${hex.encode(r.bytes(32))}`,
  (r) => `短信验证码60秒后重发，订单编号 ${digits(r, 19)}`,
  (r) => `我在第${1 + r.int(9)}步（设置支付密码）卡住了，提示“密码过于简单”`,
  (r) => `李四 2024/5/${1 + r.int(28)} 9:${10 + r.int(49)}\n${r.pick(["助记词", "密码", "验证码"])}在哪里看？`,
  (r) => `转了 ${100 + r.int(9900)}（资金密码输对了）还是没到账`,
  (r) => `${r.pick(["GA码", "谷歌验证码"])}（${r.pick(["收不到", "失效了", "一直错"])}），怎么办`,
  (r) => `订单号 ${digits(r, 16)}（交易密码已输入）`,
];

export function zhEvasionLookalike(r: Rng): { layout: string; text: string } {
  const i = r.int(ZH_EVASION_LOOKALIKES.length);
  return { layout: `lookalike ${i}`, text: (ZH_EVASION_LOOKALIKES[i] as (r: Rng) => string)(r) };
}
