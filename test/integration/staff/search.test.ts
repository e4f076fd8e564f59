/**
 * Staff search as an attacker types it: any string is a search (200), never an FTS5 syntax error (500).
 * Random Unicode, quotes, FTS5 operators and column filters, control characters, broken percent-encoding,
 * 1 to 30 words, very long queries; and the words still find the ticket they name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_TERMS } from "../../../src/store/ticket-list";
import { seeded } from "../reliability/harness";
import { BOOTSTRAP, call, customerWrites, settleDeliveries } from "./helpers";

afterAll(() => settleDeliveries());

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

/** GET /api/staff/tickets with a query string that is already encoded (so broken encodings reach the Worker). */
async function searchRaw(encodedQ: string): Promise<{ status: number; text: string }> {
  const res = await call("GET", `/api/staff/tickets?limit=100&q=${encodedQ}`, { token: BOOTSTRAP });
  return { status: res.status, text: await res.text() };
}

async function search(q: string): Promise<string[]> {
  const { status, text } = await searchRaw(encodeURIComponent(q));
  expect(status, `${JSON.stringify(q)}: ${text.slice(0, 300)}`).toBe(200);
  return (JSON.parse(text) as { tickets: Array<{ id: string }> }).tickets.map((t) => t.id);
}

let tag = "";
let ticket = { id: "" };
let hostile = { id: "" };

beforeAll(async () => {
  tag = `q${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
  ticket = await customerWrites(`${tag} ${WORDS.join(" ")} 提现一直显示处理中`);
  hostile = await customerWrites(`${tag}x NEAR(a b) col:val a*b ^start OR NOT "quoted" {text}: -x`);
});

describe("search with many words", () => {
  it("finds the ticket with 1 to 30 words (6 and more included); words past the first 8 do not count", async () => {
    for (let n = 1; n <= 30; n++) {
      const words = [tag, ...Array.from({ length: n - 1 }, (_, i) => WORDS[i % WORDS.length])];
      expect(await search(words.join(" ")), `${n} words`).toContain(ticket.id);
    }
    // The 9th word is ignored: a word that occurs nowhere does not hide the ticket there...
    const eight = [tag, ...WORDS.slice(0, MAX_TERMS - 1)];
    expect(await search([...eight, "nowhere-to-be-found"].join(" "))).toContain(ticket.id);
    // ...while within the first 8 it does (each word must occur).
    expect(await search([tag, "nowhere-to-be-found", ...WORDS.slice(0, 3)].join(" "))).not.toContain(ticket.id);
  });

  it("treats NUL and other control characters as spaces, and FTS5 syntax as plain text", async () => {
    expect(await search(`${tag}\u0000alpha`)).toContain(ticket.id);
    expect(await search(`\u0000${tag}\u0001bravo\u007f`)).toContain(ticket.id);
    expect(await search("\u0000")).toBeInstanceOf(Array);
    expect(await search(`${tag}x NEAR(a b) col:val`)).toEqual([hostile.id]);
    expect(await search(`"${tag}x" a*b ^start`)).toEqual([hostile.id]);
    expect(await search(`${tag}x OR NOT {text}:`)).toEqual([hostile.id]);
    // A column filter is a word to find, not a filter: the first ticket has no "col:val" in it.
    expect(await search(`${tag} col:val`)).toEqual([hostile.id]);
    expect(await search(`${tag} 提现一直`)).toContain(ticket.id);
    expect(await search(`${tag} 提现`)).toContain(ticket.id);
  });
});

/** Pieces an attacker strings together. */
const FTS_SYNTAX = ["AND", "OR", "NOT", "NEAR", "NEAR(", "*", "^", '"', '""', "(", ")", ":", "-", "+", "{", "}", ","];
const COLUMNS = ["text:", "search_fts:", "{text}:", "-text:", "rowid:", "rank:", "{text search_fts}:", "^text:"];
const ODD = [
  "'",
  "\\",
  "%",
  "_",
  "`",
  ";",
  "--",
  "/*",
  "*/",
  "\u0000",
  "\u0001",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u2028",
];
const SCRIPTS = [
  "提现",
  "充值未到账",
  "😀",
  "👨‍👩‍👧",
  "🏳️‍🌈",
  "مرحبا",
  "Привет",
  "ﷺ",
  "a\u0301",
  "\ufeff",
  "\uffff",
  "𝔘𝔫𝔦",
];
/** Percent-encoded bytes that are not valid UTF-8 (lone surrogates, truncated sequences) or not encodings at all. */
const RAW = ["%ED%A0%80", "%ED%B0%80", "%ED%A0%BD%ED%B8%80", "%F0%9F", "%C0%AF", "%FF", "%", "%zz", "%00", "%2", "+"];

function randomCodePoint(random: () => number): string {
  for (;;) {
    const cp = random() < 0.8 ? Math.floor(random() * 0xffff) : 0x10000 + Math.floor(random() * 0xfffff);
    if (cp < 0xd800 || cp > 0xdfff) return String.fromCodePoint(cp);
  }
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** One random query, already percent-encoded. */
function randomQuery(random: () => number): string {
  const words = 1 + Math.floor(random() * 30);
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = random();
    let word: string;
    if (r < 0.2) word = pick(FTS_SYNTAX, random);
    else if (r < 0.3) word = `${pick(COLUMNS, random)}${pick(WORDS, random)}`;
    else if (r < 0.45) word = pick(ODD, random) + pick(WORDS, random) + pick(ODD, random);
    else if (r < 0.6) word = pick(SCRIPTS, random);
    else if (r < 0.8)
      word = Array.from({ length: 1 + Math.floor(random() * 8) }, () => randomCodePoint(random)).join("");
    else if (r < 0.85) word = `"${pick(WORDS, random)} ${pick(FTS_SYNTAX, random)}`;
    else word = pick(WORDS, random);
    parts.push(encodeURIComponent(word));
    if (random() < 0.1) parts.push(pick(RAW, random));
  }
  const sep = () => pick(["%20", "%20%20", "%09", "%0A", "%E3%80%80", "", "+"], random);
  let q = parts.map((p) => p + sep()).join("");
  if (random() < 0.08) q = encodeURIComponent("x".repeat(200 + Math.floor(random() * 3000)));
  if (random() < 0.05) q = Array.from({ length: 500 }, () => pick(RAW, random)).join("");
  return q;
}

describe("search fuzz", () => {
  it("answers 200 with a ticket list to 300 random hostile queries", async () => {
    const seed = Date.now() >>> 0;
    const random = seeded(seed);
    const problems: string[] = [];
    for (let i = 0; i < 300; i++) {
      const q = randomQuery(random);
      const { status, text } = await searchRaw(q);
      const ok = status === 200 && Array.isArray((JSON.parse(text) as { tickets?: unknown }).tickets);
      if (!ok) problems.push(`#${i} q=${q.slice(0, 160)} -> ${status} ${text.slice(0, 160)}`);
    }
    expect(problems, `seed ${seed}\n${problems.join("\n")}`).toEqual([]);
  }, 60_000);

  it("answers 200 to the empty, blank and very long query", async () => {
    for (const q of ["", "%20", "%20%20%09", encodeURIComponent(`${tag} `.repeat(2000)), "%00".repeat(300)]) {
      const { status, text } = await searchRaw(q);
      expect(status, `${q.slice(0, 40)}: ${text.slice(0, 200)}`).toBe(200);
    }
    // A very long query is cut to its first words, which still find the ticket.
    expect(await search(`${tag} alpha `.repeat(500))).toContain(ticket.id);
  });
});
