/**
 * Phrases split in ways a customer pastes them: as a chat log whose header is the sender's name alone on its
 * own line (Telegram's HTML and desktop export, a WeChat copy: `李四\n徑這朝\n李四\n焰抱像`), and in two halves
 * joined by a connector (`队 场 材 走 空 朋 ... and the rest: 先 功 久 标 伏 血`, `…剩下的是：…`). And support
 * prose written the same way, which stays. English, simplified and traditional. Seeded: the same seed gives the
 * same cases.
 */

import { entropyToMnemonic, validateMnemonic } from "@scure/bip39";
import { setWord } from "./label-word-phrases";
import { type Lang, LISTS, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { TRIAGE_TEXTS, ZH_PROSE } from "./zh-corpus";

const LANGS = ["en", "zh-Hans", "zh-Hant"] as const;
/** Senders: some of them wordlist words themselves (李四, 小明, 王, "Bob" is none). */
const NAMES = [
  "李四",
  "张三",
  "王小明",
  "小陈",
  "客服-Amy",
  "Bob",
  "Alice Wu",
  "Kevin",
  "老王",
  "阿伟",
  "Mike Chen",
  "陳大文",
];
const LABELS = ["我的助记词", "助記詞發你", "seed phrase", "助记词如下", "my recovery words:"];

/** A chat log of `messages` under name-alone headers: the customer's name before each, a staff member's line first or not. */
function nameLog(r: Rng, messages: readonly string[]): string {
  const name = r.pick(NAMES);
  const staff = r.chance(0.25)
    ? `${r.pick(["客服小美", "Support", "Amy (staff)"])}\n${r.pick(["请问有什么可以帮您？", "How can I help?"])}`
    : "";
  const gap = r.pick(["\n", "\n", "\n\n"]);
  const log = messages.map((m) => `${name}${r.pick(["\n", "\n", "\n", " \n"])}${m}`).join(gap);
  return staff ? `${staff}${gap}${log}` : log;
}

/** Words of `lang` joined for a message: spaced, or glued for Chinese. */
const joined = (words: readonly string[], lang: Lang, glued: boolean) => words.join(lang !== "en" && glued ? "" : " ");

/** A phrase over messages of a chat log whose headers are the sender's name alone on its line. */
export function nameHeaderPhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(LANGS);
  const words = mnemonic(r, lang);
  const per = r.pick([1, 2, 3, 3, 4, 6]);
  const glued = r.chance(0.5);
  const messages: string[] = [];
  for (let i = 0; i < words.length; i += per) messages.push(joined(words.slice(i, i + per), lang, glued));
  const label = r.chance(0.5);
  if (label) messages.unshift(r.pick(LABELS));
  return {
    layout: `name header ${lang} ${words.length} by ${per}${glued ? " glued" : ""}${label ? " labelled" : ""}`,
    kind: "seed_phrase",
    text: nameLog(r, messages),
    fragments: words,
  };
}

/**
 * A phrase a word a line with a word repeated (a line that repeats and is no sender's): the repeated line stays
 * the phrase's word.
 */
export function repeatedLinePhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(LANGS);
  const words = mnemonic(r, lang, 12);
  const list = LISTS[lang];
  // The same word at two or three places, one line apart or more; the checksum word fixed after.
  const w = words[r.int(6)] as string;
  for (const at of [r.int(11), r.int(11)]) words[at] = w;
  for (;;) {
    words[11] = list[r.int(list.length)] as string;
    if (validMnemonic(words, lang)) break;
  }
  // Marks around each word or not: a code span, a bullet, bold, quotes; "then" before each line or not.
  const mark = r.pick(["", "`", "- ", "**", '"']);
  return {
    layout: `repeated line ${lang} ${JSON.stringify(mark)}`,
    kind: "seed_phrase",
    text: words.map((w) => `${mark}${w}${mark === "- " ? "" : mark}`).join(r.pick(["\n", "\n\n", "\nthen "])),
    fragments: words,
  };
}

/** Support chats exported the same way (Chinese support sentences, both languages' customer texts). */
export function nameHeaderLookalike(r: Rng): { layout: string; text: string } {
  const sentences = [...ZH_PROSE, ...TRIAGE_TEXTS];
  const messages = Array.from({ length: 2 + r.int(6) }, () => r.pick(sentences));
  return { layout: "name header prose", text: nameLog(r, messages) };
}

/** Connectors a customer writes between the halves of a phrase. */
export const CONNECTORS = [
  "... and the rest:",
  "and the rest:",
  "then:",
  "then",
  "剩下的是：",
  "剩下的是",
  "後面是：",
  "后面是",
  "part 2:",
  "(continued)",
  "接着",
  "接著是",
  "...",
  "…",
  "rest:",
  "第二部分：",
  "continued:",
];

/** A phrase in two halves joined by a connector, on one line or a line each. */
export function connectorPhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(LANGS);
  const words = mnemonic(r, lang);
  const cut = 3 + r.int(words.length - 5);
  const glued = lang !== "en" && r.chance(0.3);
  const connector = r.pick(CONNECTORS);
  const [a, b] = [r.pick([" ", " ", "\n"]), r.pick([" ", " ", "\n"])];
  const body = `${joined(words.slice(0, cut), lang, glued)}${a}${connector}${b}${joined(words.slice(cut), lang, glued)}`;
  const label = glued || r.chance(0.4);
  const text = label ? `${r.pick(LABELS)}${r.pick(["：", ": ", "\n"])}${body}` : body;
  return {
    layout: `connector ${JSON.stringify(connector)} ${lang} ${words.length} cut ${cut}${glued ? " glued" : ""}`,
    kind: "seed_phrase",
    text: `${r.pick(["", "客服你好，", "hi, "])}${text}${r.pick(["", "\n谢谢", " thanks"])}`,
    fragments: words,
  };
}

/** Common words of Chinese support prose whose two characters are wordlist words (src/core/redact/seed-zh-prose). */
const PROSE_PAIRS = [
  "提币",
  "一些",
  "通知",
  "还是",
  "申请",
  "保管",
  "方法",
  "想要",
  "这是",
  "空投",
  "取消",
  "注册",
  "虽然",
  "還是",
  "這是",
];

/**
 * A Chinese phrase in two halves under a label with a connector set off between them, one half holding a common
 * two-character word of prose ("my recovery words:：将纳偷提币青础 剩下的是： 余健四仍挑谊风械", 提币: REDACT_SEED=20444415
 * in redact-connectors, about 1 in 6,000 of its cases). The pair is written into the entropy, so the phrase is valid.
 */
export function proseWordConnectorPhrase(r: Rng): SecretCase {
  const lang = r.pick(["zh-Hans", "zh-Hant"] as const);
  const list = LISTS[lang];
  const pairs = PROSE_PAIRS.filter((p) => [...p].every((c) => list.includes(c)));
  const pair = [...r.pick(pairs)];
  const n = r.pick([12, 15, 18, 21, 24]);
  const entropy = r.bytes((n / 3) * 4);
  const at = r.int(n - 2);
  setWord(entropy, at, list.indexOf(pair[0] as string));
  setWord(entropy, at + 1, list.indexOf(pair[1] as string));
  const words = entropyToMnemonic(entropy, list).split(/\s+/u);
  // The cut falls anywhere but between the pair's two characters, leaving three words or more on each side.
  let cut = 3 + r.int(n - 5);
  if (cut === at + 1) cut = cut + 1 <= n - 3 ? cut + 1 : cut - 1;
  const connector = r.pick(CONNECTORS.filter((c) => /\p{Script=Han}/u.test(c)));
  const body = `${words.slice(0, cut).join("")}${r.pick([" ", "\n"])}${connector}${r.pick([" ", "\n"])}${words.slice(cut).join("")}`;
  return {
    layout: `prose word ${pair.join("")} in a half, ${JSON.stringify(connector)} ${lang} ${n} cut ${cut}`,
    kind: "seed_phrase",
    text: `${r.pick(LABELS)}${r.pick(["：", ": ", ":：", "\n"])}${body}${r.pick(["", "\n谢谢"])}`,
    fragments: words,
  };
}

/** Support prose with the same connectors between its sentences. */
export function connectorLookalike(r: Rng): { layout: string; text: string } {
  const sentences = r.chance(0.5) ? ZH_PROSE : TRIAGE_TEXTS;
  const connector = r.pick(CONNECTORS);
  const text = `${r.pick(sentences)}${r.pick([" ", "\n"])}${connector}${r.pick([" ", "\n"])}${r.pick(sentences)}`;
  return { layout: `connector prose ${JSON.stringify(connector)}`, text };
}

const validMnemonic = (words: readonly string[], lang: Lang) => validateMnemonic(words.join(" "), LISTS[lang]);
