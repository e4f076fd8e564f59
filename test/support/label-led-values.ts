/**
 * Two layouts fresh seeds found (REDACT_SEED=607756157, 1051639810), as classes:
 * - a password that opens with a label's own letters and a symbol ("pW%26REso*NE4", "pass#Xk3…", "PIN$…"),
 *   after its real label in a form body, JSON, a sentence or Chinese, with other words before it that must stay;
 * - after the bare everyday words "pass" and "pin", a value in markup that may be the password's own
 *   characters ("Pass *Ynw3kf* 登不上", "pin __Qm4tXr__"), and its look-alikes: words in markup ("pass **KYC2024**").
 */

import { B62, chars, type Rng, type SecretCase } from "./secret-generator";

const LEADS = ["pw", "PW", "pW", "Pw", "pwd", "PWD", "psw", "pass", "Pass", "PASS", "pin", "PIN", "p/w"];
const SYMBOLS = "%#$*&+=~^@!";
const OTHER_PARAMS = ["orderId=123456789", "symbol=BTCUSDT", "page=2", "lang=zh-CN", "username=cryptofan88"];

export interface KeptCase extends SecretCase {
  /** Text around the secret that must come out as written. */
  keep: string[];
}

function labelLedValue(r: Rng): string {
  const sym = r.pick([...SYMBOLS]);
  return `${r.pick(LEADS)}${sym === "%" ? `%${r.pick(["21", "23", "24", "26", "2B", "3D", "40"])}` : sym}${chars(r, B62, 5 + r.int(8))}${r.int(10)}`;
}

const FORMS: Array<(v: string, r: Rng) => { text: string; keep: string[]; value?: string }> = [
  (v, r) => {
    const before = r.pick(OTHER_PARAMS);
    const after = r.chance(0.5) ? `&${r.pick(OTHER_PARAMS.filter((p) => p !== before))}` : "";
    const name = r.pick(["password", "passphrase", "passwd", "pwd"]);
    // A form encodes what it must ("&" as %26, "#" as %23); people paste it so.
    const body = `${before}&${name}=${encodeURIComponent(v)}${after}`;
    return {
      text: r.pick([
        `请求参数：${body}，一直报错`,
        `POST /login\n\n${body}`,
        `my bot sends ${body} and gets 401`,
        body,
      ]),
      keep: [before, `&${name}=`, after].filter(Boolean),
      value: encodeURIComponent(v),
    };
  },
  (v) => ({
    text: `{"email":"bob@example.com","password":"${v}"}`,
    keep: ['"email":"bob@example.com"', '"password":'],
  }),
  (v) => ({ text: `Hi, my password is ${v} and it fails`, keep: ["Hi, my password is ", " and it fails"] }),
  (v) => ({ text: `account 88231 password: ${v}`, keep: ["account 88231 password: "] }),
  (v) => ({ text: `你好，资金密码：${v}，一直提示错误`, keep: ["你好，资金密码：", "一直提示错误"] }),
  (v) => ({ text: `orderId=123456789 / login pw ${v}`, keep: ["orderId=123456789 / login pw "] }),
];

export function labelLedCase(r: Rng): KeptCase {
  const v = labelLedValue(r);
  const form = r.int(FORMS.length);
  const made = (FORMS[form] as (typeof FORMS)[number])(v, r);
  return {
    layout: `label-led value, form ${form}`,
    kind: "password",
    text: made.text,
    fragments: [made.value ?? v],
    keep: made.keep,
  };
}

const MARKUP = ["*", "**", "***", "_", "__", "~~", "||"];
const OPENERS = ["", "Sorry, ", "Hi, ", "URGENT ", "你好，", "登录不了 "];
const AFTER = ["", " thanks", " 登不上", ".", ", can you check?", "\nBob"];

/** Letters and a digit in four runs or more, no capitalised word among them ("Ynw3kf", "qT7mZx"). */
function shortPassword(r: Rng): string {
  for (;;) {
    const p = chars(r, B62, 5 + r.int(3));
    const runs = p.match(/[A-Z][a-z]{3,}|[a-z]+|[A-Z]+|\d+/g) ?? [];
    if (/\d/.test(p) && /[A-Za-z]/.test(p) && !/^[0-9a-f]+$/i.test(p) && runs.length >= 4) return p;
  }
}

export function wrappedBareCase(r: Rng): SecretCase {
  const mark = r.pick(MARKUP);
  const label = r.pick(["pass", "Pass", "PASS", "pin", "PIN"]);
  const v = shortPassword(r);
  return {
    layout: `${label} ${mark}value${mark}`,
    kind: "password",
    text: `${r.pick(OPENERS)}${label} ${mark}${v}${mark}${r.pick(AFTER)}`,
    fragments: [v],
  };
}

const WORDS = ["KYC2024", "iPhone15", "level2", "v2.1.3", "2FA", "the", "this", "it", "Web3", "HTTP2", "S3"];

export function wrappedBareLookalike(r: Rng): { layout: string; text: string } {
  const mark = r.pick(MARKUP.filter((m) => m !== "||"));
  const word = r.pick(WORDS);
  return {
    layout: `pass ${mark}word${mark}`,
    text: `${r.pick(OPENERS)}${r.pick(["pass", "Pass", "pin"])} ${mark}${word}${mark} ${r.pick(["review", "to support", "on", "tests", "checks"])}`,
  };
}
