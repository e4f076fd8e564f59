/**
 * Labels written to slip past a reader, fresh every run (the test prints the seed): leet and symbols
 * (`p@ssword`, `passw0rd`, `pa$$word`, `pa55word`, `PASSW0RD`), letters spaced or dotted (`P A S S W O R D`,
 * `p.a.s.s.w.o.r.d`, `p_a_s_s_w_o_r_d`, `pass word`), and Chinese homophones and slips (`密码时` for 密码是,
 * `令牌码`, `秘钥`, `密玥`, `助记辞`, `注记词`, `助记字`), each before the secret it names. Look-alikes: the
 * same words in prose (`输入密码时提示错误`, `令牌码过期了`, `my p@ssword is wrong`), which stay.
 */

import { hex } from "@scure/base";
import { mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { apiSecret, code, password } from "./secret-values";

const LEET = [
  "p@ssword",
  "passw0rd",
  "pa$$word",
  "pa55word",
  "PASSW0RD",
  "P@SSWORD",
  "p@ssw0rd",
  "Pa$$w0rd",
  "pas$word",
];
const SPELT = [
  "P A S S W O R D",
  "p.a.s.s.w.o.r.d",
  "P.A.S.S.W.O.R.D",
  "p_a_s_s_w_o_r_d",
  "pass word",
  "p-a-s-s-w-o-r-d",
];
const SEPARATORS = [": ", ":", " = ", "=", " - ", " is ", ":\n", "：", "\t"];
const BEFORE = ["", "", "my ", "login ", "Hi, my ", "binance "];

/** `密码时` is typed for `密码是` (both "shi"): before a value with letters and digits. */
const ZH_PASSWORD = ["密码时", "我的密码时", "登录密码时", "资金密码时：", "密碼時", "密码时 "];

function pw(r: Rng): string {
  // A value of letters with a digit and a capital, so "is" reads it as a password as it does after "password is".
  let v = password(r);
  while (!/[A-Z]/.test(v)) v = password(r);
  return v;
}

/** A secret after an obfuscated label. */
export function obfuscatedCase(r: Rng): SecretCase {
  const pick = r.int(6);
  if (pick <= 1) {
    const label = pick === 0 ? r.pick(LEET) : r.pick(SPELT);
    // A value may hold a label's letters ("NpWDVk…": read as "X is my pwd" once, and kept).
    let value = pw(r);
    if (r.chance(0.3)) {
      const at = 1 + r.int(value.length - 1);
      value = `${value.slice(0, at)}${r.pick(["pWD", "PwD", "pwd", "PassWd", "pAsSwOrD"])}${value.slice(at)}`;
    }
    return {
      layout: `obfuscated ${label}`,
      kind: "password",
      text: `${r.pick(BEFORE)}${label}${r.pick(SEPARATORS)}${value}`,
      fragments: [value],
    };
  }
  if (pick === 2) {
    const value = pw(r);
    return { layout: "密码时", kind: "password", text: `${r.pick(ZH_PASSWORD)}${value}`, fragments: [value] };
  }
  if (pick === 3) {
    const label = r.pick(["令牌码", "令牌码：", "动态令牌码是", "谷歌令牌码 ", "令牌碼:"]);
    const value = code(r);
    return { layout: "令牌码", kind: "2fa_code", text: `${label}${value}`, fragments: [value] };
  }
  if (pick === 4) {
    const label = r.pick(["秘钥：", "秘钥是", "API秘钥：", "密玥：", "私玥：", "api密玥 ", "秘鑰："]);
    const value = r.chance(0.5) ? apiSecret(r) : hex.encode(r.bytes(32));
    return { layout: `key ${label}`, kind: "api_secret", text: `${label}${value}`, fragments: [value] };
  }
  const label = r.pick(["助记辞", "注记词", "助记字", "助記辭", "註記詞", "助记辞是", "我的注记词："]);
  const lang = r.pick(["en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang, 12);
  const sep = lang === "en" ? r.pick(["：", ": ", " ", "\n"]) : r.pick(["：", " ", "\n", ""]);
  const joiner = lang === "en" ? " " : r.pick([" ", "", "、"]);
  return {
    layout: `phrase ${label}`,
    kind: "seed_phrase",
    text: `${label}${sep}${words.join(joiner)}`,
    fragments: words,
  };
}

/** The same labels in prose that names no value. */
const LOOKALIKES = [
  "输入密码时提示错误，怎么办？",
  "修改密码时收不到验证码",
  "我在登录密码时一直转圈",
  "设置资金密码时提示格式不对",
  "重置密码时，页面显示 Error 502",
  "输入密码时显示 code 10023，请帮忙看看",
  "令牌码过期了，怎么重新绑定？",
  "动态令牌码收不到",
  "秘钥丢了怎么办",
  "API秘钥在哪里创建？",
  "助记辞和私钥有什么区别",
  "注记词是什么意思",
  "my p@ssword is wrong",
  "I forgot my passw0rd again",
  "pa$$word reset link does not work",
  "P A S S W O R D is required",
  "the pass word field is empty",
  "p.a.s.s.w.o.r.d is wrong, see the help page",
];

/** A look-alike: prose with an obfuscated label, an order id or a TxID in it. */
export function obfuscatedLookalike(r: Rng): string {
  const line = r.pick(LOOKALIKES);
  return r.pick([
    () => line,
    () => `${line} 订单号 ${1e9 + r.int(9e9)}`,
    () => `${line}\nTxID: ${hex.encode(r.bytes(32))}`,
    () => `UID ${10000000 + r.int(89999999)}，${line}`,
  ])();
}
