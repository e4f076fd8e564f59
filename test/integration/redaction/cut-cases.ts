/**
 * Seeded inputs for the "secret at a cut" and "secret off the usual path" tests: phrases of the
 * secret generator (REDACT_SEED replays them), filler that holds no word, and real MIME in the
 * transfer encodings mail clients use (8bit, quoted-printable, base64, RFC 2047 encoded-words).
 */
import { wordsIn } from "../../support/phrases";
import { type Lang, mnemonic, type Rng, rng } from "../../support/secret-generator";

export const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** The suite's generator, with its seed printed under `name`. */
export function seeded(name: string): Rng {
  console.log(`${name} seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
  return rng(SEED);
}

export interface CutPhrase {
  lang: Lang;
  words: string[];
  text: string;
}

/**
 * What these suites write around a phrase (their texts, the builders' defaults: "Alice", "Mailbox Owner",
 * "Chen Jie", "Lin", "Alice Example", "deposit"), which no phrase draws: else a frame word left in a stored
 * row would read as a leaked phrase word ("Wallet log" beside a phrase holding "wallet").
 */
const FRAME = wordsIn(
  "Alice Mailbox Owner Chen Jie Lin Alice Example example.com deposit missing arrived customer.test support relaydesk " +
    "Wallet log Please see the subject screenshots attached Withdrawal My withdrawal is stuck More I am away until " +
    "Monday Automatic reply Out of office Is this email from you I got the attached email is it really yours " +
    "screenshot of the error hacked please help Customer read their recovery phrase out on the call and the private " +
    "key From claim verify your wallet Reply to this with words The team today Support agent scam victim test 自动回复",
);

/** A valid phrase of 12–24 words in English or Chinese, words joined by spaces, no word of the suites' frame. */
export function phrase(
  r: Rng,
  langs: readonly Lang[] = ["en", "en", "zh-Hans", "zh-Hant"],
  length?: 12 | 15 | 18 | 21 | 24,
): CutPhrase {
  for (;;) {
    const lang = r.pick(langs);
    const words = mnemonic(r, lang, length);
    if (!words.some((w) => FRAME.has(w.toLowerCase()))) return { lang, words, text: words.join(" ") };
  }
}

/** Tokens that no detector reads as a word: two letters and digits, `qz004211` (as randomToken). */
export function filler(r: Rng, length: number): string {
  let out = "";
  while (out.length < length) {
    out += `qz${String(r.int(1e6)).padStart(6, "0")}`;
    out += r.chance(0.1) ? "\n" : " ";
  }
  return `${out.slice(0, Math.max(0, length - 1)).replace(/\S+$/, (w) => "0".repeat(w.length))} `;
}

/**
 * Text whose character `max` falls inside the phrase, after 3 to 7 of its words: filler before it,
 * filler after. The cut leaves fewer words before it than any detector needs on its own.
 */
export function straddling(r: Rng, p: CutPhrase, max: number, after = 3000): string {
  const before = 3 + r.int(5);
  const upTo = p.words.slice(0, before).join(" ").length + 1 + r.int(2);
  return `${filler(r, max - upTo)}${p.text}\n${filler(r, after)}`;
}

const bytesOf = (s: string) => new TextEncoder().encode(s);

/** Base64 of UTF-8, lines of 76. */
export function base64Lines(s: string): string {
  let binary = "";
  for (const b of bytesOf(s)) binary += String.fromCharCode(b);
  return (btoa(binary).match(/.{1,76}/g) ?? []).join("\r\n");
}

/** Quoted-printable of UTF-8 (RFC 2045): soft line breaks, `=XX` for everything not printable ASCII. */
export function quotedPrintable(s: string): string {
  const lines: string[] = [];
  for (const line of s.split("\n")) {
    let out = "";
    let width = 0;
    for (const b of bytesOf(line)) {
      const ch = String.fromCharCode(b);
      const piece =
        (b >= 33 && b <= 126 && b !== 61) || b === 32 ? ch : `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
      if (width + piece.length > 75) {
        out += "=\r\n";
        width = 0;
      }
      out += piece;
      width += piece.length;
    }
    lines.push(out.replace(/ $/, "=20"));
  }
  return lines.join("\r\n");
}

export type TransferEncoding = "8bit" | "quoted-printable" | "base64";

/** A body in the given transfer encoding. */
export function encodeBody(text: string, encoding: TransferEncoding): string {
  if (encoding === "base64") return base64Lines(text);
  if (encoding === "quoted-printable") return quotedPrintable(text);
  return text.replace(/\n/g, "\r\n");
}

/** A header value as RFC 2047 encoded-words of a few characters each, folded over lines. */
export function encodedWords(s: string, kind: "B" | "Q" = "B"): string {
  const chars = [...s];
  const words: string[] = [];
  for (let i = 0; i < chars.length; i += 12) {
    const chunk = chars.slice(i, i + 12).join("");
    words.push(
      kind === "B"
        ? `=?UTF-8?B?${base64Lines(chunk).replace(/\r\n/g, "")}?=`
        : `=?UTF-8?Q?${[...bytesOf(chunk)].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("")}?=`,
    );
  }
  return words.join("\r\n ");
}

/** A one-part email as raw MIME. */
export function mail(m: {
  from: string;
  messageId: string;
  subject: string;
  body: string;
  encoding?: TransferEncoding;
  headers?: string[];
}): string {
  const encoding = m.encoding ?? "8bit";
  return [
    `From: Mailbox Owner <${m.from}>`,
    "To: <support@relaydesk.test>",
    `Subject: ${m.subject}`,
    `Message-ID: ${m.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    ...(m.headers ?? []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Transfer-Encoding: ${encoding}`,
    "",
    encodeBody(m.body, encoding),
    "",
  ].join("\r\n");
}
