/**
 * A password's label where a customer's sentence puts it, fresh values every run: the label with no colon
 * starting a sentence or following a greeting's colon or dash ("Good morning. password X", "URGENT: pwd X",
 * "Hey team - pw X"), shorthand labels ("pswd:", "psw", "p/w:"), what it was set to ("my password was
 * changed to X", "password has been reset to X"), "my password's X", "I use X as my password", "密码改成了X", and a password
 * spelt out a character at a time ("password: D j X H r 8 * J"). Look-alikes: prose after the same labels in the same
 * places (states, versions, dates, counts, "changed to something else") and steps whose next item is a word with
 * its list's mark ("reset my password\nSecond) wait …").
 */

import type { Rng, SecretCase } from "./secret-generator";
import { password } from "./secret-values";

const OPENERS = [
  "Good morning. ",
  "Hello! ",
  "Thanks for the quick reply. ",
  "URGENT: ",
  "Re: ",
  "Hey team - ",
  "Hi all — ",
  "Is this safe? ",
  "Sorry to bother you again. ",
  "Account bob@example.com locked. ",
];
const LABELS = ["password", "Password", "PASSWORD", "pw", "PW", "pwd", "passwd", "passwrd", "pasword", "pswd", "psw"];
const SHORTHAND = ["pswd", "psw", "p/w", "P/W", "Pswd", "psswd"];
const AFTER = ["", "", " thanks", " - can you check?", ". It stopped working today.", "\nregards, Bob"];
const SET = [
  "my password was changed to",
  "password has been reset to",
  "My password was just changed to",
  "the password got changed to",
  "password is now set to",
  "Password was updated to",
  "my password has been changed back to",
];

export function sentenceLabelCase(r: Rng): SecretCase {
  const p = password(r);
  const tail = r.pick(AFTER);
  switch (r.int(6)) {
    case 5:
      return {
        layout: "value as my password",
        kind: "password",
        text: `${r.pick(["", ...OPENERS])}I ${r.pick(["use", "used", "set", "chose"])} ${p} as ${r.pick(["my password", "the password", "my login password", "password"])}${r.pick(["", ".", ", is it weak?", " and now I'm locked out"])}`,
        fragments: [p],
      };
    case 3:
      return {
        layout: "contraction",
        kind: "password",
        text: `${r.pick(["", ...OPENERS])}my ${r.pick(["password", "pw", "login password"])}${r.pick(["'s", "’s"])} ${p}${tail}`,
        fragments: [p],
      };
    case 4: {
      // Spelt out a character at a time, as some write a password to hide it.
      const sep = r.pick([" ", "  ", "\t"]);
      return {
        layout: "spelt out",
        kind: "password",
        text: `${r.pick(["", ...OPENERS])}${r.pick(["password", "Password", "pwd", "my password is"])}${r.pick([": ", " = ", " "])}${[...p].join(sep)}${tail}`,
        fragments: [p],
      };
    }
    case 0: {
      const opener = r.pick(OPENERS);
      return {
        layout: "label starting a sentence",
        kind: "password",
        text: `${opener}${r.pick(LABELS)} ${p}${tail}`,
        fragments: [p],
      };
    }
    case 1: {
      const sep = r.pick([": ", ":", " ", " = ", " - "]);
      return {
        layout: "shorthand label",
        kind: "password",
        text: `${r.pick(["", ...OPENERS])}${r.pick(SHORTHAND)}${sep}${p}${tail}`,
        fragments: [p],
      };
    }
    default:
      if (r.chance(0.4)) {
        const zh = `${r.pick(["", "我把", "昨天"])}${r.pick(["密码", "登录密码", "资金密码", "交易密码"])}${r.pick(["改成了", "改成", "换成了", "设成了", "已经改成"])}${r.pick(["", " "])}`;
        return {
          layout: "set to (zh)",
          kind: "password",
          text: `${zh}${p}${r.pick(["", "，现在登不上", " 了"])}`,
          fragments: [p],
        };
      }
      return {
        layout: "set to",
        kind: "password",
        text: `${r.pick(["", ...OPENERS])}${r.pick(SET)} ${p}${tail}`,
        fragments: [p],
      };
  }
}

const PROSE_AFTER = [
  "reset didn't work",
  "reset-link expired",
  "2FA enabled",
  "manager says it is saved",
  "change took 24h",
  "v2 form is broken",
  "field is empty",
  "8 characters minimum?",
  "rules: 12+ characters",
  "hint shows 2024-05-06",
  "expired on 12/05/2026",
  "for order 88231904 doesn't work",
];
const PROSE_SPELT = [
  "I use 1Password as my password manager",
  "I use KeePassXC2 as my password app",
  "I set Bitwarden as the password manager",
  "my password's fine",
  "my password's been reset",
  "password: a b c",
  "Password's ok now",
];
const PROSE_SET = [
  "密码修改成功了",
  "密码改成了新的，还是登不上",
  "我把密码改成功以后就冻结了",
  "my password was changed to something I don't know",
  "password has been reset to default",
  "the password was changed to a temporary one",
  "my password was changed to 12 characters",
  "password is now set to expire every 90 days",
  "Password was updated to the new policy",
  "my password was changed to 2FA-only login",
  "password is now set to 90-day expiry",
];

/** Steps whose item after "my password" is a word with its list's mark ("reset my password\nSecond) wait …"). */
const STEP_MARKS = ["Second)", "Second.", "Next:", "Then.", "THIRD)"];

export function sentenceLabelLookalike(r: Rng): { layout: string; text: string } {
  if (r.chance(0.15))
    return {
      layout: "steps",
      text: `First) reset my password\n${r.pick(STEP_MARKS)} ${r.pick(["wait for the email", "log in again", "it failed"])}`,
    };
  if (r.chance(0.15))
    return { layout: "contraction prose", text: `${r.pick(["", ...OPENERS])}${r.pick(PROSE_SPELT)}${r.pick(AFTER)}` };
  if (r.chance(0.3))
    return { layout: "set to prose", text: `${r.pick(["", ...OPENERS])}${r.pick(PROSE_SET)}${r.pick(AFTER)}` };
  const label = r.pick(["password", "Password", "pw", "pwd", "pswd", "p/w"]);
  return { layout: "prose after a label", text: `${r.pick(OPENERS)}${label} ${r.pick(PROSE_AFTER)}${r.pick(AFTER)}` };
}
