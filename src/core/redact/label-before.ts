/**
 * The value before its label ("Hunter2!x is my password", "abc12345 是我的密码", "882910（资金密码）",
 * "123 456 is my 2FA code"), as ./labelled reads it for every label it finds.
 */

import { txClaims } from "./keys";
import { accept } from "./label-accept";
import type { Rule } from "./label-rules";
import type { Value } from "./label-values";
import type { SecretSpan } from "./spans";
import { isPlaceholder, looksSecret, MD_LINK, symbolLed } from "./value-shapes";

/** A symbol glued after a label: the label's letters open a token ("pW%26REso", "pass*8SbPq", "PWD!0kL"). */
export const GLUED_AFTER = /^(?:[%&*+=/$#@~^\\]|[!?][\x21-\x7E])/;

/** "X is my password", "X <- password", "X (my password)", "X which is my password": a value, a connector, the label's words. */
const BEFORE_EN =
  /([\x21-\x7E]{3,128}?)["'”]?[ \t]{0,3}(?:<-+|←|-+>|→|=+>?|:|\(|（|—|-)?[ \t]{0,3}(?:(?:(?:,?[ \t]{0,2}(?:which|that)[ \t]{1,3})?(?:is|was)|that'?s|this is|it'?s|as)[ \t]{1,3})?(?:(?:my|the|our|your|a)[ \t]{1,3})?(?:(?:new|old|current|login|account|wallet|fund|trading|google)[ \t]{1,3})?(?:资金|資金|交易|登录|登錄|支付|提现|提現|api[ \t]?)?$/i;
/** "X，这是我的…", "X 就是我的…": a comma, then 这是/是/为 and what the label's own words may follow. */
const ZH_IS = String.raw`[ \t]{0,3}(?:[,，][ \t]{0,2})?(?:(?:这|這|它|那)(?:个|個)?(?:就)?(?:是|为|為)|就是|是|为|為`;
const BEFORE_ZH = new RegExp(
  String.raw`([\x21-\x7E]{3,128}?)${ZH_IS}|=|:|：)[ \t]{0,2}(?:(?:我的|我|的|谷歌|登录|登錄|资金|資金|交易|支付|提现|提現|钱包|錢包|API|api)[ \t]?){0,3}$`,
);
const CODE_BEFORE = new RegExp(
  String.raw`((?:\d[ \-.]?){5,7}\d|[零〇一二三四五六七八九]{3}[ \-]?[零〇一二三四五六七八九]{3})(?:${ZH_IS})|[ \t]{0,3}(?:is|was|from|in|=|:|[(（]|-+|—))[ \t]{0,3}(?:(?:that'?s|this is|it'?s|is)[ \t]{1,3})?(?:my|the|我的)?[ \t]{0,3}(?:google|谷歌)?[ \t]{0,3}$`,
  "i",
);

/** An id's name right before a value claims it ("我的UID是12345678，这是我的资金密码错误提示"). */
const ID_BEFORE =
  /(?:(?<![a-z])(?:uid|id|txid)|订单号?|訂單號?|单号|單號|编号|編號|手机号?|手機號?|电话|電話|哈希|地址)[ \t]{0,2}(?:是|为|為|[:：#])?[ \t]{0,2}$/i;

/** The value before its label: "Hunter2!x is my password", "abc12345 是我的密码", "882910（资金密码）" (not "转了 2000（资金密码）"). */
export function valueBefore(text: string, labelStart: number, rule: Rule, spans: SecretSpan[], labelEnd = labelStart) {
  // A label glued to more of a token names nothing before it: in "orderId=1&passphrase=pW%26REso", "pW" opens a value.
  if (labelEnd > labelStart && GLUED_AFTER.test(text.slice(labelEnd, labelEnd + 2))) return;
  const from = Math.max(0, labelStart - 48);
  const before = text.slice(from, labelStart);
  const claimed = (start: number) => ID_BEFORE.test(text.slice(Math.max(0, start - 12), start));
  if (rule.kind === "2fa_code") {
    const m = CODE_BEFORE.exec(before);
    // Numerals glued to a word before them are the word's ("十二三四五六"): only digits may follow one.
    const glued = /^\d/.test(m?.[1] ?? "") ? /\d/ : /[\d\p{Script=Han}]/u;
    if (m?.[1] && !glued.test(text[from + m.index - 1] ?? "") && !claimed(from + m.index)) {
      const start = from + m.index;
      spans.push({ start, end: start + m[1].length, kind: rule.kind });
    }
    return;
  }
  // A Chinese label may follow an English connector too ("X is my 密码").
  // And an English label a Chinese connector ("X 这是我的Passphrase", "X，是API Secret").
  const m = BEFORE_ZH.exec(before) ?? BEFORE_EN.exec(before);
  if (!m?.[1]) return;
  // The connector must be there: "Hunter2!x password" alone says nothing.
  const connector = before.slice(m.index + m[1].length);
  if (!/<-|←|=|\bis\b|\bwas\b|\bas\b|\b(?:that|it)'?s\b|[(（]\s*(?:(?:my|the)\b|\S{0,4}$)|是|为|為/i.test(connector))
    return;
  // "I use X as my password": only where the clause ends with the label ("… as my password manager" names an app).
  const as =
    /^\s*as\b/i.test(connector) &&
    !/^[ \t]*(?:[.,;!?)]|\r?\n|$|[ \t](?:and|but|for|on|since|now)\b)/i.test(text.slice(labelEnd, labelEnd + 8));
  if (as) return;
  const bracket = /[(（]\S{1,4}$/.test(connector);
  if (bracket && !/^[ \t]*[)）]/.test(text.slice(labelEnd))) return;
  let value = m[1];
  let start = from + m.index;
  // A value longer than the window reaches back before it (128 characters at most).
  const cutOff = start === from;
  while (cutOff && start > 0 && value.length < 128 && /[\x21-\x7E]/.test(text[start - 1] as string)) {
    start--;
    value = text[start] + value;
  }
  // The value is the last word before the connector.
  const lastSpace = value.lastIndexOf(" ");
  if (lastSpace >= 0) {
    start += lastSpace + 1;
    value = value.slice(lastSpace + 1);
  }
  // Punctuation glued before the value is the sentence's ("你好，X is my 密码" reads "你好,X" once normalised).
  const lead = /^[,.;:)\]}>"'`]+/.exec(value)?.[0].length ?? 0;
  if (lead && lead < value.length) {
    start += lead;
    value = value.slice(lead);
  } else if (start > 0 && /[\x21-\x7E]/.test(text[start - 1] as string)) return;
  // Code or markup ("foo()", "[link](…)", "<tag>") is no value; a password with a bracket in it is.
  if (
    /`|^[\w.]+\(\)$/.test(value) ||
    MD_LINK.test(value) ||
    isPlaceholder(value) ||
    (/[<>[\](){}]/.test(value) && !symbolLed(value))
  )
    return;
  // "TxID <hash> (private key never shared)": a transaction word right before claims the value.
  if (txClaims(text, start) || claimed(start)) return;
  const v: Value = { start, end: start + value.length, text: value, quoted: false };
  if (bracket && /^\d{1,5}(?:\.\d+)?$/.test(v.text)) return;
  if (v.text.length >= 4 && looksSecret(v.text) && accept(rule.kind, v, "is", false)) {
    spans.push({ start: v.start, end: v.end, kind: rule.kind });
  }
}
