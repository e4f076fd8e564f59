import { generateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { describe, expect, it } from "vitest";
import {
  containsSecret,
  redactionMarker,
  redactParts,
  redactSecrets,
  redactSpans,
  type SecretKind,
} from "../../../src/core/redact";
import lookalikes from "../../fixtures/corpus/lookalikes.json";
import secrets from "../../fixtures/corpus/secrets.json";

interface SecretCase {
  id: string;
  lang: string;
  kinds: SecretKind[];
  text: string;
  secrets: string[];
}

const SECRET_CASES = secrets as SecretCase[];

describe("redactSecrets: the corpus", () => {
  it("has at least 100 secret-bearing and 100 look-alike messages, zh and en", () => {
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(100);
    expect(lookalikes.length).toBeGreaterThanOrEqual(100);
    expect(SECRET_CASES.filter((c) => c.lang === "zh").length).toBeGreaterThanOrEqual(25);
  });

  it.each(SECRET_CASES.map((c) => [c.id, c] as const))("%s: every secret is replaced by its marker", (_id, c) => {
    const out = redactSecrets(c.text);
    expect(out.kinds).toEqual(c.kinds);
    for (const kind of c.kinds) expect(out.text).toContain(redactionMarker(kind));
    // Seed words are common words: check the phrase is gone, not each word.
    if (c.kinds.includes("seed_phrase")) {
      const run = c.secrets.filter((s) => !s.includes("!"));
      const leftover = run.filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, "iu").test(out.text));
      expect(leftover.length, out.text).toBeLessThan(4);
    } else {
      for (const s of c.secrets) expect(out.text).not.toContain(s);
    }
  });

  it.each(lookalikes.map((c) => [c.id, c.note, c] as const))("%s (%s): left untouched", (_id, _note, c) => {
    const out = redactSecrets(c.text);
    expect(out.kinds).toEqual([]);
    expect(out.text).toBe(c.text);
  });
});

describe("redactSecrets: specifics", () => {
  const PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow";

  it("keeps the words around a phrase and replaces the phrase once", () => {
    // (A wordlist word right after a phrase, "help", goes with it when the window shifted onto it passes too.)
    const out = redactSecrets(`hi, ${PHRASE}. thx!`);
    expect(out.text).toBe("hi, [redacted: seed phrase]. thx!");
    expect(containsSecret(PHRASE)).toBe(true);
  });

  it("redacts a phrase that fails its checksum (a changed word, reversed) but not a few wordlist words", () => {
    const words = generateMnemonic(english).split(" ");
    const changed = [...words.slice(0, 11), words[11] === "zoo" ? "zone" : "zoo"].join(" ");
    expect(redactSecrets(changed).text).toBe(redactionMarker("seed_phrase"));
    expect(redactSecrets([...words].reverse().join(" ")).text).toBe(redactionMarker("seed_phrase"));
    // ...and with a seed label, fewer words are enough.
    expect(redactSecrets(`seed phrase: ${words.slice(0, 8).join(" ")}`).kinds).toEqual(["seed_phrase"]);
    const prose = "please help, my account balance still shows zero after the deposit";
    expect(redactSecrets(prose).text).toBe(prose);
  });

  it("a broken phrase that begins or ends with a filler that is a wordlist word (then, next) loses it too", () => {
    for (const filler of ["then", "next"]) {
      for (const at of [0, 11]) {
        const words = generateMnemonic(english).split(" ");
        words[at] = filler;
        expect(redactSecrets(words.join(" ")).text, words.join(" ")).toBe(redactionMarker("seed_phrase"));
      }
    }
  });

  it("a window shifted onto wordlist words before a phrase never leaves the phrase's last words, nor takes the text between", () => {
    for (let i = 0; i < 400; i++) {
      const words = generateMnemonic(english, i % 4 ? 128 : 256).split(" ");
      const before = Array.from({ length: 1 + (i % 2) }, (_, k) => english[(i * 7 + k * 13) % 2048]).join(" ");
      const text = `${before} rdx${1000 + i}\n${words.join(i % 3 ? " " : "\n")} qx${i}`;
      const out = redactSecrets(text).text;
      expect(out, text).toContain(`rdx${1000 + i}`);
      expect(out, text).toContain(`qx${i}`);
      const left: string[] =
        out
          .replace(/\[redacted: [^\]]+\]/g, " ")
          .toLowerCase()
          .match(/[a-z]+/g) ?? [];
      const stray = new Set(before.split(" "));
      expect(
        words.filter((w) => left.includes(w) && !stray.has(w)),
        text,
      ).toEqual([]);
    }
  });

  it("finds a phrase inside a longer run of wordlist words", () => {
    const out = redactSecrets(`about above ${PHRASE} access actor`);
    expect(out.text).toBe("about above [redacted: seed phrase] access actor");
  });

  it("a 64-hex string is a key only when the text around it says so", () => {
    const hex = `${"a".repeat(63)}b`;
    expect(redactSecrets(`txid ${hex}`).kinds).toEqual([]);
    expect(redactSecrets(`private key ${hex}`).text).toBe("private key [redacted: private key]");
    expect(redactSecrets(`私钥${hex}`).text).toBe("私钥[redacted: private key]");
    // "key" far before, a tx word in between: a TxID.
    expect(redactSecrets(`my key question: the tx hash is ${hex}`).kinds).toEqual([]);
    expect(redactSecrets(`private key lost, but here is the txid ${hex}`).kinds).toEqual([]);
    expect(redactSecrets(`私钥没有泄露，交易哈希 ${hex}`).kinds).toEqual([]);
  });

  it("labelled passwords: a value after a colon, a secret-looking word after 'is'", () => {
    expect(redactSecrets("password: hunter22").text).toBe("password: [redacted: password]");
    expect(redactSecrets("my password is wrong").kinds).toEqual([]);
    expect(redactSecrets("my password is hunter22.").text).toBe("my password is [redacted: password].");
    expect(redactSecrets("密码是abc12345，谢谢").text).toBe("密码是[redacted: password]，谢谢");
    expect(redactSecrets("密码是错的").kinds).toEqual([]);
  });

  it("2FA codes need a label and six to eight digits", () => {
    expect(redactSecrets("2FA: 123456").text).toBe("2FA: [redacted: 2FA code]");
    expect(redactSecrets("UID 123456").kinds).toEqual([]);
    expect(redactSecrets("谷歌验证码 12345").kinds).toEqual([]);
  });

  it("reports several kinds in a stable order", () => {
    const out = redactSecrets(`password: Abc12345\n${PHRASE}`);
    expect(out.kinds).toEqual(["seed_phrase", "password"]);
  });

  it("empty and plain text come back as they are", () => {
    expect(redactSecrets("")).toEqual({ text: "", kinds: [] });
    expect(redactSecrets("hello")).toEqual({ text: "hello", kinds: [] });
  });
});

describe("redactParts: a secret split over texts written as one", () => {
  const phrase = generateMnemonic(english).split(" ");

  it("redacts each part's share of a phrase split over two parts, and leaves other text", () => {
    const first = `Xq zzq: ${phrase.slice(0, 6).join(" ")}`;
    const second = `${phrase.slice(6).join(" ")} qqx`;
    const out = redactParts([first, second]);
    expect(out.kinds).toEqual(["seed_phrase"]);
    expect(out.parts[0]).toBe(`Xq zzq: ${redactionMarker("seed_phrase")}`);
    expect(out.parts[1]).toBe(`${redactionMarker("seed_phrase")} qqx`);
    // Each part's share, as offsets into that part: they give the same text again, and merge with other readings.
    expect(out.spans.map((s, i) => redactSpans([first, second][i] as string, s).text)).toEqual(out.parts);
    const whole = { start: 0, end: second.length, kind: "password" as const };
    expect(redactSpans(second, [...(out.spans[1] ?? []), whole])).toEqual({
      text: redactionMarker("seed_phrase"),
      kinds: ["seed_phrase"],
    });
  });

  it("returns the parts unchanged when they hold no secret", () => {
    const parts = ["my deposit is late", "order 12345"];
    expect(redactParts(parts)).toEqual({ parts, kinds: [], spans: [[], []] });
  });
});
