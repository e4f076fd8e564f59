/**
 * Ids on two lines are not one API key cut over them: "My deposit … arrived t6be07397d9374201" then
 * "FAIL-ME-t79e14c417d9f4e2e" was joined into a 42-character "key" and the second line lost
 * (pipeline/atomicity.test.ts). A cut key's pieces are random base62, so each holds both cases; and a
 * hash glued to words ("bobfile-71a12d7ee56f478dUSDTUSDT…", staff/merge-customers.test.ts) is no key.
 * Fresh ids every run; REDACT_SEED=<seed> replays one.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-bare-ids seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`ids on consecutive lines (seed ${SEED})`, () => {
  const r = rng(SEED);
  const of = (chars: string, n: number) => Array.from({ length: n }, () => chars[r.int(chars.length)]).join("");
  const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const B62 = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
  const hex = (n: number) => of("0123456789abcdef", n);
  const id = () =>
    r.pick([
      () => `t${of("0123456789abcdef", 16)}`,
      () => of(LOWER, 14 + r.int(12)),
      () => `ORD${of(UPPER, 14 + r.int(8))}`,
      () => `${r.pick(["REF", "FAIL-ME", "CASE", "inv"])}-${of(LOWER, 12 + r.int(10))}`,
      () => `${r.pick(["ref", "order", "case"])}-${of(UPPER, 12 + r.int(10))}`,
      // A hash glued to words, as test ids and generated file names are ("bobfile-71a12d7e…USDTUSDTa1c1…").
      () =>
        `${r.pick(["bob", "Alice", "tkt"])}${r.pick(["file-", "_", ""])}${hex(16)}${r.pick(["USDT", "Withdrawal", "KYC"])}${r.pick(["USDT", "deposit"])}${hex(16)}`,
    ])();

  it("leave both ids whole", () => {
    const touched: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = `${r.pick(["My deposit of 100 USDT has not arrived", "order", "我的充值还没到账", "ref:", ""])} ${id()}\n${r.pick(["", "> "])}${id()}`;
      const out = redactSecrets(text.trim());
      if (out.text !== text.trim()) touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched.slice(0, 10), `${touched.length} of 400`).toEqual([]);
  });

  it("still joins a random key cut over two lines", () => {
    let kept = 0;
    for (let i = 0; i < 200; i++) {
      // Each piece holds a character no address has (a piece of an address's length that is all base58 is the
      // known limit, docs/security.md).
      const at = 20 + r.int(24);
      const key = `${of(B62, at - 1)}${r.pick(["0", "O", "I", "l"])}${of(B62, 63 - at)}${r.pick(["0", "O", "I", "l"])}`;
      const out = redactSecrets(`here:\n${key.slice(0, at)}\n${key.slice(at)}`);
      if (out.text.includes(key.slice(0, 8)) || out.text.includes(key.slice(-8))) kept++;
    }
    // A piece lacking a case (fewer than 1 in 10,000 of 20 characters) would leave its key.
    expect(kept).toBeLessThanOrEqual(1);
  });
});
