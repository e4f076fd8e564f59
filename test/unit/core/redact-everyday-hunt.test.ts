/**
 * Everyday pastes of a crypto customer (test/support/everyday-hunt.ts), random secrets fresh every run
 * (REDACT_SEED=<seed> replays one): TOTP keys, phrases, private keys, API secrets and passwords after their
 * labels in tables, YAML, .env, JSON with odd spacing, emoji bullets, quoted replies, OCR'd lines, with
 * zero-width characters, full-width, look-alike letters, and phrases split by / | -> 、 or tabs; and TxIDs,
 * addresses, order ids and prose in the same frames, which stay.
 */

import { describe, expect, it } from "vitest";
import { everydayCase, everydayLookalike } from "../../support/everyday-hunt";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-everyday-hunt seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`everyday layouts of a crypto customer's secrets (seed ${SEED})`, () => {
  it("redacts every secret in every layout", () => {
    const missed = missedCases(everydayCase, SEED, 800);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves TxIDs, addresses, order ids and prose in the same layouts as written", () => {
    const touched = touchedCases(everydayLookalike, SEED + 1, 500);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
