/**
 * An attacker's labelled secrets (passwords, 2FA codes, API secrets): label before or after,
 * JSON, YAML, .env, URL query, list items, full-width and Chinese forms. Random values each run.
 */

import type { Rng, SecretCase } from "./secret-generator";

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
function password(r: Rng): string {
  const n = 8 + r.int(9);
  let p = "";
  for (let i = 0; i < n; i++) p += r.chance(0.12) ? r.pick([..."!@#$%^&*_-+=?"]) : r.pick([...ALNUM]);
  return /\d/.test(p) ? p : `${p}${r.int(10)}`;
}
const apiSecret = (r: Rng) => Array.from({ length: 24 + r.int(40) }, () => r.pick([...ALNUM])).join("") + r.int(10);
const code = (r: Rng) => String(100000 + r.int(899999));

export const LABELLED_LAYOUTS: Record<
  string,
  { kind: SecretCase["kind"]; make: (r: Rng) => { text: string; secret: string } }
> = {
  "pw yaml": {
    kind: "password",
    make: (r) => ((p) => ({ text: `login:\n  user: bob\n  password: ${p}\n`, secret: p }))(password(r)),
  },
  "pw env": {
    kind: "password",
    make: (r) => ((p) => ({ text: `DB_USER=app\nDB_PASSWORD=${p}\n`, secret: p }))(password(r)),
  },
  "pw json spaced": {
    kind: "password",
    make: (r) => ((p) => ({ text: `{ "user": "bob", "pass": "${p}" }`, secret: p }))(password(r)),
  },
  "pw arrow": { kind: "password", make: (r) => ((p) => ({ text: `password => ${p}`, secret: p }))(password(r)) },
  "pw dash": { kind: "password", make: (r) => ((p) => ({ text: `Password - ${p}`, secret: p }))(password(r)) },
  "pw my pw is": {
    kind: "password",
    make: (r) => ((p) => ({ text: `my pw is ${p} pls help`, secret: p }))(password(r)),
  },
  "pw login password": {
    kind: "password",
    make: (r) => ((p) => ({ text: `Login password: ${p}`, secret: p }))(password(r)),
  },
  "pw quoted is": {
    kind: "password",
    make: (r) => ((p) => ({ text: `my password is "${p}"`, secret: p }))(password(r)),
  },
  "pw the password is": {
    kind: "password",
    make: (r) => ((p) => ({ text: `The password is ${p}, I tried it 5 times`, secret: p }))(password(r)),
  },
  "pw used": {
    kind: "password",
    make: (r) => ((p) => ({ text: `I used the password ${p} and it says wrong`, secret: p }))(password(r)),
  },
  "pw set to": {
    kind: "password",
    make: (r) => ((p) => ({ text: `I set my password to ${p} yesterday`, secret: p }))(password(r)),
  },
  "pw email + pw": {
    kind: "password",
    make: (r) => ((p) => ({ text: `email: bob@example.com\npassword: ${p}`, secret: p }))(password(r)),
  },
  "pw slash": {
    kind: "password",
    make: (r) => ((p) => ({ text: `login bob@example.com / ${p} (password)`, secret: p }))(password(r)),
  },
  "pw zh 登录密码": { kind: "password", make: (r) => ((p) => ({ text: `登录密码：${p}`, secret: p }))(password(r)) },
  "pw zh 密码是：": {
    kind: "password",
    make: (r) => ((p) => ({ text: `我的密码是：${p}，帮我登录`, secret: p }))(password(r)),
  },
  "pw zh 交易密码": { kind: "password", make: (r) => ((p) => ({ text: `交易密码 ${p}`, secret: p }))(password(r)) },
  "pw zh 密碼為": { kind: "password", make: (r) => ((p) => ({ text: `密碼為${p}。`, secret: p }))(password(r)) },
  "pw zh 密码就是": {
    kind: "password",
    make: (r) => ((p) => ({ text: `密码就是 ${p} 没错`, secret: p }))(password(r)),
  },
  "pw zh after": { kind: "password", make: (r) => ((p) => ({ text: `${p}是登录密码`, secret: p }))(password(r)) },
  "pw zh 密码: full-width paren": {
    kind: "password",
    make: (r) => ((p) => ({ text: `账号：bob（密码：${p}）`, secret: p }))(password(r)),
  },
  "pw full-width colon en": {
    kind: "password",
    make: (r) => ((p) => ({ text: `Password：${p}`, secret: p }))(password(r)),
  },
  "2fa 2FA:": { kind: "2fa_code", make: (r) => ((c) => ({ text: `2FA: ${c}`, secret: c }))(code(r)) },
  "2fa my 2fa is": { kind: "2fa_code", make: (r) => ((c) => ({ text: `my 2fa is ${c}`, secret: c }))(code(r)) },
  "2fa GA code": { kind: "2fa_code", make: (r) => ((c) => ({ text: `GA code ${c}`, secret: c }))(code(r)) },
  "2fa two-factor": {
    kind: "2fa_code",
    make: (r) => ((c) => ({ text: `two-factor code is ${c.slice(0, 3)} ${c.slice(3)}`, secret: c }))(code(r)),
  },
  "2fa authenticator says": {
    kind: "2fa_code",
    make: (r) => ((c) => ({ text: `authenticator shows ${c}`, secret: c }))(code(r)),
  },
  "2fa json": { kind: "2fa_code", make: (r) => ((c) => ({ text: `{"totp": "${c}"}`, secret: c }))(code(r)) },
  "2fa yaml": { kind: "2fa_code", make: (r) => ((c) => ({ text: `otp_code: ${c}`, secret: c }))(code(r)) },
  "2fa zh 验证码：": { kind: "2fa_code", make: (r) => ((c) => ({ text: `验证码：${c}`, secret: c }))(code(r)) },
  "2fa zh 谷歌验证": { kind: "2fa_code", make: (r) => ((c) => ({ text: `谷歌验证：${c}`, secret: c }))(code(r)) },
  "2fa zh 动态码": { kind: "2fa_code", make: (r) => ((c) => ({ text: `动态码${c}`, secret: c }))(code(r)) },
  "2fa zh after": { kind: "2fa_code", make: (r) => ((c) => ({ text: `${c}是我的谷歌验证码`, secret: c }))(code(r)) },
  "2fa zh 驗證碼 full-width digits": {
    kind: "2fa_code",
    make: (r) => ((c) => ({ text: `驗證碼：${fullWidth(c)}`, secret: c }))(code(r)),
  },
  "2fa zh 谷歌验证码是 spaced": {
    kind: "2fa_code",
    make: (r) => ((c) => ({ text: `谷歌验证码是 ${c.slice(0, 3)} ${c.slice(3)}`, secret: c }))(code(r)),
  },
  "2fa 8 digits": {
    kind: "2fa_code",
    make: (r) => ((c) => ({ text: `OTP: ${c}`, secret: c }))(String(10000000 + r.int(89999999))),
  },
  "api yaml": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `binance:\n  api_key: AbC123\n  api_secret: ${s}\n`, secret: s }))(apiSecret(r)),
  },
  "api env": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `BINANCE_API_SECRET=${s}`, secret: s }))(apiSecret(r)),
  },
  "api secretKey json": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `{"apiKey":"x1","secretKey":"${s}"}`, secret: s }))(apiSecret(r)),
  },
  "api Secret:": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `API Key: AKIA1234\nSecret: ${s}`, secret: s }))(apiSecret(r)),
  },
  "api secret is": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `my api secret is ${s}`, secret: s }))(apiSecret(r)),
  },
  "api Secret Key full-width": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `Secret Key：${s}`, secret: s }))(apiSecret(r)),
  },
  "api zh 的API Secret是": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `我的API Secret是${s}`, secret: s }))(apiSecret(r)),
  },
  "api zh 密钥：": { kind: "api_secret", make: (r) => ((s) => ({ text: `API 密钥：${s}`, secret: s }))(apiSecret(r)) },
  "api header": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `curl -H "X-API-SECRET: ${s}" https://api.example.com`, secret: s }))(apiSecret(r)),
  },
  "api query": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `GET /api/v3/order?apiKey=abc&secret=${s}`, secret: s }))(apiSecret(r)),
  },
  "api passphrase okx": {
    kind: "api_secret",
    make: (r) => ((s) => ({ text: `OKX api key abc, secret ${s}, passphrase Hello123!`, secret: s }))(apiSecret(r)),
  },
  "pw json multi-line": {
    kind: "password",
    make: (r) => ((p) => ({ text: `{\n  "user": "bob",\n  "password": "${p}"\n}`, secret: p }))(password(r)),
  },
  "pw url query": {
    kind: "password",
    make: (r) =>
      ((p) => ({ text: `https://x.example/login?user=bob&password=${p}&next=/`, secret: p }))(
        encodeURIComponent(password(r)),
      ),
  },
  "pw env single quotes": {
    kind: "password",
    make: (r) => ((p) => ({ text: `PASSWORD='${p}'`, secret: p }))(password(r)),
  },
  "pw zh space": { kind: "password", make: (r) => ((p) => ({ text: `密码 ${p}`, secret: p }))(password(r)) },
  "pw zh glued": { kind: "password", make: (r) => ((p) => ({ text: `密码${p}`, secret: p }))(password(r)) },
  "pw zh 我的密码：": { kind: "password", make: (r) => ((p) => ({ text: `我的密码：${p}`, secret: p }))(password(r)) },
  "pw my password X": {
    kind: "password",
    make: (r) => ((p) => ({ text: `my password ${p}`, secret: p }))(password(r)),
  },
  "pw json password field": {
    kind: "password",
    make: (r) => ((p) => ({ text: `{"password":"${p}"}`, secret: p }))(password(r)),
  },
  "pw label after colon": {
    kind: "password",
    make: (r) => ((p) => ({ text: `${p} <- password`, secret: p }))(password(r)),
  },
  "pw markdown code": {
    kind: "password",
    make: (r) => ((p) => ({ text: `password: \`${p}\``, secret: p }))(password(r)),
  },
  "pw full-width": {
    kind: "password",
    make: (r) => ((p) => ({ text: `密码：${fullWidth(p)}`, secret: p }))(password(r)),
  },
  "2fa 2FA code: spaced": {
    kind: "2fa_code",
    make: (r) => ((p) => ({ text: `2FA code: ${p.slice(0, 3)} ${p.slice(3)}`, secret: p }))(code(r)),
  },
  "2fa dashed": {
    kind: "2fa_code",
    make: (r) => ((p) => ({ text: `2fa: ${p.slice(0, 3)}-${p.slice(3)}`, secret: p }))(code(r)),
  },
  "2fa full-width": {
    kind: "2fa_code",
    make: (r) => ((p) => ({ text: `2FA：${fullWidth(p.slice(0, 3))} ${fullWidth(p.slice(3))}`, secret: p }))(code(r)),
  },
  "2fa google authenticator": {
    kind: "2fa_code",
    make: (r) => ((p) => ({ text: `Google Authenticator: ${p}`, secret: p }))(code(r)),
  },
  "2fa zh spaced": {
    kind: "2fa_code",
    make: (r) => ((p) => ({ text: `验证码 ${p.slice(0, 3)} ${p.slice(3)}`, secret: p }))(code(r)),
  },
  "2fa code is": { kind: "2fa_code", make: (r) => ((p) => ({ text: `2FA code is ${p}`, secret: p }))(code(r)) },
  "2fa authenticator app": {
    kind: "2fa_code",
    make: (r) => ((p) => ({ text: `code from my authenticator app: ${p}`, secret: p }))(code(r)),
  },
  "2fa before label": { kind: "2fa_code", make: (r) => ((p) => ({ text: `${p} is my 2FA code`, secret: p }))(code(r)) },
  "api json apiSecret": {
    kind: "api_secret",
    make: (r) => ((p) => ({ text: `{"apiKey":"k1","apiSecret":"${p}"}`, secret: p }))(apiSecret(r)),
  },
  "api url query": {
    kind: "api_secret",
    make: (r) => ((p) => ({ text: `https://api.example/v1?apiKey=k1&apiSecret=${p}`, secret: p }))(apiSecret(r)),
  },
  "api yaml quoted": {
    kind: "api_secret",
    make: (r) => ((p) => ({ text: `api_secret: '${p}'`, secret: p }))(apiSecret(r)),
  },
  "api json secret": {
    kind: "api_secret",
    make: (r) => ((p) => ({ text: `{ "secret": "${p}" }`, secret: p }))(apiSecret(r)),
  },
  "api SECRET_KEY env": {
    kind: "api_secret",
    make: (r) => ((p) => ({ text: `SECRET_KEY=${p}`, secret: p }))(apiSecret(r)),
  },
  "api label after": {
    kind: "api_secret",
    make: (r) => ((p) => ({ text: `${p} <- api secret`, secret: p }))(apiSecret(r)),
  },
};
