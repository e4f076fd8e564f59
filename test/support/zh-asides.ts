/**
 * A phrase broken by the customer's own aside in brackets: `助记词：w1 w2 w3（刚才复制的）w4 …`,
 * `（第二行）` between two lines, `(sorry typo)` in English, in any bracket (（）()【】[]〔〕［］),
 * once or twice, English, simplified or traditional words, spaced or unspaced, with or without a
 * label and a sentence around; and the look-alikes: Chinese and English prose with asides between
 * wordlist words, which stays. Random values every run (the test prints the seed).
 */

import { type Lang, mnemonic, type Rng } from "./secret-generator";

/** What a customer writes in the middle of a phrase. */
export const ASIDES = [
  "刚才复制的",
  "第二行",
  "后面的",
  "接上面",
  "下一行",
  "这里换行了",
  "看不清",
  "抄错了重写",
  "剛才複製的",
  "後面的",
  "第二頁",
  "接上",
  "sorry typo",
  "continued",
  "page 2",
  "copy",
  "next line",
  "oops",
  "typo, sorry",
  "2/2",
  "cont.",
  "上面少了一个",
  "这个字不确定",
  "手机截图",
];
/** The brackets customers put an aside in. */
export const BRACKETS = [
  ["（", "）"],
  ["(", ")"],
  ["【", "】"],
  ["[", "]"],
  ["〔", "〕"],
  ["［", "］"],
] as const;
const SEED_LABELS = [
  "助记词：",
  "助記詞：",
  "我的助记词是",
  "助记词\n",
  "seed phrase: ",
  "my recovery phrase: ",
  "种子词：",
];
const BEFORE = ["", "", "你好，", "客服你好\n", "hi, ", "麻烦看一下 "];
const AFTER = ["", "", "，请帮我看看", "\n谢谢", " 请帮我恢复钱包", " thanks"];

export interface AsideCase {
  layout: string;
  text: string;
  /** The phrase's words, in order. */
  words: string[];
  /** The text with every phrase word taken out: what may stay of its characters. */
  frame: string;
}

/** A phrase with one or two asides in brackets between its words. */
export function asideCase(r: Rng): AsideCase {
  const lang: Lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const zh = lang !== "en";
  // Unspaced Chinese needs a label (its characters alone read like prose); spaced words don't.
  const unspaced = zh && r.chance(0.4);
  const label = unspaced || r.chance(0.6) ? r.pick(SEED_LABELS) : "";
  const join = unspaced ? "" : r.pick([" ", " ", "  ", zh ? "，" : ", "]);
  const lineBreak = !unspaced && r.chance(0.3);
  const cuts = new Set<number>();
  const asides = 1 + r.int(2);
  while (cuts.size < asides) cuts.add(2 + r.int(words.length - 3));
  const pieces: Array<{ aside: string; pad: [string, string] }> = [];
  for (let i = 0; i < asides; i++) {
    const [open, close] = r.pick(BRACKETS);
    const aside = `${open}${r.pick(ASIDES)}${close}`;
    const pad: [string, string] = lineBreak ? ["\n", "\n"] : [r.pick(["", " "]) as string, r.pick(["", " "]) as string];
    pieces.push({ aside, pad });
  }
  const before = r.pick(BEFORE);
  const after = r.pick(AFTER);
  const build = (ws: string[]) => {
    let out = "";
    let k = 0;
    ws.forEach((w, i) => {
      if (cuts.has(i)) {
        const p = pieces[k++] as { aside: string; pad: [string, string] };
        out += `${p.pad[0]}${p.aside}${p.pad[1]}`;
      } else if (i > 0) out += join;
      out += w;
    });
    return `${before}${label}${out}${after}`;
  };
  const text = build(words);
  const frame = build(words.map(() => ""));
  return {
    layout: `${lang} ${words.length} ${unspaced ? "unspaced" : JSON.stringify(join)} label ${JSON.stringify(label)} ${asides} aside(s)${lineBreak ? " on own line" : ""}`,
    text,
    words,
    frame,
  };
}

const count = (text: string, zh: boolean) => {
  const m = new Map<string, number>();
  const units = zh ? [...text] : (text.toLowerCase().match(/[a-z]+/g) ?? []);
  for (const u of units) m.set(u, (m.get(u) ?? 0) + 1);
  return m;
};

/**
 * The phrase's words still in `redacted` (markers aside) beyond those its frame holds itself:
 * stricter than `leaks` (four in a row), as no word of a phrase should stay beside its aside.
 */
export function survivors(c: { words: string[]; frame: string }, redacted: string): string[] {
  const zh = /\p{Script=Han}/u.test(c.words[0] as string);
  const left = count(redacted.replace(/\[redacted: [a-zA-Z0-9 ]+\]/g, " "), zh);
  const frame = count(c.frame, zh);
  return [...new Set(c.words)].filter((w) => (left.get(w) ?? 0) > (frame.get(w) ?? 0));
}

/**
 * Support prose (sentences of the corpora, joined) with one to three asides and TxIDs, order numbers
 * or UIDs in brackets put between its words: it stays as written.
 */
export function asideLookalike(r: Rng, sentences: readonly string[]): string {
  const parts = Array.from({ length: 1 + r.int(3) }, () => r.pick(sentences));
  let text = parts.join(r.pick(["", "，", "。", " ", "\n"]));
  const hex = () => Array.from({ length: 64 }, () => "0123456789abcdef"[r.int(16)]).join("");
  const inserts = [
    () => r.pick(ASIDES),
    () => `TxID ${hex()}`,
    () => `订单号${100000000 + r.int(899999999)}`,
    () => `UID ${10000000 + r.int(89999999)}`,
    () => "截图",
    () => "已经试过了",
    () => "see above",
  ];
  for (let n = 1 + r.int(3); n > 0; n--) {
    const [open, close] = r.pick(BRACKETS);
    const chars = [...text];
    // Between two words: after a Chinese character or before white space or punctuation, never inside a Latin word.
    const places = chars.flatMap((c, i) => (/[\p{Script=Han}\s\p{P}]/u.test(c) || i === 0 ? [i] : []));
    const at = r.pick(places);
    chars.splice(at, 0, `${r.pick(["", " "])}${open}${r.pick(inserts)()}${close}${r.pick(["", " "])}`);
    text = chars.join("");
  }
  return text;
}
