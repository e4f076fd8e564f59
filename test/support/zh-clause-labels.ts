/**
 * A password after a Chinese clause of its own between the label and the value, fresh values every run:
 * "密码忘了，之前的是X", "我的密码丢了，原来是X", "资金密码：忘了，应该是X". Look-alikes: the same clauses
 * before an id, a code or a state another word names ("密码错误，订单号是 ORD…", "密码忘了，UID是 12345678").
 */

import type { Rng, SecretCase } from "./secret-generator";
import { password } from "./secret-values";

const LABELS = ["密码", "我的密码", "登录密码", "资金密码", "交易密码", "密碼", "我的登录密码"];
const OPENERS = ["", "", "你好，", "客服你好 ", "急！"];
const CLAUSES = ["忘了", "丢了", "记不清了", "不对", "好像错了", "被改了", "输错了", "忘記了"];
const LEADS = [
  "之前的是",
  "原来是",
  "应该是",
  "以前是",
  "原来的是",
  "我记得是",
  "好像是",
  "旧的是",
  "之前设的是",
  "原來是",
];
const AFTER = ["", "", "，帮我看看", "。", " 谢谢", "\n登不上了"];

export function zhClauseLabelCase(r: Rng): SecretCase {
  const label = r.pick(LABELS);
  // A fund or trading password is a 6-digit PIN as often as not.
  const pin = /资金|交易/.test(label) && r.chance(0.5);
  const value = pin ? String(r.int(10 ** 6)).padStart(6, "0") : password(r);
  const colon = r.pick(["", "", "：", ": "]);
  const comma = r.pick(["，", "，", ",", ", "]);
  return {
    layout: `clause between label and value${colon ? " after a colon" : ""}`,
    kind: "password",
    text: `${r.pick(OPENERS)}${label}${colon}${r.pick(CLAUSES)}${comma}${r.pick(LEADS)}${r.pick(["", " "])}${value}${r.pick(AFTER)}`,
    fragments: [value],
  };
}

const NAMED = [
  () => "订单号是 ORD2024051288231",
  () => "订单号是ORD88231904",
  () => "UID是 12345678",
  () => "错误码是 E1023",
  () => "手机号是 13800138000",
  () => "提示是 ERR_401",
  () => "版本是 v2.3.1",
  () => "邮箱是 bob2024@example.com",
  () => "账号是 bob_2024",
  () => "现在是 pending",
  () => "时间是 2024-05-06 10:00",
  () => "单号为 TX8823190",
  () => "状态是 locked2",
];

export function zhClauseLabelLookalike(r: Rng): { layout: string; text: string } {
  const label = r.pick(LABELS);
  return {
    layout: "clause then another name's value",
    text: `${r.pick(OPENERS)}${label}${r.pick(["错误", "忘了", "不对", "输错了三次"])}${r.pick(["，", ","])}${r.pick(NAMED)()}${r.pick(AFTER)}`,
  };
}
