/**
 * An attacker's layouts, fresh every run (REDACT_SEED=<seed> replays one): phrases, keys and
 * labelled secrets as copied out of notes, tables, emails, config files and chats, disguised
 * with look-alike letters, other scripts' numbering, emoji and invisible characters, broken or
 * spread over a subject and body or several messages. Each goes through the entry points the
 * pipeline uses (redactSecrets, redactParts, redactThread); nothing of a secret may survive,
 * and the look-alikes in the same layouts stay exactly as written.
 */
import { describe, expect, it } from "vitest";
import { redactParts, redactSecrets } from "../../../src/core/redact";
import { redactFiles } from "../../../src/core/redact-files";
import { type EarlierMessage, redactThread } from "../../../src/core/redact-thread";
import { attackCases, splitCase } from "../../support/attack-cases";
import { comboKey, comboLabelled, comboPhrase } from "../../support/attack-combos";
import { attackLookalikes } from "../../support/attack-lookalikes";
import { type Rng, rng, type SecretCase } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = 6;
console.log(`redact-attack seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

/** The test's own folding (not the engine's): compatibility forms, accents, invisibles, a few look-alikes, case. */
const LOOK_ALIKES: Record<string, string> = {
  а: "a",
  с: "c",
  е: "e",
  о: "o",
  р: "p",
  х: "x",
  у: "y",
  і: "i",
  к: "k",
  м: "m",
  н: "h",
  т: "t",
  α: "a",
  ε: "e",
  ι: "i",
  κ: "k",
  ο: "o",
  ρ: "p",
  υ: "u",
  χ: "x",
  ν: "v",
};
const fold = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\p{M}\p{Default_Ignorable_Code_Point}]/gu, "")
    .toLowerCase()
    .replace(/[^ -~\s]/g, (c) => LOOK_ALIKES[c] ?? c);

/** Four phrase words in a row (at most 16 characters apart), or 16 characters of a value, in `out`. */
function leak(c: Pick<SecretCase, "kind" | "fragments">, out: string): string | null {
  const text = fold(out);
  if (c.kind === "seed_phrase") {
    const f = c.fragments.map(fold);
    for (let i = 0; i + 4 <= f.length; i++) {
      for (let at = text.indexOf(f[i] as string); at >= 0; at = text.indexOf(f[i] as string, at + 1)) {
        let pos = at + (f[i] as string).length;
        let k = 1;
        for (; k < 4; k++) {
          const next = text.indexOf(f[i + k] as string, pos);
          if (next < 0 || next - pos > 16) break;
          pos = next + (f[i + k] as string).length;
        }
        if (k === 4) return f.slice(i, i + 4).join(" ");
      }
    }
    return null;
  }
  const strip = (s: string) => s.replace(/[\s:\-·.,'"`>\u3000]/g, "");
  const flat = strip(text);
  const secret = strip(fold(c.fragments.join("")));
  const size = Math.min(16, secret.length);
  for (let i = 0; i + size <= secret.length; i++)
    if (flat.includes(secret.slice(i, i + size))) return secret.slice(i, i + size);
  return null;
}

const T0 = Date.parse("2026-01-01T10:00:00.000Z");
const earlier = (texts: string[]): EarlierMessage[] =>
  texts.map((t, i) => ({
    id: `m${i}`,
    tail: t,
    length: [...t].length,
    createdAt: new Date(T0 + i * 30_000).toISOString(),
  }));

// Thousands of cases: seconds on 2 shared cores, more under load (no timing is asserted).
describe(`attack layouts (seed ${SEED})`, { timeout: 60_000 }, () => {
  it("every layout is redacted with nothing of the secret left", () => {
    const misses: string[] = [];
    let n = 0;
    for (let round = 0; round < ROUNDS; round++)
      for (const c of attackCases(SEED + round)) {
        n++;
        const out = redactSecrets(c.text);
        const left = out.kinds.length ? leak(c, out.text) : "everything (nothing found)";
        if (left) misses.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${left})`);
      }
    expect(n).toBeGreaterThan(1000);
    expect(misses, misses.join("\n")).toEqual([]);
  });

  it("random combinations of disguise, numbering, separator, damage, label and frame are redacted", () => {
    const r = rng(SEED ^ 0xc0b0);
    const makers = [comboPhrase, comboPhrase, comboPhrase, comboKey, comboLabelled];
    const misses: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const c = (r.pick(makers) as (r: Rng) => SecretCase)(r);
      const out = redactSecrets(c.text);
      const left = out.kinds.length ? leak(c, out.text) : "everything (nothing found)";
      if (left) misses.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${left})`);
    }
    expect(misses, misses.join("\n")).toEqual([]);
  });

  it("a phrase spread over a subject and body, or over messages, is redacted in every piece", () => {
    const r = rng(SEED ^ 0x5eed);
    const misses: string[] = [];
    for (let i = 0; i < 300; i++) {
      const c = splitCase(r);
      const asParts = c.parts.length === 2 ? redactParts(c.parts).parts : null;
      const thread = redactThread({ earlier: earlier(c.parts.slice(0, -1)), ticket: null }, c.parts.at(-1) as string);
      const stored = c.parts.slice(0, -1).map((p, k) => thread.earlier.find((e) => e.id === `m${k}`)?.newTail ?? p);
      stored.push(thread.text);
      for (const [how, texts] of [
        ["thread", stored],
        ["subject+body", asParts],
      ] as const) {
        if (!texts) continue;
        const left = leak({ kind: "seed_phrase", fragments: c.fragments }, texts.join("\n"));
        if (left)
          misses.push(`[${how} ${c.layout}] ${JSON.stringify(c.parts)} -> ${JSON.stringify(texts)} (left: ${left})`);
      }
    }
    expect(misses, misses.join("\n")).toEqual([]);
  });

  it("a text file holding any layout is not kept, whatever its encoding or name", () => {
    const r = rng(SEED ^ 0xf11e);
    const kept: string[] = [];
    const cases = attackCases(SEED).filter(() => r.chance(0.25));
    for (const c of cases) {
      const utf16 = r.chance(0.3);
      const bytes = utf16
        ? Uint8Array.from([0xff, 0xfe, ...new Uint8Array(Uint16Array.from(c.text, (ch) => ch.charCodeAt(0)).buffer)])
        : new TextEncoder().encode(c.text);
      const name = r.pick(["notes.txt", "wallet.json", "backup", "IMG_2231.dat", ".env"]);
      const type = r.pick(["text/plain", "application/octet-stream", "application/json"]);
      const out = redactFiles([{ filename: name, contentType: type, data: bytes }]).files[0];
      const text = new TextDecoder().decode(out?.data as Uint8Array);
      if (!text.includes("[redacted:"))
        kept.push(`[${c.layout}] ${name} ${type} utf16=${utf16}: ${JSON.stringify(c.text)}`);
    }
    expect(cases.length).toBeGreaterThan(20);
    expect(kept, kept.join("\n")).toEqual([]);
  });

  it("look-alikes in the same layouts stay exactly as written", () => {
    const touched: string[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const c of attackLookalikes(SEED + round)) {
        const out = redactSecrets(c.text);
        if (out.text !== c.text || out.kinds.length)
          touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
      }
    expect(touched, touched.join("\n")).toEqual([]);
  });
});
