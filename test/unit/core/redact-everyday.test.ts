/**
 * Everyday layouts an attacker's pass found kept (test/support/everyday.ts), fresh values every
 * run (REDACT_SEED=<seed> replays one): credentials without a password label, labels in markdown
 * or spoilers, passwords with spaces, backup codes as bullets, `w1:` numbering, API keys next to
 * their secret, tables whose header names the column. Nothing of a secret survives, alone or as
 * a ticket's body; the look-alikes in the same layouts stay exactly as written.
 */
import { describe, expect, it } from "vitest";
import { redactParts, redactSecrets } from "../../../src/core/redact";
import { EVERYDAY_FORMS, everydayCases, everydayLookalikes } from "../../support/everyday";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-everyday seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const ROUNDS = 30;

const fold = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[\s:\-·.,'"`*|_]/g, "")
    .toLowerCase();

/** 12 characters of a value (all of it when shorter), or a word of the phrase, that survived. */
function left(c: { secrets: string[]; words?: string[] }, out: string): string | null {
  const o = fold(out);
  for (const secret of c.secrets) {
    const s = fold(secret);
    const size = Math.min(12, s.length);
    for (let i = 0; i + size <= s.length; i++) if (o.includes(s.slice(i, i + size))) return s.slice(i, i + size);
  }
  const words = new Set(
    out
      // Markers and the numbering ("word_1") are no words of the phrase.
      .replace(/\[redacted: [^\]]+\]|\b(?:word_|w-?)\d+/gi, "")
      .toLowerCase()
      .match(/[a-z]+/g) ?? [],
  );
  return c.words?.find((w) => words.has(w)) ?? null;
}

function misses(group: string): string[] {
  const out: string[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const c of everydayCases(rng(SEED + round)).filter((c) => c.layout.startsWith(`${group}:`))) {
      for (const [how, text] of [
        ["message", redactSecrets(c.text).text],
        // The subject before it holds phrase words ("help", "account"): only the body is read.
        ["body", redactParts(["Help with my account", c.text]).parts[1] as string],
      ] as const) {
        const l = left(c, text);
        if (l) out.push(`[${c.layout}, ${how}] ${JSON.stringify(c.text)} -> ${JSON.stringify(text)} (left: ${l})`);
      }
    }
  return out;
}

describe(`everyday layouts (seed ${SEED})`, () => {
  const groups = [...new Set(Object.keys(EVERYDAY_FORMS).map((k) => k.split(":")[0] as string))];
  for (const group of groups)
    it(`${group}: nothing of the secret left`, () => {
      const m = misses(group);
      expect(m, m.slice(0, 12).join("\n")).toEqual([]);
    });

  it("look-alikes in the same layouts stay exactly as written", () => {
    const touched: string[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const c of everydayLookalikes(rng(SEED + round))) {
        const out = redactSecrets(c.text);
        if (out.text !== c.text || out.kinds.length)
          touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
      }
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
