/**
 * A phrase pasted as a chat log, a few words a message, under the date and time headers chat exports
 * write (WeChat's `李四 2024/5/13 9:11`, `李四 2024年5月13日 上午9:11`, QQ's `2024-05-13 9:11:02 李四(12345)`
 * and `【李四】 9:11:02`, Telegram's `李四, [13.05.2024 09:11]`, Discord's `李四 — 今天 09:11`, WhatsApp's
 * `[13/05/2024, 09:11:02] 李四:`, `09:11 李四`, `[09:11]`, `(9:11 PM)`); a Chinese message may open with 第 and
 * a numeral, two words of the phrase (`第四固揭義喪`). And support chats exported the same way, which stay.
 * Seeded: the same seed gives the same cases.
 */

import { validateMnemonic } from "@scure/bip39";
import { type Lang, LISTS, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { TRIAGE_TEXTS, ZH_PROSE } from "./zh-corpus";

const NAMES = ["李四", "张三", "王小明", "客服-Amy", "Bob", "小陈", "Alice Wu"];
const pad = (n: number) => String(n).padStart(2, "0");
interface When {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}
const clock = (t: When, seconds = false) => `${t.h}:${pad(t.mi)}${seconds ? `:${pad(t.s)}` : ""}`;
const half = (t: When) => (t.h < 12 ? "上午" : "下午");
const ampm = (t: When) => `${t.h % 12 || 12}:${pad(t.mi)} ${t.h < 12 ? "AM" : "PM"}`;

/** Header lines of their own, the message on the next line. */
const HEADER_LINES: Record<string, (n: string, t: When) => string> = {
  "wechat slash": (n, t) => `${n} ${t.y}/${t.mo}/${t.d} ${clock(t)}`,
  "wechat dash": (n, t) => `${n} ${t.y}-${pad(t.mo)}-${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`,
  年月日: (n, t) => `${n} ${t.y}年${t.mo}月${t.d}日 ${clock(t)}`,
  "年月日 上午": (n, t) => `${n} ${t.y}年${t.mo}月${t.d}日 ${half(t)}${t.h % 12 || 12}:${pad(t.mi)}`,
  "月/日 上午": (n, t) => `${n} ${t.mo}/${t.d} ${half(t)}${t.h % 12 || 12}:${pad(t.mi)}`,
  上午: (n, t) => `${n} ${half(t)}${t.h % 12 || 12}:${pad(t.mi)}`,
  昨天: (n, t) => `${n} 昨天 ${clock(t)}`,
  "AM/PM": (n, t) => `${n} ${ampm(t)}`,
  "(AM/PM)": (n, t) => `${n} (${ampm(t)})`,
  "time name": (n, t) => `${pad(t.h)}:${pad(t.mi)} ${n}`,
  "date time name": (n, t) => `${t.y}-${pad(t.mo)}-${pad(t.d)} ${clock(t, true)} ${n}`,
  "qq number": (n, t) => `${t.y}-${pad(t.mo)}-${pad(t.d)} ${clock(t, true)} ${n}(${100000 + t.s * 7919})`,
  "qq 【】": (n, t) => `【${n}】 ${clock(t, true)}`,
  telegram: (n, t) => `${n}, [${pad(t.d)}.${pad(t.mo)}.${t.y} ${pad(t.h)}:${pad(t.mi)}]`,
  discord: (n, t) => `${n} — 今天 ${pad(t.h)}:${pad(t.mi)}`,
  "discord date": (n, t) => `${n} — ${t.y}/${pad(t.mo)}/${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}`,
  "[time]": (_n, t) => `[${pad(t.h)}:${pad(t.mi)}]`,
  "(time PM)": (_n, t) => `(${ampm(t)})`,
};
/** Prefixes before the message on its line. */
const PREFIXES: Record<string, (n: string, t: When) => string> = {
  "[time] name:": (n, t) => `[${pad(t.h)}:${pad(t.mi)}] ${n}: `,
  "[date time] name:": (n, t) => `[${t.y}/${t.mo}/${t.d} ${clock(t)}] ${n}: `,
  whatsapp: (n, t) => `[${pad(t.d)}/${pad(t.mo)}/${t.y}, ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}] ${n}: `,
  "whatsapp dash": (n, t) => `${pad(t.d)}/${pad(t.mo)}/${t.y}, ${pad(t.h)}:${pad(t.mi)} - ${n}: `,
};
const LAYOUTS = [...Object.keys(HEADER_LINES), ...Object.keys(PREFIXES)];

/** A message per item of `messages`, each under (or after) its header, the time going on. */
function chatLog(r: Rng, layout: string, messages: readonly string[]): string {
  const t: When = { y: 2024, mo: 1 + r.int(12), d: 1 + r.int(28), h: r.int(24), mi: r.int(50), s: r.int(60) };
  const name = r.pick(NAMES);
  return messages
    .map((msg) => {
      t.mi = Math.min(59, t.mi + r.int(3));
      t.s = r.int(60);
      const line = HEADER_LINES[layout];
      return line
        ? `${line(name, t)}\n${msg}`
        : `${(PREFIXES[layout] as (n: string, t: When) => string)(name, t)}${msg}`;
    })
    .join(r.pick(["\n", "\n", "\n\n"]));
}

const NUMERALS = [..."一二三四五六七八九十百零"];

/** `words` with 第 and a numeral at `at`, checksum-valid again (another word changed). */
function withOrdinal(r: Rng, words: string[], lang: Lang, at: number): string[] {
  const list = LISTS[lang];
  const out = [...words];
  out[at] = "第";
  out[at + 1] = r.pick(NUMERALS);
  const free = out.map((_, k) => k).filter((k) => k !== at && k !== at + 1);
  for (;;) {
    out[r.pick(free)] = list[r.int(list.length)] as string;
    // Read as numbering, and so left out (gaps in docs/security.md): a counter word or another numeral right
    // after it (`第八個`, `第五词`, `第九一`), or a second 第 in the phrase.
    const next = out[at + 2] ?? "";
    if (COUNTERS.has(next) || NUMERALS.includes(next) || out.indexOf("第", at + 1) >= 0 || out.indexOf("第") < at)
      continue;
    if (validateMnemonic(out.join(" "), list)) return out;
  }
}
/** Counter words after an ordinal (`第八個`, `第五词`): what src/core/redact/numbering.ts reads as numbering. */
const COUNTERS = new Set([..."个個位号號词詞字单單"]);

/** A phrase over messages of a chat log under one export's headers, a label message first or not. */
export function chatHeaderPhrase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["en", "zh-Hans", "zh-Hant"] as const);
  let words = mnemonic(r, lang);
  const per = r.pick([1, 2, 3, 4, 6]);
  const sep = lang === "en" ? " " : r.pick([" ", ""]);
  // Half the Chinese ones open a message with 第 and a numeral, two of the phrase's words.
  const ordinal = lang !== "en" && per > 2 && r.chance(0.5);
  // Never a message of those two alone: "第九" on a line of its own reads as numbering (a gap in docs/security.md).
  if (ordinal) words = withOrdinal(r, words, lang, per * r.int(Math.floor((words.length - 3) / per) + 1));
  const messages: string[] = [];
  for (let i = 0; i < words.length; i += per) messages.push(words.slice(i, i + per).join(sep));
  const label = r.chance(0.7);
  if (label) messages.unshift(r.pick(["我的助记词", "助記詞發你", "seed phrase", "助记词如下"]));
  const layout = r.pick(LAYOUTS);
  return {
    layout: `${layout} ${lang} ${words.length} by ${per}${ordinal ? " 第N" : ""}${label ? " labelled" : ""}`,
    kind: "seed_phrase",
    text: chatLog(r, layout, messages),
    fragments: words,
  };
}

/** Support chats (Chinese support sentences, both languages' customer texts) exported the same way. */
export function chatHeaderLookalike(r: Rng): { layout: string; text: string } {
  const layout = r.pick(LAYOUTS);
  const sentences = [...ZH_PROSE, ...TRIAGE_TEXTS];
  return {
    layout,
    text: chatLog(
      r,
      layout,
      Array.from({ length: 2 + r.int(6) }, () => r.pick(sentences)),
    ),
  };
}
