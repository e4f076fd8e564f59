/**
 * The labels ./labelled reads, each with the kind of secret it names: password (English, other
 * languages, Chinese), 2FA code, API secret and private key. `zh` labels take a value glued to them
 * (`密码是X`); `strict` ones (everyday words) only a value that looks like a secret.
 */

import type { SecretKind } from "./spans";

export interface Rule {
  kind: SecretKind;
  label: RegExp;
  zh?: boolean;
  /** The value must look like a secret (a digit, a symbol, mixed case) whatever the form. */
  strict?: boolean;
}

export const RULES: Rule[] = [
  {
    kind: "password",
    label:
      /(?:pass(?:-?[ \t]*\r?\n[ \t]*|[ \t])?word|passwd|passcode|pass[ \t]?phrase|passwort|contrasena|senha|mot de passe|mat khau|kata sandi)s?(?![a-z])|(?<![a-z0-9+/])(?:pwd|pw|pswd|psswd|psw|p\/w)(?![a-z0-9+/])/gi,
  },
  // Short words that are also everyday English ("validation pass: valid"): the value must look like a password.
  { kind: "password", label: /(?<![a-z0-9])(?:pass|pin(?:[ \t_-]?code)?)(?![a-z0-9])/gi, strict: true },
  { kind: "password", label: /密码|密碼|口令|(?<![a-z0-9])pin[ \t]?(?:码|碼)/gi, zh: true },
  {
    kind: "2fa_code",
    label:
      /(?<![a-z0-9])(?:2fa|mfa|otp|totp)(?:[\s_-]*(?:code|pin|token))?(?:(?![a-z0-9])|(?=\d{4,8}(?![a-z0-9-])))|(?:google|authenticator|auth|verification|sms|security|one[\s-]?time|two[\s-]?factor|2[\s-]?step|login|confirmation|email)[\s_-]*(?:auth(?:enticator)?[\s_-]*)?(?:code|pin|token)(?![a-z])|(?:google[\s_-]*)?authenticator(?:[\s_-]*app)?(?![a-z])|google[\s_-]*auth(?![a-z])|(?<![a-z])g[\s_-]?auth(?![a-z])|(?<![a-z])ga[\s_-]*(?:code|pin)(?![a-z])|(?<![a-z0-9])(?:6|six)[\s-]*digits?[\s_-]*code(?![a-z])/gi,
  },
  {
    kind: "2fa_code",
    label:
      /(?:谷歌|身份)?(?:验证器|驗證器)(?:代码|代碼|码|碼)?|(?:谷歌|短信|手机|手機|邮箱|郵箱|(?:[4-8]|六)[ \t]?位(?:数字|數字)?)?(?:验证码|驗證碼)|谷歌(?:验证|驗證)?(?:码|碼)|谷歌(?:验证|驗證)|谷歌(?=[ \t]{0,2}[:：=])|(?:动态|動態|安全|短信|校验|校驗)(?:码|碼|口令)|(?:二次|两步|兩步)(?:验证|驗證)(?:码|碼)?|(?:动态|動態|谷歌)?令牌(?:码|碼)/g,
    zh: true,
  },
  // "2FA码123456", "ga码：123456", "google码 123456": an English 2FA name with 码, read as the Chinese labels are.
  {
    kind: "2fa_code",
    label: /(?<![A-Za-z0-9])(?:2fa|mfa|otp|totp|ga|google|authenticator)[ \t]?(?:验证码|驗證碼|码|碼)/gi,
    zh: true,
  },
  // "GA: 123456" (Google Authenticator): capital G only, the code's shape (6-8 digits) does the rest.
  { kind: "2fa_code", label: /(?<![A-Za-z])G[Aa](?:码|碼)?(?![A-Za-z])/g },
  // Its words on one line: a value ending in a label's word ("…SowYApp\nSecret Key: S") is no "App Secret Key".
  {
    kind: "api_secret",
    label:
      /(?:api|app|client|access|consumer)(?:[^\S\r\n]|[_-])*(?:secret|key|token)(?:(?:[^\S\r\n]|[_-])*secret)?(?![a-z])|secret[\s_-]*(?:key|token)(?![a-z])|(?<![a-z])(?:secret|bearer|auth[\s_-]*token)(?![a-z])/gi,
  },
  { kind: "api_secret", label: /(?:api\s*)?(?:密钥|秘钥|密鑰|秘鑰)|api\s*(?:公钥|公鑰)/gi, zh: true },
  // "api: X": the bare word only with a separator after it (the value must then be a long token with a digit).
  { kind: "api_secret", label: /(?<![a-z])api(?=[ \t]{0,2}[:：=])/gi },
  { kind: "private_key", label: /(?:private|priv)[\s_-]*key(?![a-z])|(?<![a-z])privkey(?![a-z])/gi },
  { kind: "private_key", label: /私钥|私鑰/g, zh: true },
];
