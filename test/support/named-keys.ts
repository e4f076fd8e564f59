/**
 * Three more layouts of session 28's attack (random values, fresh every run): a 2FA code after an
 * English 2FA name with 码 (`2FA码123456`, `ga码：123456`, `google码 123456`); an API secret of 16-31
 * characters named 私钥, as Chinese exchange pages name it (`公钥：K\n私钥：S`, `Secret Key（私钥）：S`);
 * a TOTP setup key before its name (`X 是谷歌验证器的备份密钥`, `X <- my 2FA secret`); and an API
 * passphrase (OKX, KuCoin, Bitget) after the key and secret on one line or after "api" (`apikey K
 * secret S passphrase P`, `api passphrase P`). And their
 * look-alikes, which stay: prose about those names, with numbers, addresses and ids beside them.
 */

import { base32 } from "@scure/base";
import { B62, chars, type Rng, type SecretCase } from "./secret-generator";
import { apiSecret, code, password } from "./secret-values";

const twoFaName = (r: Rng) =>
  `${r.pick(["2FA", "2fa", "2Fa", "MFA", "OTP", "otp", "GA", "ga", "Google", "google", "Authenticator"])}${r.pick(["", " "])}${r.pick(["码", "碼", "验证码", "驗證碼"])}`;

/** A 2FA code after an English 2FA name with 码. */
export function twoFaZhCase(r: Rng): SecretCase {
  const c = code(r);
  const name = twoFaName(r);
  const shown = r.pick([c, `${c.slice(0, 3)} ${c.slice(3)}`]);
  const text = r.pick([
    `${name}${shown}`,
    `${name}：${shown}`,
    `${name} ${shown}`,
    `${name}是${shown}`,
    `我的${name}：${shown}，请帮我登录`,
    `提现要${name}，${name}是${shown}`,
  ]);
  return { layout: `2fa name+码 ${name}`, kind: "2fa_code", text, fragments: [c] };
}

/** A random API secret of 16-31 letters and digits (a digit in it, as key pages print). */
const shortSecret = (r: Rng) => {
  const s = chars(r, B62, 15 + r.int(16));
  return `${s.slice(0, 6)}${r.int(10)}${s.slice(6)}`;
};

/** An API secret named 私钥. */
export function zhSecretKeyCase(r: Rng): SecretCase {
  const k = shortSecret(r);
  const s = shortSecret(r);
  const text = r.pick([
    `私钥：${s}`,
    `公钥：${k}\n私钥：${s}`,
    `API公钥 ${k} 私钥 ${s}`,
    `Secret Key（私钥）：${s}`,
    `API Key（公钥）：${k}\nSecret Key（私钥）：${s}`,
    `我的API私钥是${s}，下单一直报错`,
    `私鑰：${s}`,
  ]);
  return { layout: "api secret named 私钥", kind: "api_secret", text, fragments: [s] };
}

/** A TOTP setup key (capitals, as apps show it; in groups of 4 now and then) before its name. */
export function totpBeforeNameCase(r: Rng): SecretCase {
  const raw = base32.encode(r.bytes(r.pick([10, 16, 20]))).replace(/=/g, "");
  // In groups (a digit 2-7 among them, as nearly every key has: one piece in capitals needs none).
  const key = r.chance(0.25) && /[2-7]/.test(raw) ? (raw.match(/.{1,4}/g) ?? []).join(" ") : raw;
  const text = r.pick([
    `${key} 是谷歌验证器的备份密钥`,
    `${key}（谷歌验证器密钥）`,
    `${key} <- my 2FA secret`,
    `${key} is my 2fa backup key`,
    `${key}\n这是谷歌验证的密钥`,
    `${key} 2FA密钥`,
    `${key} - Google Authenticator setup key`,
    `我把${key}，就是谷歌验证器密钥，抄在本子上了`,
  ]);
  return { layout: "totp key before its name", kind: "2fa_code", text, fragments: [raw] };
}

/** An API key, secret and passphrase on one line (the passphrase is what is checked), or the passphrase after "api". */
export function apiPassphraseCase(r: Rng): SecretCase {
  const k = apiSecret(r);
  const s = apiSecret(r);
  const p = password(r);
  const name = r.pick(["passphrase", "Passphrase", "password", "pass phrase"]);
  const text = r.pick([
    `apikey ${k} secret ${s} ${name} ${p}`,
    `API key ${k} secret key ${s} ${name} ${p}`,
    `okx: key ${k} secret ${s} ${name} ${p} please check`,
    `api ${name} ${p}`,
    `my OKX API ${name} ${p}`,
    `key=${k} secret=${s} ${name} ${p}`,
  ]);
  return { layout: "api passphrase", kind: "password", text, fragments: [p] };
}

/** An otpauth link URL-encoded inside a QR image's URL, or pasted encoded. */
export function encodedOtpauthCase(r: Rng): SecretCase {
  const secret = base32.encode(r.bytes(r.pick([10, 20]))).replace(/=/g, "");
  const issuer = r.pick(["Binance", "OKX", "Bybit", "Gate.io", "KuCoin"]);
  const link = `otpauth://totp/${issuer}:bob${r.int(999)}@mail.example?secret=${secret}&issuer=${issuer}`;
  const encoded = encodeURIComponent(link);
  const text = r.pick([
    `https://qr.example/chart?chs=200x200&cht=qr&chl=${encoded}`,
    `二维码链接：https://qr.example/v1/create-qr-code/?size=150x150&data=${encoded}`,
    `${encoded}`,
    `the QR code image is <img src="https://qr.example/chart?cht=qr&chl=${encoded}">`,
  ]);
  return { layout: "otpauth link URL-encoded", kind: "2fa_code", text, fragments: [secret] };
}

/** Prose about the same names, with numbers, addresses and ids beside them: none of it is a secret. */
export function namedKeysLookalike(r: Rng): { layout: string; text: string } {
  const name = twoFaName(r);
  const n = 2 + r.int(9);
  const order = String(1e9 + r.int(9e9));
  const text = r.pick([
    `${name}收不到，已经等了${n}分钟`,
    `${name}一直提示错误，试了${n}次`,
    `${name}是几位数？`,
    `${name}过期了，订单号 ${order}`,
    `怎么重置${name}？UID ${order.slice(0, 8)}`,
    `私钥丢了怎么办？订单号 ${order}`,
    `私钥：忘记了，助记词也没有备份`,
    `私钥和公钥有什么区别`,
    `公钥：就是地址吧？私钥：不能给别人`,
    `I LOST MY GOOGLE AUTHENTICATOR KEY, PLEASE HELP`,
    `what does that mean for my 2FA key?`,
    `ORDER ${order} IS STUCK - is my 2FA secret safe?`,
    `please reset the google authenticator key on account ${order.slice(0, 8)}`,
    `换手机以后谷歌验证器密钥还能用吗`,
    `WITHDRAWAL PENDING SINCE MONDAY, 2FA KEY LOST`,
    `api passphrase required for this endpoint`,
    `the API passphrase is what you set when creating the key`,
    `API password reset did not work, order ${order}`,
    `api passphrase forgotten, can I see it again?`,
  ]);
  return { layout: "named-keys look-alike", text };
}
