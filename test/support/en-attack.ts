/**
 * Everyday English layouts an attacker's pass found mishandled, fresh values every run: a label's
 * value on the next line of a forwarded chat log ("[10:42] Bob: my password\n[10:42] Bob: X",
 * Telegram's "Bob, [06.12.2026 10:42]" lines) or a mail quote, a label cut over a line by OCR
 * ("Pass\nword: X"), a password followed by another name's value on its line ("password:X
 * txid:…", which must stay whole), and their look-alikes: prose after the label in the same
 * layouts ("my password\n[10:43] Bob: doesn't work"), contractions ("my password isn't accepted").
 */

import { hex } from "@scure/base";
import type { Rng } from "./secret-generator";

export interface AttackCase {
  layout: string;
  text: string;
  /** Values that must not survive (12 characters of each, or all when shorter). */
  secrets: string[];
  /** Parts of the text that must stay exactly as written. */
  keep: string[];
}

const chars = (r: Rng, s: string, n: number) => Array.from({ length: n }, () => r.pick([...s])).join("");
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
/** A password: both cases, a digit, often a symbol. */
function password(r: Rng): string {
  return `${chars(r, "ABCDEFGHJKLMNPQRSTUVWXYZ", 1)}${chars(r, ALNUM + (r.chance(0.5) ? "!@#$%&*" : ""), 6 + r.int(8))}${chars(r, "23456789", 1)}`;
}
const secret = (r: Rng) => chars(r, ALNUM, 32 + r.int(33)).replace(/^./, "0");
const name = (r: Rng) => r.pick(["Bob", "Alice W", "kevin88", "Li Wei", "J. Smith"]);
const clock = (r: Rng) => `${10 + r.int(12)}:${10 + r.int(49)}`;

/** One message line of a chat log or a mail quote, in the form `how` picks. */
function line(r: Rng, how: number, who: string, text: string): string {
  if (how === 0) return `[${clock(r)}] ${who}: ${text}`;
  if (how === 1) return `${who}, [0${1 + r.int(9)}.12.2026 ${clock(r)}]\n${text}`;
  return `> ${text}`;
}

const LABELS: Array<[string, (r: Rng) => string]> = [
  ["my password", password],
  ["login password", password],
  ["Password", password],
  ["api secret", secret],
  ["Secret Key", secret],
];

/** A label alone on a chat message or quoted line, the value alone on the next. */
function chatCase(r: Rng): AttackCase {
  const [label, make] = r.pick(LABELS);
  const v = make(r);
  const who = name(r);
  const how = r.int(3);
  const text = [line(r, how, who, "hi, support"), line(r, how, who, label), line(r, how, who, v)].join("\n");
  return { layout: `chat log ${how}: label, value on the next message`, text, secrets: [v], keep: [] };
}

/** A label a screenshot's OCR cut over a line. */
function ocrCase(r: Rng): AttackCase {
  const v = password(r);
  const label = r.pick(["Pass\nword:", "pass-\nword:", "PASS\nWORD:", "Login pass\nword:"]);
  return {
    layout: "OCR: label cut over a line",
    text: `Account\n${label} ${v}\nStatus: locked`,
    secrets: [v],
    keep: [],
  };
}

/** A password, then another name's value on its line: the password goes, the value stays whole. */
function nextValueCase(r: Rng): AttackCase {
  const v = password(r);
  const other = r.pick([
    `txid:${hex.encode(r.bytes(32))}`,
    `uid=${10_000_000 + r.int(8e7)}`,
    `order:${r.int(1e9)}`,
    `email:bob${r.int(99)}@mail.com`,
    `TXID=${hex.encode(r.bytes(32))}`,
  ]);
  const label = r.pick(["password:", "PASSWORD=", "pwd:", "Password: "]);
  return { layout: "password then another value", text: `${label}${v} ${other}`, secrets: [v], keep: [other] };
}

export function attackCase(r: Rng): AttackCase {
  return r.pick([chatCase, chatCase, ocrCase, nextValueCase])(r);
}

const PROSE = [
  "doesn't work",
  "isn't accepted",
  "won't work on the app",
  "can't be reset",
  "is wrong",
  "not working since yesterday",
  "it's not accepted",
];

/** The same layouts with prose or public values after the label. */
export function attackLookalike(r: Rng): { layout: string; text: string } {
  const who = name(r);
  const how = r.int(3);
  const after = r.pick([...PROSE, `TxID ${hex.encode(r.bytes(32))}`, `order ${r.int(1e9)} is stuck`]);
  const label = r.pick(["my password", "login password", "Password", "api secret"]);
  return r.pick([
    {
      layout: `chat log ${how}: label, prose next`,
      text: [line(r, how, who, label), line(r, how, who, after)].join("\n"),
    },
    {
      layout: "contraction after the label",
      text: `my ${r.pick(["password", "login password", "pw"])} ${r.pick(PROSE)}`,
    },
    {
      layout: "OCR label, prose next",
      text: `Pass\nword: ${r.pick(["reset required", "(8-32 characters)", "********"])}`,
    },
  ]);
}
