/**
 * Secrets inside HTML attribute values and markdown links, fresh every run (the test prints the seed): a
 * phrase (en, zh-Hans, zh-Hant) or a private key in `<input value="…">`, `<div title="…" data-seed='…'>`,
 * `<img alt="…">`, an email's HTML part, and in a markdown link's text or URL (`[w1 … w12](https://…)`,
 * `[backup](https://…?seed=w1+w2+…)`). Look-alikes: the generator's look-alike messages (TxIDs,
 * addresses, ids, prose) in the same attributes and link texts, explorer links, mail markup with long
 * style, class and tracking-link attributes; they stay as written.
 */

import { hex } from "@scure/base";
import { lookalikeCases } from "./lookalike-generator";
import { keys, type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";

const join = (words: string[], zh: boolean, r: Rng) =>
  words.join(zh ? r.pick([" ", "", "、", " "]) : r.pick([" ", " ", "  ", ", "]));

/** Where an attribute value stands: a tag around it, in a line of a message or an email's HTML part. */
const ATTRIBUTE_FRAMES: Array<(v: string, q: string) => string> = [
  (v, q) => `<input type=${q}text${q} value=${q}${v}${q}>`,
  (v, q) => `<input value=${q}${v}${q} readonly />`,
  (v, q) => `<div title=${q}backup${q} data-seed=${q}${v}${q}>hi</div>`,
  (v, q) => `<span data-words=${q}${v}${q}></span>`,
  (v, q) => `<img alt=${q}${v}${q} src=${q}cid:image001.png${q} width=${q}600${q}>`,
  (v, q) => `<textarea name=${q}note${q} placeholder=${q}${v}${q}></textarea>`,
  (v, q) =>
    `<html><body style=${q}margin:0;padding:0${q}><p class=${q}MsoNormal${q}>Hi support,</p><p><input value=${q}${v}${q}></p><p>Thanks</p></body></html>`,
  (v, q) => `Here is what the page shows: <td class=${q}cell${q} data-value=${q}${v}${q}>&nbsp;</td>`,
];

/** A markdown link holding the secret in its text or its URL. */
const LINK_FRAMES: Array<(words: string[], zh: boolean, r: Rng) => string> = [
  (w, zh, r) => `[${join(w, zh, r)}](https://example.com/backup)`,
  (w, zh, r) => `see [${join(w, zh, r)}](https://wallet.example.org/restore "my words")`,
  (w) => `[my backup](https://example.com/?seed=${w.map(encodeURIComponent).join("+")})`,
  (w) => `[restore](https://example.com/restore/${w.map(encodeURIComponent).join("-")})`,
  (w) => `[words](https://example.com/#${w.map(encodeURIComponent).join("%20")})`,
  (w) => `<${"https"}://example.com/?mnemonic=${w.map(encodeURIComponent).join("%20")}>`,
];

const LANGS: Lang[] = ["en", "en", "zh-Hans", "zh-Hant"];

/** A phrase or a key inside an HTML attribute value. */
export function attributeCase(r: Rng): SecretCase {
  const frame = r.pick(ATTRIBUTE_FRAMES);
  const q = r.pick(['"', "'"]);
  if (r.chance(0.7)) {
    const lang = r.pick(LANGS);
    const words = mnemonic(r, lang);
    const zh = lang !== "en";
    return {
      layout: `attribute phrase ${lang}`,
      kind: "seed_phrase",
      text: frame(join(words, zh, r), q),
      fragments: words,
    };
  }
  const key = r.pick([keys.wif(r), keys.xprv(r), keys.wif(r)]);
  return { layout: "attribute key", kind: "private_key", text: frame(key, q), fragments: [key] };
}

/** A phrase or a key in a markdown link's text or URL. */
export function linkCase(r: Rng): SecretCase {
  if (r.chance(0.8)) {
    const lang = r.pick(LANGS);
    const words = mnemonic(r, lang);
    const frame = r.pick(LINK_FRAMES);
    const text = frame(words, lang !== "en", r);
    // Percent-encoded Chinese words stand in the text as their encoding.
    const fragments = text.includes(words[0] as string) ? words : words.map(encodeURIComponent);
    return { layout: `link phrase ${lang}`, kind: "seed_phrase", text, fragments };
  }
  const key = r.pick([keys.wif(r), keys.xprv(r)]);
  const text = r.pick([`[${key}](https://example.com/k)`, `[my key](https://example.com/import/${key})`]);
  return { layout: "link key", kind: "private_key", text, fragments: [key] };
}

/** Attributes and links that hold no secret: look-alike messages, explorer links, a mail's own markup. */
export function attributeLookalike(r: Rng, pool: readonly string[]): string {
  const plain = pool.filter((t) => !/["'<>\n[\]()]/.test(t));
  const text = r.pick(plain);
  const tx = hex.encode(r.bytes(32));
  return r.pick([
    // Not under a seed's name: "data-seed=\"<prose>\"" reads as "seed: <prose>" does, whose words go.
    () => r.pick(ATTRIBUTE_FRAMES.filter((f) => !f("", '"').includes("seed")))(text, '"'),
    () => `[${text}](https://example.com/help)`,
    () => `[View transaction](https://etherscan.io/tx/0x${tx})`,
    () => `<a href="https://mempool.space/tx/${tx}" title="${text}">${tx.slice(0, 10)}…</a>`,
    () =>
      `<table width="100%" cellpadding="0" cellspacing="0" style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #333333; line-height: 20px"><tr><td class="content-block main footer aligncenter">${text}</td></tr></table>`,
    () =>
      `<a href="https://click.example.com/ls/click?upn=${hex.encode(r.bytes(24))}&utm_source=newsletter&utm_medium=email&utm_campaign=weekly_update" style="color: #1a73e8; text-decoration: underline">Unsubscribe</a>`,
  ])();
}

/** The look-alike messages the attribute look-alikes are made of (seeded). */
export const lookalikePool = (seed: number) => lookalikeCases(seed, 400).map((c) => c.text);
