/**
 * Chinese labels in the orders customers type without a connector: the value before its label
 * (`882910 资金密码`, `X，我的交易密码`, a chat log's two messages), a filler after the label
 * (`密码的话 X`, `谷歌验证码呢，X`), time stamps before each line, OCR'd screenshots (full-width,
 * spaces inserted), labels in traditional characters and 是/为/就是 after the value; and the
 * look-alikes: amounts, ids, dates, addresses and emails before the same labels in prose, which stay.
 * Random values every run (the test prints the seed).
 */

import { hex } from "@scure/base";
import type { Rng, SecretCase } from "./secret-generator";
import { fullWidth, ZH_LABELS } from "./zh-attack";
import { TRIAGE_ZH, ZH_PROSE } from "./zh-corpus";

const SENTENCES = [...ZH_PROSE, ...TRIAGE_ZH];
const TRADITIONAL: Record<string, string> = { 码: "碼", 资: "資", 录: "錄", 验: "驗", 证: "證", 钥: "鑰" };
const traditional = (s: string) => s.replace(/[码资录验证钥]/g, (c) => TRADITIONAL[c] as string);
/** A screenshot's OCR: full-width characters, a space now and then between two. */
const ocr = (v: string, r: Rng) =>
  [...fullWidth(v)].map((c, i, all) => (i < all.length - 1 && r.chance(0.3) ? `${c} ` : c)).join("");
const stamp = (r: Rng) => `${r.int(24)}:${String(r.int(60)).padStart(2, "0")}`;
const header = (r: Rng) =>
  `${r.pick(["张三", "李四", "王五", "小明"])} 2024-05-${10 + r.int(19)} ${stamp(r)}:${10 + r.int(50)}`;
// (Without a transaction's or an id's word: "交易ID …" before a key claims it, as it should.)
const PLAIN = SENTENCES.filter((l) => !/id|tx|hash|哈希|单号|單號|地址|交易|轉|转|充|提|到账|到賬|链|鏈/i.test(l));
const sentence = (r: Rng) => r.pick(PLAIN).slice(0, 30);
const end = (r: Rng) => r.pick(["", "", "。", "，帮我看看", "，请尽快处理", "\n谢谢", "啊", "了"]);

/** How the value and its label stand together. */
export const ORDERS: Record<string, (l: string, v: string, r: Rng) => string> = {
  "value label": (l, v, r) => `${v} ${l}${end(r)}`,
  "value, label": (l, v, r) => `${v}，${l}${end(r)}`,
  "value 我的label": (l, v, r) => `${v} 我的${l}${end(r)}`,
  "value / label lines": (l, v, r) => `${v}\n${l}${end(r)}`,
  "sentence value label": (l, v, r) => `${sentence(r)}\n${v} ${l}${end(r)}`,
  "label的话 value": (l, v) => `${l}的话 ${v}`,
  label的话是value: (l, v, r) => `${l}的话是${v}${end(r)}`,
  "label呢，value": (l, v) => `${l}呢，${v}`,
  "label嘛 value": (l, v, r) => `${l}嘛 ${v}${end(r)}`,
  "traditional value label": (l, v, r) => `${v} ${traditional(l)}${end(r)}`,
  "traditional label的話 value": (l, v) => `${traditional(l)}的話 ${v}`,
  value就是label: (l, v, r) => `${v}就是${l}${end(r)}`,
  "value 为我的label": (l, v, r) => `${v} 为我的${l}${end(r)}`,
  "OCR label：value": (l, v, r) => `${l}：${ocr(v, r)}`,
  "OCR value 是我的label": (l, v, r) => `${ocr(v, r)} 是我的${l}`,
  "OCR value label": (l, v, r) => `${ocr(v, r)} ${l}`,
  "OCR traditional": (l, v, r) => `${traditional(l)}：${ocr(v, r)}`,
  "stamped lines": (l, v, r) => `[${stamp(r)}] ${l}\n[${stamp(r)}] ${v}`,
  "stamped lines value first": (l, v, r) => `${stamp(r)} ${v}\n${stamp(r)} 这是${l}`,
  "chat headers value first": (l, v, r) => `${header(r)}\n${v}\n${header(r)}\n这是我的${l}`,
  "chat headers label的话": (l, v, r) => `${header(r)}\n${l}的话\n${header(r)}\n${v}`,
};

/** One labelled secret in a random order above. */
export function zhValueOrderCase(r: Rng): SecretCase {
  const v = r.pick(ZH_LABELS);
  const order = r.pick(Object.keys(ORDERS));
  const value = v.value(r);
  const text = (ORDERS[order] as (l: string, v: string, r: Rng) => string)(v.label, value, r);
  return { layout: `${v.label} ${order}`, kind: v.kind, text, fragments: [value.replace(/^0x/, "")] };
}

const digits = (r: Rng, n: number) => `${1 + r.int(9)}${Array.from({ length: n - 1 }, () => r.int(10)).join("")}`;
/** Numbers that are not the label's value, and what stands before them. */
const NOT_SECRETS: Array<(r: Rng) => string> = [
  (r) => `转了 ${digits(r, 1 + r.int(7))}`,
  (r) => `提现 ${digits(r, 6)}`,
  (r) => `充值了 ${digits(r, 4)} USDT，`,
  (r) => `余额 ${digits(r, 6)}`,
  (r) => `订单号 ${digits(r, 8 + r.int(10))}`,
  (r) => `UID ${digits(r, 8)}`,
  (r) => `手机 1${digits(r, 10)}`,
  (r) => `${2020 + r.int(6)}-0${1 + r.int(9)}-1${r.int(9)}`,
  (r) => `${stamp(r)}`,
  (r) => `v${r.int(5)}.${r.int(10)}.${r.int(10)}`,
  (r) => `${digits(r, 3)}USDT`,
  (r) => `bob${r.int(100)}@example.com`,
  (r) => `0x${hex.encode(r.bytes(20))}`,
  (r) => `TxID ${hex.encode(r.bytes(32))}`,
  (r) => `哈希 ${hex.encode(r.bytes(32))}`,
  (r) => `${digits(r, 2)}%`,
];
const AFTER_LABEL = [
  "不对",
  "错误",
  "输错了三次",
  "忘了",
  "一直提示错误",
  "被锁了",
  "怎么改",
  "。",
  "，怎么办",
  "？",
  "",
];

/** A number, id or address before a label, in prose; or a label and a filler with prose after. */
export function zhValueOrderLookalike(r: Rng): { layout: string; text: string } {
  const l = r.pick(ZH_LABELS).label;
  const label = r.chance(0.3) ? traditional(l) : l;
  const i = r.int(NOT_SECRETS.length + 3);
  const prose = sentence(r);
  if (i === NOT_SECRETS.length) return { layout: "filler prose", text: `${label}的话${prose}` };
  if (i === NOT_SECRETS.length + 1) return { layout: "prose label", text: `${prose} ${label}${r.pick(AFTER_LABEL)}` };
  // (A 2FA label alone on a line before a sentence reads as a seed label on main too: `谷歌验证码\n我換了手機號碼…`.)
  if (i === NOT_SECRETS.length + 2)
    return {
      layout: "stamped prose",
      text: `[${stamp(r)}] ${r.pick(["密码", "资金密码", "登錄密碼", "口令"])}\n[${stamp(r)}] ${prose}`,
    };
  const before = (NOT_SECRETS[i] as (r: Rng) => string)(r);
  const join = r.pick([" ", "，", " 我的", "\n"]);
  return {
    layout: `not a secret ${i}`,
    text: `${r.chance(0.5) ? `${prose}。` : ""}${before}${join}${label}${r.pick(AFTER_LABEL)}`,
  };
}

/** "0x" that an OCR split: a space after its 0, after its x, or both. */
const splitPrefix = (r: Rng, digits64: string) => `${r.pick(["0 x", "0x ", "0 x "])}${digits64}`;
const KEY_FRAMES: Array<(v: string) => string> = [
  (v) => `${v} 是我的私钥`,
  (v) => `私鑰：${v}`,
  (v) => `private key: ${v}`,
  (v) => `${v} <- my private key`,
  (v) => `我的私钥 ${v} 请帮我转出来`,
];
const TX_FRAMES: Array<(v: string) => string> = [
  (v) => `TxID: ${v}`,
  (v) => `交易哈希：${v}`,
  (v) => `充值一直没到账，哈希 ${v}`,
  (v) => `tx hash ${v} still pending`,
];

/**
 * A private key whose "0x" an OCR split from its digits ("0 xe3 2c…", "0x e32c…"), full-width or not, with
 * spaces inside as above (REDACT_SEED=90831957 missed "０ ｘｅ ３ ２ ｃ８…是我的私鑰"); and a TxID written the
 * same way, which stays.
 */
export function splitPrefixKeyCase(r: Rng): SecretCase {
  const digits64 = hex.encode(r.bytes(32));
  const spaced = [...digits64].map((c, i) => (i < 63 && r.chance(0.3) ? `${c} ` : c)).join("");
  const value = splitPrefix(r, spaced);
  const text = r.pick(KEY_FRAMES)(r.chance(0.5) ? fullWidth(value) : value);
  return { layout: "split 0x key", kind: "private_key", text, fragments: [digits64] };
}

export function splitPrefixTxLookalike(r: Rng): { layout: string; text: string } {
  const value = splitPrefix(r, hex.encode(r.bytes(32)));
  return { layout: "split 0x TxID", text: r.pick(TX_FRAMES)(r.chance(0.5) ? fullWidth(value) : value) };
}
