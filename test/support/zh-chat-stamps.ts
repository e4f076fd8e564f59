/**
 * A phrase sent a word a message and exported with the sender and the time on each message's line
 * (`张三 14:03 abandon`, `张三 (14:03): 高`, `14:03 张三: …`, Telegram's `张三, [12.05.2024 14:03]` line);
 * and support chats exported the same way, which stay. Random phrases every run (the test prints the seed).
 */

import { type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { TRIAGE_TEXTS, ZH_PROSE } from "./zh-corpus";

const NAMES = ["张三", "李四", "王小明", "客服-Amy", "Bob", "小陈"];
const time = (r: Rng) =>
  `${r.int(24)}:${String(r.int(60)).padStart(2, "0")}${r.chance(0.4) ? `:${10 + r.int(50)}` : ""}`;
/** How an export puts the sender and the time before a message. */
export const STAMPS: Record<string, (name: string, msg: string, r: Rng) => string> = {
  "name time msg": (n, m, r) => `${n} ${time(r)} ${m}`,
  "name (time): msg": (n, m, r) => `${n} (${time(r)}): ${m}`,
  "name date time: msg": (n, m, r) => `${n} 2024-05-${10 + r.int(19)} ${time(r)}: ${m}`,
  "time name: msg": (n, m, r) => `${time(r)} ${n}: ${m}`,
  telegram: (n, m, r) => `${n}, [${10 + r.int(18)}.05.2024 ${time(r)}]\n${m}`,
};

/** A phrase, a word a message, in one export layout, with or without a label message first. */
export function chatStampCase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const layout = r.pick(Object.keys(STAMPS));
  const stamp = STAMPS[layout] as (n: string, m: string, r: Rng) => string;
  const name = r.pick(NAMES);
  const lines = words.map((w) => stamp(name, w, r));
  if (r.chance(0.5)) lines.unshift(stamp(name, r.pick(["助记词", "我的助记词：", "seed phrase:"]), r));
  return { layout: `${lang} ${words.length} ${layout}`, kind: "seed_phrase", text: lines.join("\n"), fragments: words };
}

/** Support sentences exported the same way, a message a line. */
export function chatStampLookalike(r: Rng): { layout: string; text: string } {
  const layout = r.pick(Object.keys(STAMPS));
  const stamp = STAMPS[layout] as (n: string, m: string, r: Rng) => string;
  const sentences = [...ZH_PROSE, ...TRIAGE_TEXTS];
  const lines = Array.from({ length: 2 + r.int(8) }, () => stamp(r.pick(NAMES), r.pick(sentences), r));
  return { layout, text: lines.join("\n") };
}
