/**
 * A label's letters inside a hex id: "5489656f-71ee-4012-2119-2fa72d79a73b" read "2fa" as a 2FA label
 * and "4012-2119" before it as the code (redact-en-gaps, REDACT_SEED=10387754). A label glued to more
 * letters or digits is part of the id, unless what follows is a code on its own ("2FA123456").
 * Fresh ids every run; REDACT_SEED=<seed> replays one.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-hex-labels seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`hex ids holding a label's letters (seed ${SEED})`, () => {
  const r = rng(SEED);
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[r.int(16)]).join("");
  const digits = (n: number) => Array.from({ length: n }, () => String(r.int(10))).join("");

  it("leave UUIDs, TxIDs and hashes whole when '2fa' sits inside them", () => {
    const touched: string[] = [];
    for (let i = 0; i < 400; i++) {
      // "2fa" starts a group (then hex, or digits only), after groups of digits that read like a code.
      const rest = (n: number) => (r.chance(0.3) ? digits(n) : hex(n));
      const id = r.pick([
        `${hex(8)}-${hex(4)}-${digits(4)}-${digits(4)}-2fa${rest(9)}`,
        `${hex(8)}-${hex(4)}-${digits(4)}-2fa${rest(1)}-${hex(12)}`,
        `${digits(6)}-2fa${hex(61)}`,
        `0x${digits(8)}2fa${hex(54)}`,
      ]);
      const text = r.pick([
        `> ${id}\n> ORD${digits(12)}`,
        `request ${id}`,
        `${id}`,
        `TxID: ${id} still not credited`,
        `订单 ${id} 还没到账`,
      ]);
      const out = redactSecrets(text);
      if (out.text !== text) touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched.slice(0, 10), `${touched.length} of 400`).toEqual([]);
  });

  it("still reads a 2FA label glued to its code or written before or after it", () => {
    for (let i = 0; i < 100; i++) {
      const code = digits(6);
      const text = r.pick([
        `2FA${code}`,
        `otp${code} thanks`,
        `${code} is my 2fa`,
        `my 2fa: ${code}`,
        `${code} - that's my OTP`,
      ]);
      const out = redactSecrets(text);
      expect(out.kinds, text).toContain("2fa_code");
      expect(out.text, text).not.toContain(code);
    }
  });
});
