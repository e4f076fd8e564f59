/**
 * Secrets inside HTML attribute values and markdown links (test/support/attributes.ts), random secrets
 * fresh every run (REDACT_SEED=<seed> replays one): `<input value="w1 … w12">`, `<div data-seed='…'>`,
 * an email's HTML part, `[w1 … w12](https://…)`, `[backup](https://…?seed=w1+w2+…)`; and look-alikes in
 * the same places (TxIDs, addresses, prose, a mail's style and tracking attributes), which stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { attributeCase, attributeLookalike, linkCase, lookalikePool } from "../../support/attributes";
import { leaks, rng, type SecretCase } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-attributes seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

function missed(make: () => SecretCase, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = make();
    const red = redactSecrets(c.text);
    const leak = red.kinds.length ? leaks(c, red.text) : "everything";
    if (leak) out.push(`[${c.layout}] ${JSON.stringify(c.text.slice(0, 300))} (left: ${leak})`);
  }
  return out;
}

describe(`secrets in HTML attributes and markdown links (seed ${SEED})`, () => {
  it("redacts a phrase or a key inside an attribute value", () => {
    const r = rng(SEED);
    const m = missed(() => attributeCase(r), 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a phrase or a key in a markdown link's text or URL", () => {
    const r = rng(SEED + 1);
    const m = missed(() => linkCase(r), 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("reads a password's own percent escapes as written, not as a link's characters (password:Tu%d5%8C9)", () => {
    const r = rng(SEED + 4);
    const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    const draw = (n: number) => Array.from({ length: n }, () => r.pick([...alnum])).join("");
    const byte = () => (0x80 + r.int(0x80)).toString(16).toUpperCase();
    const m: string[] = [];
    for (let i = 0; i < 300; i++) {
      const pw = `${draw(1 + r.int(3))}%${r.pick(["C", "D", "E", "F"])}${draw(1).replace(/[^0-9A-F]/i, "5")}%${byte()}${r.chance(0.5) ? `%${byte()}` : ""}${draw(2 + r.int(4))}`;
      const c: SecretCase = {
        layout: "percent",
        kind: "password",
        text: `password:${pw} txid:${"ab".repeat(32)}`,
        fragments: [pw],
      };
      const out = redactSecrets(c.text).text;
      if (leaks(c, out) || !out.endsWith(`txid:${"ab".repeat(32)}`))
        m.push(`${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`);
    }
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves look-alikes in attributes, link texts and a mail's markup as written", () => {
    const r = rng(SEED + 2);
    const pool = lookalikePool(SEED + 3);
    const touched: string[] = [];
    for (let i = 0; i < 600; i++) {
      const text = attributeLookalike(r, pool);
      const out = redactSecrets(text);
      if (out.kinds.length) touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
