/**
 * Everyday pastes of a crypto customer (test/support/everyday-hunt.ts), random secrets fresh every run
 * (REDACT_SEED=<seed> replays one): TOTP keys, phrases, private keys, API secrets and passwords after their
 * labels in tables, YAML, .env, JSON with odd spacing, emoji bullets, quoted replies, OCR'd lines, with
 * zero-width characters, full-width, look-alike letters, and phrases split by / | -> 、 or tabs; and TxIDs,
 * addresses, order ids and prose in the same frames, which stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { everydayCase, everydayLookalike } from "../../support/everyday-hunt";
import { leaks, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-everyday-hunt seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`everyday layouts of a crypto customer's secrets (seed ${SEED})`, () => {
  it("redacts every secret in every layout", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let i = 0; i < 800; i++) {
      const c = everydayCase(r);
      const red = redactSecrets(c.text);
      const leak = red.kinds.length ? leaks(c, red.text) : "everything";
      if (leak) missed.push(`[${c.layout}] ${JSON.stringify(c.text.slice(0, 260))} (left: ${leak})`);
    }
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves TxIDs, addresses, order ids and prose in the same layouts as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    for (let i = 0; i < 500; i++) {
      const text = everydayLookalike(r);
      const out = redactSecrets(text);
      if (out.kinds.length) touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
