/**
 * An unspaced Chinese phrase with no seed label, broken by the customer's aside in brackets
 * (`高洛举（刚才抄的）帮溶…`), simplified or traditional, alone, on a line of a message or set apart
 * by punctuation in a sentence. Random phrases every run (the test prints the seed).
 */

import { mnemonic, type Rng } from "./secret-generator";
import { ASIDES, BRACKETS } from "./zh-asides";

/** What stands around the phrase: nothing, lines of a message, a sentence's punctuation. */
const AROUND: Array<[string, string]> = [
  ["", ""],
  ["你好\n", "\n谢谢"],
  ["客服你好，我的钱包被盗了\n", "\n请帮我看看"],
  ["你好，", "，请帮我看看"],
  ["我抄下来的：", "。能找回吗？"],
  ["hi ", " thanks"],
];

export interface BareAsideCase {
  layout: string;
  text: string;
  words: string[];
  /** The text with every phrase word taken out (./zh-asides `survivors`). */
  frame: string;
}

/** One phrase, one or two asides between its characters, no label. */
export function bareAsideCase(r: Rng): BareAsideCase {
  const lang = r.pick(["zh-Hans", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const cuts = new Set<number>();
  const asides = 1 + r.int(2);
  while (cuts.size < asides) cuts.add(2 + r.int(words.length - 3));
  const marks = [...cuts].map(() => {
    const [open, close] = r.pick(BRACKETS);
    return `${open}${r.pick(ASIDES)}${close}`;
  });
  const [before, after] = r.pick(AROUND);
  const build = (ws: string[]) => {
    let k = 0;
    return `${before}${ws.map((w, i) => (cuts.has(i) ? (marks[k++] as string) : "") + w).join("")}${after}`;
  };
  return {
    layout: `${lang} ${words.length} unlabelled ${asides} aside(s) ${JSON.stringify(before)}`,
    text: build(words),
    words,
    frame: build(words.map(() => "")),
  };
}
