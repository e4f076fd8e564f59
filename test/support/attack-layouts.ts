/**
 * An attacker's phrase layouts, beyond those of secret-layouts.ts: the ways a phrase arrives
 * when it was copied out of something (a markdown note, a table, a code block, an HTML email, a
 * JSON array, a wallet's grid, an .env or YAML file, a Discord spoiler), numbered in other
 * scripts, joined by emoji, disguised with look-alike letters. Seeded like secretCases.
 */

import { type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const groups = (s: string, size: number, sep: string) => (s.match(new RegExp(`.{1,${size}}`, "g")) ?? []).join(sep);

/** Random capitals inside words ("aBaNdoN"). */
const mixedCase = (w: string, r: Rng) => [...w].map((c) => (r.chance(0.5) ? c.toUpperCase() : c)).join("");

/** How words of a phrase are put together, as (words, r) => text. Each entry names itself. */
export const PHRASE_LAYOUTS: Record<string, (w: string[], r: Rng) => string> = {
  slash: (w) => w.join("/"),
  "spaced slash": (w) => w.join(" / "),
  pipe: (w) => w.join("|"),
  tab: (w) => w.join("\t"),
  underscore: (w) => w.join("_"),
  dot: (w) => w.join("."),
  comma: (w) => w.join(","),
  semicolon: (w) => w.join("; "),
  hyphen: (w) => w.join("-"),
  colon: (w) => w.join(":"),
  "mixed case": (w, r) => w.map((x) => mixedCase(x, r)).join(" "),
  "line numbers, no mark": (w) => w.map((x, i) => `${i + 1} ${x}`).join("\n"),
  "line numbers, zero-padded": (w) => w.map((x, i) => `${String(i + 1).padStart(2, "0")}. ${x}`).join("\n"),
  "numbers glued before": (w) => w.map((x, i) => `${i + 1}.${x}`).join(" "),
  "numbers glued after": (w) => w.map((x, i) => `${x}${i + 1}`).join(" "),
  "tab-numbered": (w) => w.map((x, i) => `${i + 1}\t${x}`).join("\n"),
  "markdown dashes": (w) => w.map((x) => `- ${x}`).join("\n"),
  "markdown stars": (w) => w.map((x) => `* ${x}`).join("\n"),
  "markdown numbered bold": (w) => w.map((x, i) => `${i + 1}. **${x}**`).join("\n"),
  "inline code": (w) => w.map((x) => `\`${x}\``).join(" "),
  "code block": (w) => `\`\`\`\n${w.join(" ")}\n\`\`\``,
  "code block, lines": (w) => `\`\`\`text\n${w.join("\n")}\n\`\`\``,
  "markdown table, one row per word": (w) =>
    `| # | word |\n|---|---|\n${w.map((x, i) => `| ${i + 1} | ${x} |`).join("\n")}`,
  "markdown table, 3 columns": (w) => {
    let s = "| | | |\n|---|---|---|\n";
    for (let i = 0; i < w.length; i += 3) s += `| ${w.slice(i, i + 3).join(" | ")} |\n`;
    return s;
  },
  "grid read by rows, numbered": (w) => {
    const cols = 3;
    let s = "";
    for (let i = 0; i < w.length; i += cols)
      s += `${w
        .slice(i, i + cols)
        .map((x, k) => `${i + k + 1}. ${x}`.padEnd(16))
        .join("")}\n`;
    return s;
  },
  "grid numbered by columns": (w) => {
    // A wallet shows 1-6 in the first column, 7-12 in the second: copied row by row, the order is mixed.
    const rows = Math.ceil(w.length / 2);
    let s = "";
    for (let i = 0; i < rows; i++) s += `${i + 1}. ${w[i]}\t${i + rows + 1}. ${w[i + rows] ?? ""}\n`;
    return s;
  },
  "quoted lines": (w) => {
    // Wrapped at words, as mail clients do.
    const lines: string[] = [];
    for (let i = 0; i < w.length; i += 5) lines.push(`> ${w.slice(i, i + 5).join(" ")}`);
    return lines.join("\n");
  },
  "quoted reply, nested": (w) => `>> ${w.slice(0, 6).join(" ")}\n>> ${w.slice(6).join(" ")}`,
  "html br": (w) => w.join("<br>"),
  "html br/": (w) => `<div>${w.join("<br/>\n")}</div>`,
  "html li": (w) => `<ol>${w.map((x) => `<li>${x}</li>`).join("")}</ol>`,
  "html td": (w) => `<table><tr>${w.map((x) => `<td>${x}</td>`).join("")}</tr></table>`,
  "html nbsp": (w) => w.join("&nbsp;"),
  "html p": (w) => w.map((x) => `<p style="margin:0">${x}</p>`).join(""),
  "json array": (w) => JSON.stringify(w),
  "json array, spaced": (w) => `[${w.map((x) => `"${x}"`).join(", ")}]`,
  "python list": (w) => `[${w.map((x) => `'${x}'`).join(", ")}]`,
  "json object of numbers": (w) => JSON.stringify(Object.fromEntries(w.map((x, i) => [String(i + 1), x]))),
  "env var": (w) => `MNEMONIC="${w.join(" ")}"`,
  "yaml list": (w) => `seed:\n${w.map((x) => `  - ${x}`).join("\n")}`,
  "quoted words": (w) => w.map((x) => `"${x}"`).join(" "),
  "single-quoted words": (w) => w.map((x) => `'${x}'`).join(", "),
  "url encoded": (w) => `https://example.com/restore?m=${w.join("%20")}`,
  "plus encoded": (w) => `m=${w.join("+")}`,
  "all caps": (w) => w.join(" ").toUpperCase(),
  "all caps glued": (w) => w.join("").toUpperCase(),
  "capitalised glued": (w) => w.map((x) => x[0]?.toUpperCase() + x.slice(1)).join(""),
  "lower glued": (w) => w.join(""),
  "two lines of six": (w) => `${w.slice(0, w.length / 2).join(" ")}\n${w.slice(w.length / 2).join(" ")}`,
  "full-width punctuation": (w) => w.join("，"),
  "ideographic comma": (w) => w.join("、"),
  "full-width letters": (w) => fullWidth(w.join(" ")),
  brackets: (w) => w.map((x, i) => `[${i + 1}] ${x}`).join(" "),
  "em dash": (w) => w.join(" — "),
  bullets: (w) => w.map((x) => `• ${x}`).join("\n"),
  "numbered with dash": (w) => w.map((x, i) => `${i + 1} - ${x}`).join("\n"),
  "word=": (w) => w.map((x, i) => `word${i + 1}=${x}`).join("&"),
  "WORD_N env": (w) => w.map((x, i) => `WORD_${i + 1}=${x}`).join("\n"),
  "spaced letters": (w) => w.map((x) => [...x].join(" ")).join("   "),
};

const GREEK: Record<string, string> = { a: "α", e: "ε", i: "ι", k: "κ", o: "ο", p: "ρ", u: "υ", x: "χ", v: "ν" };
const CYRILLIC_CAPS: Record<string, string> = {
  A: "А",
  E: "Е",
  O: "О",
  P: "Р",
  C: "С",
  T: "Т",
  X: "Х",
  K: "К",
  M: "М",
  H: "Н",
};
/** Digits of another script: Arabic-Indic, Devanagari, Thai, full-width, mathematical bold. */
const DIGIT_BASES = [0x660, 0x966, 0xe50, 0xff10, 0x1d7ce];
const digitsIn = (n: number, base: number) =>
  [...String(n)].map((d) => String.fromCodePoint(base + Number(d))).join("");
const ROMAN = [
  "i",
  "ii",
  "iii",
  "iv",
  "v",
  "vi",
  "vii",
  "viii",
  "ix",
  "x",
  "xi",
  "xii",
  "xiii",
  "xiv",
  "xv",
  "xvi",
  "xvii",
  "xviii",
  "xix",
  "xx",
  "xxi",
  "xxii",
  "xxiii",
  "xxiv",
];
const EMOJI = ["👉", "✅", "🔥", "👍🏽", "👨‍👩‍👧", "🇺🇸", "❤️", "⭐", "🚀", "#️⃣"];
const SPACES = ["\u00a0", "\u2009", "\u2002", "\u3000", "\u202f", "\u205f"];

/** Layouts added by the second attack: each makes the words and says how they stand in the text. */
export const MORE_LAYOUTS: Record<string, (w: string[], r: Rng) => string | [string, string[]]> = {
  "greek look-alikes": (w) => w.map((x) => [...x].map((c) => GREEK[c] ?? c).join("")).join(" "),
  "cyrillic capitals": (w) => w.map((x) => [...x.toUpperCase()].map((c) => CYRILLIC_CAPS[c] ?? c).join("")).join(" "),
  "other-script digits": (w, r) => {
    const base = r.pick(DIGIT_BASES);
    return w.map((x, i) => `${digitsIn(i + 1, base)}${r.pick([". ", ") ", "- ", " "])}${x}`).join(r.pick([" ", "\n"]));
  },
  "roman numerals": (w) => w.map((x, i) => `${ROMAN[i]}. ${x}`).join("\n"),
  "parenthesized numbers": (w) => w.map((x, i) => `${String.fromCodePoint(0x2474 + i)}${x}`).join(" "),
  "dingbat numbers": (w) =>
    w.map((x, i) => `${String.fromCodePoint(i < 10 ? 0x2776 + i : 0x24eb + i - 10)} ${x}`).join(" "),
  "number after word": (w, r) =>
    w.map((x, i) => r.pick([`${x} (${i + 1})`, `${x}-${i + 1}`, `${x}#${i + 1}`])).join(" "),
  "ordinal words": (w) => w.map((x, i) => `${["1st", "2nd", "3rd"][i] ?? `${i + 1}th`} word is ${x}`).join(", "),
  "emoji separators": (w, r) => w.join(` ${r.pick(EMOJI)} `),
  "emoji glued": (w, r) => w.map((x) => `${r.pick(EMOJI)}${x}`).join(""),
  "arrow separators": (w, r) => w.join(r.pick([" => ", "»", " › ", "➜", "⇒", " ⟶ ", ">>", "-->"])),
  "plus, no spaces": (w) => w.join("+"),
  "tilde, no spaces": (w) => w.join("~"),
  "and then": (w) => w.join(" and then "),
  "next filler": (w) => w.map((x, i) => (i ? `next ${x}` : x)).join(", "),
  "oxford list": (w) => `${w.slice(0, -1).join(", ")}, and ${w[w.length - 1]}`,
  "discord spoiler each": (w) => w.map((x) => `||${x}||`).join(" "),
  "discord spoiler whole": (w) => `||${w.join(" ")}||`,
  "telegram spoiler": (w) => `<tg-spoiler>${w.join(" ")}</tg-spoiler>`,
  "bold words": (w) => w.map((x) => `**${x}**`).join(" "),
  "italic underscores": (w) => w.map((x) => `_${x}_`).join(" "),
  strikethrough: (w) => `~~${w.join(" ")}~~`,
  "soft hyphens inside words": (w, r) =>
    w.map((x) => ((at) => `${x.slice(0, at)}\u00ad${x.slice(at)}`)(1 + r.int(x.length - 1))).join(" "),
  "zero-width joins only": (w, r) => w.join(r.pick(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])),
  "unusual spaces": (w, r) => w.join(r.pick(SPACES)),
  "crlf lines": (w) => w.join("\r\n"),
  "blank lines between": (w) => w.join("\n\n"),
  "yaml block scalar": (w) =>
    `wallet:\n  mnemonic: >-\n    ${w.slice(0, 6).join(" ")}\n    ${w.slice(6).join(" ")}\n  network: eth`,
  "json mnemonic field": (w) => JSON.stringify({ wallet: "metamask", mnemonic: w.join(" ") }, null, 2),
  "url query mnemonic": (w) => `https://wallet.example/import?mnemonic=${w.join("%20")}&chain=1`,
  "env single-quoted": (w) => `SEED_PHRASE='${w.join(" ")}' # do not share`,
  "reversed numbering": (w) => w.map((x, i) => `${w.length - i}. ${x}`).join("\n"),
  "grid shuffled": (w, r) => {
    const order = w.map((_, i) => i).sort(() => r.next() - 0.5);
    return [order.map((i) => `${i + 1}. ${w[i]}`).join("  "), order.map((i) => w[i] as string)];
  },
  "eleven of twelve, labelled": (w, r) => {
    const kept = [...w];
    kept.splice(r.int(kept.length), 1);
    return [`seed phrase (one word missing): ${kept.join(" ")}`, kept];
  },
  "eleven of twelve, unlabelled": (w, r) => {
    const kept = [...w];
    kept.splice(r.int(kept.length), 1);
    return [kept.join(" "), kept];
  },
  "prefixes, upper, numbered": (w) => {
    const p = w.map((x) => x.slice(0, 4));
    return [p.map((x, i) => `${i + 1}.${x.toUpperCase()}`).join(" "), p];
  },
  "prefixes, comma": (w) => {
    const p = w.map((x) => x.slice(0, 4));
    return [p.join(","), p];
  },
  "swapped pair, lines": (w, r) => {
    const s = [...w];
    const i = r.int(s.length - 1);
    [s[i], s[i + 1]] = [s[i + 1] as string, s[i] as string];
    return [s.join("\n"), s];
  },
  // Two words misspelt (last letter wrong), side by side or apart. A three-letter word is left as
  // it is: misspelt, it often becomes another English word ("arm" -> "are") no detector can tell.
  "typo in two words": (w, r) => {
    const s = [...w];
    const first = r.int(s.length - 1);
    const second = r.chance(0.3) ? first + 1 : first + 1 + r.int(s.length - first - 1);
    for (const i of [first, second]) {
      const x = s[i] as string;
      if (x.length > 3) s[i] = `${x.slice(0, -1)}${x.endsWith("e") ? "a" : "e"}`;
    }
    return [s.join(" "), s];
  },
  "words with accents": (w) => w.map((x) => x.replace(/a/, "á").replace(/e/, "é")).join(" "),
  "html entities": (w) => w.join("&#32;"),
  "a word of the customer's inside": (w, r) => {
    const at = 3 + r.int(w.length - 6);
    return `${w.slice(0, at).join(" ")} ${r.pick(["(continued)", "xyzzy", "okay", "wait", "hmm", "line2:"])} ${w.slice(at).join(" ")}`;
  },
  "title case sentence": (w) => `${w.map((x) => x[0]?.toUpperCase() + x.slice(1)).join(" ")}.`,
};

/** Chinese layouts (characters). */
export const ZH_LAYOUTS: Record<string, (w: string[], r: Rng) => string> = {
  space: (w) => w.join(" "),
  "full-width comma": (w) => w.join("，"),
  "ideographic comma": (w) => w.join("、"),
  "ideographic space": (w) => w.join("\u3000"),
  "full-width semicolon": (w) => w.join("；"),
  slash: (w) => w.join("/"),
  pipe: (w) => w.join(" | "),
  newline: (w) => w.join("\n"),
  numbered: (w) => w.map((x, i) => `${i + 1}.${x}`).join(" "),
  "numbered lines": (w) => w.map((x, i) => `${i + 1}. ${x}`).join("\n"),
  "json array": (w) => JSON.stringify(w),
  "markdown list": (w) => w.map((x) => `- ${x}`).join("\n"),
  "html li": (w) => `<ul>${w.map((x) => `<li>${x}</li>`).join("")}</ul>`,
  "html br": (w) => w.join("<br>"),
  "groups of 3": (w) => groups(w.join(""), 3, " "),
  "groups of 4": (w) => groups(w.join(""), 4, " "),
  "unspaced, label before": (w) => `助记词：${w.join("")}`,
  "unspaced, label before, full-width colon and quotes": (w) => `我的助记词是：「${w.join("")}」`,
  "unspaced, label after": (w) => `${w.join("")}（这是我的助记词）`,
  "unspaced, English label": (w) => `my seed phrase: ${w.join("")}`,
  "unspaced, label, brackets": (w) => `【助记词】${w.join("")}`,
  "unspaced, label, newline": (w) => `助记词\n${w.join("")}\n请帮我找回`,
  "unspaced traditional label": (w) => `我的助記詞：${w.join("")}。`,
  "code block": (w) => `\`\`\`\n${w.join(" ")}\n\`\`\``,
  quoted: (w) => `> ${w.join(" ")}`,
  "unspaced, label on the line after": (w) => `${w.join("")}\n↑ 这是我的助记词`,
  "unspaced, middle dots": (w) => `助记词：${w.join("·")}`,
  "unspaced, zero-width": (w) => `我的助记词：${w.join("\u200b")}`,
  "unspaced, emoji label": (w) => `🔑助记词🔑${w.join("")}`,
  "unspaced, mnemonic label": (w) => `mnemonic=${w.join("")}`,
  "unspaced, recovery label": (w) => `Recovery phrase\n${w.join("")}`,
  "unspaced, 種子詞 label in sentence": (w) => `你好，我的種子詞是${w.join("")}，請幫忙`,
  "unspaced, two lines with label": (w) => `助记词\n${w.slice(0, 6).join("")}\n${w.slice(6).join("")}`,
  "unspaced, full-width space groups": (w) => `助记词：${groups(w.join(""), 3, "\u3000")}`,
  "unspaced, quotes": (w) => `助记词 "${w.join("")}"`,
  "unspaced, json": (w) => JSON.stringify({ mnemonic: w.join("") }),
  "numbered 一、": (w) =>
    w.map((x, i) => `${["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i] ?? i + 1}、${x}`).join(" "),
  "numbered circled": (w) => w.map((x, i) => `${String.fromCodePoint(0x2460 + i)}${x}`).join(""),
  "numbered full-width": (w) => w.map((x, i) => fullWidth(`${i + 1}.`) + x).join("\u3000"),
  "numbered 第N个": (w) => w.map((x, i) => `第${i + 1}个：${x}`).join("，"),
  "emoji separators": (w) => w.join("🙏"),
  arrows: (w) => w.join("→"),
  plus: (w) => w.join("+"),
  "spaced, label after": (w) => `${w.join(" ")} 是助記詞`,
  "reversed, labelled": (w) => `助记词倒过来：${[...w].reverse().join(" ")}`,
};

const EN_FRAMES: Array<(p: string) => string> = [
  (p) => p,
  (p) => `Hello, I need help restoring my wallet.\n\n${p}\n\nThank you`,
  (p) => `wallet says invalid phrase:\n${p}`,
  (p) => `客服你好，我的钱包恢复不了：\n${p}\n谢谢`,
];
const ZH_FRAMES: Array<(p: string) => string> = [
  (p) => p,
  (p) => `你好，钱包恢复不了，${p}，请帮我看看`,
  (p) => `客服你好：\n${p}\n资产都没了`,
];

/** A phrase of language `lang` in a named layout. */
export function phraseIn(r: Rng, lang: Lang, layout: string, words = mnemonic(r, lang)): SecretCase {
  const table: Record<string, (w: string[], r: Rng) => string | [string, string[]]> =
    lang === "en" ? { ...PHRASE_LAYOUTS, ...MORE_LAYOUTS } : ZH_LAYOUTS;
  const make = table[layout];
  if (!make) throw new Error(`no layout ${layout}`);
  const made = make(words, r);
  const body = typeof made === "string" ? made : made[0];
  if (typeof made !== "string") words = made[1];
  const text = r.pick(lang === "en" ? EN_FRAMES : ZH_FRAMES)(body);
  // Fragments are the words as they stand in the text (case may differ: leaks() compares as written).
  const shown = layout === "all caps" || layout === "all caps glued" ? words.map((x) => x.toUpperCase()) : words;
  const fragments = layout === "full-width letters" ? shown.map(fullWidth) : shown;
  return { layout: `${lang} ${layout} ${words.length}`, kind: "seed_phrase", text, fragments };
}
