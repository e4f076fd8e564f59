/**
 * The attack's cases for one seed: every phrase, key and labelled layout at least once, and
 * phrases spread over a ticket's subject and body or over several messages of a conversation.
 */

import { LABELLED_LAYOUTS } from "./attack-labelled";
import { MORE_LAYOUTS, PHRASE_LAYOUTS, phraseIn, ZH_LAYOUTS } from "./attack-layouts";
import { KEY_LAYOUTS } from "./attack-values";
import { type Lang, mnemonic, type Rng, rng, type SecretCase } from "./secret-generator";

export function attackCases(seed: number): SecretCase[] {
  const r = rng(seed);
  const out: SecretCase[] = [];
  for (const layout of [...Object.keys(PHRASE_LAYOUTS), ...Object.keys(MORE_LAYOUTS)])
    out.push(phraseIn(r, "en", layout));
  for (const layout of Object.keys(ZH_LAYOUTS)) out.push(phraseIn(r, r.pick(["zh-Hans", "zh-Hant"] as const), layout));
  for (const [layout, make] of Object.entries(KEY_LAYOUTS)) {
    const { text, secret } = make(r);
    out.push({ layout: `key ${layout}`, kind: "private_key", text, fragments: [secret] });
  }
  for (const [layout, { kind, make }] of Object.entries(LABELLED_LAYOUTS)) {
    const { text, secret } = make(r);
    out.push({ layout, kind, text, fragments: [secret] });
  }
  return out;
}

export interface SplitCase {
  layout: string;
  /** The pieces in the order written: subject then body, or one message after another. */
  parts: string[];
  /** The phrase's words as written. */
  fragments: string[];
}

const EN_SEPS = [" ", "\n", ", ", " - ", "  ", " | "];
const ZH_SEPS = [" ", "，", "、", "\n", ""];

/** Cuts `n` words into `k` non-empty consecutive runs at random places. */
function cut(r: Rng, n: number, k: number): number[] {
  const points = new Set<number>();
  while (points.size < k - 1) points.add(1 + r.int(n - 1));
  return [0, ...[...points].sort((a, b) => a - b), n];
}

/**
 * A phrase spread over 2 to 4 pieces: numbered continuously or not, with a greeting before the
 * first piece and a question after the last, as a customer sends it in a hurry.
 */
export function splitCase(r: Rng, lang: Lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const)): SplitCase {
  const words = mnemonic(r, lang);
  const k = 2 + r.int(3);
  const at = cut(r, words.length, k);
  const numbered = r.chance(0.3);
  const sep = r.pick(lang === "en" ? EN_SEPS : ZH_SEPS);
  const labelled = lang !== "en" && sep === "";
  const parts: string[] = [];
  for (let i = 0; i < k; i++) {
    const run = words.slice(at[i], at[i + 1]).map((w, j) => (numbered ? `${(at[i] as number) + j + 1}. ${w}` : w));
    parts.push(run.join(numbered ? " " : sep || ""));
  }
  if (labelled) parts[0] = `助记词：${parts[0]}`;
  if (r.chance(0.5)) parts[0] = `${r.pick(["hi, my words:", "recover please", "你好"])}\n${parts[0]}`;
  if (r.chance(0.5)) parts[k - 1] = `${parts[k - 1]}\n${r.pick(["is that right?", "请帮忙", "thanks"])}`;
  return {
    layout: `${lang} ${k} pieces${numbered ? " numbered" : ""} ${JSON.stringify(sep)}`,
    parts,
    fragments: words,
  };
}
