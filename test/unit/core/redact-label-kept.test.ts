/**
 * A label's last word that reads as a misspelt wordlist word ("words" for "word") stays the customer's:
 * "my recovery words: <12 words>" became "my recovery [redacted: seed phrase]", and a search for "recovery
 * words" no longer found the ticket (e2e/telegram.test.ts). Fresh phrases every run.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { pick, randomPhrase } from "../../support/phrases";

describe("a label before an English phrase", () => {
  it("keeps its words and takes the whole phrase", () => {
    for (let i = 0; i < 200; i++) {
      const phrase = randomPhrase({ lang: "en", words: pick([12, 24] as const) });
      const label = pick(["my recovery words:", "recovery words:", "my seed words -", "backup words:", "the words:"]);
      const text =
        `${pick(["The support agent asked me for", "Here are", ""])} ${label} ${phrase.words.join(" ")}`.trim();
      const out = redactSecrets(text);
      expect(out.text, text).toBe(`${text.slice(0, text.indexOf(label) + label.length)} [redacted: seed phrase]`);
    }
  });
});
