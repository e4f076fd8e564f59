/**
 * A phrase split over two or three messages whose last piece is long enough to be redacted on its own,
 * as ingest stores it: each message redacted alone first, then with the sender's messages before it
 * (redactThread). Redacted alone, the last piece may keep a word or two before its marker
 * (`unlock [redacted: seed phrase]`) or after it, start with a label or go on with the earlier piece's
 * numbering: its phrase still continues the earlier pieces (words apart, or Chinese characters together
 * after a label naming them), which must go with it. Look-alikes: real
 * support prose (the triage sets, the Chinese support prose) followed by a message holding a whole
 * phrase keeps its text. Fresh every run (REDACT_SEED=<seed> replays one).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { redactParts } from "../../../src/core/redact";
import { type EarlierMessage, redactThread } from "../../../src/core/redact-thread";
import { wordsIn } from "../../support/phrases";
import { type Lang, mnemonic, type Rng, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-thread-continued seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const T0 = Date.parse("2026-01-01T10:00:00.000Z");
const MARKER = /\[redacted: [^\]\n]+\]/g;
const EARLIER_LABELS = ["", "", "my seed phrase: ", "seed:\n", "recovery phrase is ", "words: ", "助记词："];
const LATER_LABELS = ["", "", "", "rest: ", "part 2:\n", "continued - ", "接上："];
/** The words the labels write, which no phrase draws (a label's "phrase" left in a row is no leak). */
const FRAME = wordsIn([...EARLIER_LABELS, ...LATER_LABELS].join(" "));

/**
 * What ingest stores for a conversation: each message redacted alone, then with the ones before it (as it
 * arrived, with where those secrets were). `mayPrecede`: how many stored just before each may have been sent after it.
 */
function ingest(messages: string[], mayPrecede = 0): string[] {
  const stored: EarlierMessage[] = [];
  for (const [i, text] of messages.entries()) {
    const alone = redactParts([text]);
    const original = { text, spans: alone.spans[0] ?? [] };
    const context = { earlier: stored, ticket: null };
    const out = redactThread(context, alone.parts[0] as string, Math.min(mayPrecede, i), original);
    for (const c of out.earlier) {
      const m = stored.find((s) => s.id === c.id) as EarlierMessage;
      m.tail = c.newTail;
      m.length = [...c.newTail].length;
    }
    stored.push({
      id: `m${i}`,
      tail: out.text,
      length: [...out.text].length,
      createdAt: new Date(T0 + i).toISOString(),
    });
  }
  return stored.map((m) => m.tail);
}

/** The phrase's words still readable in the stored messages (markers aside). */
function left(words: readonly string[], stored: readonly string[]): string[] {
  const seen = wordsIn(stored.map((s) => s.replace(MARKER, " ")).join("\n"));
  return words.filter((w) => seen.has(w.toLowerCase()));
}

function phraseOf(r: Rng, lang: Lang, length: 12 | 15 | 18 | 21 | 24): string[] {
  for (;;) {
    const words = mnemonic(r, lang, length);
    if (!words.some((w) => FRAME.has(w.toLowerCase()))) return words;
  }
}

/** The pieces' words written one way: spaces, lines, commas, or numbered on (1. … in the first piece, 7. … in the next). */
function writePieces(r: Rng, pieces: string[][]): string[] {
  const style = r.pick(["space", "newline", "comma", "numbered", "numbered-lines"] as const);
  let n = 0;
  return pieces.map((p) => {
    if (style === "space") return p.join(" ");
    if (style === "newline") return p.join("\n");
    if (style === "comma") return p.join(", ");
    return p.map((w) => `${++n}. ${w}`).join(style === "numbered" ? " " : "\n");
  });
}

describe(`a phrase whose last piece is redacted on its own (seed ${SEED})`, () => {
  it("takes the earlier pieces with it: two or three messages, labels, leftover words, numbering", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let k = 0; k < 400; k++) {
      const lang = r.pick(["en", "en", "en", "zh-Hans", "zh-Hant"] as const);
      const length = r.pick([15, 18, 18, 18, 21, 24] as const);
      const words = phraseOf(r, lang, length);
      // The last piece keeps at least 12 words (a phrase on its own); the others hold 3 to 6 in all.
      const first = 3 + r.int(Math.min(4, length - 14));
      const cuts = r.chance(0.3) && first >= 4 ? [1 + r.int(first - 2) + 1, first] : [first];
      const pieces = [0, ...cuts].map((from, i) => words.slice(from, cuts[i] ?? length));
      // Chinese characters may also be written together, after a label that names them ("助记词：毒贫羽缩陕").
      const glued = lang !== "en" && r.chance(0.2);
      const texts = glued ? pieces.map((p) => p.join("")) : writePieces(r, pieces);
      texts[0] = `${glued ? "助记词：" : r.pick(EARLIER_LABELS)}${texts[0]}`;
      texts[texts.length - 1] = `${r.pick(LATER_LABELS)}${texts[texts.length - 1]}`;
      const stored = ingest(texts);
      const kept = left(words, stored);
      if (kept.length) missed.push(`${JSON.stringify(texts)} -> ${JSON.stringify(stored)} (kept ${kept.join(" ")})`);
    }
    expect(missed, missed.slice(0, 6).join("\n")).toEqual([]);
  });

  it("takes Chinese characters written together before the marker when an earlier piece follows a phrase label", () => {
    // REDACT_SEED=3 found it: the last 12 of the 16 characters passed the checksum alone, leaving 绍练蒋皇 glued to the
    // marker, and the 5 after 助记词： stayed with them.
    const stored = ingest(["助记词：钉纵程父耐", "绍练蒋皇期伦针肌迷每鞋乱危信析颜"]);
    expect(stored).toEqual(["助记词：[redacted: seed phrase]", "[redacted: seed phrase]"]);
    // After a short label of their own too (REDACT_SEED=2698213336).
    expect(ingest(["助记词：博检票设抽", "part 2:\n局案偷替篇能踏王容彪志乎彻慰经栏"])).toEqual([
      "助记词：[redacted: seed phrase]",
      "part 2:\n[redacted: seed phrase]",
    ]);
  });
});

const LABEL_LIKE = new Set(["word", "secret", "key", "code", "pass", "private", "seed", "phrase", "recovery"]);

describe(`a lone word sent next to the rest of the phrase, which is redacted on its own (seed ${SEED})`, () => {
  it("goes with it, stored before or after the rest, the two messages also in the other order (concurrent deliveries)", () => {
    const r = rng(SEED ^ 0x1e57);
    const missed: string[] = [];
    for (let k = 0; k < 300; k++) {
      const lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const);
      let words = phraseOf(r, lang, 12);
      // A piece whose first or last word labels it ("word, tornado, …", "… skirt word") is read alone as labelled,
      // that word left beside the marker: a gap of its own (docs/security.md), not drawn here. The 11 words' edges
      // are the phrase's first two and last two (REDACT_SEED=4242: "word\ncrystal …" stored before "business").
      const edges = [0, 1, 10, 11];
      while (edges.some((k) => LABEL_LIKE.has(words[k] as string))) words = phraseOf(r, lang, 12);
      // 1 word first or last: the other 11 are a (broken) phrase on their own, redacted alone to a bare marker.
      const cut = r.pick([1, 11]);
      const pieces = writePieces(r, [words.slice(0, cut), words.slice(cut)]);
      // Sent in order, or delivered at once and the later one stored first.
      const swapped = r.chance(0.5);
      const texts = [`Hi #${1000 + r.int(9000)}`, ...(swapped ? [...pieces].reverse() : pieces)];
      const stored = ingest(texts, swapped ? 1 : 0);
      const kept = left(words, stored);
      if (kept.length || !stored[0]?.startsWith("Hi #"))
        missed.push(`${JSON.stringify(texts)} -> ${JSON.stringify(stored)} (kept ${kept.join(" ")})`);
    }
    expect(missed, missed.slice(0, 6).join("\n")).toEqual([]);
  });

  it("a message of wordlist words sent before a whole phrase (checksum passing) is no piece of it", () => {
    const r = rng(SEED ^ 0x600d);
    const changed: string[] = [];
    for (let k = 0; k < 200; k++) {
      const lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const);
      const greeting = r.pick(["Hello", "Good morning", "Sorry", "Wait", "Please help", "help", "again"]);
      const [whole] = writePieces(r, [phraseOf(r, lang, r.pick([12, 15, 18, 24] as const))]);
      const stored = ingest([greeting, `${r.pick(["", "", "seed phrase\n", "my words: "])}${whole}`], r.int(2));
      if (stored[0] !== greeting) changed.push(`${greeting} -> ${stored[0]} (then ${JSON.stringify(whole)})`);
    }
    expect(changed, changed.slice(0, 6).join("\n")).toEqual([]);
  });
});

/** Lines of real support prose: the triage sets' texts (English) and the Chinese support prose. */
function proseLines(): string[] {
  const dir = new URL("../../fixtures/corpus/", import.meta.url);
  const lines: string[] = [];
  for (const f of ["triage-labelled.txt", "triage-tuning.txt", "triage-heldout.txt", "triage-heldout-realistic.txt"])
    for (const line of readFileSync(new URL(f, dir), "utf8").split("\n")) {
      const text = line.split(" | ")[2]?.trim();
      if (text && !line.startsWith("#") && !text.includes("{")) lines.push(text);
    }
  for (const line of readFileSync(new URL("zh-support-prose.txt", dir), "utf8").split("\n"))
    if (line.trim() && !line.startsWith("#")) lines.push(line.trim());
  return lines;
}

describe(`prose next to a whole phrase (seed ${SEED})`, () => {
  it("keeps the prose: its last words are no piece of the phrase that follows, its first none of the one before", () => {
    const r = rng(SEED ^ 0x5eed);
    const prose = proseLines();
    const changed: string[] = [];
    const afterChanged: string[] = [];
    let cases = 0;
    for (const line of prose) {
      const lang = /\p{Script=Han}/u.test(line) ? r.pick(["zh-Hans", "zh-Hant"] as const) : "en";
      const words = mnemonic(r, lang, r.pick([12, 12, 15, 18, 24] as const));
      const [later] = writePieces(r, [words]);
      const label = r.pick(["", "", "my seed phrase: ", "seed phrase\n", "here are my words - ", "助记词："]);
      const stored = ingest([line, `${label}${later}`]);
      cases++;
      const after = ingest([`${label}${later}`, line]);
      if (after[1] !== line) afterChanged.push(`${JSON.stringify(after[0])} then ${line} -> ${after[1]}`);
      if (stored[0] !== line)
        changed.push(
          `${line} -> ${stored[0]} (then ${JSON.stringify(`${label}${later}`)} -> ${JSON.stringify(stored[1])})`,
        );
    }
    console.log(
      `prose kept: before a phrase ${cases - changed.length}/${cases}, after one ${cases - afterChanged.length}/${cases}`,
    );
    expect(cases).toBeGreaterThan(1000);
    // The words before a phrase are never taken as a piece of it unless they are written as one. Left (in both
    // directions, and on main too): Chinese prose of 12 or more unspaced characters next to a phrase labelled in
    // its message ("用户数据流一小时后就不推送成交了" + "助记词：…") is read as a phrase over both by detection
    // itself (redactParts, not the absorbing of pieces): 2 lines of the ~1,100.
    expect(changed.length, changed.slice(0, 6).join("\n")).toBeLessThanOrEqual(2);
    // After a phrase, a message of one or two wordlist words ("Hello", "Good morning") reads exactly like the
    // phrase's last words sent on their own, and goes with it (2 lines), as do the 2 lines above.
    expect(afterChanged.length, afterChanged.slice(0, 8).join("\n")).toBeLessThanOrEqual(4);
  });
});
