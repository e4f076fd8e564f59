/**
 * A PIN or a password after the everyday words "pin" and "pass" with no colon and no word before them that
 * says whose ("pin 483920", "Hi, PIN 4839 thanks", "pass Xy9!kq2Lm", "你好，pin 483920"), fresh values every run.
 * Look-alikes: the same words in prose, where what follows is a count, a word or a version ("pin 2 messages",
 * "pass the KYC", "pass it on", "pass 3 levels", "pass level2 tests", "请帮我 pin 一下这条消息").
 */

import type { Rng, SecretCase } from "./secret-generator";
import { password } from "./secret-values";

const OPENERS_EN = ["", "", "Hi, ", "Hello! ", "URGENT ", "ok ", "Sorry, ", "card locked. ", "bob@example.com "];
const OPENERS_ZH = ["你好，", "您好 ", "帮我看下 ", "卡被锁了，", "登录不了 "];
const LABELS = { pin: ["pin", "PIN", "Pin"], pass: ["pass", "Pass", "PASS"] };
const AFTER = ["", "", " thanks", " please help", ", can you check?", ".", "\nBob", "，谢谢", " 登不上"];

/** A PIN is 4 to 6 digits. */
const pinDigits = (r: Rng) => String(r.int(10 ** 6)).padStart(4 + r.int(3), String(r.int(10)));

/**
 * A password as generated, but one a word or identifier with a number could not be ("pass level2 tests",
 * "pass v8::Object"): a symbol, or five runs of lower case, capitals and digits. Others (`9eygegmto`,
 * `Abcdefgh2`) are a known gap after a bare "pass" (docs/security.md).
 */
function shapedPassword(r: Rng): string {
  for (;;) {
    const p = password(r);
    if (/[!@#$%^&*_+=?~]/.test(p) || (p.match(/[a-z]+|[A-Z]+|\d+/g) ?? []).length >= 5) return p;
  }
}

export function pinPassCase(r: Rng): SecretCase {
  const which = r.chance(0.5) ? "pin" : "pass";
  // After "pin": a PIN's digits or a password; after "pass": a password (digits alone are a count).
  const value = which === "pin" && r.chance(0.7) ? pinDigits(r) : shapedPassword(r);
  const zh = r.chance(0.3);
  const opener = r.pick(zh ? OPENERS_ZH : OPENERS_EN);
  return {
    layout: `${which} with no colon${zh ? " (zh)" : ""}`,
    kind: "password",
    text: `${opener}${r.pick(LABELS[which])} ${value}${r.pick(AFTER)}`,
    fragments: [value],
  };
}

const PROSE_EN = [
  "pin 2 messages in the channel",
  "can you pin 3 posts for me",
  "please pin 1 message on top",
  "pass the KYC on the second try",
  "pass it on to the team",
  "I could not pass 3 levels of verification",
  "does it pass level2 tests",
  "pass 100% of the checks",
  "pass v2.1.3 checks",
  "pass v8::Object to the module",
  "pass iPhone15 to support",
  "pass getItem to it",
  "pass 0x1a2b3c4d5e to the contract",
  "pin 10 of them",
  "pass KYC2024 review",
  "pass 2FA setup",
  "pass the 30-day waiting period",
  "pin this message",
  "pass 24h review",
  "pin 12 tickets",
];
const PROSE_ZH = ["请帮我 pin 一下这条消息", "群里 pin 2 条公告", "KYC 没 pass 2 次了", "能 pass 一下吗"];

export function pinPassLookalike(r: Rng): { layout: string; text: string } {
  const zh = r.chance(0.25);
  const body = r.pick(zh ? PROSE_ZH : PROSE_EN);
  // Not after an email address: "bob@example.com pass X" is a login and its password.
  const opener = r.pick(zh ? OPENERS_ZH : OPENERS_EN.filter((o) => !o.includes("@")));
  return { layout: `pin/pass prose${zh ? " (zh)" : ""}`, text: `${opener}${body}${r.pick(AFTER)}` };
}
