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
import { base62 } from "../../support/secret-generator";

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

  it("redacts the secret on the line after a key whose value ends in a label's word ('…SowYApp\\nSecret Key: S')", () => {
    // REDACT_SEED=1278027112 found it: "App" glued to the key's end and "Secret Key" on the next line read as one
    // label, "App Secret Key", and the secret after it stayed.
    const m = missedCases(
      (r) => {
        const key = `${base62(r, 16 + r.int(12))}${r.pick(["App", "Api", "app", "API", "Client", "Access", "Consumer"])}`;
        const secret = base62(r, 20 + r.int(20));
        const text = `${r.pick(["API Key（公钥）：", "API Key: ", "apiKey=", "Access Key: "])}${key}${r.pick(["\n", "\r\n"])}${r.pick(["Secret Key（私钥）：", "Secret Key: ", "Secret: ", "secretKey="])}${secret}`;
        return { layout: "key ending in a label word", kind: "api_secret", text, fragments: [secret] };
      },
      SEED + 6,
      300,
    );
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a key in groups whose first group opens with a label's word ('api key - ID1QFbiy 9iV53sUH …')", () => {
    // REDACT_SEED=1439291817 of redact-en-words-markup found it: "key - ID" read as the label "key id", and the groups
    // after "ID" stayed.
    const m = missedCases(
      (r) => {
        // Sizes and counts as redact-en-words-markup draws them (16 to 44 characters, 4 groups at least).
        const size = r.pick([4, 4, 4, 5, 6, 8]);
        const count = Math.max(4, Math.ceil((16 + r.int(28)) / size));
        const groups = Array.from({ length: count }, () => base62(r, size));
        groups[0] = `${r.pick(["ID", "Id", "id"])}${(groups[0] as string).slice(2)}`;
        const key = groups.join(r.pick([" ", " ", "-"]));
        const text = `${r.pick(["Hi, ", ""])}${r.pick(["api key - ", "API Key: ", "Access key: ", "my API key is "])}${key}${r.pick(["", "\n\nRegards, Bob"])}`;
        return { layout: "grouped key opening with a label word", kind: "api_secret", text, fragments: [key] };
      },
      SEED + 7,
      300,
    );
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves prose about those names, with numbers and ids beside them, as written", () => {
    const touched = touchedCases(namedKeysLookalike, SEED + 3, 400);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
