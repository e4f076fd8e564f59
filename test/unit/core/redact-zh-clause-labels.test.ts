/**
 * A password after a Chinese clause between its label and the value (test/support/zh-clause-labels.ts), fresh
 * values every run (REDACT_SEED=<seed> replays one). An id, a code or a state another word names after the same
 * clause stays as written.
 */

import { describe, expect, it } from "vitest";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { rng, type SecretCase } from "../../support/secret-generator";
import { zhClauseLabelCase, zhClauseLabelLookalike } from "../../support/zh-clause-labels";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-clause-labels seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`a password after 密码忘了，之前的是 (seed ${SEED})`, () => {
  it("redacts every password", () => {
    const missed = missedCases(zhClauseLabelCase, SEED, 500);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves another name's value after the same clause as written", () => {
    const touched = touchedCases(zhClauseLabelLookalike, SEED + 1, 400);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });

  it("redacts a password shaped like a hyphenated compound when its first part mixes cases (57Aq-kex)", () => {
    // REDACT_SEED=1083730492: "好像是57Aq-kex" read as prose's "2FA-only"; those stay ("set to 90-day expiry").
    const r = rng(SEED + 2);
    const draw = (set: string, n: number) => Array.from({ length: n }, () => r.pick([...set])).join("");
    const make = (): SecretCase => {
      const lower = "abcdefghijkmnpqrstuvwxyz";
      const first =
        `${draw("0123456789", r.int(3))}${draw("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)}${draw(lower, 1)}${r.int(10)}`.slice(
          0,
          4,
        );
      const pw = `${first}-${draw(lower, 3 + r.int(3))}`;
      const frame = r.pick([
        (v: string) => `急！我的登录密码: 输错了，好像是${v}，帮我看看`,
        (v: string) => `资金密码忘了，之前的是${v}`,
        (v: string) => `my password was changed to ${v} yesterday`,
        (v: string) => `password for binance: ${v}`,
      ]);
      return { layout: "hyphenated password", kind: "password", text: frame(pw), fragments: [pw] };
    };
    const missed = missedCases(make, SEED + 2, 300);
    expect(missed, missed.slice(0, 10).join("\n")).toEqual([]);
    const prose = [
      "my 2FA was changed to 2FA-only login",
      "password policy set to 90-day expiry",
      "密码改成了 24h-delay 模式",
      "password is now set to 3x-faster mode",
    ];
    expect(prose.filter((t) => touchedCases(() => ({ layout: "compound", text: t }), 1, 1).length)).toEqual([]);
  });
});
