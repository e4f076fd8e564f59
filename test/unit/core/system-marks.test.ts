/**
 * Triage, article suggestions and language detection read a customer's words without the marks we
 * put in front of them. Generated senders and texts; `MARKS_SEED=n` replays a run.
 */
import { describe, expect, it } from "vitest";
import { failedAuthMark } from "../../../channels/email/apart";
import { AUTO_REPLY_MARK, UNVERIFIED_SENDER_MARK, withoutSystemMarks } from "../../../src/core/system-marks";
import { rng } from "../../support/secret-generator";

const seed = Number(process.env.MARKS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const r = rng(seed);
const rand = r.int;
const pick = r.pick;
const word = () => Array.from({ length: 3 + rand(8) }, () => pick([..."abcdefghijklmnopqrstuvwxyz"])).join("");

describe(`system marks (MARKS_SEED=${seed})`, () => {
  it("takes every mark off the front, the failed-authentication mark with its address and verdicts", () => {
    for (let i = 0; i < 200; i++) {
      const words = pick([
        `my withdrawal ${word()} is pending`,
        "我的充值还没有到账",
        `deposit ${word()} missing [${word()}]`,
      ]);
      const claims = `${word()}.${word()}@${word()}.com`;
      const failed = failedAuthMark(
        { claims, keptApartFrom: null, why: pick(["failed", "downgrade"] as const) },
        `spf=${pick(["fail", "softfail", "none"])} dkim=${pick(["fail", "none"])} dmarc=fail`,
      );
      const marks = [UNVERIFIED_SENDER_MARK, failed, ...(rand(2) ? [AUTO_REPLY_MARK] : [])];
      expect(withoutSystemMarks(`${marks.join(" ")} ${words}`).trim()).toBe(words);
    }
  });

  it("leaves a customer's own brackets alone", () => {
    for (let i = 0; i < 50; i++) {
      const text = pick([`[Failed authentication ${word()}] again`, `[${word()}] my login fails`, word()]);
      expect(withoutSystemMarks(text)).toBe(text);
    }
  });
});
