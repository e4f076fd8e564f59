/**
 * A Chinese phrase as a list numbered in digits (keycaps `1️⃣` `🔟` `1️⃣1️⃣`, `1.`, `(1)`, `[1]`, `①`)
 * holding a numeral among its words (`7️⃣ 十、8️⃣ 耐`), a word dropped or not, bare, labelled or in an
 * email; and support sentences numbered the same way, which stay. Seeded: the same seed, the same cases.
 */

import { type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";

const KEYCAP = (d: string) => `${d}\ufe0f\u20e3`;
const NUMBERINGS: Record<string, (i: number) => string> = {
  keycap: (i) => `${KEYCAP(String(i))} `,
  "keycap glued": (i) => KEYCAP(String(i)),
  "keycap per digit": (i) => `${[...String(i)].map(KEYCAP).join("")} `,
  "keycap 🔟": (i) => (i === 10 ? "🔟 " : `${[...String(i)].map(KEYCAP).join("")} `),
  "keycap without FE0F": (i) => `${i}\u20e3 `,
  "1.": (i) => `${i}. `,
  "1)": (i) => `${i}) `,
  "(1)": (i) => `(${i}) `,
  "[1]": (i) => `[${i}] `,
  "①": (i) => `${String.fromCodePoint(0x2460 + i - 1)} `,
};
const SEPARATORS = ["、", "、", "、", "，", " ", "\n"];
const NUMERALS = /[一二三四五六七八九十百零]/u;
const FRAMES: Record<string, (p: string) => string> = {
  bare: (p) => p,
  email: (p) => `Subject: help\n\n${p}\n--\nSent from my phone`,
  sentence: (p) => `你好，${p}，怎么恢复？`,
  labelled: (p) => `助记词：${p}`,
};

/** A phrase with a numeral among its words (drawn until one has), numbered in digits. */
export function zhNumeralItemPhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["zh-Hans", "zh-Hant"] as const);
  let words = mnemonic(r, lang);
  for (let n = 0; n < 200 && !words.some((w) => NUMERALS.test(w)); n++) words = mnemonic(r, lang);
  const dropped = r.chance(0.5);
  if (dropped) words.splice(r.int(words.length), 1);
  const numbering = r.pick(Object.keys(NUMBERINGS));
  const num = NUMBERINGS[numbering] as (i: number) => string;
  const sep = r.pick(SEPARATORS);
  const frame = r.pick(Object.keys(FRAMES));
  const text = (FRAMES[frame] as (p: string) => string)(words.map((w, i) => `${num(i + 1)}${w}`).join(sep));
  const layout = `${lang} ${words.length}${dropped ? " dropped" : ""} ${numbering} ${JSON.stringify(sep)} ${frame}`;
  return { layout, kind: "seed_phrase", text, fragments: words };
}

// No labels among them: a label before the next item's number reads it as its value (`…密码 10)`), found but not this test's.
const TOPICS = [
  "提现没到账",
  "充值问题",
  "登录不了",
  "实名认证失败",
  "账户被冻结",
  "三天了还没到账",
  "五笔订单",
  "手续费太高",
  "两个账号",
  "K线图不正常",
];
const zhNum = (i: number) =>
  i <= 10 ? ("一二三四五六七八九十"[i - 1] as string) : `十${"一二三四五六七八九"[i - 11]}`;

/**
 * Support notes as a list numbered the same way, short items, some with an outline's numeral and 、 after the
 * item's number (`1. 一、提现没到账`, `2️⃣ 三天了还没到账、`).
 */
export function zhNumeralItemLookalike(r: Rng): { layout: string; text: string } {
  const numbering = r.pick(Object.keys(NUMBERINGS));
  const num = NUMBERINGS[numbering] as (i: number) => string;
  const outline = r.chance(0.5);
  const items = Array.from(
    { length: 2 + r.int(10) },
    (_, i) => `${outline ? `${zhNum(i + 1)}、` : ""}${r.pick(TOPICS)}`,
  );
  const sep = r.pick(SEPARATORS);
  const frame = r.pick(["bare", "email", "sentence"]);
  return {
    layout: `look-alike ${numbering}${outline ? " outline" : ""} ${JSON.stringify(sep)} ${frame}`,
    text: (FRAMES[frame] as (p: string) => string)(items.map((s, i) => `${num(i + 1)}${s}`).join(sep)),
  };
}
