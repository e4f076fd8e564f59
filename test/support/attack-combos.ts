/**
 * The attack's elements combined at random: a phrase gets a disguise, a numbering, a separator,
 * a filler, damage, a label and a frame, each drawn independently; a key gets a label (before
 * or after, English or Chinese), a way of being cut, a disguise and a frame; a labelled secret
 * gets a label, a separator and a container (sentence, JSON, YAML, .env, URL). So layouts no
 * list names get tried too. Seeded: the same seed gives the same cases.
 */

import { keys, type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const LOOK: Record<string, string> = { a: "а", c: "с", e: "е", o: "ο", p: "р", x: "х", y: "у", i: "і", k: "κ", u: "υ" };
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"];
const zhNum = (i: number) => {
  const d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  return i < 10 ? (d[i] as string) : i < 20 ? `十${d[i - 10]}` : `${d[Math.floor(i / 10)]}十${d[i % 10]}`;
};

const DISGUISES: Array<(w: string, r: Rng) => string> = [
  (w) => w,
  (w) => w,
  (w) => w.toUpperCase(),
  (w) => w[0]?.toUpperCase() + w.slice(1),
  (w) => fullWidth(w),
  (w, r) => [...w].map((c) => (r.chance(0.5) ? (LOOK[c] ?? c) : c)).join(""),
  (w, r) => ((at) => w.slice(0, at) + r.pick(INVISIBLE) + w.slice(at))(1 + r.int(w.length - 1)),
  (w) => `**${w}**`,
  (w) => `\`${w}\``,
  (w) => `"${w}"`,
];
const NUMBERINGS: Array<(i: number, r: Rng) => string> = [
  (i) => `${i}. `,
  (i) => `${i})`,
  (i) => `(${i}) `,
  (i) => `#${i} `,
  (i) => `word ${i}: `,
  (i) => `${i} - `,
  (i) => `${String.fromCodePoint(0x2460 + i - 1)} `,
  (i) => `${[...String(i)].map((d) => String.fromCodePoint(0x660 + Number(d))).join("")}. `,
  (i) => `${zhNum(i)}、`,
  (i) => `第${i}个 `,
  (i) => `${fullWidth(String(i))}．`,
  (i) => `[${i}] `,
  (i) => `${i}️⃣ `,
];
const SEPARATORS = [
  " ",
  "\n",
  ", ",
  " | ",
  " - ",
  " -> ",
  " + ",
  "~",
  " 👉 ",
  "✅",
  "\u200b",
  "\t",
  " / ",
  "; ",
  " • ",
  "\r\n",
  "、",
  "，",
  "\u3000",
  "\u00a0",
  " => ",
  " … ",
];
const LABELS_BEFORE = [
  "seed phrase: ",
  "Mnemonic -> ",
  "my recovery words\n",
  "助记词：",
  "助記詞 ",
  "seed=",
  "backup words: ",
  "12 words: ",
  "secret recovery phrase is ",
];
const LABELS_AFTER = [" <- seed", " (my seed phrase)", "\n^ mnemonic", " 是助记词", "（助記詞）", " = recovery phrase"];
const FRAMES: Array<(p: string) => string> = [
  (p) => p,
  (p) => `Hi, wallet restore fails.\n\n${p}\n\nWhat should I do?`,
  (p) => `你好，${p}，怎么恢复？`,
  (p) => `> ${p.replace(/\n/g, "\n> ")}\n\nsent again above`,
  (p) => `\`\`\`\n${p}\n\`\`\``,
  (p) => `<div>${p.replace(/\n/g, "<br>")}</div>`,
  (p) => `||${p}||`,
  (p) => `Subject: help\n\n${p}\n--\nSent from my phone`,
];

/** A phrase with every element drawn at random. */
export function comboPhrase(
  r: Rng,
  lang: Lang = r.pick(["en", "en", "en", "zh-Hans", "zh-Hant"] as const),
): SecretCase {
  let words = mnemonic(r, lang);
  const notes: string[] = [lang, String(words.length)];
  const damage = r.pick(["none", "none", "none", "reversed", "drop", "swap", "prefix"]);
  if (lang !== "en" && damage === "prefix") return comboPhrase(r, lang);
  notes.push(damage);
  if (damage === "reversed") words.reverse();
  if (damage === "drop") words.splice(r.int(words.length), 1);
  if (damage === "swap") {
    const i = r.int(words.length - 1);
    [words[i], words[i + 1]] = [words[i + 1] as string, words[i] as string];
  }
  if (damage === "prefix") words = words.map((w) => w.slice(0, 4));
  const disguise = lang === "en" ? r.int(DISGUISES.length) : r.pick([0, 7, 8, 9]);
  const numbering = r.chance(0.35) ? r.int(NUMBERINGS.length) : -1;
  const sep = r.pick(SEPARATORS);
  const filler = lang === "en" ? r.pick(["", "", "", " and ", " then "]) : "";
  notes.push(`d${disguise}`, `n${numbering}`, JSON.stringify(sep), filler.trim());
  const shown = words.map((w) => (DISGUISES[disguise] as (w: string, r: Rng) => string)(w, r));
  let body = shown
    .map((w, i) => (numbering >= 0 ? (NUMBERINGS[numbering] as (i: number, r: Rng) => string)(i + 1, r) : "") + w)
    .join(filler ? `${sep.trim() || ""}${filler}` : sep);
  // Broken phrases and Chinese ones in odd layouts get a label: without one, the text says nothing.
  const label = damage !== "none" || lang !== "en" ? r.chance(0.85) : r.chance(0.3);
  if (label) {
    const after = r.chance(0.35);
    body = after ? body + r.pick(LABELS_AFTER) : r.pick(LABELS_BEFORE) + body;
    notes.push(after ? "label-after" : "label-before");
  }
  const frame = r.int(FRAMES.length);
  notes.push(`f${frame}`);
  return {
    layout: notes.filter(Boolean).join(" "),
    kind: "seed_phrase",
    text: (FRAMES[frame] as (p: string) => string)(body),
    fragments: words,
  };
}

const KEY_LABELS_BEFORE = [
  "private key: ",
  "PRIVATE_KEY=",
  "私钥：",
  "my wallet key is ",
  "priv key ",
  "exported key:\n",
  "WIF: ",
  "私鑰 ",
  '"privateKey": "',
];
const KEY_LABELS_AFTER = [
  " <- private key",
  " (private key)",
  "\n^ that is my private key",
  " 是我的私钥",
  " is the key",
];

/** A key (hex, WIF, xprv) labelled, cut and disguised at random. */
export function comboKey(r: Rng): SecretCase {
  const which = r.pick(["hex", "hex", "hex", "wif", "xprv"] as const);
  let k = which === "hex" ? keys.hex64(r) : which === "wif" ? keys.wif(r) : keys.xprv(r);
  if (which === "hex" && r.chance(0.2)) k = k.toUpperCase();
  const secret = k;
  const cutSize = r.pick([0, 0, 4, 8, 16, which === "hex" ? 32 : 26]);
  const cutSep = r.pick([" ", "\n", "-", "\n> ", "\u200b", "  "]);
  if (cutSize) k = (k.match(new RegExp(`.{1,${cutSize}}`, "g")) ?? []).join(cutSep);
  const disguise = r.pick(["none", "none", "full-width", "cyrillic", "invisible"]);
  if (disguise === "full-width") k = fullWidth(k);
  if (disguise === "cyrillic" && which === "hex") k = k.replace(/[ace]/g, (c) => LOOK[c] as string);
  if (disguise === "invisible") k = `${k.slice(0, 9)}\u2060${k.slice(9)}`;
  const prefix = which === "hex" && r.chance(0.3) ? "0x" : "";
  // Bare WIF and xprv carry their own checksum; hex needs a word that says it is a key.
  const label = which === "hex" || r.chance(0.5) ? r.pick(["before", "after"]) : "none";
  let body = prefix + k;
  if (label === "before") body = r.pick(KEY_LABELS_BEFORE) + body;
  if (label === "after") body += r.pick(KEY_LABELS_AFTER);
  const frame = r.int(FRAMES.length);
  return {
    layout: `key ${which} cut${cutSize} ${JSON.stringify(cutSep)} ${disguise} ${label} f${frame}`,
    kind: "private_key",
    text: (FRAMES[frame] as (p: string) => string)(body),
    fragments: [secret],
  };
}

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const pick = (r: Rng, n: number, chars = ALNUM) => Array.from({ length: n }, () => r.pick([...chars])).join("");
const LABELLED = {
  password: {
    labels: [
      "password",
      "Password",
      "PASSWORD",
      "login password",
      "pwd",
      "passwd",
      "密码",
      "登录密码",
      "密碼",
      "资金密码",
    ],
    // Passwords as sites require them: a digit somewhere ("Sunshine!" alone reads like a word of a sentence).
    value: (r: Rng) =>
      `${pick(r, 3 + r.int(4))}${r.int(10)}${pick(r, 2 + r.int(4))}${r.pick(["!", "#", "9", "_x", "@1"])}`,
  },
  "2fa_code": {
    labels: [
      "2FA code",
      "2fa",
      "OTP",
      "Google Authenticator code",
      "verification code",
      "SMS code",
      "验证码",
      "谷歌验证码",
      "动态码",
      "驗證碼",
    ],
    value: (r: Rng) => String(100000 + r.int(899999)),
  },
  api_secret: {
    labels: ["api secret", "apiSecret", "API_SECRET", "secret key", "secretKey", "client_secret", "API密钥", "秘钥"],
    value: (r: Rng) => `${pick(r, 30 + r.int(30))}${r.int(10)}`,
  },
} as const;

/** A labelled secret in a random container. */
export function comboLabelled(r: Rng): SecretCase {
  const kind = r.pick(["password", "password", "2fa_code", "api_secret"] as const);
  const spec = LABELLED[kind];
  const label = r.pick(spec.labels);
  let value: string = spec.value(r);
  const secret = value;
  if (kind === "2fa_code" && r.chance(0.4)) value = `${value.slice(0, 3)}${r.pick([" ", "-", " "])}${value.slice(3)}`;
  const key = label.replace(/\s+/g, "_");
  const forms: Array<() => string> = [
    () => `${label}: ${value}`,
    () => `${label}：${value}`,
    () => `my ${label} is ${value}`,
    () => `${label} = ${value}`,
    () => JSON.stringify({ user: "bob", [key]: value }),
    () => `{\n  "${key}": "${value}"\n}`,
    () => `${key}: '${value}'`,
    () => `${key.toUpperCase()}=${value}`,
    () => `https://x.example/cb?${key}=${encodeURIComponent(value)}&a=1`,
    () => `${value} is my ${label}`,
    () => `我的${label}是${value}`,
    () => `${label}\n${value}`,
  ];
  const form = r.int(forms.length);
  if (form !== 8 && r.chance(0.1)) value = fullWidth(value);
  const frame = r.pick([0, 1, 2, 3, 4]);
  const text = (FRAMES[frame] as (p: string) => string)((forms[form] as () => string)());
  const shown = form === 8 ? encodeURIComponent(value) : value;
  return {
    layout: `${kind} "${label}" form ${form} f${frame}`,
    kind,
    text,
    fragments: [shown === value ? secret : shown],
  };
}
