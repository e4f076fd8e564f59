/** Redaction across a conversation (pure): pieces of a secret in earlier messages, subjects, edits and files. */
import { describe, expect, it } from "vitest";
import { redactionMarker } from "../../../src/core/redact";
import { redactFiles, removedFileNotice, textOfFile } from "../../../src/core/redact-files";
import { type EarlierMessage, keepContextRedactions, redactThread } from "../../../src/core/redact-thread";
import { subjectFromText } from "../../../src/core/ticket";
import { joinWords, randomHexKey, randomPhrase, splitWords } from "../../support/phrases";

const SEED = redactionMarker("seed_phrase");
const T0 = "2026-01-01T10:00:00.000Z";

function earlier(texts: string[]): EarlierMessage[] {
  return texts.map((t, i) => ({ id: `m${i}`, tail: t, length: [...t].length, createdAt: i === 0 ? T0 : `${T0}${i}` }));
}

describe("redactThread", () => {
  it("finds a phrase over earlier messages and the new one, and rewrites each earlier piece", () => {
    for (let n = 2; n <= 6; n++) {
      const phrase = randomPhrase();
      const pieces = splitWords(phrase.words, n).map((p) => joinWords(p));
      const ctx = { earlier: earlier(["hi 42", ...pieces.slice(0, -1)]), ticket: null };
      const out = redactThread(ctx, pieces[pieces.length - 1] as string);
      expect(out.kinds).toEqual(["seed_phrase"]);
      expect(out.text).toBe(SEED);
      expect(out.earlier.map((c) => c.id)).toEqual(pieces.slice(0, -1).map((_, i) => `m${i + 1}`));
      for (const c of out.earlier) expect(c.newTail).toBe(SEED);
    }
  });

  it("leaves unrelated messages alone and does nothing without a secret", () => {
    const ctx = { earlier: earlier(["my deposit", "is missing"]), ticket: null };
    expect(redactThread(ctx, "since yesterday")).toEqual({
      text: "since yesterday",
      kinds: [],
      earlier: [],
      subject: null,
    });
  });

  it("a subject made from the opening message follows it; an explicit subject is the first piece", () => {
    const phrase = randomPhrase({ lang: "en" });
    const [a, b] = splitWords(phrase.words, 2).map((p) => p.join(" ")) as [string, string];
    const derived = redactThread(
      { earlier: earlier([a]), ticket: { id: "t1", subject: subjectFromText(a), createdAt: T0 } },
      b,
    );
    expect(derived.subject).toMatchObject({ ticketId: "t1", to: SEED, openingMessageId: "m0" });
    const [s, d, r] = splitWords(phrase.words, 3).map((p) => p.join(" ")) as [string, string, string];
    const explicit = redactThread(
      { earlier: earlier([d]), ticket: { id: "t1", subject: `Qx: ${s}`, createdAt: T0 } },
      r,
    );
    expect(explicit.subject?.to).toBe(`Qx: ${SEED}`);
    expect(explicit.earlier[0]?.newTail).toBe(SEED);
  });

  it("markers already stored are left as they are, also after a label", () => {
    const stored = `password: ${redactionMarker("password")} and 密码是${redactionMarker("password")}`;
    expect(redactThread({ earlier: earlier([stored]), ticket: null }, "ok 1").earlier).toEqual([]);
    const phrase = randomPhrase();
    const [a, b] = splitWords(phrase.words, 2).map((p) => joinWords(p)) as [string, string];
    const out = redactThread({ earlier: earlier([`${stored}\n${a}`]), ticket: null }, b);
    expect(out.earlier[0]?.newTail).toBe(`${stored}\n${SEED}`);
  });

  it("a marker ends what a phrase after it may take, for any phrase cut anywhere (Chinese too)", () => {
    // One random phrase in 40 (Chinese, a first piece of one character) used to take the
    // characters before the marker with it: "密码是[redacted: password]\n很\n延 扩 …".
    const stored = `password: ${redactionMarker("password")} and 密码是${redactionMarker("password")}`;
    const wrong: string[] = [];
    for (let k = 0; k < 300; k++) {
      const phrase = randomPhrase({ lang: k % 3 === 0 ? "en" : "zh-hans" });
      const [a, b] = splitWords(phrase.words, 2).map((p) => joinWords(p)) as [string, string];
      const out = redactThread({ earlier: earlier([`${stored}\n${a}`]), ticket: null }, b);
      if (out.earlier[0]?.newTail !== `${stored}\n${SEED}`) wrong.push(`${a} | ${b} -> ${out.earlier[0]?.newTail}`);
    }
    expect(wrong, wrong.slice(0, 5).join("\n")).toEqual([]);
  });

  it("a message that raced an earlier one is tried before it", () => {
    const phrase = randomPhrase();
    const [a, b] = splitWords(phrase.words, 2).map((p) => joinWords(p)) as [string, string];
    const ctx = { earlier: earlier(["hi qx 7", b]), ticket: null };
    // (Read in arrival order the halves are swapped: detection also calls that a broken phrase.)
    const out = redactThread(ctx, a, 1);
    expect(out.text).toBe(SEED);
    expect(out.earlier.map((c) => c.id)).toEqual(["m1"]);
  });

  it("words sent after (or before) a phrase already redacted are redacted with it, up to 12", () => {
    const words = randomPhrase({ lang: "en", words: 24 }).words;
    const out = redactThread(
      { earlier: earlier([`ref 9 ${SEED}`, words[12] as string]), ticket: null },
      words[13] as string,
    );
    expect(out.text).toBe(SEED);
    expect(out.earlier.map((c) => c.newTail)).toEqual([SEED]);
    const before = redactThread({ earlier: earlier([words[0] as string, words[1] as string]), ticket: null }, SEED);
    expect(before.earlier.map((c) => c.newTail)).toEqual([SEED, SEED]);
    // Prose is no phrase piece: "my deposit is late" holds a word that is no wordlist word.
    expect(redactThread({ earlier: earlier([SEED]), ticket: null }, "deposit is late 9").kinds).toEqual([]);
  });
});

describe("redactThread: the last words of a phrase already redacted", () => {
  it("are redacted at the start of the next message, whatever follows on another line", () => {
    for (const tail of [1, 2]) {
      const phrase = randomPhrase({ lang: "en" });
      const rest = phrase.words.slice(12 - tail);
      // Eleven or more words read as a (broken) phrase: the first message is redacted on its own.
      const first = `${SEED}`;
      const out = redactThread({ earlier: earlier([first]), ticket: null }, `${rest.join(" ")}\n\nqz12345`);
      expect(out.text).toBe(`${SEED}\n\nqz12345`);
      const spoken = redactThread({ earlier: earlier([first]), ticket: null }, `${rest.join(", ")}, qx forgot`);
      expect(spoken.text.startsWith(SEED) || tail === 1, spoken.text).toBe(true);
    }
  });

  it("leave one word that starts the customer's next sentence", () => {
    expect(redactThread({ earlier: earlier([SEED]), ticket: null }, "deposit is late 9").kinds).toEqual([]);
  });
});

describe("keepContextRedactions", () => {
  it("keeps a marker where the edit differs from the stored body around it", () => {
    expect(keepContextRedactions(SEED, "abandon ability able (typo fixed)")).toBe(SEED);
    expect(keepContextRedactions(`hello ${SEED} bye`, "hello abandon ability bye")).toBe(`hello ${SEED} bye`);
    expect(keepContextRedactions(`hello ${SEED}`, "hello")).toBe("hello");
    expect(keepContextRedactions("no marker here", "anything")).toBe("anything");
    expect(keepContextRedactions(`a ${SEED} b`, `a ${SEED} b c`)).toBe(`a ${SEED} b c`);
  });
});

describe("redactFiles", () => {
  it("reads text files (declared, named or sniffed) and replaces those holding a secret by a notice", () => {
    const phrase = randomPhrase();
    const key = randomHexKey();
    const enc = new TextEncoder();
    const files = redactFiles([
      { filename: "notes.txt", contentType: "text/plain", data: enc.encode(`words:\n${phrase.text}`) },
      { filename: "a.bin", contentType: "application/octet-stream", data: enc.encode(`private key: ${key}`) },
      { filename: "pic.png", contentType: "image/png", data: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) },
      { filename: "ok.csv", contentType: "text/csv", data: enc.encode("a,b\n1,2\n") },
    ]);
    expect(files.kinds).toEqual(["seed_phrase", "private_key"]);
    const text = files.files.map((f) => new TextDecoder().decode(f.data));
    // The file is the notice alone: nothing of the phrase.
    expect(text[0]).toBe(removedFileNotice(["seed_phrase"]));
    expect(text[1]).toContain(redactionMarker("private_key"));
    expect(text[3]).toBe("a,b\n1,2\n");
    expect(files.files[2]?.data).toEqual(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
  });

  it("decodes UTF-16 with a byte order mark and GB18030 text files", () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[..."hi"].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(textOfFile({ filename: "x", contentType: "application/octet-stream", data: utf16 })).toBe("hi");
    const gbk = Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好
    expect(textOfFile({ filename: "n.txt", contentType: "text/plain", data: gbk })).toBe("你好");
  });

  it("a phrase across several file names is found without their extensions", () => {
    const phrase = randomPhrase({ lang: "en" });
    const [a, b] = splitWords(phrase.words, 2) as [string[], string[]];
    const png = Uint8Array.from([0x89, 0x50]);
    const out = redactFiles([
      { filename: `${a.join("_")}.png`, contentType: "image/png", data: png },
      { filename: `${b.join("-")}.jpg`, contentType: "image/jpeg", data: png },
    ]);
    expect(out.files.map((f) => f.filename)).toEqual([`${SEED}.png`, `${SEED}.jpg`]);
    const named = redactFiles([{ filename: "密码是Zz998877.txt", contentType: "text/plain", data: png }]);
    expect(named.files[0]?.filename).toBe(`密码是${redactionMarker("password")}.txt`);
  });
});
