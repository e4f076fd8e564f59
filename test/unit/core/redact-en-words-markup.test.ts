/**
 * English layouts that leaked, fresh values every run (REDACT_SEED=<seed> replays one): a
 * password of one or two plain words after "my password is" / "pwd is" and after "Pass:" /
 * "pass -" (test/support/en-word-passwords.ts), an API key in groups of four, and secrets under
 * their label in HTML tables and markup or a markdown row (test/support/en-markup.ts). Nothing
 * of a secret survives; the prose after the same labels and the public values in the same
 * markup stay exactly as written.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { markupCase, markupLookalike } from "../../support/en-markup";
import {
  groupedKeyCase,
  groupedKeyLookalike,
  wordPasswordCase,
  wordPasswordLookalike,
} from "../../support/en-word-passwords";
import { touchedCases } from "../../support/redaction-checks";
import { type Rng, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-en-words-markup seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const CASES = 400;

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", nbsp: " ", quot: '"' };
/** The text a reader sees, lower case, without tags, spaces or markdown. */
const fold = (s: string) =>
  s
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/gi, "")
    .replace(/&([a-z]+);/g, (m, e: string) => ENTITY[e] ?? m)
    .replace(/[\s|`*_-]/g, "")
    .toLowerCase();

/** What of a secret is left: a word of it (plain words), or 10 of its characters in a row. */
function left(secret: string, out: string): string | null {
  if (/^[A-Za-z]+(?: [A-Za-z]+)*$/.test(secret)) {
    const words = new Set(out.toLowerCase().match(/[a-z]+/g) ?? []);
    return secret.split(" ").find((w) => words.has(w.toLowerCase())) ?? null;
  }
  const s = fold(secret);
  const o = fold(out);
  const size = Math.min(10, s.length);
  for (let i = 0; i + size <= s.length; i++) if (o.includes(s.slice(i, i + size))) return s.slice(i, i + size);
  return null;
}

function kept(make: (r: Rng) => { layout: string; text: string; secrets: string[] }, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let k = 0; k < CASES; k++) {
    const c = make(r);
    const redacted = redactSecrets(c.text).text;
    for (const s of c.secrets) {
      const l = left(s, redacted);
      if (l) out.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(redacted)} (left: ${l})`);
    }
  }
  return out;
}

describe(`passwords of plain words (seed ${SEED})`, () => {
  it("no word of one after 'my password is', 'pwd is', 'Pass:' or 'pass -' survives, in any case", () => {
    const misses = kept(wordPasswordCase, SEED);
    expect(misses, misses.slice(0, 12).join("\n")).toEqual([]);
  });

  it("what prose says of a password after the same labels stays ('is wrong', 'is not accepted', 'pass on that')", () => {
    const changed = touchedCases(wordPasswordLookalike, SEED + 1, CASES);
    expect(changed, changed.slice(0, 12).join("\n")).toEqual([]);
  });
});

describe(`API keys written in groups (seed ${SEED})`, () => {
  it("every group of a key after its label goes (spaces or dashes, groups of 4 to 8); numbers and prose stay", () => {
    const misses = kept(groupedKeyCase, SEED + 2);
    expect(misses, misses.slice(0, 12).join("\n")).toEqual([]);
    const changed = touchedCases(groupedKeyLookalike, SEED + 3, CASES);
    expect(changed, changed.slice(0, 12).join("\n")).toEqual([]);
  });
});

describe(`secrets in HTML and markdown tables and markup (seed ${SEED})`, () => {
  it("the value beside or under its label goes, words, symbols, keys and codes alike", () => {
    const misses = kept(markupCase, SEED + 4);
    expect(misses, misses.slice(0, 12).join("\n")).toEqual([]);
  });

  it("TxIDs, addresses, order ids, header rows and states in the same markup stay", () => {
    const changed = touchedCases(markupLookalike, SEED + 5, CASES);
    expect(changed, changed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("a redacted cell keeps its tags: only the value is replaced", () => {
    const out = redactSecrets("<tr><td>Password:</td><td>Xk9!mP2q</td></tr>").text;
    expect(out).toBe("<tr><td>Password:</td><td>[redacted: password]</td></tr>");
    expect(redactSecrets("<p>Password: sunflower92</p>").text).toBe("<p>Password: [redacted: password]</p>");
  });
});

describe(`a bracketed password's closing bracket (seed ${SEED})`, () => {
  it("goes with the value: nothing of the wrapper is left after the marker", () => {
    const r = rng(SEED + 6);
    const wrong: string[] = [];
    const pool = "abcdefghjkmnpqrstuvwxyz23456789_<>!";
    for (let k = 0; k < 200; k++) {
      const inner = `${r.pick([..."abcdefghjkmnpqrstuvwxyz"])}${Array.from({ length: 4 + r.int(6) }, () => r.pick([...pool])).join("")}${r.int(10)}`;
      const [open, close] = r.pick([
        ["[", "]"],
        ["D6<", ">}"],
        ["", "}"],
        ["(", ")"],
      ] as const);
      const label = r.pick(["pw:", "password:", "pwd:", "Password ="]);
      const text = `${label} ${open}${inner}${close}${r.pick(["", "\nthanks", " please"])}`;
      const out = redactSecrets(text).text;
      // The marker stands where the whole value was: no bracket of it stays after the marker.
      if (!/\[redacted: password\](?:$|\s)/.test(out)) wrong.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    expect(wrong, wrong.slice(0, 12).join("\n")).toEqual([]);
  });
});
