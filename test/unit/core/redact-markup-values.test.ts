/**
 * A password that holds markup characters ("*Hh~*|eym4KdMy4Wn", "a__b__c9", "x||y||Z7") read as
 * markup around part of it: "*Hh~*" was taken for italics and "|eym4KdMy4Wn" stayed
 * (redact-other-secrets, REDACT_SEED=811389915). Markup wraps a value only when it closes before
 * white space, punctuation or the end. Fresh passwords every run; REDACT_SEED=<seed> replays one.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-markup-values seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%^&+=?~";
const MARKERS = ["*", "**", "***", "~~", "__", "||"];
const LABELS = ["password: ", "pw on OKX: ", "**Password:** ", "my password is ", "密码：", "login password = "];

describe(`passwords holding markup characters (seed ${SEED})`, () => {
  it("leave no piece when a marker pair sits inside or at the start of the value", () => {
    const r = rng(SEED);
    const word = (n: number) => Array.from({ length: n }, () => CHARS[r.int(CHARS.length)]).join("");
    const misses: string[] = [];
    for (let i = 0; i < 400; i++) {
      const m = r.pick(MARKERS);
      // The pair closes with more of the password right after it (a letter, digit or symbol).
      const pw = `${r.chance(0.5) ? "" : word(1 + r.int(3))}${m}${word(2 + r.int(4))}${m}${r.pick(["|", "#", "1", "Q", "@"])}${word(6 + r.int(6))}9`;
      const text = `${r.pick(LABELS)}${pw}${r.pick(["", "\nthanks", " please help"])}`;
      const out = redactSecrets(text);
      if (!out.kinds.includes("password") || out.text.includes(pw.slice(-5)))
        misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(misses.slice(0, 10), `${misses.length} of 400`).toEqual([]);
  });

  it("still reads markup around a whole value as markup", () => {
    const bold = redactSecrets("password: **Tr0ub4dor&3**, thanks");
    expect(bold.kinds).toEqual(["password"]);
    expect(bold.text).toMatch(/^password: \*\*\[redacted: password\](\*\*)?, thanks$/);
    const spoiler = redactSecrets("2fa code ||123456|| ok");
    expect(spoiler.kinds).toEqual(["2fa_code"]);
    expect(spoiler.text).not.toContain("123456");
  });
});
