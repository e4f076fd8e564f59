/**
 * Secrets the customer names: a label (password, 密码, 2FA code, 谷歌验证码, API secret, 私钥…)
 * and a value, in any of the ways people and programs write them: `password: X`, `PASSWORD=X`,
 * `{"password":"X"}`, `"apiSecret": "X"`, `my password X`, `my password is X`, `密码X`,
 * `密码是X`, `2FA code: 123 456`, and the value first: `X is my password`, `X 是我的密码`.
 * Prose keeps its words: "my password is wrong", "password reset", "I forgot my password".
 */

import { CHAT_HEADER, CHAT_PREFIX as STAMP_PREFIX } from "./chat-stamps";
import { accept, type Form, PROSE } from "./label-accept";
import { GLUED_AFTER, valueBefore } from "./label-before";
import { RULES, type Rule } from "./label-rules";
import { labelTails, skipFence, valueOpening } from "./label-tails";
import { brokenToken, readCode, readValue, spacedEnd, spacedPhraseEnd, speltOut } from "./label-values";
import type { SecretSpan } from "./spans";
import { bareStrictValue, wrappedStrictValue } from "./strict-values";
import { passwordShape } from "./value-shapes";

/** Arrows and pointing emoji between a label and its value ("password 👉 X", "密码➡️X"; NFKD drops the emoji's variation selector). */
export const POINTERS = "→|➡|➜|➔|➤|▶|👉|👇|⬇|🔑|🔐";
const ASIDE = /^[ \t]{0,2}\([^()\n]{1,16}\)(?=[ \t]{0,2}[:：])/;
/**
 * Markdown emphasis around a label or its value ("**Password:** X", "__2FA__: 123456"). A label in
 * brackets ("【资金密码】X", "「密码」：X") ends at its closing bracket.
 */
const EMPHASIS = String.raw`(?:\*{1,3}|__|~~)?`;
/**
 * What starts a line of a forwarded chat log, as a mail quote's "> " does: "[10:42] Bob: ",
 * "13/05/2024, 09:11 - Bob: " (WhatsApp's), or a line of its own "Bob, [06.12.2026 10:42]" (Telegram's
 * export) or "张三 2024-05-12 14:03:51" / "【张三】 14:03:22" (WeChat's and QQ's: ./chat-stamps) before the message.
 */
const CHAT_PREFIX = String.raw`(?:>[ \t]?){1,3}|${STAMP_PREFIX.source}[ \t]|[^\n,\[\]]{1,24},[ \t]\[[\d./-]{6,10}[ \t]\d{1,2}:\d{2}(?::\d{2})?\][ \t]*\r?\n|${CHAT_HEADER.source}\r?\n`;
const SEPARATOR = new RegExp(
  String.raw`${EMPHASIS}(?:[ \t]{0,2}([】〗』」]))?["'”’\`]?[ \t]{0,3}(?:(=>|->|${POINTERS}|[:：=|])|((?:is|was|are|shows?|says?|reads?|displays?|to)(?=[\s:："'“‘「\`*]|$)|(?<=['’])s(?=[ \t])|[-–—]{1,2}(?=[ \t])|[–—]{1,2})|(就是|是|为|為|如下))?${EMPHASIS}[ \t]{0,3}(?:[:：]|👉|👇){0,2}${EMPHASIS}\s{0,3}(?:(?<=\n)(?:${CHAT_PREFIX}))?`,
  "iy",
);
/** "password to X" names the value only after setting or changing it. */
const SET_BEFORE = /(?:set|change|changed|reset|update|updated|chose)\b[^.\n]{0,24}$/i;
/** A label that starts an item of a list ("api key abc, secret X, passphrase Y"), also after a bullet or emoji ("- pw X", "🔐 password X"). */
const LIST_ITEM = /(?:^|[,;，；\n])[ \t>]{0,4}(?:(?:[-*•·▪◦‣]|\p{Extended_Pictographic})[ \t]{0,2}){0,4}$/u;
const LABEL_LINE = /(?:^|\n)[^\n]{0,24}$/;
/**
 * A label that starts a sentence or what follows a greeting's colon or dash ("Good morning. password X",
 * "URGENT: pwd X", "Hey team - pw X"): its value must have a password's shape, letters and digits or a symbol
 * with them (./value-shapes passwordShape: "Thanks. Password reset-link …", "Hi. password 2FA …" are prose).
 */
const SENTENCE_START = /(?:[.!?。！？][)"'”’]?[ \t]{1,3}|[:：][ \t]{1,3}|[ \t][-–—]{1,2}[ \t]{1,2})$/;
/** Right after another named key's value on its line ("apikey K secret S passphrase P"): the next item of the list. */
const AFTER_NAMED_VALUE =
  /(?<![A-Za-z])(?:api[\s_-]*key|apikey|access[\s_-]*key|key|secret(?:[\s_-]*key)?|token)[ \t]{0,2}[:=：]?[ \t]{0,2}[\w+/=.-]{16,}[ \t]{1,3}$/i;
const POSSESSIVE = /(?:(?<![A-Za-z])(?:my|our|the|new|old|current|your)|我的|新|旧|舊)\s{0,2}$/i;
/**
 * Which password or key it is ("login pw X", "fund password X"), or the account right before it
 * (its email, "user bob pass X", "username: bob / password X").
 */
const QUALIFIED =
  /(?:(?<![A-Za-z])(?:login|account|fund|funds|trading|withdrawal|payment|wallet|exchange|email|app|api)|(?<![A-Za-z])(?:user(?:name)?|login|account|acct|id)[ \t]{0,2}[:=]?[ \t]{0,2}[^\s:=]{1,40}[ \t]{0,2}[,/|;]?|[\w.+-]+@[\w-]+\.[\w.-]+[ \t]{0,2}[,/|:]?)[ \t]{1,2}$/i;

export function labelledSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.label)) {
      // Glued to a "=" or ":" before it too, it is the first letters of another label's value ("passwd=pass*8SbPq").
      if (
        /[=:]/.test(text[m.index - 1] ?? "") &&
        GLUED_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2))
      )
        continue;
      // An aside after a label ("密码（我刚改的）：X", "Secret Key（密钥）：X") stands between it and its separator.
      const aside = ASIDE.exec(text.slice(m.index + m[0].length))?.[0].length ?? 0;
      const labelEnd = m.index + m[0].length + aside;
      SEPARATOR.lastIndex = labelEnd;
      const sep = SEPARATOR.exec(text);
      const opening = rule.kind === "password" ? valueOpening(text, m.index, labelEnd, sep) : 0;
      const at = skipFence(text, labelEnd + (sep?.[0].length ?? 0) - opening);
      // A table's bar or a tab between label and value is a separator, but a header row has one too
      // ("| Password | Email |"): the value must look like a secret, as after "is".
      const tabbed = sep?.[0].includes("\t") === true;
      const form: Form =
        sep?.[2] && sep[2] !== "|" ? "sep" : sep?.[2] || sep?.[3] || sep?.[4] || tabbed ? "is" : "bare";
      if (/^to$/i.test(sep?.[3] ?? "") && !SET_BEFORE.test(text.slice(Math.max(0, m.index - 32), m.index))) {
        valueBefore(text, m.index, rule, spans);
        continue;
      }
      const json = text[m.index - 1] === '"' || text[m.index - 1] === "'";
      // A URL's query parameter ("?apiSecret=X&a=1") ends at the next one.
      const query = text[m.index - 1] === "?" || text[m.index - 1] === "&";
      if (rule.kind === "2fa_code") {
        // Markup before the digits ("||123456||", "**123456**") is no part of the code.
        const from = at + (/^[|*~_]{1,3}/.exec(text.slice(at, at + 3))?.[0].length ?? 0);
        const start = /["'`“‘「【]/.test(text[from] ?? "") ? from + 1 : from;
        const code = readCode(text, start) ?? (rule.zh ? zhNumeralCode(text, start) : null);
        if (code) spans.push({ ...code, kind: rule.kind });
      } else {
        const read = readValue(text, at, json, query);
        const v =
          rule.kind === "api_secret" ? brokenToken(text, read) : rule.kind === "password" ? speltOut(text, read) : read;
        // A short line that is the label, the value alone on the next ("login password\nX"): the
        // line break separates them as ":" would. Not for "pass"/"pin", everyday words.
        const ownLine =
          !rule.strict &&
          form === "bare" &&
          sep?.[0].includes("\n") === true &&
          v !== null &&
          /^["'`”’」*_]{0,3}[ \t]*(?:[,.;!?。，；！？]|\r?\n|$)/.test(text.slice(v.end, v.end + 8)) &&
          // A word of letters with more of its line after it starts a sentence ("reset my password\nSecond. wait …", "…\nThird) tap …").
          !(/^[A-Za-z]+[).:]?$/.test(v.text) && /^[,.;:)!?]?[ \t]*[^\s]/.test(text.slice(v.end, v.end + 8))) &&
          LABEL_LINE.test(text.slice(Math.max(0, m.index - 25), m.index));
        // "Pass *Ynw3kf*": after "pass"/"pin", markup around a value may be the password's own characters.
        const whole =
          rule.strict === true && form === "bare" && v !== null ? wrappedStrictValue(text, at, m[0], v) : null;
        const bareOk =
          rule.zh ||
          rule.kind === "private_key" ||
          POSSESSIVE.test(text.slice(Math.max(0, m.index - 12), m.index)) ||
          QUALIFIED.test(text.slice(Math.max(0, m.index - 48), m.index)) ||
          (!rule.strict && AFTER_NAMED_VALUE.test(text.slice(Math.max(0, m.index - 160), m.index))) ||
          (rule.strict === true && v !== null && !v.quoted && bareStrictValue(m[0], v.text)) ||
          whole !== null ||
          // A long token with letters and digits right after an API label is the secret ("OKX secret key X").
          (rule.kind === "api_secret" && v !== null && v.text.length >= 20 && /[A-Za-z]/.test(v.text)) ||
          // ", pass `--flag`" is an instruction: a list item's label is never "pass"/"pin".
          (!rule.strict && LIST_ITEM.test(text.slice(Math.max(0, m.index - 16), m.index))) ||
          (rule.kind === "password" &&
            !rule.strict &&
            v !== null &&
            passwordShape(v.text) &&
            SENTENCE_START.test(text.slice(Math.max(0, m.index - 6), m.index)));
        if (
          v &&
          (form !== "bare" || bareOk || ownLine) &&
          accept(rule.kind, v, ownLine ? "sep" : form, rule.zh === true || Boolean(sep?.[4]), rule.strict)
        ) {
          const spaced = rule.kind === "password" && form === "sep" && !json && !query;
          // After "is", a word with a digit may start a password of words ("is 488 horse battery").
          const words =
            rule.kind === "password" && form === "is" && !v.quoted ? spacedPhraseEnd(text, v.start, true) : -1;
          if (whole) spans.push({ ...whole, kind: rule.kind });
          else
            spans.push({ start: v.start, end: spaced ? spacedEnd(text, v) : Math.max(v.end, words), kind: rule.kind });
        } else if (
          form === "bare" ||
          (form === "is" && v && PROSE.has(v.text.toLowerCase())) ||
          // Words of a clause after a Chinese label's colon ("资金密码：忘了，应该是X").
          (rule.zh === true && /^[\u4e00-\u9fff]/.test(text[at] ?? ""))
        )
          valueAfterWords(text, labelEnd, rule, spans);
        else if (rule.kind === "password" && !rule.strict && v && !v.quoted && !PROSE.has(v.text.toLowerCase())) {
          const end = spacedPhraseEnd(text, v.start, form === "is");
          if (end > v.start) spans.push({ start: v.start, end, kind: rule.kind });
          // "password was just changed to X", "password is now set to X".
          else if (form === "is") valueAfterWords(text, labelEnd, rule, spans);
        }
      }
      valueBefore(text, m.index, rule, spans, m.index + m[0].length);
    }
  }
  return spans;
}

/** "password for binance: X", "the password I use is X", "密码一直是X": words, then the separator. */
function valueAfterWords(text: string, labelEnd: number, rule: Rule, spans: SecretSpan[]) {
  for (const tail of labelTails(text, labelEnd)) {
    const v = readValue(text, skipFence(text, labelEnd + tail.length), false);
    // After words, a compound of prose ("changed to 2FA-only login", "set to 90-day expiry") is no password.
    const strong =
      tail.form === "sep" ||
      (v !== null &&
        /\d/.test(v.text) &&
        /[A-Za-z]/.test(v.text) &&
        // (Its first part a count or a code's letters, one case: "57Aq-kex" is a password.)
        !(
          /^[A-Za-z0-9]{1,4}(?:-[a-z]{3,})+$/.test(v.text) && !/[A-Z][a-z]|[a-z][A-Z]/.test(v.text.split("-")[0] ?? "")
        )) ||
      // A Chinese label's six digits ("资金密码忘了，应该是483920"): a fund password's PIN.
      (rule.zh === true && v !== null && /^\d{6}$/.test(v.text));
    if (v && strong && accept(rule.kind, v, tail.form, rule.zh === true && !tail.nextLine, rule.strict)) {
      spans.push({ start: v.start, end: v.end, kind: rule.kind });
      return;
    }
  }
}

/** A code in Chinese numerals after a Chinese label ("谷歌验证码：一二三四五六", "三三三 六六六"): six of them, no more characters after. */
const ZH_NUMERAL_CODE = /[零〇一二三四五六七八九]{3}[ \t-]?[零〇一二三四五六七八九]{3}(?![\p{Script=Han}0-9])/uy;
function zhNumeralCode(text: string, at: number): { start: number; end: number } | null {
  ZH_NUMERAL_CODE.lastIndex = at;
  return ZH_NUMERAL_CODE.exec(text) ? { start: at, end: ZH_NUMERAL_CODE.lastIndex } : null;
}
