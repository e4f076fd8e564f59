/**
 * English classes an attacker's pass found kept, fresh values every run (REDACT_SEED=<seed>
 * replays one): passphrases and passwords of ordinary words after their label
 * (test/support/en-passphrases.ts), and API credentials inside pasted HTTP requests: query
 * strings, curl headers, bodies, logs (test/support/en-requests.ts). Nothing of a secret
 * survives; the prose after the same labels and the public values of the same requests stay
 * exactly as written.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { passphraseCase, passphraseLookalike } from "../../support/en-passphrases";
import { requestCase, requestLookalike } from "../../support/en-requests";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-words-requests seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const CASES = 400;

/** A URL-encoded value as it reads decoded ("%2F" is "/"); a value that is no encoding, as it is. */
const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const fold = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[\s:\-·.,'"`*|_]/g, "")
    .toLowerCase();
/** 12 characters of a value (all of it when shorter) that survived. */
function left(secrets: string[], out: string): string | null {
  const o = fold(out);
  for (const secret of secrets) {
    const s = fold(decoded(secret));
    const raw = fold(secret);
    const size = Math.min(12, s.length);
    for (let i = 0; i + size <= s.length; i++) if (o.includes(s.slice(i, i + size))) return s.slice(i, i + size);
    for (let i = 0; i + size <= raw.length; i++) if (o.includes(raw.slice(i, i + size))) return raw.slice(i, i + size);
  }
  return null;
}

function untouched(make: (r: ReturnType<typeof rng>) => { layout: string; text: string }): string[] {
  const r = rng(SEED + 1);
  const touched: string[] = [];
  for (let k = 0; k < CASES; k++) {
    const c = make(r);
    const out = redactSecrets(c.text);
    if (out.text !== c.text || out.kinds.length)
      touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
  }
  return touched;
}

describe(`passphrases and passwords of words (seed ${SEED})`, () => {
  it("no word of the passphrase or password survives, in any case", () => {
    const r = rng(SEED);
    const kept: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = passphraseCase(r);
      const out = redactSecrets(c.text).text;
      const words = new Set(out.toLowerCase().match(/[a-z]+/g) ?? []);
      const survivor = c.words.find((w) => words.has(w.toLowerCase()));
      if (survivor) kept.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)} (left: ${survivor})`);
    }
    expect(kept, kept.slice(0, 12).join("\n")).toEqual([]);
  });

  it("the prose after the same labels stays exactly as written", () => {
    const touched = untouched(passphraseLookalike);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});

describe(`API credentials in pasted requests (seed ${SEED})`, () => {
  it("no key, secret, signature, token or passphrase survives", () => {
    const r = rng(SEED);
    const kept: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = requestCase(r);
      const out = redactSecrets(c.text).text;
      const l = left(c.secrets, out);
      if (l) kept.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)} (left: ${l})`);
    }
    expect(kept, kept.slice(0, 12).join("\n")).toEqual([]);
  });

  it("public parameters, links and headers stay exactly as written", () => {
    const touched = untouched(requestLookalike);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });

  it("a hex key that starts like a segwit address ('bc1…', 'ltc1…') is a key, a real segwit address stays", () => {
    const r = rng(SEED + 3);
    const hexNoB1 = (n: number) => Array.from({ length: n }, () => r.pick([..."023456789acdef"])).join("");
    const bech = (n: number) =>
      Array.from({ length: n }, () => r.pick([..."023456789acdefghjklmnpqrstuvwxyz"])).join("");
    for (let k = 0; k < 50; k++) {
      const key = `${r.pick(["bc1", "ltc1", "tb1"])}${hexNoB1(21 + r.int(40))}`;
      const text = r.pick([`{"apiKey":"${key}","symbol":"BTCUSDT"}`, `?api_key=${key}&timestamp=1`, `API key: ${key}`]);
      expect(redactSecrets(text).text, text).not.toContain(key);
      const address = r.chance(0.5) ? `bc1q${bech(38)}` : `bc1p${bech(58)}`;
      expect(redactSecrets(`{"address":"${address}","apiKey":"${address}"}`).text).toContain(address);
    }
  });

  it("keeps the public parameters of a request whose secrets go", () => {
    const r = rng(SEED + 2);
    for (let k = 0; k < 50; k++) {
      const c = requestCase(r);
      const out = redactSecrets(c.text).text;
      for (const pub of c.text.match(/(?:symbol|orderId|timestamp|recvWindow)=\w+/g) ?? [])
        expect(out, JSON.stringify(c.text)).toContain(pub);
    }
  });
});
