/**
 * A secret written twice in one message, fresh values every run: once where its label says what it is
 * ("new password: X", "API secret: X", "私钥：X") and once more bare, before or after it ("confirm: X",
 * "I retyped X", "\"X\" still fails", "再次输入X"); and a password before a trailing clause that names it
 * ("I typed X which is my password", "X, that was my old password"). Look-alikes: a code's digits inside a
 * longer number elsewhere in the message.
 */

import { keys, type Rng, type SecretCase } from "./secret-generator";
import { apiSecret, code, password } from "./secret-values";

const LABELLED: Array<[SecretCase["kind"], (r: Rng) => string, string[]]> = [
  ["password", password, ["new password: ", "password: ", "Password = ", "pwd: ", "密码：", "新密码是"]],
  ["api_secret", apiSecret, ["API secret: ", "Secret Key: ", "api_secret=", "API密钥："]],
  ["private_key", keys.hex64, ["private key: ", "privkey 0x", "私钥："]],
];
const BARE = [
  (v: string) => `confirm: ${v}`,
  (v: string) => `again: ${v}`,
  (v: string) => `I retyped ${v} twice`,
  (v: string) => `"${v}" still fails`,
  (v: string) => `(${v})`,
  (v: string) => `再次输入${v}还是不行`,
  (v: string) => `确认：${v}`,
  (v: string) => `tried ${v}!`,
  (v: string) => `${v}`,
  (v: string) => `> ${v}`,
];
const JOIN = ["\n", " ", ". ", "\n\n"];
const TRAILING = [
  (v: string) => `I typed ${v} which is my password`,
  (v: string) => `${v}, which is my password, fails`,
  (v: string) => `${v} that is my login password`,
  (v: string) => `I entered ${v}, which was my old password`,
  (v: string) => `login fails with ${v} which is the password I set`,
];

export function copiedValueCase(r: Rng): SecretCase {
  if (r.chance(0.25)) {
    const p = password(r);
    return { layout: "trailing label", kind: "password", text: r.pick(TRAILING)(p), fragments: [p] };
  }
  const [kind, make, labels] = r.pick(LABELLED);
  const v = make(r);
  const prefix = r.pick(labels);
  const labelled = `${prefix}${v}`;
  const bare = r.pick(BARE)(v);
  const [first, second] = r.chance(0.5) ? [labelled, bare] : [bare, labelled];
  return { layout: `copied ${kind}`, kind, text: `${first}${r.pick(JOIN)}${second}`, fragments: [v] };
}

/** A 2FA code, then a longer number holding its digits (an order, an amount): the number stays. */
export function codeInsideNumber(r: Rng): { text: string; number: string } {
  const c = code(r);
  const number = r.pick([`${r.int(9) + 1}${c}`, `${c}${r.int(90) + 10}`, `${r.int(900) + 100}${c}`]);
  return { text: `2FA code: ${c}\n${r.pick(["order", "Order #", "订单号", "amount"])} ${number}`, number };
}
