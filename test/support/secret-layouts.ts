/**
 * How a phrase gets written: any separator (spaces, lines, punctuation, emoji, arrows, invisible
 * characters), any numbering (1. (1) ① 一、 第1个 word 1: …), letters disguised (capitals,
 * full-width, Cyrillic look-alikes, invisible characters inside words), the phrase broken
 * (reversed, two words swapped, a word missing, a typo, 4-letter prefixes), fillers ("and",
 * "then"), a label before or after, and an English or Chinese sentence around it.
 */

import type { Rng, SecretCase } from "./secret-generator";

const CYRILLIC: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", x: "х", y: "у", i: "і" };
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\ufe0f"];

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const circled = (i: number) => String.fromCodePoint(0x2460 + i - 1);
const zhNumeral = (i: number) => {
  const d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  return i <= 10
    ? i === 10
      ? "十"
      : (d[i] as string)
    : i < 20
      ? `十${d[i - 10]}`
      : `${d[Math.floor(i / 10)]}十${d[i % 10]}`;
};

/** Numbering before word i (1-based). */
const NUMBERINGS: Array<(i: number, r: Rng) => string> = [
  (i) => `${i}. `,
  (i) => `${i}) `,
  (i) => `(${i}) `,
  (i) => `${i}: `,
  (i) => `#${i} `,
  (i) => `word ${i}: `,
  (i) => `Word #${i} - `,
  (i) => `No.${i} `,
  (i) => `[${i}] `,
  (i) => `${i}-`,
  (i) => (i <= 20 ? circled(i) : `${i}.`),
  (i) => (i <= 20 ? `${circled(i)} ` : `${i} `),
  (i) => fullWidth(`${i}.`),
  (i) => `第${i}个：`,
  (i) => `${zhNumeral(i)}、`,
  (i) => `${i}️⃣ `,
  (i) => `${i}${["st", "nd", "rd"][i - 1] ?? "th"}: `,
  (i) => `${String.fromCharCode(96 + ((i - 1) % 26) + 1)}) `,
];

const SEPARATORS = [
  " ",
  "\n",
  ", ",
  " | ",
  " - ",
  " → ",
  "->",
  " + ",
  "~",
  " 🔑 ",
  "🙏",
  "\u200b",
  "\u00ad",
  "\t",
  "  ",
  " / ",
  ";",
  " • ",
  "\r\n",
  "_",
  ".",
  " ... ",
  "\n\n",
  " ➡️ ",
  "、",
  "，",
  "\u3000",
];

const LABELS_BEFORE_EN = [
  "my seed phrase: ",
  "Recovery words -> ",
  "mnemonic=",
  "here are my 12 words\n",
  "MNEMONIC: ",
  "secret recovery phrase ",
  "助记词：",
];
const LABELS_AFTER_EN = [" <- my seed phrase", " (recovery phrase)", " is my mnemonic", " 是我的助记词"];
const FRAMES_EN: Array<(p: string) => string> = [
  (p) => p,
  (p) => `Hi support, my wallet got drained.\n${p}\nplease help`,
  (p) => `${p}`,
  (p) => `Is this right? ${p} - the app says invalid`,
  (p) => `客服你好，${p} 请帮我看看`,
  (p) => `"${p}"`,
  (p) => `> ${p}\n\nthanks!!`,
  (p) => `I wrote it down like this: ${p}. What now?`,
];

function disguise(w: string, r: Rng, style: number): string {
  switch (style) {
    case 1:
      return w.toUpperCase();
    case 2:
      return w[0]?.toUpperCase() + w.slice(1);
    case 3:
      return fullWidth(w);
    case 4:
      return [...w].map((c) => (r.chance(0.5) && CYRILLIC[c] ? CYRILLIC[c] : c)).join("");
    case 5: {
      const at = 1 + r.int(w.length - 1);
      return w.slice(0, at) + r.pick(INVISIBLE) + w.slice(at);
    }
    default:
      return w;
  }
}

/** An English phrase in a random layout. */
export function layoutEnglish(r: Rng, phrase: string[]): SecretCase {
  let words = [...phrase];
  const notes: string[] = [`en${words.length}`];
  let labelled = r.chance(0.35);
  // Broken phrases: the checksum fails, the words are still the secret.
  const damage = r.pick(["none", "none", "none", "reversed", "swap", "drop", "typo", "prefix"]);
  notes.push(damage);
  if (damage === "reversed") words.reverse();
  if (damage === "swap") {
    const i = r.int(words.length - 1);
    [words[i], words[i + 1]] = [words[i + 1] as string, words[i] as string];
  }
  if (damage === "drop") words.splice(r.int(words.length), 1);
  if (damage === "typo") {
    const i = r.int(words.length);
    const w = words[i] as string;
    const at = r.int(w.length);
    words[i] = w.slice(0, at) + (w[at] === "q" ? "z" : "q") + w.slice(at + 1);
  }
  if (damage === "prefix") words = words.map((w) => w.slice(0, 4));
  const style = r.pick([0, 0, 0, 1, 2, 3, 4, 5]);
  notes.push(`style${style}`);
  const rendered = words.map((w) => disguise(w, r, style));
  const numbering = r.chance(0.4) ? r.pick(NUMBERINGS) : null;
  let sep = r.pick(SEPARATORS);
  if (numbering && sep === "") sep = " ";
  // Glued with nothing between: CamelCase, as some people write it.
  if (r.chance(0.06) && damage !== "prefix" && !numbering) {
    sep = "";
    for (let i = 0; i < rendered.length; i++) rendered[i] = disguise(words[i] as string, r, 2);
  }
  const filler = r.pick(["", "", "", "and", "then"]);
  notes.push(JSON.stringify(sep), numbering ? "numbered" : "", filler);
  let body = "";
  rendered.forEach((w, i) => {
    if (i > 0)
      body += filler === "then" ? `${sep || " "}then ` : filler === "and" && i === rendered.length - 1 ? " and " : sep;
    body += (numbering ? numbering(i + 1, r) : "") + w;
  });
  if (damage === "drop" && r.chance(0.5)) labelled = true;
  if (labelled) body = r.chance(0.6) ? r.pick(LABELS_BEFORE_EN) + body : body + r.pick(LABELS_AFTER_EN);
  const text = r.pick(FRAMES_EN)(body);
  return { layout: notes.filter(Boolean).join(" "), kind: "seed_phrase", text, fragments: rendered };
}

const ZH_SEPARATORS = [" ", "\n", "，", "、", ", ", " | ", "🙏", " → ", "\u3000", "  ", "-", "\t"];
const ZH_LABELS_BEFORE = [
  "我的助记词是",
  "助记词：",
  "助記詞：\n",
  "钱包助记词如下：",
  "seed phrase: ",
  "我的种子词为",
  "恢复词 ",
];
const ZH_LABELS_AFTER = ["是我的助记词", "，这是我钱包的助记词", " <- 助記詞", "（助记词）"];
const ZH_FRAMES: Array<(p: string) => string> = [
  (p) => p,
  (p) => `你好，${p}，请帮我看看`,
  (p) => `客服你好\n${p}\n我的钱包被盗了怎么办？`,
  (p) => `${p}。帮我找回资产，谢谢！`,
  (p) => `Hello support, ${p}, please check`,
];

/** A Chinese phrase: spaced (any separator, numbering) or unspaced next to a label. */
export function layoutChinese(r: Rng, phrase: string[], spaced: boolean): SecretCase {
  const words = [...phrase];
  const notes = [`zh${words.length}`, spaced ? "spaced" : "unspaced"];
  const damage = spaced ? r.pick(["none", "none", "reversed", "drop"]) : r.pick(["none", "none", "none", "drop"]);
  notes.push(damage);
  if (damage === "reversed") words.reverse();
  if (damage === "drop") words.splice(r.int(words.length), 1);
  let body: string;
  let rendered = words;
  let labelled = !spaced || r.chance(0.4) || (damage === "drop" && r.chance(0.5));
  if (spaced) {
    const numbering = r.chance(0.4) ? r.pick(NUMBERINGS.filter((_, k) => k !== 14)) : null;
    const grouped = !numbering && r.chance(0.15);
    const sep = r.pick(ZH_SEPARATORS);
    notes.push(JSON.stringify(sep), numbering ? "numbered" : grouped ? "grouped" : "");
    if (grouped && damage === "none") {
      const size = r.pick([3, 4]);
      body = "";
      words.forEach((w, i) => {
        body += (i > 0 && i % size === 0 ? " " : "") + w;
      });
    } else body = words.map((w, i) => (numbering ? numbering(i + 1, r) : "") + w).join(numbering ? " " : sep);
  } else {
    // Invisible characters between the characters change nothing.
    const glue = r.chance(0.2) ? r.pick(INVISIBLE) : "";
    rendered = words;
    body = words.join(glue);
    labelled = true;
    notes.push(glue ? "invisible" : "");
  }
  let text: string;
  if (labelled) {
    const after = r.chance(0.35);
    // Unspaced broken phrases need an end the text marks (punctuation or the label itself).
    body = after ? body + r.pick(ZH_LABELS_AFTER) : r.pick(ZH_LABELS_BEFORE) + body;
    notes.push(after ? "label-after" : "label-before");
    text = r.pick(ZH_FRAMES)(body);
    if (!spaced && !after && damage !== "none") text = `我的助记词是${words.join("")}，请帮我看看`;
  } else text = r.pick(ZH_FRAMES)(body);
  return { layout: notes.filter(Boolean).join(" "), kind: "seed_phrase", text, fragments: rendered };
}
