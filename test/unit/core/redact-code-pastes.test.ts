/**
 * Secrets pasted out of code, configs and tools (test/support/en-code-pastes.ts), fresh values
 * every run (REDACT_SEED=<seed> replays one): nothing of a key, secret, password, private key,
 * setup key or recovery code survives, no four words of a phrase in a row; the public values of
 * the same code and configs (environment lookups, placeholders, TxIDs, addresses, order ids)
 * stay exactly as written.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { pasteCase, pasteLookalike } from "../../support/en-code-pastes";
import { leaks, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-code-pastes seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const CASES = 400;

const fold = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[\s:\-·.,'"`*|_\\]/g, "")
    .toLowerCase();

describe(`secrets in code, configs and tools (seed ${SEED})`, () => {
  it("nothing of a secret survives", () => {
    const r = rng(SEED);
    const kept: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = pasteCase(r);
      const out = redactSecrets(c.text).text;
      let l: string | null = null;
      if (c.words) l = leaks({ layout: c.layout, kind: "seed_phrase", text: c.text, fragments: c.words }, out);
      const o = fold(out);
      for (const secret of c.secrets) {
        const s = fold(secret);
        const size = Math.min(12, s.length);
        for (let i = 0; !l && i + size <= s.length; i++) if (o.includes(s.slice(i, i + size))) l = s.slice(i, i + size);
      }
      if (l) kept.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)} (left: ${l})`);
    }
    expect(kept, kept.slice(0, 12).join("\n")).toEqual([]);
  });

  it("public values in the same code and configs stay exactly as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = pasteLookalike(r);
      const out = redactSecrets(c.text);
      if (out.text !== c.text || out.kinds.length)
        touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
