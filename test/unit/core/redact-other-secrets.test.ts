/**
 * Keys, API secrets, passwords, TOTP setup keys and 2FA codes in the layouts an exchange's
 * customer pastes them, fresh values every run (REDACT_SEED=<seed> replays one): nothing of the
 * secret survives, alone or as a ticket's subject and body; TxIDs, links and ids stay as written.
 */
import { describe, expect, it } from "vitest";
import { redactParts, redactSecrets } from "../../../src/core/redact";
import {
  API_FORMS,
  KEY_FORMS,
  otherCases,
  otherLookalikes,
  PASSWORD_FORMS,
  TOTP_FORMS,
} from "../../support/other-secrets";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-other-secrets seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const ROUNDS = 25;

/** 12 characters of the secret (all of it when shorter), case and separators folded away. */
function left(secret: string, out: string): string | null {
  const fold = (s: string) =>
    s
      .normalize("NFKC")
      .replace(/[\s:\-·.,'"`]/g, "")
      .toLowerCase();
  const o = fold(out);
  const s = fold(secret);
  const size = Math.min(12, s.length);
  for (let i = 0; i + size <= s.length; i++) if (o.includes(s.slice(i, i + size))) return s.slice(i, i + size);
  return null;
}

function misses(group: string, forms: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const c of otherCases(rng(SEED + round)).filter((c) => c.layout.startsWith(`${group}:`))) {
      const alone = redactSecrets(c.text);
      const asBody = redactParts(["Help with my account", c.text]).parts.join("\n");
      for (const [how, text] of [
        ["message", alone.text],
        ["subject+body", asBody],
      ] as const) {
        const l = left(c.secret, text);
        if (l) out.push(`[${c.layout}, ${how}] ${JSON.stringify(c.text)} -> ${JSON.stringify(text)} (left: ${l})`);
      }
    }
  expect(Object.keys(forms).length).toBeGreaterThan(5);
  return out;
}

describe(`secrets other than seed phrases (seed ${SEED})`, () => {
  it("private keys after any label, in bullets, code, JSON and Chinese sentences", () => {
    const m = misses("key", KEY_FORMS);
    expect(m, m.slice(0, 12).join("\n")).toEqual([]);
  });

  it("exchange API keys, secrets and passphrases", () => {
    const m = misses("api", API_FORMS);
    expect(m, m.slice(0, 12).join("\n")).toEqual([]);
  });

  it("passwords of any characters after their labels", () => {
    const m = misses("password", PASSWORD_FORMS);
    expect(m, m.slice(0, 12).join("\n")).toEqual([]);
  });

  it("TOTP setup keys, otpauth links and 2FA codes", () => {
    const m = misses("totp", TOTP_FORMS);
    expect(m, m.slice(0, 12).join("\n")).toEqual([]);
  });

  it("TxIDs, explorer links, addresses and ids stay exactly as written", () => {
    const touched: string[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const c of otherLookalikes(rng(SEED + round))) {
        const out = redactSecrets(c.text);
        if (out.text !== c.text || out.kinds.length)
          touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
      }
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
