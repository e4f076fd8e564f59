/**
 * The layouts the last gaps came from (test/support/layout-gaps.ts), random secrets fresh every run
 * (REDACT_SEED=<seed> replays one): a label underlined as a heading with its value under the rule, a
 * phrase sent a word a message with the time after each word, a secret among a form body's or a query
 * string's parameters (only its value goes), an English phrase glued into a Chinese sentence whose
 * own Latin letters touch its ends; and their look-alikes, which stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import {
  camelGluedLookalike,
  formBodyCase,
  gluedEnglishCase,
  gluedEnglishLookalike,
  layoutGapLookalike,
  stampedWordsCase,
  underlinedCase,
} from "../../support/layout-gaps";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { leaks, rng, type SecretCase } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-layout-gaps seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`layouts of the last gaps (seed ${SEED})`, () => {
  it("redacts a value or a phrase under an underlined label (Password\\n-----\\nX)", () => {
    const m = missedCases(underlinedCase, SEED, 500);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a phrase whose words each have their time after them", () => {
    const m = missedCases(stampedWordsCase, SEED + 1, 400);
    // 708 of 1,000 missed on main. Still missed, rarely: a few phrases with a date before each time
    // ("produce 19/05 12:32 PM\n\nstuff 10/05 …") or 晚上/上午 before it, measured over 30 seeds of 400:
    // 2 of 12,000 (1 in a run at most); 0 failed about 1 run in 15 (REDACT_SEED=2824511206, 1004416985).
    expect(m.length, m.slice(0, 10).join("\n")).toBeLessThanOrEqual(2);
  });

  it("redacts only the secret's value in a form body or a query string", () => {
    const r = rng(SEED + 2);
    const bad: string[] = [];
    for (let i = 0; i < 500; i++) {
      const c = formBodyCase(r);
      const out = redactSecrets(c.text).text;
      const leak = leaks(c, out);
      const lost = c.keep.filter((p) => !out.includes(p));
      if (leak || lost.length) bad.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`);
    }
    expect(bad, bad.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a password that holds '&name=' within its first characters (PASSWORD=!&Ckr_RNnu=D-Q1)", () => {
    const r = rng(SEED + 6);
    const sym = "!#$%*+-.:;?@^_~";
    const first = "!#$%+-?@^";
    const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    const draw = (set: string, n: number) => Array.from({ length: n }, () => r.pick([...set])).join("");
    const bad: string[] = [];
    for (let i = 0; i < 300; i++) {
      // (A value opening with ".", ":", ";" or markup ("*:", "_") is read as the separator's: a gap of its own, not this one.)
      const pw = `${draw(first + alnum, 1)}${draw(first + alnum, r.int(3))}&${draw(alnum, 1)}${draw(`${alnum}_`, 2 + r.int(6))}=${draw(sym + alnum, 3 + r.int(6))}`;
      const c: SecretCase = {
        layout: "password with &name=",
        kind: "password",
        text: `${r.pick(["PASSWORD=", "password=", "pwd=", "my password is ", "Password: "])}${pw}`,
        fragments: [pw],
      };
      const out = redactSecrets(c.text).text;
      if (leaks(c, out) || out.includes(pw.slice(pw.indexOf("&"))))
        bad.push(`${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`);
    }
    expect(bad, bad.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a password holding '&name=' later on an env line or with characters a form encodes (OKX_PASSPHRASE=9jCJ&Kpp=JLo^>X3)", () => {
    // REDACT_SEED=99503233 (redact-other-secrets): four characters or more before "&Kpp=" read as a form's value.
    const r = rng(SEED + 7);
    const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    const draw = (set: string, n: number) => Array.from({ length: n }, () => r.pick([...set])).join("");
    const bad: string[] = [];
    for (let i = 0; i < 300; i++) {
      const env = r.chance(0.5);
      // On an env line any characters; elsewhere one a form or a link would have encoded after the "=".
      const tail = env
        ? draw(`${alnum}!#$%*+-.:;?@^_~`, 3 + r.int(6))
        : `${draw(alnum, r.int(3))}${r.pick([..."^<>{}|`"])}${draw(alnum, 2 + r.int(4))}`;
      const pw = `${draw(alnum, 4 + r.int(6))}&${draw(alnum, 1)}${draw(`${alnum}_`, 1 + r.int(5))}=${tail}`;
      const label = env
        ? r.pick(["OKX_PASSPHRASE=", "MYSQL_PWD=", "export DB_PASSWORD=", "PASSWORD=", "\nAPI_PASSPHRASE="])
        : r.pick(["password=", "passphrase=", "Password: ", "my password is "]);
      const c: SecretCase = {
        layout: `password with a later &name= (${env ? "env" : "unencoded"})`,
        kind: "password",
        text: `${label}${pw}`,
        fragments: [pw],
      };
      const out = redactSecrets(c.text).text;
      if (leaks(c, out) || out.includes(pw.slice(pw.indexOf("&"))))
        bad.push(`${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`);
    }
    expect(bad, bad.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts an English phrase glued into Chinese with the sentence's Latin letters on its ends", () => {
    const m = missedCases(gluedEnglishCase, SEED + 4, 1000);
    // Where the text marks nothing (no change of case, a space or the text's start beyond the sentence's
    // letters: "Launchpadbonus drill …") the edge word stays glued and the phrase is two words short.
    // Measured over 5,000 (REDACT_SEED=1, 2): 537 missed on main (10.7%), 27-33 now (0.6%); a run of
    // 1,000 expects 6.
    expect(m.length, m.slice(0, 10).join("\n")).toBeLessThanOrEqual(20);
  });

  it("reads no phrase in English prose glued into Chinese the same way", () => {
    const r = rng(SEED + 5);
    const touched: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const text = gluedEnglishLookalike(r);
      const out = redactSecrets(text);
      // Only a phrase read off the English is in question here: prose about a password glued to letters
      // ("… my password is wrongApp奖…") reads as that password, as it does unglued; and the Chinese prose's own
      // characters cut mid-sentence ("持证件照一直被拒，说太模糊") are now and then a checksum-valid window, as
      // redact-zh-glued measures (about 1 in 20,000 here).
      const latin = (t: string) => t.replace(/\[redacted: [^\]]*\]/g, "").replace(/[^A-Za-z]/g, "");
      if (out.kinds.includes("seed_phrase") && latin(out.text) !== latin(text))
        touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });

  it("reads no phrase in an English sentence glued to a wallet's CamelCase name (MetaMaskThe order book …)", () => {
    // REDACT_SEED=1402871062 above: "注册MetaMaskThe order book depth endpoint returns stale data…要助记词" lost its
    // English. "The" cut from the name read as a misspelt word, and the name's run went on into the sentence.
    const r = rng(SEED + 6);
    const touched: string[] = [];
    for (let i = 0; i < 500; i++) {
      const text = camelGluedLookalike(r);
      const out = redactSecrets(text);
      const latin = (t: string) => t.replace(/\[redacted: [^\]]*\]/g, "").replace(/[^A-Za-z]/g, "");
      // (A password label's sentence before the name, "设置资金密码SafePal …", reads as that password: not this.)
      if (out.kinds.includes("seed_phrase") && latin(out.text) !== latin(text))
        touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves headings over prose, chats of sentences with times and public query strings as written", () => {
    const touched = touchedCases(layoutGapLookalike, SEED + 3, 600);
    // Older readings still touch a few chats: a sentence's characters near 助记词 read as an unspaced
    // phrase, a Chinese password label's line read with the English word under it. Measured over 3,000
    // (REDACT_SEED=42 of this generator): 18 on main, 8 now; a run of 600 expects 2.
    expect(touched.length, touched.slice(0, 10).join("\n")).toBeLessThanOrEqual(6);
  });
});
