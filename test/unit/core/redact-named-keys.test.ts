/**
 * Three layouts session 28's attack found leaking (random values, fresh every run;
 * REDACT_SEED=<seed> replays one): a 2FA code after an English 2FA name with 码 (`2FA码123456`), an
 * API secret of 16-31 characters named 私钥 (`公钥：K\n私钥：S`), and a TOTP setup key before its
 * name (`X 是谷歌验证器的备份密钥`, `X <- my 2FA secret`), and an API passphrase after the key and secret
 * on one line or after "api" (`apikey K secret S passphrase P`). Prose about those names stays
 * (test/support/named-keys.ts).
 */

import { describe, expect, it } from "vitest";
import {
  apiPassphraseCase,
  encodedOtpauthCase,
  namedKeysLookalike,
  totpBeforeNameCase,
  twoFaZhCase,
  zhSecretKeyCase,
} from "../../support/named-keys";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-named-keys seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`2FA names with 码, API secrets named 私钥, TOTP keys before their name (seed ${SEED})`, () => {
  it("redacts a 2FA code after 2FA码, ga码, google码 (glued, spaced, after a colon)", () => {
    const m = missedCases(twoFaZhCase, SEED, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts an API secret of 16-31 characters named 私钥", () => {
    const m = missedCases(zhSecretKeyCase, SEED + 1, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a TOTP setup key written before its name", () => {
    const m = missedCases(totpBeforeNameCase, SEED + 2, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts an API passphrase after the key and secret on one line, or after api", () => {
    const m = missedCases(apiPassphraseCase, SEED + 4, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts an otpauth link URL-encoded inside a QR image's URL", () => {
    const m = missedCases(encodedOtpauthCase, SEED + 5, 300);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves prose about those names, with numbers and ids beside them, as written", () => {
    const touched = touchedCases(namedKeysLookalike, SEED + 3, 400);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
