/**
 * The seed-phrase layouts an attacker pass found leaking, generated fresh from a seed (see
 * test/unit/core/redact-gaps.test.ts): words cut over a line break, phrases a word short or
 * long, numbering of every kind in any case, circled numbers with a typo, 4-letter prefixes with
 * invisible characters inside, Chinese phrases glued after or before a sentence, and everyday
 * containers (JSON, quoted lists, emoji, Chinese punctuation, letters apart by dots, "第1个词是…").
 * Also look-alikes that must stay:
 * documentation lines of CamelCase names.
 */

import { type Lang, LISTS, mnemonic, type Rng, type SecretCase } from "./secret-generator";

const english: readonly string[] = LISTS.en;

const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufe0e", "\ufe0f", "\ufeff"];
const WRAPS = ["\n", "-\n", "\u00ad\n", "\r\n", "-\r\n", "\n> ", "-\n> "];
const CIRCLED = (i: number) => String.fromCodePoint(i <= 20 ? 0x2460 + i - 1 : 0x3251 + i - 21);
const FRAMES: Array<(p: string) => string> = [
  (p) => p,
  (p) => `Hi support, my wallet is empty:\n${p}\nwhat now?`,
  (p) => `你好，${p}\n谢谢`,
  (p) => `> ${p.replace(/\n/g, "\n> ")}\n\nsent from my phone`,
];

/** One edit away from `w`: a letter changed, added, dropped, or two swapped (never a wordlist word). */
export function typo(r: Rng, w: string): string {
  for (let tries = 0; tries < 20; tries++) {
    const i = 1 + r.int(w.length - 1);
    const c = "abcdefghijklmnopqrstuvwxyz"[r.int(26)] as string;
    const out = [
      () => w.slice(0, i) + c + w.slice(i + 1),
      () => w.slice(0, i) + c + w.slice(i),
      () => w.slice(0, i) + w.slice(i + 1),
      () => (i < w.length - 1 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + c),
    ][r.int(w.length > 4 ? 4 : 2)]?.() as string;
    if (out !== w && out.length >= 4 && !english.includes(out)) return out;
  }
  return `${w}x`;
}

const CASES: Array<(w: string, r: Rng) => string> = [
  (w) => w,
  (w) => w.toUpperCase(),
  (w) => (w[0] as string).toUpperCase() + w.slice(1),
  (w, r) => [...w].map((c) => (r.chance(0.5) ? c.toUpperCase() : c)).join(""),
];

/** Numbered and listed layouts: [name, item i (1-based) of word w, joiner]. */
const LIST_LAYOUTS: Array<[string, (w: string, i: number) => string, string]> = [
  ["#1 WORD", (w, i) => `#${i} ${w}`, " "],
  ["#1WORD", (w, i) => `#${i}${w}`, " "],
  ["1) word", (w, i) => `${i}) ${w}`, "\n"],
  ["1- word", (w, i) => `${i}- ${w}`, "\n"],
  ["(1) word", (w, i) => `(${i}) ${w}`, " "],
  ["word1", (w, i) => `${w}${i}`, " "],
  ["1.word", (w, i) => `${i}.${w}`, " "],
  ["table", (w, i) => `| ${i} | ${w} |`, "\n"],
  ["circled", (w, i) => `${CIRCLED(i)} ${w}`, " "],
  ["circled glued", (w, i) => `${CIRCLED(i)}${w}`, ""],
  ["one a line", (w) => w, "\n"],
  ["tabs", (w) => w, "\t"],
];

function listed(r: Rng, words: string[]): { text: string; how: string } {
  const [name, item, joiner] = r.pick(LIST_LAYOUTS);
  const cased = CASES[r.int(CASES.length)] as (w: string, r: Rng) => string;
  return { text: words.map((w, i) => item(cased(w, r), i + 1)).join(joiner), how: name };
}

const frame = (r: Rng, p: string) => (r.pick(FRAMES) as (p: string) => string)(p);

/** 1. Words cut over a line break, as phones and mail clients wrap. */
export function wrappedCase(r: Rng): SecretCase {
  const words = mnemonic(r, "en");
  const wrap = r.pick(WRAPS);
  const shown = words.map((w) => {
    if (w.length < 4 || !r.chance(0.3)) return w;
    const at = 1 + r.int(w.length - 1);
    return `${w.slice(0, at)}${wrap}${w.slice(at)}`;
  });
  const cased = r.chance(0.3) ? shown.map((w) => w.toUpperCase()) : shown;
  return {
    layout: `wrapped ${JSON.stringify(wrap)}`,
    kind: "seed_phrase",
    text: frame(r, cased.join(r.pick([" ", " ", "\n", ", "]))),
    fragments: cased,
  };
}

/**
 * 2. A word dropped (11, 14, …) or doubled (13, 16, …), in a list or after a seed label; a list
 * of 11 may also have one word mistyped (the rule: 11 or more wordlist words in a list, or 8
 * after a label, one or two of them one edit off).
 */
export function offLengthCase(r: Rng): SecretCase {
  const words = mnemonic(r, "en");
  const how = r.pick(["drop", "double", "drop+typo"] as const);
  const at = r.int(words.length);
  if (how === "double") words.splice(at, 0, words[at] as string);
  else words.splice(at, 1);
  if (how === "drop+typo") {
    const k = 1 + r.int(words.length - 2);
    words[k] = typo(r, words[k] as string);
  }
  const labelled = r.chance(0.3);
  const body = labelled || r.chance(0.5) ? listed(r, words) : { text: words.join(" "), how: "spaced" };
  // Spaced (prose-like) and no label: only a phrase without a typo is told from prose.
  if (body.how === "spaced" && !labelled && how === "drop+typo") return offLengthCase(r);
  return {
    layout: `${words.length} words (${how}) ${body.how}${labelled ? " labelled" : ""}`,
    kind: "seed_phrase",
    text: frame(r, labelled ? `my seed phrase:\n${body.text}` : body.text),
    fragments: words,
  };
}

/** 3 and 4. Numbering of every kind in any case, sometimes with one word one edit off. */
export function numberedCase(r: Rng): SecretCase {
  const words = mnemonic(r, "en");
  const typoAt = r.chance(0.5) ? 1 + r.int(words.length - 2) : -1;
  if (typoAt >= 0) words[typoAt] = typo(r, words[typoAt] as string);
  const body = listed(r, words);
  return {
    layout: `numbered ${body.how}${typoAt >= 0 ? " typo" : ""}`,
    kind: "seed_phrase",
    text: frame(r, body.text),
    fragments: words,
  };
}

/** 5. The 4-letter prefixes with an invisible character (or two) inside each. */
export function prefixCase(r: Rng): SecretCase {
  const words = mnemonic(r, "en").map((w) => w.slice(0, 4));
  const cased = CASES[r.int(CASES.length)] as (w: string, r: Rng) => string;
  const shown = words.map((w) => {
    let out = cased(w, r);
    for (let k = 0; k < 1 + r.int(2); k++) {
      const at = 1 + r.int(out.length - 1);
      out = out.slice(0, at) + r.pick(INVISIBLE) + out.slice(at);
    }
    return out;
  });
  const numbered = r.chance(0.4);
  const joiner = r.pick([" ", "\n", ", ", " | "]);
  const text = shown.map((w, i) => (numbered ? `${i + 1}. ${w}` : w)).join(joiner);
  return { layout: `prefixes ${JSON.stringify(joiner)}`, kind: "seed_phrase", text: frame(r, text), fragments: words };
}

/** Everyday containers: JSON arrays, quoted comma lists, emoji, Chinese punctuation, mixed case. */
export function containerCase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["en", "en", "en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const forms: Array<[string, () => string]> = [
    ["json", () => JSON.stringify(words)],
    ["json object", () => JSON.stringify({ mnemonic: null, words }, null, r.pick([0, 2]))],
    ["quoted", () => words.map((w) => `"${w}"`).join(", ")],
    ["single quoted", () => `[${words.map((w) => `'${w}'`).join(", ")}]`],
    ["emoji", () => words.join(r.pick(["🔑", " 👉 ", "✨", " ✅ "]))],
    ["、", () => words.join("、")],
    ["，", () => words.join("，")],
    ["。", () => words.join("。")],
    [
      "mixed case",
      () => words.map((w) => (CASES[r.int(CASES.length)] as (w: string, r: Rng) => string)(w, r)).join(" "),
    ],
  ];
  if (lang === "en")
    forms.push(
      ["spelt with dots", () => words.map((w) => [...w].join(".")).join(" ")],
      ["第N个词是", () => words.map((w, i) => `第${i + 1}个词是${w}`).join("，")],
    );
  const [name, make] = r.pick(forms);
  return { layout: `${lang} ${name}`, kind: "seed_phrase", text: frame(r, make()), fragments: words };
}

const ZH_SENTENCES = [
  "我的钱包里少了一半的币",
  "请问人脸识别失败怎么办",
  "这是我钱包里的字",
  "我昨天把钱包导出来了",
  "请帮我看看是不是被盗了",
  "我的充值还没有到账请帮忙查一下",
  "你们的网站今天打不开是不是在维护",
];

/** 6. A valid Chinese phrase glued (no space, no label) after a sentence, or before one. */
export function zhGluedCase(r: Rng): SecretCase & { where: "after" | "before" } {
  const words = mnemonic(r, r.pick(["zh-Hans", "zh-Hant"] as const));
  const sentence = r.pick(ZH_SENTENCES);
  const where = r.pick(["after", "before"] as const);
  const tail = r.pick(["", "", "\n", "。", " thx"]);
  const text = where === "after" ? `${sentence}${words.join("")}${tail}` : `${words.join("")}${sentence}`;
  return { layout: `zh glued ${where} a sentence`, kind: "seed_phrase", text, fragments: words, where };
}

/** 7. Documentation lines of CamelCase names (two or three wordlist words each) that must stay. */
export function camelDocLine(r: Rng): string {
  const name = () =>
    Array.from({ length: 2 + r.int(2) }, () => {
      const w = r.pick(english);
      return (w[0] as string).toUpperCase() + w.slice(1);
    }).join("");
  const names = Array.from({ length: 6 + r.int(10) }, name);
  const sep = r.pick(["`/`", "`, `", "`; `", "`, and `"]);
  return `- \`src/ui/\`: shared pieces (\`${names.join(sep)}\`), one file per screen, so a screen is mostly its fields.`;
}
