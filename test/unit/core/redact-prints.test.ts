/**
 * A secret written under its label in one message and bare in a later one of the conversation
 * (src/core/redact-prints.ts), fresh values every run (REDACT_SEED=<seed> replays one): the later copy is found
 * by its print in any frame; another conversation's prints, a value that only holds the secret, and weak values
 * (a PIN, a short password) find nothing; no print holds the value.
 */
import { describe, expect, it } from "vitest";
import { secretSpans } from "../../../src/core/redact";
import { printedSpans, secretPrints } from "../../../src/core/redact-prints";
import { keys, rng } from "../../support/secret-generator";
import { apiSecret, strongPassword } from "../../support/secret-values";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-prints seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const r = rng(SEED);
const MAKERS = [
  () => ({ value: strongPassword(r), first: (v: string) => r.pick([`password: ${v}`, `新密码是${v}`, `pwd = ${v}`]) }),
  () => ({ value: apiSecret(r), first: (v: string) => r.pick([`API secret: ${v}`, `API密钥：${v}`]) }),
  () => ({ value: keys.hex64(r), first: (v: string) => r.pick([`private key: ${v}`, `私钥：0x${v}`]) }),
];
const LATER = [
  (v: string) => `${v} still fails`,
  (v: string) => `I tried ${v}!`,
  (v: string) => `again:${v}`,
  (v: string) => `"${v}" is what I typed`,
  (v: string) => `再次输入${v}还是不行`,
  (v: string) => `(${v})`,
  (v: string) => `login bob@example.com\n${v}\nthanks`,
  (v: string) => `it was ${v}, right?`,
];

function firstAndLater(ticketId: string) {
  const m = r.pick(MAKERS)();
  const first = m.first(m.value);
  const prints = secretPrints(ticketId, first, secretSpans(first));
  const later = r.pick(LATER)(m.value);
  return { value: m.value, first, prints, later };
}

const redacted = (text: string, spans: ReturnType<typeof printedSpans>) =>
  spans.reduceRight((t, s) => t.slice(0, s.start) + "#".repeat(s.end - s.start) + t.slice(s.end), text);

describe(`a secret's later bare copy (seed ${SEED})`, () => {
  it("is found by its print in the same conversation, in any frame", () => {
    const missed: string[] = [];
    for (let i = 0; i < 300; i++) {
      const c = firstAndLater(`tkt_${i}`);
      const out = redacted(c.later, printedSpans(c.later, c.prints));
      if (!c.prints.length || out.includes(c.value))
        missed.push(`${JSON.stringify(c.first)} then ${JSON.stringify(c.later)} -> ${JSON.stringify(out)}`);
      // The rest of the later message stays.
      else if (out.replace(/#+/, "") !== c.later.replace(c.value, "")) missed.push(`took more: ${JSON.stringify(out)}`);
    }
    expect(missed, missed.slice(0, 8).join("\n")).toEqual([]);
  });

  it("keeps no value in a print, and another conversation's prints find nothing", () => {
    const wrong: string[] = [];
    for (let i = 0; i < 200; i++) {
      const c = firstAndLater(`tkt_a${i}`);
      for (const p of c.prints)
        if (JSON.stringify(p).includes(c.value.slice(0, 8))) wrong.push(`print holds it: ${JSON.stringify(p)}`);
      // The same prints, salted by another conversation's ticket, do not match.
      const foreign = c.prints.map((p) => ({ ...p, ticketId: `tkt_b${i}` }));
      if (printedSpans(c.later, foreign).length)
        wrong.push(`another ticket's salt matched: ${JSON.stringify(c.later)}`);
      // A longer token holding the value is another token.
      const longer = `${c.value}${r.pick(["x", "7", "_1"])} and ${r.pick(["ab", "Z9"])}${c.value}`;
      if (printedSpans(longer, c.prints).length) wrong.push(`matched inside a longer token: ${JSON.stringify(longer)}`);
    }
    expect(wrong, wrong.slice(0, 8).join("\n")).toEqual([]);
  });

  it("keeps no print of a value a guess would find (a PIN, a code, a short password)", () => {
    const printed: string[] = [];
    for (let i = 0; i < 200; i++) {
      const weak = r.pick([
        () => String(100000 + r.int(899999)),
        () => `${"abcdefgh".slice(0, 6 + r.int(3))}${r.int(10)}`,
        () => `${r.pick(["Summer", "Password", "Bitcoin", "hunter"])}${2000 + r.int(30)}${r.pick(["", "!", "#"])}`,
      ])();
      const first = r.pick([`password: ${weak}`, `资金密码：${weak}`, `2FA code: ${weak}`, `PIN ${weak}`]);
      const prints = secretPrints("tkt_w", first, secretSpans(first));
      if (prints.length) printed.push(`${JSON.stringify(first)} -> ${prints.length} print(s)`);
    }
    expect(printed, printed.slice(0, 8).join("\n")).toEqual([]);
  });
});
