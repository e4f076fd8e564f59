/**
 * Keys (hex, WIF, xprv, Solana) and labelled secrets (passwords, 2FA codes, API secrets) in the
 * forms people and programs write them: label before or after, JSON, key=value, grouped, over
 * two lines, with invisible or full-width characters, in English and Chinese sentences.
 */

import { keys, type Rng, type SecretCase } from "./secret-generator";

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const groups = (s: string, size: number, sep: string) => (s.match(new RegExp(`.{1,${size}}`, "g")) ?? []).join(sep);

const HEX_FORMS: Array<(k: string, r: Rng) => string> = [
  (k) => `my private key is ${k}`,
  (k) => `私钥：${k}`,
  (k) => `我的私钥是 ${k} 请帮我转出来`,
  (k) => `PRIVATE_KEY=0x${k}`,
  (k) => `privateKey: ${k}`,
  (k) => `{"privateKey":"0x${k}"}`,
  (k) => `0x${k} <- my private key`,
  (k) => `${k} 是我的私钥`,
  (k) => `${k}\n^ that's the private key from metamask`,
  (k) => `priv key=${k.toUpperCase()}`,
  (k) => `Here is the key ${k} can you check the balance`,
  (k) => groups(k, 8, " "),
  (k) => `key: ${groups(k, 4, " ")}`,
  (k) => groups(k, 2, ":"),
  (k) => `0x${k.slice(0, 32)}\n${k.slice(32)}`,
  (k) => `my wallet key\n${k.slice(0, 40)}\n${k.slice(40)}\nis it safe?`,
  (k) => groups(k, 16, "-"),
  (k, r) => `private key: ${k.slice(0, 20)}\u200b${k.slice(20, 44)}${r.pick(["\u00ad", "\u2060"])}${k.slice(44)}`,
  (k) => `私钥 ${fullWidth(k)}`,
  (k) => `0x${k} (private key, exported from MetaMask)`,
  (k) => `export ETH_PRIVATE_KEY="${k}"`,
];

const B58_FORMS: Array<(k: string, r: Rng) => string> = [
  (k) => k,
  (k) => `WIF ${k} imported into Electrum, balance zero`,
  (k) => `exported from my wallet: ${k}`,
  (k) => `我的私钥 ${k}`,
  (k) => `${k.slice(0, 26)}\n${k.slice(26)}`,
  (k) => groups(k, 4, " "),
  (k, r) => `${k.slice(0, 10)}${r.pick(["\u200b", "\u2060", "\u00ad"])}${k.slice(10)}`,
  (k) => `"${k}"`,
];

export function keyCase(r: Rng): SecretCase {
  const which = r.pick(["hex", "hex", "hex", "wif", "xprv", "solana"]);
  if (which === "hex") {
    const k = keys.hex64(r);
    const form = r.int(HEX_FORMS.length);
    return {
      layout: `hex form ${form}`,
      kind: "private_key",
      text: (HEX_FORMS[form] as (k: string, r: Rng) => string)(k, r),
      fragments: [k],
    };
  }
  if (which === "solana") {
    const k = keys.solana(r);
    const text = r.pick([`solana private key: ${k}`, `Phantom 私钥 ${k}`, `${k} <- my phantom private key`]);
    return { layout: "solana", kind: "private_key", text, fragments: [k] };
  }
  const k = which === "wif" ? keys.wif(r) : keys.xprv(r);
  const form = r.int(B58_FORMS.length);
  return {
    layout: `${which} form ${form}`,
    kind: "private_key",
    text: (B58_FORMS[form] as (k: string, r: Rng) => string)(k, r),
    fragments: [k],
  };
}

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const SYMBOLS = "!@#$%^&*_-+=?";
export function password(r: Rng): string {
  const n = 8 + r.int(9);
  let p = "";
  for (let i = 0; i < n; i++) p += r.chance(0.15) ? r.pick([...SYMBOLS]) : r.pick([...ALNUM]);
  return /\d/.test(p) ? p : `${p}${r.int(10)}`;
}
/** A random password of ten characters or more and six runs of a kind of character: one a print is kept of (src/core/redact-prints.ts). */
export function strongPassword(r: Rng): string {
  for (;;) {
    const p = password(r);
    if (p.length >= 10 && (p.match(/[a-z]+|[A-Z]+|\d+|[^A-Za-z\d]+/g)?.length ?? 0) >= 6) return p;
  }
}
export const apiSecret = (r: Rng) =>
  Array.from({ length: 24 + r.int(40) }, () => r.pick([...ALNUM])).join("") + r.int(10);
export const code = (r: Rng) => String(100000 + r.int(899999));

const PASSWORD_FORMS: Array<(p: string) => string> = [
  (p) => `password: ${p}`,
  (p) => `{"password":"${p}"}`,
  (p) => `{"email":"a@b.co","password": "${p}","remember":true}`,
  (p) => `PASSWORD=${p}`,
  (p) => `db_password = '${p}'`,
  (p) => `my password ${p}`,
  (p) => `my password is ${p}`,
  (p) => `My login password is ${p} and it stopped working`,
  (p) => `密码 ${p}`,
  (p) => `密码是${p}`,
  (p) => `我的密码：${p}，登录不上`,
  (p) => `资金密码为 ${p}`,
  (p) => `${p} is my password`,
  (p) => `${p} 是我的密码`,
  (p) => `账号 alice@example.com 密碼 ${p} 请帮我看看`,
  (p) => `pwd=${p}`,
  (p) => `Password：${fullWidth(p)}`,
];
const CODE_FORMS: Array<(c: string) => string> = [
  (c) => `2FA code: ${c.slice(0, 3)} ${c.slice(3)}`,
  (c) => `2FA code: ${c.slice(0, 3)}-${c.slice(3)}`,
  (c) => `google authenticator code is ${c}`,
  (c) => `谷歌验证码 ${c.slice(0, 3)} ${c.slice(3)}`,
  (c) => `验证码是${c}，快点处理`,
  (c) => `The OTP ${c} expired already`,
  (c) => `SMS code ${c}, please log me in`,
  (c) => `${c.slice(0, 3)} ${c.slice(3)} is my 2FA code`,
  (c) => `短信验证码：${c}`,
  (c) => `{"otp":"${c}"}`,
];
const API_FORMS: Array<(s: string) => string> = [
  (s) => `{"apiSecret":"${s}"}`,
  (s) => `"apiSecret": "${s}"`,
  (s) => `api_secret=${s}`,
  (s) => `API secret: ${s}`,
  (s) => `API_SECRET="${s}"`,
  (s) => `secret_key=${s}`,
  (s) => `API密钥：${s} 下单报错`,
  (s) => `秘钥是 ${s}`,
  (s) => `client_secret: ${s}`,
];

export function labelledCase(r: Rng): SecretCase {
  const which = r.pick(["password", "password", "2fa_code", "api_secret"] as const);
  if (which === "password") {
    const p = password(r);
    const f = r.int(PASSWORD_FORMS.length);
    return {
      layout: `password form ${f}`,
      kind: which,
      text: (PASSWORD_FORMS[f] as (p: string) => string)(p),
      fragments: [p],
    };
  }
  if (which === "2fa_code") {
    const c = code(r);
    const f = r.int(CODE_FORMS.length);
    return { layout: `2fa form ${f}`, kind: which, text: (CODE_FORMS[f] as (c: string) => string)(c), fragments: [c] };
  }
  const s = apiSecret(r);
  const f = r.int(API_FORMS.length);
  return { layout: `api form ${f}`, kind: which, text: (API_FORMS[f] as (s: string) => string)(s), fragments: [s] };
}
