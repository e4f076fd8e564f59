/**
 * Chinese labels in the orders ./labelled does not read: the value before its label with no
 * connector (`882910 资金密码`, `Kx93hd!q，我的交易密码`, the value on one line of a chat log and
 * `这是资金密码` on the next), a filler between the label and its value (`密码的话 Abc12345`,
 * `谷歌验证码呢，123456`), a line's time stamp before each (`[14:03] 资金密码` / `[14:03] X`), and
 * a value a screenshot's OCR spaced out (`资金密码：ＨＫ ＧＵｆ Ｅｚ Ｋ３Ｊｈ`, read NFKD as `HK GUf Ez K3Jh`).
 * The value must look like the secret the label names (a password has a digit, a symbol or mixed
 * case; digits alone only a PIN's or a code's length); an amount (`转了 200000 资金密码`), an id's
 * number (`订单号 88291034 资金密码错误`), a date, an address or an email stay, and so does a label
 * the sentence goes on after (`2000 资金密码不对`).
 */

import { txClaims } from "./keys";
import type { SecretKind, SecretSpan } from "./spans";
import { isAddress } from "./value-shapes";

const LABEL = String.raw`(?:(?:登录|登錄|资金|資金|交易|支付|提现|提現|钱包|錢包|解锁|解鎖|账户|賬戶|帐户|帳戶|新|旧|舊)?(?:密码|密碼)|口令|P[ \t]?I[ \t]?N[ \t]?(?:码|碼)|(?:谷歌|google|GA|2FA|短信|手机|手機|邮箱|郵箱)?[ \t]?(?:验证码|驗證碼)|谷歌(?:验证器|驗證器)?(?:代码|代碼|码|碼)|(?:API|api)?[ \t]?(?:密钥|密鑰|秘钥|秘鑰)|私钥|私鑰)`;

/** What the label names, by its last characters. */
function kindOf(label: string): SecretKind {
  if (/钥|鑰/.test(label)) return /私/.test(label) ? "private_key" : "api_secret";
  if (/验证|驗證|代码|代碼|谷歌/.test(label)) return "2fa_code";
  return "password";
}

/** A chat log's line start: a time stamp (`[14:03]`, `14:03:51`) and maybe a name and a colon. */
const STAMP = String.raw`(?:\[\d{1,2}:\d{2}(?::\d{2})?\]|\d{1,2}:\d{2}(?::\d{2})?)[ \t]*(?:[^\n:：\[\]]{1,16}[:：][ \t]*)?`;
/** A chat log's header line of its own: `张三 2024-05-12 14:03:51`, `【张三】 14:03:22`. */
const HEADER = String.raw`[^\n，。,.!?！？:：]{1,16}?[ \t]+(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?[ \t]*\n`;
/** A value: printable characters (a key's "0x" besides its 64), or (OCR) short pieces one space apart. */
const VALUE = String.raw`(?:0[xX])?[!-~]{1,64}(?:[ \t][!-~]{1,64}){0,31}|[零〇一二三四五六七八九](?:[ \t-]?[零〇一二三四五六七八九]){5}(?![零〇一二三四五六七八九])`;
/** What may stand between a value and the label after it (and 是/这是, which ./labelled reads on one line). */
const GAP = String.raw`(?:[ \t]{0,3}[，,、][ \t]{0,2}|[ \t]{1,3}|[ \t]*\n(?:${HEADER})?(?:${STAMP})?)(?:(?:这是|這是|就是|是|为|為)[ \t]?)?(?:我的|我|的)?`;
/** The label ends its clause: punctuation, the line's end, or a particle and then one of those. */
const CLAUSE_END = String.raw`(?=[ \t]*(?:[啊哈哦呀呢了吧]{0,2}[ \t]*(?:[。.！!？?，,；;~～)）]|\n|$)))`;
const VALUE_FIRST = new RegExp(
  String.raw`(?<=^|[\s，。、；：！？,;:!?（）()【】「」])(?:${STAMP})?(${VALUE})${GAP}(${LABEL})${CLAUSE_END}`,
  "gi",
);
/** `密码的话 X`, `谷歌验证码呢，X`: a filler after the label, then the value. */
/** `[14:03] 资金密码` / `[14:03] X`: the label alone on a chat line, the value on the next. */
const LINE_GAP = String.raw`(?:是|为|為|[:：])?[ \t]*\n(?:${HEADER})?(?:${STAMP})?`;
const FILLER = String.raw`(?:的话|的話|呢|嘛|吧|啊|呀|么|麼)(?:是|就是|为|為)?(?:${LINE_GAP}|[ \t]{0,2}[:：，,]?[ \t]{0,2})`;
const LABEL_FIRST = new RegExp(
  String.raw`(${LABEL})(?:(${FILLER})|(${LINE_GAP})|[ \t]{0,2}(?:是|为|為|就是)?[ \t]{0,2}[:：]?[ \t]{0,3})(${VALUE})(?=$|[\s，。、；！？)）】」,.;!?)\]]|\p{Script=Han})`,
  "giu",
);
const LINE_START = new RegExp(String.raw`(?:^|\n)(?:${STAMP})?(?:我的|我)?$`);

/** Words before a value that make it a number of theirs: an amount, an id, an account. */
const CLAIMED =
  /(?:转|轉|提|充|买|買|卖|賣|付|收|花|亏|虧|赚|賺|共|总|總|约|約|余额|餘額|金额|金額|数量|數量|价格|價格|到账|到賬|了|uid|id|txid|hash|订单|訂單|单号|單號|编号|編號|账号|帳號|賬號|用户名|用戶名|手机|手機|电话|電話|邮箱|郵箱|地址|哈希|[#$¥￥])[^\n]{0,3}$/i;

const SMALL_WORDS =
  /^(?:an|the|my|is|it|to|and|or|use|for|of|in|on|this|that|was|new|old|not|forgot|wrong|again|please|help|thanks|reset|login|password|account|email|user)$/i;
/** A word as a sentence writes it ("my", "My"); a key's random piece may spell one in any case ("oF", "MY"). */
const PROSE_CASE = /^(?:[a-z]+|[A-Z][a-z]*)$/;
const ID_PIECE = /^(?:uid|id|txid|tx|hash|order|no\.)[:：#]?$/i;
/** An id's name as people write it ("uid", "UID", "Uid", "TxID"); a key's random piece spells one in any case ("tX"). */
const ID_CASE = /^(?:[a-z]+|[A-Z][a-z]*|[A-Z]+|TxI[Dd])\.?[:：#]?$/;
/** An id's number: three digits or more, or a long hex (a key's random piece "6" after "id" is no id). */
const ID_NUMBER = /^(?:\d{3,}|(?:0x)?[0-9a-f]{16,})$/i;

/** Pieces of a value one space apart (OCR) are one value unless they read as a sentence or an id. */
function joined(raw: string): string | null {
  const pieces = raw.split(/[ \t]/);
  if (pieces.length === 1 || pieces.every((p) => /^(?:\d+|[零〇一二三四五六七八九]+)$/.test(p))) return pieces.join("");
  // An aside in brackets ("密码 [see above] 也被改了") is no value; a spaced value holds a digit.
  if (/[()[\]{}<>]/.test(raw) || !/\d/.test(raw)) return null;
  // An id's name among them ("UID 12345678") makes the number the id's; two small words make a sentence.
  if (
    pieces.some((p, i) => ID_PIECE.test(p) && ID_CASE.test(p) && ID_NUMBER.test(pieces[i + 1] ?? "")) ||
    pieces.filter((p) => SMALL_WORDS.test(p) && PROSE_CASE.test(p)).length >= 2
  )
    return null;
  return pieces.join("");
}

/** Whether `v` looks like the secret a label of `kind` names. */
function fits(kind: SecretKind, v: string, label: string): boolean {
  const pin = /PIN|资金|資金|交易|支付|提现|提現|解锁|解鎖/i.test(label);
  if (/^[零〇一二三四五六七八九]+$/.test(v)) return kind === "2fa_code" && v.length === 6;
  if (/^\d+$/.test(v)) {
    if (kind === "2fa_code") return v.length === 6;
    return kind === "password" && (v.length === 6 || (pin && v.length >= 4 && v.length <= 8));
  }
  if (kind === "2fa_code") return false;
  // Numbers with punctuation (amounts, dates, times, versions), emails, links and addresses are no secrets.
  if (/^[\d.,:/+()[\]-]+$|^v?\d+(?:\.\d+)+$|^[^@\s]+@[\w-]+\.[\w.-]+$|:\/\/|^www\./i.test(v) || isAddress(v))
    return false;
  if (/^\d[\d.,]*(?:usdt|usdc|btc|eth|trx|bnb|sol|u|k|w|元|块|個|个)$/i.test(v)) return false;
  if (kind === "password")
    return (
      v.length >= 6 &&
      v.length <= 64 &&
      /[A-Za-z0-9]/.test(v) &&
      (/\d/.test(v) || /[^A-Za-z]/.test(v) || /[a-z][A-Z]/.test(v))
    );
  if (kind === "api_secret") return v.length >= 16 && /^[\w+/=-]+$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v);
  return /^(?:0x)?[0-9a-f]{64}$/i.test(v);
}

/** Spans of values that a Chinese label names in the orders above. */
export function zhValueOrderSpans(text: string): SecretSpan[] {
  if (!/密|口令|PIN|验证|驗證|谷歌|钥|鑰/i.test(text)) return [];
  const spans: SecretSpan[] = [];
  // `pieces`: the value may be spaced out (OCR); before its label, else its last word is the value.
  const push = (start: number, raw: string, label: string, pieces: "before" | "after" | "none") => {
    // Sentence punctuation after the value is the sentence's.
    let value = raw.replace(/[.,;:!?)\]}"'”」`]+$/, "");
    let v = pieces !== "none" ? joined(value) : value.includes(" ") ? null : value;
    if (v === null && pieces === "before") {
      const cut = value.lastIndexOf(" ") + 1;
      start += cut;
      value = value.slice(cut);
      v = value;
    }
    const kind = kindOf(label);
    if (!v || !fits(kind, v, label)) return;
    // After a filler or on the next line, a word needs a digit or a symbol ("密码的话WebSocket…" is prose).
    // So does one before its label ("recvWindow 交易密码" names a parameter).
    if (pieces !== "after" && kind === "password" && !/\d|[^A-Za-z]/.test(v)) return;
    // An id's name right before the value claims it.
    if (CLAIMED.test(text.slice(Math.max(0, start - 8), start)) || txClaims(text, start)) return;
    spans.push({ start, end: start + value.length, kind });
  };
  for (const m of text.matchAll(VALUE_FIRST)) {
    const raw = m[1] as string;
    push(m.index + m[0].indexOf(raw), raw, m[2] as string, "before");
  }
  for (const m of text.matchAll(LABEL_FIRST)) {
    const raw = (m[4] as string).trimEnd();
    const between = m[0].slice((m[1] as string).length, m[0].length - (m[4] as string).length);
    // On a line of its own, the label stands alone on it (a chat log's message, maybe with its time).
    if (between.includes("\n") && !LINE_START.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    // Right after the label (a colon, 是) ./labelled reads a value; here only one OCR spaced out.
    const plain = m[2] === undefined && m[3] === undefined;
    if (plain && !/[ \t]/.test(raw)) continue;
    // A string's closing quote and the next field (`{"msg": "怎样设置资金密码", "id": 88213}`) is JSON, not OCR.
    if (plain && /^["'”’][ \t]*[,:;}\]]/.test(raw)) continue;
    push(m.index + m[0].length - (m[4] as string).length, raw, m[1] as string, plain ? "after" : "none");
  }
  return spans;
}
