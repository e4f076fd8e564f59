/**
 * Passwords that open with what a separator or markup reader may take for its own (test/support/openings.ts),
 * random values fresh every run (REDACT_SEED=<seed> replays one): `pwd=;Uojaqe=g$~` and
 * `Password: *:&tqcfnB=x9` lose all of the value and keep the label; `password: **Kx93hd!qZ**`,
 * `密码：「Kx93hd!qZ」` and `password = "…"` lose the value between the wrapper's halves. The redacted text must
 * be one of the expected ones, so a character of the password left beside the marker fails as a leak does.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { type ExactCase, openingCase, wrappedCase } from "../../support/openings";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-openings seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

function wrong(make: () => ExactCase, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = make();
    const got = redactSecrets(c.text).text;
    if (!c.expected.includes(got)) out.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(got)}`);
  }
  return out;
}

describe(`passwords opening with a separator's or markup's characters (seed ${SEED})`, () => {
  it("redacts all of a password that opens with '.', ':', ';' or markup right after the label", () => {
    const r = rng(SEED);
    const bad = wrong(() => openingCase(r), 600);
    expect(bad, bad.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a wrapped password and nothing but the wrapper's halves may stay around the marker", () => {
    const r = rng(SEED + 1);
    const bad = wrong(() => wrappedCase(r), 600);
    expect(bad, bad.slice(0, 10).join("\n")).toEqual([]);
  });
});
