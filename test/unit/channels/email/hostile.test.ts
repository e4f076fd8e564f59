/**
 * Customer input on the email path costs what its size costs: each hostile shape (150 KB of `<!--`,
 * `<a `, unclosed tags, `1,000,…`, digit and whitespace runs) is timed against a benign input of the
 * same size, measured in the same test, and must stay within a small ratio of it (no absolute times).
 */
import { describe, expect, it } from "vitest";
import { baseSubject } from "../../../../channels/email/address";
import { htmlToText } from "../../../../channels/email/html";
import { messageTextOf } from "../../../../channels/email/message";
import { parsedFromFields, parseRawEmail } from "../../../../channels/email/mime";
import { splitList } from "../../../../channels/email/providers/shared";
import { stripQuotedText } from "../../../../channels/email/quotes";
import { extractEntities } from "../../../../src/core/entities";
import { detectTextIntent } from "../../../../src/core/intents";

const SIZE = 150_000;
const MAX_RATIO = 5;
/** A flat string, as a parser hands it over (a concatenated one would be flattened again on every call). */
const flat = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));
const fill = (unit: string, size = SIZE) => flat(unit.repeat(Math.ceil(size / unit.length)).slice(0, size));

/** Milliseconds of `reps` calls of `fn(input)`. */
function once(fn: (s: string) => unknown, input: string, reps: number): number {
  const start = performance.now();
  for (let i = 0; i < reps; i++) fn(input);
  return performance.now() - start;
}

/**
 * The hostile input's time over the benign one's: the function on the benign input, but never less than
 * one plain pass over it (a function that stops early on benign input must still be linear on hostile
 * input). Runs of the three alternate and each is its fastest of seven, so a burst of load from other
 * processes on the shared cores lands on both sides or on neither; a quadratic pass over 150 KB is
 * hundreds of times slower, far beyond any noise.
 */
function ratioOf(fn: (s: string) => unknown, hostile: string, benign: string, reps: number): number {
  let h = Infinity;
  let b = Infinity;
  let plain = Infinity;
  for (let r = 0; r < 7; r++) {
    h = Math.min(h, once(fn, hostile, reps));
    b = Math.min(b, once(fn, benign, reps));
    plain = Math.min(
      plain,
      once((s) => s.toUpperCase(), benign, reps),
    );
  }
  return h / Math.max(b, plain);
}

/** How many calls on the benign input take at least ~20 ms (so the ratio is not noise). */
function repsFor(fn: (s: string) => unknown, benign: string): number {
  let reps = 1;
  while (reps < 4096) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) {
      fn(benign);
      benign.toUpperCase();
    }
    if (performance.now() - start >= 20) break;
    reps *= 2;
  }
  return reps;
}

const BENIGN_HTML = fill(
  '<p>Hello team, my <b>deposit</b> of 100 USDT has not arrived. <a href="https://x.test/a">link</a></p>\n',
);
const BENIGN_TEXT = fill("My withdrawal of 1,250.50 USDT is still pending since yesterday, order id A1234567.\n");

const HOSTILE_HTML = {
  "150 KB of <!--": fill("<!--"),
  "150 KB of <a ": fill("<a "),
  "<a href> never closed": fill('<a href="https://x.test/">x'),
  "150 KB of <": fill("<"),
  "<img without >": fill("<img alt='x' "),
  "<style> never closed": fill("<style>p{}"),
  "nested blockquotes": fill("<blockquote>x"),
  "nested tags": fill("<div><span><b><i>"),
  "&aaaa…": flat(`&${fill("a")}`),
  "<br> runs": fill("<br/>"),
};

const HOSTILE_TEXT = {
  "1,000,000,… then no asset": flat(`1${fill(",000")}`),
  "1,1,1,…": fill("1,"),
  "a long digit run": fill("7"),
  "order id then whitespace": flat(`order id${fill(" ")}x`),
  "UID then whitespace": flat(`UID${fill(" ")}x`),
  "status then whitespace": flat(`status${fill(" ")}x`),
  "whitespace and tabs": fill(" \t"),
  "> quote runs": fill(">"),
  "On … without wrote": fill("On Monday "),
  dashes: fill("-"),
  underscores: fill("_"),
  "re: re: re: …": fill("re: "),
  "re then whitespace": flat(`re${fill(" ")}x`),
  "no @ in an address list": fill("a"),
};

describe("HTML to text is linear", () => {
  const reps = repsFor(htmlToText, BENIGN_HTML);
  it.each(Object.entries(HOSTILE_HTML))("%s", (_, hostile) => {
    expect(hostile.length).toBe(BENIGN_HTML.length + (hostile.startsWith("&") ? 1 : 0));
    expect(ratioOf(htmlToText, hostile, BENIGN_HTML, reps)).toBeLessThan(MAX_RATIO);
  });
});

describe("text patterns on customer input are linear", () => {
  const steps: Record<string, (s: string) => unknown> = {
    quotes: stripQuotedText,
    entities: extractEntities,
    intent: detectTextIntent,
    subject: baseSubject,
    addresses: splitList,
  };
  for (const [name, fn] of Object.entries(steps)) {
    const reps = repsFor(fn, BENIGN_TEXT);
    it.each(Object.entries(HOSTILE_TEXT))(`${name}: %s`, (_, hostile) => {
      expect(ratioOf(fn, hostile, BENIGN_TEXT, reps)).toBeLessThan(MAX_RATIO);
    });
  }
});

describe("a whole email body (HTML-only and parsed fields) is bounded", () => {
  const mail = (html: string) =>
    new TextEncoder().encode(
      `From: a@b.test\r\nTo: s@x.test\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`,
    );
  it.each(Object.entries(HOSTILE_HTML))("raw MIME, %s", async (_, hostile) => {
    const time = async (html: string) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++)
        messageTextOf(await parseRawEmail(mail(html)), {
          skipped: [],
          hasAttachments: false,
          autoReply: false,
          unverified: false,
        });
      return performance.now() - start;
    };
    await time(BENIGN_HTML);
    // Alternating, each its fastest of four (see ratioOf).
    let h = Infinity;
    let benign = Infinity;
    for (let r = 0; r < 4; r++) {
      h = Math.min(h, await time(hostile));
      benign = Math.min(benign, await time(BENIGN_HTML));
    }
    expect(h / benign).toBeLessThan(MAX_RATIO);
  });

  it("the message text is capped; the rest is named", () => {
    const parsed = parsedFromFields({
      headers: [],
      from: "a@b.test",
      recipients: [],
      subject: "",
      text: fill("word ", 400_000),
      html: "",
      attachments: [],
    });
    const text = messageTextOf(parsed, { skipped: [], hasAttachments: false, autoReply: false, unverified: false });
    expect(text.length).toBeLessThan(33_000);
    expect(text).toMatch(/\[Truncated: \d+ more characters are in the original email\]$/);
  });
});
