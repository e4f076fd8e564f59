/**
 * Marks Relaydesk writes into a customer's text stay whole, and the secret next to them goes whole:
 * "message" is a BIP-39 word, so "[Forwarded message]\nlook <12 words>" (a Discord forward) became
 * "[Forwarded [redacted: seed phrase]" about one time in 16 (security/discord-forward.test.ts failed
 * on fresh phrases). Fresh phrases every run, before and after every fixed mark (and between two phrases),
 * with wordlist words touching the mark.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { FIXED_MARKS } from "../../../src/core/system-marks";
import { pick, randomPhrase } from "../../support/phrases";

/** Wordlist words a customer's text might put next to the mark ("look", "message", "about", "this"). */
const TOUCHING = ["look", "message", "about", "this", "here", "what", "", "see", "below"];
const JOINS = ["\n", " ", "\n\n", ": ", " - "];

describe("Relaydesk's own marks beside a seed phrase", () => {
  it("keep every character, and no four words of the phrase survive", () => {
    const misses: string[] = [];
    for (let i = 0; i < 600; i++) {
      const mark = pick(FIXED_MARKS);
      const phrase = randomPhrase({ lang: "en", words: pick([12, 24] as const) });
      const words = `${pick(TOUCHING)} ${phrase.text} ${pick(TOUCHING)}`.trim();
      const layouts = [
        `${mark}${pick(JOINS)}${words}`,
        `${words}${pick(JOINS)}${mark}`,
        `${words}${pick(JOINS)}${mark}${pick(JOINS)}${randomPhrase({ lang: "en" }).text}`,
      ];
      const text = pick(layouts);
      const out = redactSecrets(text).text;
      const runs = phrase.words.slice(0, -3).map((_, k) => phrase.words.slice(k, k + 4).join(" "));
      if (!out.includes(mark) || runs.some((r) => out.includes(r)) || !out.includes("[redacted: seed phrase]"))
        misses.push(`${JSON.stringify(text)}\n  => ${JSON.stringify(out)}`);
    }
    expect(misses.slice(0, 5).join("\n"), `${misses.length} of 600`).toBe("");
  });
});
