/**
 * The layouts of the redaction issue, one by one, with random phrases and keys: what the
 * customer pastes is replaced, the rest of the message stays as written, look-alikes stay, and
 * hostile 64 KB messages take about as long as ordinary ones.
 */
import { generateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { describe, expect, it } from "vitest";
import { redactionMarker, redactSecrets, secretSpans } from "../../../src/core/redact";

const SEED = redactionMarker("seed_phrase");
const KEY = redactionMarker("private_key");
const words = () => generateMnemonic(english).split(" ");
const hex64 = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");

describe("seed phrases in every layout", () => {
  it("Chinese, unspaced, in the most natural sentence", () => {
    const zh = generateMnemonic(simplified).split(/\s+/u).join("");
    expect(redactSecrets(`我的助记词是${zh}，请帮我看看`).text).toBe(`我的助记词是${SEED}，请帮我看看`);
    expect(redactSecrets(`${zh}是我的助记词`).text).toBe(`${SEED}是我的助记词`);
    // Without a label, a run of characters is prose.
    const prose = "我的充值还没有到账请帮忙查一下是什么原因谢谢你们";
    expect(redactSecrets(prose).text).toBe(prose);
  });

  it.each([
    ["zero-width spaces", (w: string[]) => w.join("\u200b")],
    ["soft hyphens", (w: string[]) => w.join("\u00ad")],
    ["emoji", (w: string[]) => w.join(" 🔑 ")],
    ["plus", (w: string[]) => w.join("+")],
    ["arrows", (w: string[]) => w.join("->")],
    ["tilde", (w: string[]) => w.join("~")],
    [
      "full-width",
      (w: string[]) => w.join(" ").replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ],
    ["Cyrillic look-alikes", (w: string[]) => w.join(" ").replace(/a/g, "а").replace(/o/g, "о").replace(/e/g, "е")],
    ["circled numbers", (w: string[]) => w.map((x, i) => `${String.fromCodePoint(0x2460 + i)} ${x}`).join(" ")],
    ["word 1:", (w: string[]) => w.map((x, i) => `word ${i + 1}: ${x}`).join("\n")],
    ["一、", (w: string[]) => w.map((x, i) => `${"一二三四五六七八九十"[i] ?? `十${"一二"[i - 10]}`}、${x}`).join(" ")],
    ["第1个", (w: string[]) => w.map((x, i) => `第${i + 1}个：${x}`).join(" ")],
    ["'and' before the last", (w: string[]) => `${w.slice(0, -1).join(", ")} and ${w.at(-1)}`],
    ["11 of 12", (w: string[]) => w.slice(1).join(" ")],
    ["4-letter prefixes", (w: string[]) => w.map((x) => x.slice(0, 4)).join(" ")],
    ["CamelCase", (w: string[]) => w.map((x) => x[0]?.toUpperCase() + x.slice(1)).join("")],
    [
      "invisible characters inside words",
      (w: string[]) => w.map((x) => `${x.slice(0, 2)}\u2060${x.slice(2)}`).join(" "),
    ],
  ])("%s: replaced, the sentence around it kept", (_name, layout) => {
    const text = layout(words());
    // ("thx": a wordlist word right after a phrase, like "thank", may go with it.)
    const out = redactSecrets(`Hi support, here it is: ${text}\nthx`);
    // The first word's numbering ("① ", "word 1: ") may stay; nothing else does.
    const [before, after] = out.text.split(SEED);
    expect(after, out.text).toBe("\nthx");
    expect(before, out.text).toMatch(/^Hi support, here it is: (?:[^\p{L}]*|word 1: |第1个：|一、)$/u);
  });

  it("spans are offsets into the original text, invisible characters inside included", () => {
    const w = words();
    const text = `Hi! ${w.join("\u200b\u00ad ")}\u200b :)`;
    const [span] = secretSpans(text);
    expect(text.slice(0, span?.start)).toBe("Hi! ");
    expect(text.slice(span?.end)).toBe("\u200b :)");
  });
});

describe("keys and labelled secrets", () => {
  it.each([
    (k: string) => [`0x${k} <- my private key`, `${KEY} <- my private key`],
    (k: string) => [`${k}是我的私钥`, `${KEY}是我的私钥`],
    (k: string) => [`PRIVATE_KEY=0x${k}`, `PRIVATE_KEY=${KEY}`],
    (k: string) => [`privateKey: ${k}`, `privateKey: ${KEY}`],
    (k: string) => [`${k.match(/.{8}/g)?.join(" ")}`, KEY],
    (k: string) => [`0x${k.slice(0, 32)}\n${k.slice(32)}`, KEY],
    (k: string) => [`key: ${k.match(/.{2}/g)?.join(":")}`, `key: ${KEY}`],
  ])("hex key %#", (form) => {
    const [text, expected] = form(hex64());
    expect(redactSecrets(text as string).text).toBe(expected);
  });

  it.each([
    ['{"password":"Tr0ub4dor&3"}', `{"password":"${redactionMarker("password")}"}`],
    ["my password Tr0ub4dor&3", `my password ${redactionMarker("password")}`],
    ["my password is Tr0ub4dor&3", `my password is ${redactionMarker("password")}`],
    ["密码 Tr0ub4dor3", `密码 ${redactionMarker("password")}`],
    ["密码：abc12345", `密码：${redactionMarker("password")}`],
    ["2FA code: 123 456", `2FA code: ${redactionMarker("2fa_code")}`],
    ["谷歌验证码 123 456", `谷歌验证码 ${redactionMarker("2fa_code")}`],
    ['{"apiSecret":"q8Zr2LmN5vXc7TbP1sKd"}', `{"apiSecret":"${redactionMarker("api_secret")}"}`],
    ["api_secret=q8Zr2LmN5vXc7TbP1sKd", `api_secret=${redactionMarker("api_secret")}`],
    ["Tr0ub4dor&3 is my password", `${redactionMarker("password")} is my password`],
  ])("%s", (text, expected) => {
    expect(redactSecrets(text).text).toBe(expected);
  });

  it.each([
    "my password is wrong",
    "password reset",
    "I forgot my password",
    "Password: forgotten, please reset it",
    `TxID: ${hex64()}`,
    `the key thing: txid ${hex64()}`,
    "key: 0x56f86904b70cD538fBA673fB36e2ea8CFF63A01B",
    "Order 202311011234567, UID 28193456, amount 1,250.00 USDT on 2025-03-04 12:30:45",
    "2FA code not working, 验证码收不到",
  ])("look-alike stays: %s", (text) => {
    expect(redactSecrets(text)).toEqual({ text, kinds: [] });
  });
});

describe("hostile input", () => {
  const KB64 = 64 * 1024;
  const fill = (unit: string) => unit.repeat(Math.ceil(KB64 / unit.length)).slice(0, KB64);
  // The fastest of three calls: other tests share the cores, and the minimum is what the code costs.
  const timeOf = (text: string) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      redactSecrets(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };

  it("64 KB of pathological text takes about as long as 64 KB of prose", () => {
    const ordinary = fill(
      "My withdrawal of 250 USDT is stuck since yesterday, please help. 你好，我的提现还没到账，请帮忙查一下。\n",
    );
    const base = Math.max(timeOf(ordinary), 5);
    const hostile = [
      fill("a "),
      Array.from({ length: 10_000 }, (_, i) => english[(i * 7919) % 2048])
        .join(" ")
        .slice(0, KB64),
      fill("密码是"),
      fill("0123456789abcdef"),
      fill("abcd1234 "),
      fill('{"'),
      fill("\u200b"),
      fill("助记词的一是在不了有和人这中大"),
      fill("L1aW 4aub KwDi "),
      fill("password: "),
      // Every line a table's header and a row of the one before (tables.ts read each table per line: 27 s).
      fill("password|x\n"),
      fill("| Password | Key |\n"),
      fill("password,secret\n"),
      fill("a@b.co:Ab1xyzzz "),
      fill("key/secret: "),
      // A connector's dots run to the end before the word that must follow them (./asides read every start: 4.8 s).
      `a ${fill(".")}`,
      // The same short line, a sender's name or not, thousands of times (./chat-stamps).
      fill("Bob\nhello there\n"),
      fill("李四\n徑這朝\n"),
    ];
    for (const text of hostile) expect(timeOf(text), text.slice(0, 20)).toBeLessThan(base * 30);
  }, 60_000);
});
