/**
 * Secrets inside HTML attribute values and markdown links (test/support/attributes.ts), random secrets
 * fresh every run (REDACT_SEED=<seed> replays one): `<input value="w1 … w12">`, `<div data-seed='…'>`,
 * an email's HTML part, `[w1 … w12](https://…)`, `[backup](https://…?seed=w1+w2+…)`; and look-alikes in
 * the same places (TxIDs, addresses, prose, a mail's style and tracking attributes), which stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { attributeCase, attributeLookalike, linkCase, lookalikePool } from "../../support/attributes";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { leaks, rng, type SecretCase } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-attributes seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`secrets in HTML attributes and markdown links (seed ${SEED})`, () => {
  it("redacts a phrase or a key inside an attribute value", () => {
    const m = missedCases(attributeCase, SEED, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a phrase or a key in a markdown link's text or URL", () => {
    const m = missedCases(linkCase, SEED + 1, 400);
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
    const pool = lookalikePool(SEED + 3);
    const touched = touchedCases((r) => attributeLookalike(r, pool), SEED + 2, 600);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
